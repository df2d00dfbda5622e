"""The back office's accounts: officers, supervisors and administrators.

Roles (the one-stop department, Bộ phận Một cửa):

    officer     works the dossiers of the agencies assigned to it
    supervisor  all of an agency's dossiers: reassigns, reads the audit log and the statistics
    admin       accounts, kiosks, the published catalog and notices; no dossier content

Passwords are hashed with Argon2id (argon2-cffi's defaults: RFC 9106's
second recommended set). After :data:`MAX_FAILURES` wrong passwords in a row
the account is locked for :data:`LOCKOUT`; a correct password while locked
does not open it. ``session_epoch`` grows on logout, disable and reset, which
ends every session cookie issued before (sessions are stateless cookies, so
this is how one is revoked across all center processes).
"""

from __future__ import annotations

import functools
import json
import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from center.db import Tx
from center.errors import Refusal
from center.protocol import check_agency_code

MAX_FAILURES = 5
LOCKOUT = timedelta(minutes=15)
MIN_PASSWORD = 12
USERNAME = re.compile(r"^[a-z][a-z0-9._-]{1,31}$")


@dataclass(frozen=True)
class PasswordCost:
    """Argon2id's cost. The default is RFC 9106's second recommended set (64 MiB, t=3,
    p=4: about 0.2 s a hash here); a test center may ask for less to run fast."""

    time_cost: int = 3
    memory_kib: int = 65536
    parallelism: int = 4


class Passwords:
    """Hashes and checks passwords at one cost."""

    def __init__(self, cost: PasswordCost = PasswordCost()) -> None:
        self.hasher = PasswordHasher(
            time_cost=cost.time_cost, memory_cost=cost.memory_kib, parallelism=cost.parallelism
        )

    @functools.cached_property
    def decoy(self) -> str:
        """Verified against when the user does not exist, so a wrong name costs as long
        as a wrong password (no account enumeration by timing). Made on first need: a
        center that starts (the demo's, a kiosk's embedded one) pays nothing for it."""
        return self.hasher.hash("decoy password that nobody has")

    def hash(self, password: str) -> str:
        return self.hasher.hash(check_password(password))

    def verify(self, digest: str, password: str) -> bool:
        try:
            return self.hasher.verify(digest, password)
        except (VerifyMismatchError, VerificationError, InvalidHashError):
            return False


class Role(StrEnum):
    OFFICER = "officer"
    SUPERVISOR = "supervisor"
    ADMIN = "admin"


@dataclass(frozen=True)
class Officer:
    """A signed-in account, as the web layer sees it."""

    username: str
    role: Role
    agencies: tuple[str, ...]
    session_epoch: int

    def sees(self, agency_code: str) -> bool:
        """Whether this account may open dossiers received for ``agency_code``."""
        return self.role is not Role.ADMIN and agency_code in self.agencies

    @property
    def supervises(self) -> bool:
        return self.role is Role.SUPERVISOR

    @property
    def administers(self) -> bool:
        return self.role is Role.ADMIN


class LoginRefused(Exception):
    """Why a login failed, in words for the login page (never which part was wrong)."""

    def __init__(self, message: str, locked_until: datetime | None = None) -> None:
        super().__init__(message)
        self.locked_until = locked_until


def check_username(name: str) -> str:
    if not USERNAME.match(name):
        raise Refusal(
            422,
            "bad_username",
            "A user name is 2–32 characters: lower-case letters, digits, '.', '_' or '-', "
            "starting with a letter",
        )
    return name


def check_password(password: str) -> str:
    if len(password) < MIN_PASSWORD or password.strip() != password or "\x00" in password:
        raise Refusal(
            422,
            "weak_password",
            f"A password has at least {MIN_PASSWORD} characters, no spaces at either end",
        )
    return password


def check_agencies(role: Role, agencies: list[str]) -> tuple[str, ...]:
    for code in agencies:
        try:
            check_agency_code(code)
        except ValueError as exc:
            raise Refusal(422, "bad_agency", str(exc)) from None
    if role is not Role.ADMIN and not agencies:
        raise Refusal(422, "no_agency", "An officer or supervisor needs at least one --agency")
    return tuple(dict.fromkeys(agencies))


