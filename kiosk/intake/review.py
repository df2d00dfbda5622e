"""The "check your answers" page as data: one row per answer, each with its Change link.

Values are shown as the citizen gave them: a choice by its label, yes/no as
Có/Không, dates as dd/mm/yyyy. Answers locked from the ID card have no Change link.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from pydantic import JsonValue

from kiosk.catalog.model import Question
from kiosk.intake.flow import IntakeFlow
from kiosk.intake.steps import StepKind

_YES_NO = {("vi", True): "Có", ("vi", False): "Không", ("en", True): "Yes", ("en", False): "No"}


@dataclass(frozen=True)
class ReviewRow:
    """One line of the review page."""

    step_id: str
    label: str
    value: str
    changeable: bool


def show(question: Question, value: JsonValue, language: str) -> str:
    """An answer as the citizen reads it."""
    if value is None:
        return "—"
    if question.type == "yes_no" and isinstance(value, bool):
        return _YES_NO[("en" if language == "en" else "vi", value)]
    if question.type == "choice":
        for option in question.options:
            if option.value == value:
                return option.label.get(language)
    if question.type == "date" and isinstance(value, str):
        return f"{date.fromisoformat(value):%d/%m/%Y}"
    return str(value)


def answer_rows(flow: IntakeFlow, language: str) -> list[ReviewRow]:
    """The answers only (no papers), as the review page shows them."""
    papers = {step.id for step in flow.steps() if step.kind is StepKind.PAPER}
    return [row for row in rows(flow, language) if row.step_id not in papers]


def rows(flow: IntakeFlow, language: str) -> list[ReviewRow]:
    """Every answer and paper of the dossier as it stands, in step order."""
    result: list[ReviewRow] = []
    for question in flow.procedure.questions:
        if flow.is_locked(question.id):
            value = flow.value(question.id)
            result.append(
                ReviewRow("", question.label.get(language), show(question, value, language), False)
            )
    for step in flow.steps():
        if step.kind is StepKind.QUESTION and step.question is not None:
            value = flow.value(step.question.id)
            text = show(step.question, value, language)
            result.append(ReviewRow(step.id, step.question.label.get(language), text, True))
        elif step.kind is StepKind.PAPER and step.paper is not None:
            ref = flow.paper(step.paper.id)
            if ref is None:
                text = "Không nộp" if language == "vi" else "Not provided"
            else:
                text = f"{ref.pages} trang" if language == "vi" else f"{ref.pages} page(s)"
            result.append(ReviewRow(step.id, step.paper.name.get(language), text, True))
    return result
