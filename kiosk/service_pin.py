"""The technician's service PIN: hashed in ``kiosk.toml``, locked after wrong tries.

The PIN is hashed with the back office's :class:`~center.officers.Passwords`
(Argon2id with a random salt), so the kiosk and the center share one way of
keeping secrets. After :data:`MAX_TRIES` wrong PINs in a row the PIN is refused
for :data:`LOCKOUT`, even the right one. The count and the end of the lockout
live in the state folder (``service-pin.json``): restarting the kiosk, which a
passer-by can cause by pulling the plug, does not give fresh tries. The clock
is the wall clock because it has to survive a reboot.

A check takes about 0.2 s (the hash's cost): never on the GUI thread.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from center.officers import PasswordCost, Passwords
from kiosk.errors import KioskError

MAX_TRIES = 5
LOCKOUT_S = 15 * 60
MIN_DIGITS = 6
MAX_DIGITS = 12
STATE_FILE = "service-pin.json"
_PIN = re.compile(rf"^[0-9]{{{MIN_DIGITS},{MAX_DIGITS}}}$")


class PinError(KioskError):
    """A PIN that cannot be set (too short, not digits, the two entries differ)."""


class PinResult(StrEnum):
    OPEN = "open"
    WRONG = "wrong"
    LOCKED = "locked"
    NOT_SET = "not set"  # no hash in kiosk.toml: the service screen stays closed


@dataclass(frozen=True)
class PinOutcome:
    """What one try gave: ``tries_left`` before the lockout; ``locked_for_s`` while locked."""

    result: PinResult
    tries_left: int = MAX_TRIES
    locked_for_s: int = 0


def check_pin_format(pin: str) -> str:
    """``pin`` if it is 6 to 12 digits (the service screen's keypad has only digits)."""
    if not _PIN.match(pin):
        raise PinError(
            f"a service PIN is {MIN_DIGITS} to {MAX_DIGITS} digits",
            "type digits only, at least 6 (the keypad on the screen has no letters)",
        )
    return pin


DEFAULT_COST = PasswordCost()


def hash_pin(pin: str, cost: PasswordCost = DEFAULT_COST) -> str:
    """The Argon2id hash (salted) of a valid PIN, as ``[service] pin_hash`` keeps it."""
    return Passwords(cost).hasher.hash(check_pin_format(pin))


class ServicePin:
    """Checks PINs against the hash, counting wrong tries in ``state_dir``.

    Thread-safe: tries from worker threads are counted one after the other.
    """

    def __init__(
        self, pin_hash: str, state_dir: Path, clock: Callable[[], float] = time.time
    ) -> None:
        self.pin_hash = pin_hash
        self.path = state_dir / STATE_FILE
        self.clock = clock
        self._lock = threading.Lock()
        self._passwords = Passwords()

    @property
    def is_set(self) -> bool:
        return bool(self.pin_hash)

    def check(self, pin: str) -> PinOutcome:
        """One try: open, wrong (and how many tries are left), or locked."""
        if not self.is_set:
            return PinOutcome(PinResult.NOT_SET)
        with self._lock:
            failures, locked_until = self._load()
            now = self.clock()
            if locked_until > now:
                return PinOutcome(PinResult.LOCKED, 0, _seconds(locked_until - now))
            if locked_until:  # a lockout ran out: a fresh set of tries
                failures, locked_until = 0, 0.0
            if self._passwords.verify(self.pin_hash, pin):
                self._save(0, 0.0)
                return PinOutcome(PinResult.OPEN)
            failures += 1
            if failures >= MAX_TRIES:
                self._save(failures, now + LOCKOUT_S)
                return PinOutcome(PinResult.LOCKED, 0, LOCKOUT_S)
            self._save(failures, 0.0)
            return PinOutcome(PinResult.WRONG, MAX_TRIES - failures)

    def locked_for_s(self) -> int:
        """Seconds left of a lockout (0: tries are allowed)."""
        with self._lock:
            _, locked_until = self._load()
        return _seconds(max(0.0, locked_until - self.clock()))

    def _load(self) -> tuple[int, float]:
        try:
            raw = json.loads(self.path.read_text(encoding="utf-8"))
            return int(raw["failures"]), float(raw["locked_until"])
        except FileNotFoundError:
            return 0, 0.0
        except (OSError, ValueError, KeyError, TypeError):
            # A damaged count fails closed: locked from now, as after five wrong tries.
            locked_until = self.clock() + LOCKOUT_S
            self._save(MAX_TRIES, locked_until)
            return MAX_TRIES, locked_until

    def _save(self, failures: int, locked_until: float) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        text = json.dumps({"failures": failures, "locked_until": locked_until})
        # Written whole then renamed: a power cut leaves the old count or the new one.
        handle, name = tempfile.mkstemp(dir=self.path.parent, prefix=".service-pin-")
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as file:
                file.write(text)
                file.flush()
                os.fsync(file.fileno())
            os.replace(name, self.path)
        except BaseException:
            Path(name).unlink(missing_ok=True)
            raise


def _seconds(value: float) -> int:
    return max(0, int(-(-value // 1)))


# -- writing the hash into kiosk.toml (``kiosk service-pin set``) --------------

_SECTION = re.compile(r"^\s*\[\s*service\s*\]\s*(#.*)?$")
_ANY_SECTION = re.compile(r"^\s*\[")
_KEY = re.compile(r"^\s*pin_hash\s*=")


def with_pin_hash(text: str, digest: str) -> str:
    """``kiosk.toml``'s text with ``[service] pin_hash`` set to ``digest``; the rest kept.

    The result is parsed back by the caller before it is written.
    """
    line = f'pin_hash = "{digest}"'
    lines = text.splitlines()
    start = next((i for i, raw in enumerate(lines) if _SECTION.match(raw)), None)
    if start is None:
        body = text if not text or text.endswith("\n") else text + "\n"
        return f"{body}\n[service]\n{line}\n"
    end = next(
        (i for i in range(start + 1, len(lines)) if _ANY_SECTION.match(lines[i])), len(lines)
    )
    for index in range(start + 1, end):
        if _KEY.match(lines[index]):
            lines[index] = line
            break
    else:
        lines.insert(start + 1, line)
    return "\n".join(lines) + "\n"
