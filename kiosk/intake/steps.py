"""The steps a procedure generates, and what the UI needs to show each one.

Step ids are stable strings the UI maps to views:

    identity                     who is filing (the ID card, or typed)
    question:<question id>       one form field (one screen)
    paper:<paper id>             one required paper under the camera
    review                       check your answers (with Change links)
    consent                      the personal-data notice; never pre-ticked
    submit                       build and hand over the dossier
    done                         what happens next

The list is recomputed from the answers every time: a conditional question
or paper appears the moment the answer that calls for it is given.

:func:`option_facts` says, for each option of a question, what it costs and
which papers it calls for, so that the screen can show both on the option.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from pydantic import JsonValue

from kiosk.catalog.conditions import Answers, Condition, applies
from kiosk.catalog.fees import FeeLine, price
from kiosk.catalog.model import Paper, Procedure, Question

IDENTITY = "identity"
REVIEW = "review"
CONSENT = "consent"
SUBMIT = "submit"
DONE = "done"
QUESTION_PREFIX = "question:"
PAPER_PREFIX = "paper:"


class StepKind(StrEnum):
    """What kind of screen a step needs."""

    IDENTITY = "identity"
    QUESTION = "question"
    PAPER = "paper"
    REVIEW = "review"
    CONSENT = "consent"
    SUBMIT = "submit"
    DONE = "done"


@dataclass(frozen=True)
class Step:
    """One step: its id, its kind, and the catalog entry it is about."""

    id: str
    kind: StepKind
    question: Question | None = None
    paper: Paper | None = None

    @classmethod
    def of_question(cls, question: Question) -> Step:
        return cls(QUESTION_PREFIX + question.id, StepKind.QUESTION, question=question)

    @classmethod
    def of_paper(cls, paper: Paper) -> Step:
        return cls(PAPER_PREFIX + paper.id, StepKind.PAPER, paper=paper)


FIXED = {name: Step(name, StepKind(name)) for name in (IDENTITY, REVIEW, CONSENT, SUBMIT, DONE)}


# -- what a question's answers lead to (shown beside each option) --------------------


@dataclass(frozen=True)
class OptionFacts:
    """What choosing one option of a question brings: its price and the papers it asks for.

    ``fee_vnd``: the fee lines that depend on this question, priced with this
    answer (``None``: no fee depends on it). ``papers``: the papers this answer
    calls for whatever comes next; ``maybe_papers``: those it calls for only with
    some later answers.
    """

    value: JsonValue
    fee_vnd: int | None
    fee_kinds: tuple[str, ...]
    papers: tuple[Paper, ...]
    maybe_papers: tuple[Paper, ...]


def option_values(question: Question) -> list[JsonValue]:
    """The values a tap can give: yes and no, or the options in catalog order."""
    if question.type == "yes_no":
        return [True, False]
    return [option.value for option in question.options]


def option_facts(procedure: Procedure, question: Question, answers: Answers) -> list[OptionFacts]:
    """For each option of a choice or yes/no question, what it costs and which papers it needs."""
    return [_facts(procedure, question, answers, value) for value in option_values(question)]


def _facts(
    procedure: Procedure, question: Question, answers: Answers, value: JsonValue
) -> OptionFacts:
    chosen = {**answers, question.id: value}
    tied = [fee for fee in procedure.fees if _reads(fee.when, question.id)]
    applying = [fee for fee in tied if applies(fee.when, chosen)]
    amount = sum(price(fee, chosen) for fee in applying) if tied else None
    kinds = tuple(kind for kind in ("phi", "le_phi") if any(f.kind == kind for f in applying))
    needed: list[Paper] = []
    maybe: list[Paper] = []
    for paper in procedure.papers:
        if paper.show_if is None or not _reads(paper.show_if, question.id):
            continue
        outcomes = {paper.show_if.holds(c) for c in _completions(procedure, paper.show_if, chosen)}
        if outcomes == {True}:
            needed.append(paper)
        elif True in outcomes:
            maybe.append(paper)
    return OptionFacts(value, amount, kinds, tuple(needed), tuple(maybe))


def _reads(condition: Condition | None, question_id: str) -> bool:
    return condition is not None and question_id in set(condition.questions())


MAX_COMPLETIONS = 64  # later questions a condition reads, answered every possible way


def _completions(procedure: Procedure, condition: Condition, answers: Answers) -> list[Answers]:
    """``answers`` completed every way the unanswered tap questions a condition reads allow.

    A question answered by typing (a number, text) stays unanswered: what the
    condition says then is what the kiosk knows now.
    """
    completions: list[dict[str, object]] = [dict(answers)]
    for question_id in dict.fromkeys(condition.questions()):
        if question_id in answers:
            continue
        try:
            later = procedure.question(question_id)
        except KeyError:
            continue
        values = option_values(later) if later.type in ("choice", "yes_no") else []
        if not values or len(completions) * len(values) > MAX_COMPLETIONS:
            continue
        completions = [{**done, question_id: value} for done in completions for value in values]
    return list(completions)


def count_fees(
    procedure: Procedure, question: Question, answers: Answers, count: int
) -> list[FeeLine]:
    """The fee lines counted from ``question`` (copies, documents), priced for ``count``.

    Only the lines that apply with that count: the third criminal-record
    certificate's charge appears when the count reaches 3.
    """
    chosen = {**answers, question.id: count}
    return [
        FeeLine(fee.id, fee.kind, fee.label, price(fee, chosen))
        for fee in procedure.fees
        if (
            question.id in (fee.quantity_from, fee.multiplier_from) or _reads(fee.when, question.id)
        )
        and applies(fee.when, chosen)
    ]
