"""A question screen the citizen left is freed, with its keyboard and the answers it shows.

A view kept alive after Qt deleted it (a Python callable that refers back to it,
held where the garbage collector cannot see) keeps every key of its on-screen
keyboard and what the citizen typed until the kiosk restarts: over a day in the
lobby that is hundreds of megabytes, and personal data past the session's wipe.
"""

from __future__ import annotations

import gc
import weakref

import pytest
from PySide6.QtCore import QCoreApplication, QEvent
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from kiosk.catalog import shipped_catalog
from kiosk.intake import IntakeFlow, shipped_notice
from kiosk.intake.steps import StepKind
from tests.intake.test_review_page import CITIZEN, CRIMINAL_RECORD, NOW
from ui.app import KIOSK_SIZE, application
from ui.intake.views import QuestionView, StepActions


def flow_at(question_id: str) -> IntakeFlow:
    """The criminal-record certificate's flow, answered up to ``question_id``."""
    flow = IntakeFlow(shipped_catalog().procedure("2.000488"), lambda: NOW, shipped_notice(), "vi")
    assert flow.answer(CITIZEN) == []
    while (question := flow.current.question) is None or question.id != question_id:
        assert flow.current.kind is StepKind.QUESTION, f"{question_id} never came"
        assert question is not None
        value = CRIMINAL_RECORD.get(question.id, flow.value(question.id))
        if value is None and question.type in ("choice", "yes_no"):
            value = question.options[0].value if question.type == "choice" else False
        assert flow.answer("" if value is None else value) == [], question.id
    return flow


@pytest.mark.parametrize(
    "question_id",
    ["certificate", "subject_name", "residence_history", "copies", "phone"],
)
def test_a_question_screen_left_is_freed(qtbot: QtBot, question_id: str) -> None:
    application()
    flow = flow_at(question_id)
    host = QWidget()
    host.resize(*KIOSK_SIZE)
    qtbot.addWidget(host)
    actions = StepActions(answer=flow.answer, back=flow.back, cancel=lambda: None)
    view = QuestionView(flow, actions, "vi", parent=host)
    host.show()
    qtbot.waitExposed(host)
    freed = weakref.ref(view)
    view.deleteLater()  # as the window drops the screen of a step it left
    del view
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    qtbot.wait(20)
    gc.collect()
    assert freed() is None, f"the screen of {question_id} is still alive after Qt deleted it"
