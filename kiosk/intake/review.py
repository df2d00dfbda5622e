"""The "check your answers" page as data: one row per answer, each with its Change link.

Values are shown as the citizen gave them: a choice by its label, yes/no as
Có/Không, dates as dd/mm/yyyy, nothing as "Chưa trả lời". Answers locked from the
ID card have no Change link. Each row has the question's full label (the dossier's
form keeps it) and a short one for the page (``short`` in the catalog).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from pydantic import JsonValue

from kiosk.catalog.model import Question
from kiosk.intake.flow import IntakeFlow
from kiosk.intake.steps import StepKind
from kiosk.words import NOT_ANSWERED, NOT_PROVIDED, pages_text

_YES_NO = {("vi", True): "Có", ("vi", False): "Không", ("en", True): "Yes", ("en", False): "No"}
# "Bản chính giấy tờ (xuất trình để đối chiếu)": the remark in brackets is for the paper's
# own screen; the review names the paper without it.
_REMARK = re.compile(r"\s*\([^()]*\)\s*$")


@dataclass(frozen=True)
class ReviewRow:
    """One line of the review page."""

    step_id: str
    label: str
    value: str
    changeable: bool
    short: str = ""
    """The label on the review page: a few words (the full label when the catalog has none)."""
    answered: bool = True
    """False when the citizen left it empty: the page shows "Chưa trả lời" in its own style."""


@dataclass(frozen=True)
class PageMismatch:
    """A paper whose pages captured differ from the pages the citizen declared."""

    paper: str
    declared: int
    captured: int


def _language(language: str) -> str:
    return "en" if language == "en" else "vi"


def show(question: Question, value: JsonValue, language: str) -> str:
    """An answer as the citizen reads it."""
    if value is None or value == "":
        return NOT_ANSWERED[_language(language)]
    if question.type == "yes_no" and isinstance(value, bool):
        return _YES_NO[(_language(language), value)]
    if question.type == "choice":
        for option in question.options:
            if option.value == value:
                return option.label.get(language)
    if question.type == "date" and isinstance(value, str):
        return f"{date.fromisoformat(value):%d/%m/%Y}"
    return str(value)


def short_label(question: Question, language: str) -> str:
    """The few words naming ``question``'s answer on the review page."""
    text = question.short or question.label
    return text.get(language)


def paper_label(name: str) -> str:
    """A paper's name without its closing remark in brackets."""
    return _REMARK.sub("", name) or name


def answer_rows(flow: IntakeFlow, language: str) -> list[ReviewRow]:
    """The answers only (no papers), as the review page shows them."""
    papers = {step.id for step in flow.steps() if step.kind is StepKind.PAPER}
    return [row for row in rows(flow, language) if row.step_id not in papers]


def rows(flow: IntakeFlow, language: str) -> list[ReviewRow]:
    """Every answer and paper of the dossier as it stands, in step order."""
    result: list[ReviewRow] = []
    for question in flow.procedure.questions:
        if flow.is_locked(question.id):
            result.append(_question_row("", question, flow.value(question.id), language, False))
    for step in flow.steps():
        if step.kind is StepKind.QUESTION and step.question is not None:
            value = flow.value(step.question.id)
            result.append(_question_row(step.id, step.question, value, language, True))
        elif step.kind is StepKind.PAPER and step.paper is not None:
            ref = flow.paper(step.paper.id)
            text = (
                NOT_PROVIDED[_language(language)]
                if ref is None
                else pages_text(ref.pages, language)
            )
            name = step.paper.name.get(language)
            result.append(ReviewRow(step.id, name, text, True, short=paper_label(name)))
    return result


def _question_row(
    step_id: str, question: Question, value: JsonValue, language: str, changeable: bool
) -> ReviewRow:
    return ReviewRow(
        step_id,
        question.label.get(language),
        show(question, value, language),
        changeable,
        short=short_label(question, language),
        answered=value is not None and value != "",
    )


def page_mismatches(flow: IntakeFlow, language: str) -> list[PageMismatch]:
    """Papers captured with another number of pages than the citizen declared for them.

    A per-page fee is counted from the declared number; the staff count the pages
    captured: the review says so before the citizen submits.
    """
    found: list[PageMismatch] = []
    for step in flow.steps():
        paper = step.paper
        if step.kind is not StepKind.PAPER or paper is None or paper.pages_from is None:
            continue
        ref, declared = flow.paper(paper.id), flow.value(paper.pages_from)
        if ref is None or not isinstance(declared, int) or isinstance(declared, bool):
            continue
        if ref.pages != declared:
            found.append(PageMismatch(paper_label(paper.name.get(language)), declared, ref.pages))
    return found
