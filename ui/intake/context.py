"""What the intake screens need besides the window's :class:`ScreenContext`."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from functools import cached_property

from PySide6.QtWidgets import QWidget

from kiosk.catalog import Catalog, Paper, ProcedureIndex
from kiosk.config import Language
from kiosk.dossier import Dossier, Identity, PaperRef
from kiosk.intake import ConsentNotice, FieldError, Reception
from kiosk.receipt import ReceiptFacts
from ui.screens.base import ScreenContext


@dataclass(frozen=True)
class PaperRequest:
    """What a paper step's view is asked to do: capture ``paper``, then call back."""

    paper: Paper
    language: Language
    progress: tuple[int, int] | None  # this paper of N (None: the step indicator says it)
    on_done: Callable[[PaperRef], None]
    on_skip: Callable[[], None] | None  # None: the paper is required
    on_back: Callable[[], None]
    on_cancel: Callable[[], None]
    host: QWidget | None = None  # the view is made inside it (styled once)


IdentityViewFactory = Callable[[ScreenContext, Callable[[Identity], list[FieldError]]], QWidget]
"""Builds the identity step's view; it calls back with the identity the citizen confirmed
and shows the refusals it gets back (an expired card, a chip that is not genuine)."""
PaperViewFactory = Callable[[PaperRequest], QWidget]
"""Builds a paper step's view (the document camera)."""


@dataclass(frozen=True)
class IntakeServices:
    """Built once by the wiring; screens receive it, never reach for globals.

    ``on_submitted`` commits the dossier durably (the outbox) and returns the
    facts of its receipt; it blocks, so the host runs it in the background and
    says "received" only once it returned. The identity and paper steps' views
    come from ``identity_view`` (the chip read) and ``paper_view`` (the camera).
    """

    catalog: Catalog
    reception: Reception
    notice: ConsentNotice
    clock: Callable[[], datetime]
    on_submitted: Callable[[Dossier], ReceiptFacts | None]
    identity_view: IdentityViewFactory
    paper_view: PaperViewFactory

    @cached_property
    def index(self) -> ProcedureIndex:
        """The search index of the catalog, built once (not at every session's start)."""
        return ProcedureIndex(self.catalog)
