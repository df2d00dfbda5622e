"""The citizen journey put together: which screen shows each step, with what behind it.

One :class:`CitizenDesk` per run of the kiosk holds the Qt-free parts
(:class:`kiosk.parts.KioskParts`: devices, outbox, receipt desk, catalog, trust
store, rating book) and builds each session's screens. What belongs to one
citizen (:class:`kiosk.parts.SessionResources`: the scratch folder of their
scans, the shelf that finds them again, the keys to their chip) is made on
first use, held by the session and wiped with it.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from datetime import date, datetime

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QWidget

from kiosk.card_identity import CardIdentity
from kiosk.dossier import Dossier, Identity, PaperRef
from kiosk.identity.access import CanRule
from kiosk.intake import FieldError, Reception, shipped_notice
from kiosk.journey import GOODBYE, OVERVIEW, RATING, RECEIPT
from kiosk.logs import fields
from kiosk.parts import KioskParts, SessionResources, scratch_folder, sweep_stale_scratch
from kiosk.receipt import ReceiptFacts
from kiosk.session import KioskSession
from kiosk.submission import PaperShelf, Submission
from kiosk.workdays import VIETNAM, shipped_hours
from ui.capture import CaptureView
from ui.intake.context import IntakeServices, PaperRequest
from ui.intake.wiring import register_intake_screens
from ui.journey.goodbye import GoodbyeScreen
from ui.journey.identity_step import IdentityStep
from ui.journey.rating import RatingScreen
from ui.keyboard.spare import SPARE, SPARE_DELAY_MS
from ui.receipt import receipt_screen_factory
from ui.registry import ScreenRegistry
from ui.screens.base import Screen, ScreenContext
from ui.screens.overview import OverviewScreen
from ui.warmup import warm_widget_types

log = logging.getLogger(__name__)

RESOURCES_KEY = "journey.resources"


class CitizenDesk:
    """Builds the journey's screens for each session of one kiosk run."""

    def __init__(self, parts: KioskParts, card_on_reader: Callable[[], bool]) -> None:
        self.parts = parts
        self.card_on_reader = card_on_reader
        sweep_stale_scratch()
        self.submission = Submission(parts.delivery.outbox, parts.desk.settings, parts.catalog)
        config = parts.config
        self.reception = Reception(
            config.kiosk.id,
            parts.catalog.version,
            parts.delivery.calendar,  # the center's published notices, kept up to date
            shipped_hours(),
            config.kiosk.center_name,
        )
        self._session: KioskSession | None = None
        # The holiday tables are built on first use (about 0.3 s): not on the GUI thread
        # in the middle of a citizen's review, but now, beside the start-up.
        threading.Thread(target=self._warm_calendar, name="calendar-warm-up", daemon=True).start()
        self.intake = IntakeServices(
            catalog=parts.catalog,
            reception=self.reception,
            notice=shipped_notice(),
            clock=lambda: datetime.now(VIETNAM),
            on_submitted=self.commit,
            identity_view=self.identity_view,
            paper_view=self.paper_view,
        )

    def _warm_calendar(self) -> None:
        today = datetime.now(VIETNAM).date()
        for year in (today.year, today.year + 1):
            self.reception.calendar.is_working_day(date(year, 1, 2))

    # -- per session -------------------------------------------------------------
    def resources(self, session: KioskSession) -> SessionResources:
        """This session's scratch folder, shelf and card keys (made on first use)."""
        held = session.held(RESOURCES_KEY)
        if isinstance(held, SessionResources):
            return held
        config = self.parts.config
        made = SessionResources(
            scratch=scratch_folder(),
            shelf=PaperShelf(),
            card=CardIdentity(
                self.parts.devices.card, self.parts.trust, CanRule(config.identity.can_digits)
            ),
        )
        session.hold(RESOURCES_KEY, made)
        session.on_wipe(made.wipe)
        self._session = session
        return made

    # -- the steps ------------------------------------------------------------
    def identity_view(
        self, context: ScreenContext, on_confirmed: Callable[[Identity], list[FieldError]]
    ) -> QWidget:
        resources = self.resources(context.session)
        return IdentityStep(
            context,
            resources.card,
            self.parts.devices.camera,
            on_confirmed,
            card_on_reader=self.card_on_reader,
            qr_wait_s=self.parts.config.identity.qr_wait_s,
        )

    def paper_view(self, request: PaperRequest) -> QWidget:
        assert self._session is not None, "the identity step made the session's resources"
        resources = self.resources(self._session)
        shelf, folder = resources.shelf, resources.scratch
        paper = request.paper

        def done(ref: PaperRef) -> None:
            shelf.keep(ref, folder / f"{paper.id}.pdf")
            request.on_done(ref)

        return CaptureView(
            self.parts.devices.camera,
            paper,
            request.language,
            folder,
            on_done=done,
            on_skip=request.on_skip,
            on_back=request.on_back,
            on_cancel=request.on_cancel,
            progress=request.progress,
            parent=request.host,
        )

    def commit(self, dossier: Dossier) -> ReceiptFacts:
        """The submit step's durable commit (runs in the background)."""
        assert self._session is not None
        held = self._session.held(RESOURCES_KEY)
        shelf = held.shelf if isinstance(held, SessionResources) else PaperShelf()
        return self.submission.deliver(dossier, shelf)

    def warm_up(self) -> None:
        """Build once, at start, what the first citizen would otherwise wait for.

        The search index; then, once the attract screen is painted, the Qt types
        the screens use (:mod:`ui.warmup`) and the spare keyboard (the first one
        built also has Qt parse its style and load its glyphs): the first
        session's screens then open as fast as the next ones.
        """
        _ = self.intake.index
        QTimer.singleShot(SPARE_DELAY_MS, warm_widget_types)
        SPARE.prepare(SPARE_DELAY_MS * 2)

    def goodbye(self, context: ScreenContext) -> Screen:
        """The last screen, which waits for the card to leave the reader."""
        return GoodbyeScreen(context, card_on_reader=self.card_on_reader)

    def registry(self) -> ScreenRegistry:
        """The screens of the citizen journey's steps."""
        registry = ScreenRegistry()
        parts = self.parts

        def rating(context: ScreenContext) -> Screen:
            return RatingScreen(context, parts.ratings)

        registry.register(OVERVIEW, OverviewScreen)
        register_intake_screens(registry, self.intake)  # the procedure and intake steps
        registry.register(RECEIPT, receipt_screen_factory(parts.desk))
        registry.register(RATING, rating)
        registry.register(GOODBYE, self.goodbye)
        log.info("journey wired", extra=fields(count=6))
        return registry
