"""Step ``intake``: hosts the view of the flow's current step and swaps it as the flow moves.

The session stays on this one journey step while the flow walks its own
steps (see :mod:`kiosk.intake.session_link`). A view is rebuilt each time the
flow's step changes, and dropped with the screen, so no answer lingers in a
hidden widget.
"""

from __future__ import annotations

import logging

from PySide6.QtWidgets import QVBoxLayout, QWidget

from kiosk.dossier import Dossier
from kiosk.intake import IntakeFlow, StepKind, flow_of, submit
from kiosk.intake.messages import FieldError
from kiosk.logs import fields
from ui.intake.context import IntakeServices
from ui.intake.finish import ConsentView, DoneView, ReviewView
from ui.intake.views import IdentityView, PaperView, QuestionView, StepActions, StepView
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
        self.view: QWidget | None = None
        self.shown_step = ""
        self.layout_ = QVBoxLayout(self)
        self.layout_.setContentsMargins(48, 60, 48, 32)
        self.step_actions = StepActions(self.answer, self.back, context.navigator.cancel)
        self.show_current()

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
        log.info("dossier received", extra=fields(code=self.dossier.provisional_code))
        self.services.on_submitted(self.dossier)

    # -- views -------------------------------------------------------------------
    def show_current(self) -> None:
        step = self.flow.current
        if step.id == self.shown_step and self.view is not None:
            return
        if self.view is not None:
            self.layout_.removeWidget(self.view)
            self.view.deleteLater()
        self.view = self._build(step.kind)
        self.shown_step = step.id
        self.layout_.addWidget(self.view)
        self.view.show()  # at once: a layout only schedules the show for the next loop turn
        log.info(
            "intake step", extra=fields(step=step.kind.value, procedure=self.flow.procedure.code)
        )

    def _build(self, kind: StepKind) -> QWidget:
        language = self.context.session.language
        if kind is StepKind.IDENTITY:
            return IdentityView(self.flow, self.step_actions, language, self.services)
        if kind is StepKind.QUESTION:
            return QuestionView(self.flow, self.step_actions, language)
        if kind is StepKind.PAPER:
            return PaperView(self.flow, self.step_actions, language, self.services)
        if kind is StepKind.REVIEW:
            return ReviewView(self.flow, self.step_actions, language, self.services, self.change)
        if kind is StepKind.CONSENT:
            return ConsentView(self.flow, self.step_actions, language)
        if self.dossier is None:
            raise RuntimeError(f"no view for {kind} before the dossier exists")
        return DoneView(self.dossier, language, self.context.navigator.advance)

    def retranslate(self) -> None:
        # The flow records the consent in the language shown, so it follows the session.
        language = self.context.session.language
        self.flow.language = language
        if isinstance(self.view, ReviewView):
            self.shown_step = ""  # its rows are data in the old language: rebuild
            self.show_current()
        elif isinstance(self.view, StepView | DoneView):
            self.view.language = language
            self.view.retranslate()
