"""Where the citizen is: the step indicator's content, worked out without Qt.

The overview promises four steps (choose the procedure, show the card, answer
and capture, check and take the receipt); the indicator shows the same four
on every screen of the journey, the current one marked, with the place inside
it: "question 3 of 12", "paper 1 of 2", "review", "consent", "receipt".

The counts come from :meth:`IntakeFlow.steps`, recomputed from the answers:
a conditional question that appears raises the total at once. Questions the
chip pre-filled and locked are not shown, so they are not counted.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum, StrEnum

from kiosk.intake.flow import IntakeFlow
from kiosk.intake.steps import StepKind
from kiosk.journey import INTAKE, PROCEDURE, RECEIPT


class Stage(IntEnum):
    """The overview's four steps, numbered as the overview numbers them."""

    PROCEDURE = 1
    CARD = 2
    ANSWERS = 3
    FINISH = 4


class Part(StrEnum):
    """What the screen on view asks, within its stage."""

    PROCEDURE = "procedure"
    CARD = "card"
    QUESTION = "question"
    PAPER = "paper"
    REVIEW = "review"
    CONSENT = "consent"
    SUBMIT = "submit"
    RECEIPT = "receipt"


@dataclass(frozen=True)
class Place:
    """One screen's place in the journey: its stage, its part, and n of N when counted."""

    stage: Stage
    part: Part
    number: int = 0
    total: int = 0

    @property
    def counted(self) -> bool:
        return self.total > 0


_INTAKE_PARTS = {
    StepKind.IDENTITY: (Stage.CARD, Part.CARD),
    StepKind.REVIEW: (Stage.FINISH, Part.REVIEW),
    StepKind.CONSENT: (Stage.FINISH, Part.CONSENT),
    StepKind.SUBMIT: (Stage.FINISH, Part.SUBMIT),
    StepKind.DONE: (Stage.FINISH, Part.SUBMIT),
}


def place_of(step: str, flow: IntakeFlow | None) -> Place | None:
    """The place of the screen for journey step ``step``; ``None`` off the counted journey.

    The overview (which lists the four steps itself), the rating and the
    goodbye have no place: the indicator is hidden there.
    """
    if step == PROCEDURE:
        return Place(Stage.PROCEDURE, Part.PROCEDURE)
    if step == RECEIPT:
        return Place(Stage.FINISH, Part.RECEIPT)
    if step != INTAKE or flow is None:
        return None
    current = flow.current
    if current.kind in (StepKind.QUESTION, StepKind.PAPER):
        same = [s.id for s in flow.steps() if s.kind is current.kind]
        part = Part.QUESTION if current.kind is StepKind.QUESTION else Part.PAPER
        return Place(Stage.ANSWERS, part, same.index(current.id) + 1, len(same))
    stage, part = _INTAKE_PARTS[current.kind]
    return Place(stage, part)
