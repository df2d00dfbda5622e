"""What the intake screens need besides the window's :class:`ScreenContext`."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from kiosk.catalog import Catalog, Paper, ProcedureIndex
from kiosk.dossier import Dossier, Identity, PaperRef
from kiosk.intake import ConsentNotice, Reception


@dataclass(frozen=True)
class IntakeServices:
    """Built once by the wiring; screens receive it, never reach for globals.

    ``read_identity`` returns the identity the card reader produced for this
    session (``None`` until a card was read); ``capture`` runs the document
    camera for one paper (``None`` if the citizen gave up); ``on_submitted``
    hands the dossier to the outbox.
    """

    catalog: Catalog
    reception: Reception
    notice: ConsentNotice
    clock: Callable[[], datetime]
    read_identity: Callable[[], Identity | None]
    capture: Callable[[Paper], PaperRef | None]
    on_submitted: Callable[[Dossier], None]

    @property
    def index(self) -> ProcedureIndex:
        return ProcedureIndex(self.catalog)
