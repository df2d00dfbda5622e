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
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from kiosk.catalog.model import Paper, Question

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