def add(
    tx: Tx,
    name: str,
    password: str,
    *,
    role: Role,
    agencies: list[str],
    now: datetime,
    passwords: Passwords,
) -> None:
    """Create an account; a :class:`Refusal` if the name is taken or a value is bad."""
    check_username(name)
    codes = check_agencies(role, agencies)
    digest = passwords.hash(password)
    if tx.execute("SELECT 1 FROM users WHERE username = ?", (name,)):
        raise Refusal(409, "user_exists", f"A user {name!r} exists already")
    tx.execute(
        "INSERT INTO users (username, password_hash, role, agencies, created_at) "
        "VALUES (?, ?, ?, ?, ?)",
        (name, digest, role.value, json.dumps(list(codes)), now.isoformat()),
    )


def disable(tx: Tx, name: str, now: datetime) -> None:
    """The account can no longer sign in; its open sessions end."""
    tx.execute(
        "UPDATE users SET disabled_at = ?, session_epoch = session_epoch + 1 "
        "WHERE username = ? AND disabled_at IS NULL",
        (now.isoformat(), name),
    )
    _must_exist(tx, name)


def reset(tx: Tx, name: str, password: str, passwords: Passwords) -> None:
    """A new password; the lockout and the open sessions end, a disabled account opens again."""
    digest = passwords.hash(password)
    tx.execute(
        "UPDATE users SET password_hash = ?, failed_logins = 0, locked_until = NULL, "
        "disabled_at = NULL, session_epoch = session_epoch + 1 WHERE username = ?",
        (digest, name),
    )
    _must_exist(tx, name)


def end_sessions(tx: Tx, name: str) -> None:
    """Every session cookie of ``name`` issued so far stops working (logout)."""
    tx.execute("UPDATE users SET session_epoch = session_epoch + 1 WHERE username = ?", (name,))


def _must_exist(tx: Tx, name: str) -> None:
    if tx.rowcount() == 0 and not tx.execute("SELECT 1 FROM users WHERE username = ?", (name,)):
        raise Refusal(404, "unknown_user", f"There is no user {name!r}")


_SELECT = (
    "SELECT username, role, agencies, session_epoch, disabled_at, password_hash, "
    "failed_logins, locked_until FROM users "
)


def find(tx: Tx, name: str) -> Officer | None:
    """The active account ``name`` (None if unknown or disabled)."""
    rows = tx.execute(_SELECT + "WHERE username = ?", (name,))
    if not rows or rows[0][4] is not None:
        return None
    return _officer(rows[0])


def _officer(row: tuple[object, ...]) -> Officer:
    agencies = json.loads(str(row[2]))
    return Officer(str(row[0]), Role(str(row[1])), tuple(agencies), int(str(row[3])))


def authenticate(
    tx: Tx, name: str, password: str, now: datetime, passwords: Passwords
) -> Officer | LoginRefused:
    """The account if ``password`` is right, else why not (returned, not raised, so the
    transaction that counted the failure commits)."""
    rows = tx.execute(_SELECT + "WHERE username = ?", (name,))
    if not rows or rows[0][4] is not None:
        passwords.verify(passwords.decoy, password)
        return LoginRefused("wrong")
    row = rows[0]
    locked_until = datetime.fromisoformat(str(row[7])) if row[7] else None
    if locked_until is not None and locked_until > now:
        return LoginRefused("locked", locked_until)
    if not passwords.verify(str(row[5]), password):
        failures = int(str(row[6])) + 1
        lock = now + LOCKOUT if failures >= MAX_FAILURES else None
        tx.execute(
            "UPDATE users SET failed_logins = ?, locked_until = ? WHERE username = ?",
            (0 if lock else failures, lock.isoformat() if lock else None, name),
        )
        return LoginRefused("locked" if lock else "wrong", lock)
    tx.execute(
        "UPDATE users SET failed_logins = 0, locked_until = NULL WHERE username = ?", (name,)
    )
    if passwords.hasher.check_needs_rehash(str(row[5])):
        tx.execute(
            "UPDATE users SET password_hash = ? WHERE username = ?",
            (passwords.hash(password), name),
        )
    return _officer(row)


@dataclass(frozen=True)
class AccountRow:
    """One account as the admin's list shows it."""

    username: str
    role: Role
    agencies: tuple[str, ...]
    disabled: bool
    locked: bool


def accounts(tx: Tx, now: datetime) -> list[AccountRow]:
    rows = tx.execute(_SELECT + "ORDER BY username")
    return [
        AccountRow(
            str(row[0]),
            Role(str(row[1])),
            tuple(json.loads(str(row[2]))),
            row[4] is not None,
            bool(row[7]) and datetime.fromisoformat(str(row[7])) > now,
        )
        for row in rows
    ]
