"""What a reprint needs, kept encrypted: each dossier's receipt facts, for as long as the outbox.

The first print of a receipt (or the attempt, when the printer fails: that is
when a reprint is most needed) keeps its :class:`ReceiptFacts` — already
masked as the slip prints them: the name masked, the address cut to commune
and province, the phone's last three digits, no ID number — so that ``kiosk
receipt reprint`` prints the very same fields of the form (address, phone,
legal processing time, each paper's form and pages) instead of the few the
outbox's clear-text index knows.

Each record is one file ``<state>/receipts/<provisional code>.rcpt``,
AES-256-GCM under a key of the kiosk's own (``<state>/keys/receipt-facts.key``,
0600, made on first use) with the code as associated data, written whole or
not at all. It is deleted after the outbox's retention, when the sealed
dossier goes too; a reprint after that falls back to the outbox's index.
The encryption keeps the records unreadable in a copy of the state folder
made without its keys (an export, a backup of the outbox); a thief with the
whole disk has the key too, which is why the records hold only masked facts.
"""

from __future__ import annotations

import logging
import re
import secrets
import time
from datetime import timedelta
from pathlib import Path
from typing import Protocol

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from pydantic import ValidationError

from kiosk.errors import ConfigError
from kiosk.logs import fields
from kiosk.receipt.facts import ReceiptFacts
from kiosk.receipt.index import IndexEntry, OutboxReceiptIndex
from kiosk.receipt.settings import ReceiptSettings
from offline_queue.durable import AtomicFile, storage_error

log = logging.getLogger(__name__)

FOLDER = "receipts"
KEY_FILE = "receipt-facts.key"
SUFFIX = ".rcpt"
MAGIC = b"KRCPT1"
_NONCE = 12
_KEY = 32
_FILE_NAME = re.compile(r"^[A-Za-z0-9.-]{1,80}$")
DEFAULT_RETENTION = timedelta(days=30)


class Row(IndexEntry, Protocol):
    """An outbox index row, with the provisional code the record is kept under."""

    @property
    def provisional_code(self) -> str: ...


class RowSource(Protocol):
    """The outbox, as far as a reprint needs it."""

    def entry(self, code: str) -> Row | None: ...


def _key(path: Path) -> bytes:
    """The records' key, made (0600, atomically) the first time."""
    try:
        key = path.read_bytes()
    except FileNotFoundError:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        with AtomicFile(path.parent) as file:
            file.write(secrets.token_bytes(_KEY))
            file.commit(path.name)
        key = path.read_bytes()
    if len(key) != _KEY:
        raise ConfigError(
            "(file)",
            f"is not a {_KEY}-byte key",
            "delete it: kept receipts become unreadable and reprints fall back to the outbox",
            str(path),
        )
    return key


class KeptReceipts:
    """The encrypted receipt facts of one kiosk's dossiers (a desk's ``ReceiptKeeper``)."""

    def __init__(self, state_dir: Path, retention: timedelta = DEFAULT_RETENTION) -> None:
        self.folder = state_dir / FOLDER
        self.key_path = state_dir / "keys" / KEY_FILE
        self.retention = retention

    def _file(self, code: str) -> Path | None:
        name = code.strip()
        return self.folder / f"{name}{SUFFIX}" if _FILE_NAME.match(name) else None

    def keep(self, facts: ReceiptFacts) -> None:
        """Keep ``facts`` under its provisional code; drop records past the retention."""
        path = self._file(facts.code)
        if path is None:
            return
        data = facts.model_copy(update={"official_code": None}).model_dump_json().encode()
        nonce = secrets.token_bytes(_NONCE)
        try:
            sealed = AESGCM(_key(self.key_path)).encrypt(nonce, data, facts.code.encode())
            self.folder.mkdir(parents=True, exist_ok=True, mode=0o700)
            with AtomicFile(self.folder) as file:
                file.write(MAGIC + nonce + sealed)
                file.commit(path.name)
        except OSError as exc:
            raise storage_error(exc, "the receipt kept for reprints") from exc
        self.sweep()

    def facts(self, code: str) -> ReceiptFacts | None:
        """The kept facts of the dossier with this provisional code, or ``None``."""
        path = self._file(code)
        if path is None:
            return None
        try:
            blob = path.read_bytes()
        except FileNotFoundError:
            return None
        except OSError as exc:
            raise storage_error(exc, "a kept receipt") from exc
        try:
            if not blob.startswith(MAGIC):
                raise ValueError("not a kept receipt")
            nonce = blob[len(MAGIC) : len(MAGIC) + _NONCE]
            plain = AESGCM(_key(self.key_path)).decrypt(
                nonce, blob[len(MAGIC) + _NONCE :], path.stem.encode()
            )
            return ReceiptFacts.model_validate_json(plain)
        except (InvalidTag, ValueError, ValidationError):
            log.warning(
                "kept receipt unreadable; reprinting from the outbox", extra=fields(code=code)
            )
            return None

    def sweep(self) -> int:
        """Delete records older than the retention; how many went."""
        limit = time.time() - self.retention.total_seconds()
        gone = 0
        for path in self.folder.glob(f"*{SUFFIX}"):
            try:
                if path.stat().st_mtime < limit:
                    path.unlink()
                    gone += 1
            except FileNotFoundError:
                continue
        return gone


class KeptReceiptIndex:
    """A reprint's index: the kept facts when there are some, else the outbox's row.

    The outbox turns an official code into the provisional one the record is
    kept under, and gives the official code to print.
    """

    def __init__(self, kept: KeptReceipts, outbox: RowSource, settings: ReceiptSettings) -> None:
        self.kept = kept
        self.outbox = outbox
        self.rows = OutboxReceiptIndex(outbox, settings)

    def lookup(self, code: str) -> ReceiptFacts | None:
        entry = self.outbox.entry(code.strip())
        provisional = entry.provisional_code if entry is not None else code.strip()
        facts = self.kept.facts(provisional)
        if facts is None:
            return self.rows.lookup(code) if entry is not None else None
        official = entry.code if entry is not None and entry.code != provisional else None
        return facts.model_copy(update={"official_code": official}) if official else facts
