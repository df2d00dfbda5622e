"""Reprinting from the outbox's clear-text index: look a dossier up by code, print, nothing else.

A reprint needs a :class:`ReceiptIndex`: ``lookup(code)`` gives the
:class:`ReceiptFacts` of a dossier in clear text (no ID number, the name
masked). A reprint reads that and prints; it never touches the sealed dossier
and never queues anything, so reprinting cannot resubmit.

- :class:`OutboxReceiptIndex` adapts the outbox's index rows as they are
  (``entry(code)`` with codes, procedure, times, place and a paper count);
  what they lack (paper titles, fee, name) is left off the reprint.
- :class:`JsonReceiptIndex` keeps whole facts in a JSON file: the stand-in
  for tests and the demo, and the shape a complete index would store.
"""

from __future__ import annotations

import json
import os
import tempfile
import threading
from datetime import datetime
from pathlib import Path
from typing import Protocol, runtime_checkable

from pydantic import ValidationError

from kiosk.errors import ConfigError, KioskError
from kiosk.receipt.desk import PrintOutcome, ReceiptDesk
from kiosk.receipt.facts import ReceiptFacts
from kiosk.receipt.settings import ReceiptSettings


@runtime_checkable
class ReceiptIndex(Protocol):
    """What a reprint needs from the outbox."""

    def lookup(self, code: str) -> ReceiptFacts | None:
        """The receipt facts of the dossier ``code`` names (provisional or official), or ``None``.

        The facts carry the best code known: the official one once the
        center has assigned it. Must not block for long or touch the network.
        """
        ...


class IndexEntry(Protocol):
    """One row of the outbox's clear-text index, as far as a receipt needs it."""

    @property
    def code(self) -> str: ...  # the official code once known, else the provisional one
    @property
    def procedure_code(self) -> str: ...
    @property
    def procedure_name(self) -> str: ...
    @property
    def received_at(self) -> datetime: ...
    @property
    def ready_at(self) -> datetime: ...
    @property
    def collect_at(self) -> str: ...
    @property
    def papers(self) -> int: ...


class EntrySource(Protocol):
    """The outbox, as far as a reprint needs it."""

    def entry(self, code: str) -> IndexEntry | None:
        """The dossier with this provisional or official code."""
        ...


class OutboxReceiptIndex:
    """A :class:`ReceiptIndex` over the outbox's clear-text rows."""

    def __init__(self, source: EntrySource, settings: ReceiptSettings) -> None:
        self._source = source
        self._settings = settings

    def lookup(self, code: str) -> ReceiptFacts | None:
        entry = self._source.entry(code)
        if entry is None:
            return None
        return ReceiptFacts(
            code=entry.code,
            procedure_code=entry.procedure_code,
            procedure_name=entry.procedure_name,
            received_at=entry.received_at,
            ready_at=entry.ready_at,
            paper_count=entry.papers,
            fee_vnd=None,
            collect_at=entry.collect_at or self._settings.collect_at,
            kiosk_id=self._settings.kiosk_id,
        )


class ReceiptNotFound(KioskError):
    """No dossier with this code is on this kiosk."""


def reprint(code: str, index: ReceiptIndex, desk: ReceiptDesk) -> PrintOutcome:
    """Print the receipt of ``code`` again, marked as a reprint; raises :class:`ReceiptNotFound`."""
    wanted = code.strip()
    facts = index.lookup(wanted)
    if facts is None:
        raise ReceiptNotFound(
            f"No dossier with code {wanted} is on this kiosk",
            "Check the code on the citizen's photo of the screen (letters O and I do not occur "
            "in provisional codes), or look the dossier up in the center's system",
        )
    return desk.print_receipt(facts, reprint=True)


class JsonReceiptIndex:
    """A :class:`ReceiptIndex` in one JSON file: ``{code: facts}``. Stand-in for the outbox."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()

    def lookup(self, code: str) -> ReceiptFacts | None:
        entries = self._read()
        wanted = code.strip().upper()
        for key, raw in entries.items():
            if key.upper() == wanted:
                try:
                    return ReceiptFacts.model_validate(raw)
                except ValidationError as exc:
                    raise ConfigError(
                        key,
                        f"is not a valid receipt ({exc.errors()[0]['msg']})",
                        "remove the entry or write it again",
                        str(self.path),
                    ) from None
        return None

    def add(self, facts: ReceiptFacts) -> None:
        """Keep ``facts`` under its code (replacing an older entry), written atomically."""
        with self._lock:
            entries = self._read()
            entries[facts.code] = facts.model_dump(mode="json")
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd, temporary = tempfile.mkstemp(dir=self.path.parent, prefix=".receipts-")
            with os.fdopen(fd, "w", encoding="utf-8") as stream:
                json.dump(entries, stream, ensure_ascii=False, indent=1)
            os.replace(temporary, self.path)

    def _read(self) -> dict[str, object]:
        try:
            text = self.path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return {}
        except OSError as exc:
            raise ConfigError(
                "(file)", f"cannot be read ({exc})", "check its mode", str(self.path)
            ) from None
        try:
            entries = json.loads(text)
        except json.JSONDecodeError as exc:
            raise ConfigError(
                "(file)", f"is not JSON ({exc})", "restore it", str(self.path)
            ) from None
        if not isinstance(entries, dict):
            raise ConfigError(
                "(file)", "is not a JSON object of codes", "restore it", str(self.path)
            )
        return entries
