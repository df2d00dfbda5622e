"""Submitting a dossier: the one durable step, then the receipt's facts.

``Submission.deliver(dossier, shelf)`` reads each captured paper back from the
session's :class:`PaperShelf` (checking it is the file the dossier names), commits
the dossier and its papers to the outbox in one step, and only then returns the
:class:`~kiosk.receipt.facts.ReceiptFacts` — so nobody is told "received" or
handed a receipt for a dossier that is not safe on disk. It blocks on the disk:
call it from a background worker. Calling it again for the same dossier (the
citizen tapped "Try again" after a full disk) never makes a second one: the
outbox keys dossiers by their provisional code.
"""

from __future__ import annotations

import hashlib
import logging
from pathlib import Path

from kiosk.catalog.model import Catalog
from kiosk.dossier import Dossier, PaperRef
from kiosk.errors import KioskError
from kiosk.logs import fields
from kiosk.receipt.facts import ReceiptFacts
from kiosk.receipt.settings import ReceiptSettings
from offline_queue.outbox import Outbox

log = logging.getLogger(__name__)


class PaperMissing(KioskError):
    """A captured paper is gone or changed before the dossier was committed."""


class PaperShelf:
    """Where one session's captured papers lie until the dossier is committed.

    The capture step puts each finished PDF here by reference; the files are
    the session's and are deleted with its scratch folder at the wipe.
    """

    def __init__(self) -> None:
        self._files: dict[str, Path] = {}

    def keep(self, ref: PaperRef, path: Path) -> None:
        """Remember where the PDF of ``ref`` is."""
        self._files[ref.sha256] = path

    def clear(self) -> None:
        self._files.clear()

    def paper_bytes(self, ref: PaperRef) -> bytes:
        """The PDF of ``ref``, checked against the hash the dossier carries."""
        path = self._files.get(ref.sha256)
        if path is None:
            raise PaperMissing(
                f"The scan of paper {ref.requirement_id} is not on this kiosk",
                "capture the paper again",
            )
        try:
            data = path.read_bytes()
        except OSError:
            raise PaperMissing(
                f"The scan of paper {ref.requirement_id} is missing",
                "capture the paper again",
            ) from None
        if hashlib.sha256(data).hexdigest() != ref.sha256:
            raise PaperMissing(
                f"The scan of paper {ref.requirement_id} changed after it was captured",
                "capture the paper again",
            )
        return data


class Submission:
    """Commits dossiers to ``outbox`` and says what their receipts print."""

    def __init__(
        self, outbox: Outbox, settings: ReceiptSettings, catalog: Catalog | None = None
    ) -> None:
        self.outbox = outbox
        self.settings = settings
        self.catalog = catalog  # the receipt prints the procedure's legal time and paper forms

    def deliver(self, dossier: Dossier, shelf: PaperShelf) -> ReceiptFacts:
        """Commit ``dossier`` durably; the receipt's facts once it is safe."""
        papers = [shelf.paper_bytes(ref) for ref in dossier.papers]
        entry = self.outbox.enqueue(dossier, papers)
        log.info("dossier committed", extra=fields(code=entry.provisional_code))
        procedure = None
        if self.catalog is not None:
            try:
                procedure = self.catalog.procedure(dossier.procedure_code)
            except KeyError:
                procedure = None  # a catalog replaced since the intake: print without it
        return ReceiptFacts.from_dossier(dossier, self.settings, procedure)
