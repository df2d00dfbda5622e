"""Step ``intake``: hosts the view of the flow's current step and swaps it as the flow moves.

The session stays on this one journey step while the flow walks its own
steps (see :mod:`kiosk.intake.session_link`). A view is rebuilt each time the
flow's step changes, and dropped with the screen, so no answer lingers in a
hidden widget.

A new view is built in one turn of the event loop and put on screen in the
next, as the window does with screens (:mod:`ui.screen_swap`).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import replace

import shiboken6
from PySide6.QtWidgets import QVBoxLayout, QWidget

from kiosk.dossier import Dossier, Identity, PaperRef
from kiosk.intake import IntakeFlow, StepKind, flow_of, submit
from kiosk.intake.messages import FieldError
from kiosk.logs import fields
from kiosk.receipt import RECEIPT_FACTS_KEY, ReceiptFacts
from ui.capture import CaptureView
from ui.handoff import run_in_background
from ui.intake.context import IntakeServices, PaperRequest
from ui.intake.finish import ConsentView, DoneView, ReviewView, SavingView
from ui.intake.views import QuestionView, StepActions, StepView
from ui.screen_swap import SwapLater, release, retire
from ui.screens.base import Screen, ScreenContext

log = logging.getLogger(__name__)


class IntakeHost(Screen):
    """Shows one view at a time for the intake the session holds."""

    def __init__(self, context: ScreenContext, services: IntakeServices) -> None:
        super().__init__(context)
        self.services = services
        flow = flow_of(context.session)
        if flow is None:
            raise RuntimeError("the intake step needs a procedure chosen first")
        self.flow: IntakeFlow = flow
        self.dossier: Dossier | None = None
        self.saved = False  # the dossier is durable: only now may "received" be said
        self._saving = False
        self.view: QWidget | None = None
        """The current step's view (put on screen at the next turn of the event loop)."""
        self.on_screen: QWidget | None = None
        self._swap = SwapLater(self, self._put_on_screen)
        self.shown_step = ""
        self.layout_ = QVBoxLayout(self)
        self.layout_.setContentsMargins(48, 16, 48, 16)
        self.step_actions = StepActions(self.answer, self.back, context.navigator.cancel)
        self.show_current()
        self._put_on_screen()  # the first view comes with the screen, in the same paint

    # -- what views ask --------------------------------------------------------
    def answer(self, value: object) -> list[FieldError]:
        errors = self.flow.answer(value)
        if not errors:
            if self.flow.current.kind is StepKind.SUBMIT:
                self._submit()
            self.show_current()
        return errors

    def back(self) -> None:
        if self.flow.can_go_back:
            self.flow.back()
            self.show_current()
        else:
            self.context.navigator.back()  # to the list of procedures

    def change(self, step_id: str) -> None:
        self.flow.change(step_id)
        self.show_current()

    def _submit(self) -> None:
        self.dossier = submit(self.flow, self.services.reception)
        self.save()

    def save(self) -> None:
        """Commit the dossier in the background; "received" only once it is durable.

        Try again after a failure commits the same dossier (same code), never a second.
        """
        dossier = self.dossier
        if dossier is None or self._saving or self.saved:
            return
        self._saving = True
        if isinstance(self.view, SavingView):
            self.view.show_saving()
        deliver = self.services.on_submitted
        run_in_background(lambda: deliver(dossier), self._saved, self._not_saved)

    def _saved(self, facts: ReceiptFacts | None) -> None:
        if not shiboken6.isValid(self):
            return
        self._saving = False
        self.saved = True
        self.context.session.need_card(False)  # the dossier is safe: the card may go
        assert self.dossier is not None
        log.info("dossier received", extra=fields(code=self.dossier.provisional_code))
        if facts is not None:
            self.context.session.hold(RECEIPT_FACTS_KEY, facts)
        if self.context.journey.after(self.context.session.step) is not None:
            self.context.navigator.advance()  # the receipt says "received" from here on
        else:
            self.shown_step = ""
            self.show_current()

    def _not_saved(self, error: Exception) -> None:
        if not shiboken6.isValid(self):
            return
        self._saving = False
        log.error("dossier not saved", extra=fields(error=type(error).__name__))
        if isinstance(self.view, SavingView):
            self.view.show_failed()

    def identity_confirmed(self, identity: Identity) -> list[FieldError]:
        """The identity view's call-back: the citizen confirmed who they are.

        From here on the card on the reader stands for the citizen being there.
        The refusals (an expired card) go back to the view to show.
        """
        errors = self.answer(identity)
        if not errors:
            self.context.session.need_card(True)
        return errors

    def card_placed(self) -> None:
        """A card event from the window, for the identity view if it is showing."""
        handler = getattr(self.view, "card_placed", None)
        if callable(handler):
            handler()

    def card_removed(self) -> None:
        handler = getattr(self.view, "card_removed", None)
        if callable(handler):
            handler()

    def paper_done(self, paper: PaperRef) -> None:
        self.answer(paper)

    def skip_paper(self) -> None:
        """The citizen does not have an optional paper."""
        self.answer(None)

    # -- views -------------------------------------------------------------------
    def show_current(self) -> None:
        step = self.flow.current
        if step.id == self.shown_step and self.view is not None:
            return
        if self.view is not None:
            retire(self.view, self.on_screen, focus_to=self)
        self.view = self._build(step.kind)
        self.shown_step = step.id
        self._swap.ask()
        log.info(
            "intake step", extra=fields(step=step.kind.value, procedure=self.flow.procedure.code)
        )

    def _put_on_screen(self) -> None:
        """Show :attr:`view` in place of the view on screen (one paint: no blank between)."""
        view = self.view
        if view is None or view is self.on_screen:
            return
        leaving, self.on_screen = self.on_screen, view
        if leaving is not None:
            self.layout_.removeWidget(leaving)
            leaving.hide()
            leaving.deleteLater()
        self.layout_.addWidget(view)
        view.show()  # at once: a layout only schedules the show for the next loop turn
        self.context.navigator.changed()

    def _build(self, kind: StepKind) -> QWidget:
        language, services, actions = (
            self.context.session.language,
            self.services,
            self.step_actions,
        )
        builders: dict[StepKind, Callable[[], QWidget]] = {
            StepKind.IDENTITY: lambda: services.identity_view(
                replace(self.context, host=self), self.identity_confirmed
            ),
            StepKind.PAPER: lambda: services.paper_view(self._paper_request()),
            StepKind.QUESTION: lambda: QuestionView(self.flow, actions, language, parent=self),
            StepKind.REVIEW: lambda: ReviewView(
                self.flow, actions, language, services, self.change, parent=self
            ),
            StepKind.CONSENT: lambda: ConsentView(self.flow, actions, language, parent=self),
        }
        build = builders.get(kind)
        return build() if build is not None else self._build_submitted()

    def _build_submitted(self) -> QWidget:
        """While the dossier is committed, and once it is safe."""
        if self.dossier is None:
            raise RuntimeError("no view for the submit step before the dossier exists")
        if not self.saved:
            return SavingView(self.save, self.context.navigator.cancel)
        return DoneView(self.dossier, self.context.session.language, self.context.navigator.advance)

    def stop(self) -> None:
        """The window drops this screen: release what the current view holds."""
        if self.view is not None:
            release(self.view)

    def _paper_request(self) -> PaperRequest:
        step = self.flow.current
        paper = step.paper
        assert paper is not None
        return PaperRequest(
            paper=paper,
            language=self.context.session.language,
            progress=None,  # the window's step indicator says "paper n of N" above it
            on_done=self.paper_done,
            on_skip=None if paper.required else self.skip_paper,
            on_back=self.back,
            on_cancel=self.context.navigator.cancel,
            host=self,
        )

    def retranslate(self) -> None:
        # The flow records the consent in the language shown, so it follows the session.
        language = self.context.session.language
        self.flow.language = language
        if isinstance(self.view, ReviewView):
            self.shown_step = ""  # its rows are data in the old language: rebuild
            self.show_current()
        elif isinstance(self.view, StepView | DoneView | CaptureView):
            self.view.language = language
            self.view.retranslate()
        elif isinstance(self.view, SavingView):
            self.view.retranslate()
