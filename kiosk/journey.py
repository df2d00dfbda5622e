"""The order of the steps a citizen walks through, as data the UI follows.

The session knows where the citizen is; the journey knows what comes next.
Capabilities add their steps here (identity, procedure, questions, papers,
review, consent, submit, receipt) as they land; the UI maps each step id to a
screen through its registry and never hard-codes the order.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from kiosk.session import ATTRACT

OVERVIEW = "overview"
# The citizen's journey after the attract screen (issue 9). The intake step
# walks its own sub-steps (identity, questions, papers, review, consent, submit).
PROCEDURE = "procedure"
INTAKE = "intake"
RECEIPT = "receipt"
RATING = "rating"
GOODBYE = "goodbye"


@dataclass(frozen=True)
class Journey:
    """An ordered list of step ids after the attract screen."""

    steps: tuple[str, ...]

    def __post_init__(self) -> None:
        if not self.steps:
            raise ValueError("a journey needs at least one step")
        if ATTRACT in self.steps or len(set(self.steps)) != len(self.steps):
            raise ValueError("journey steps must be unique and exclude the attract screen")

    @classmethod
    def of(cls, steps: Sequence[str]) -> Journey:
        return cls(tuple(steps))

    @property
    def first(self) -> str:
        return self.steps[0]

    def after(self, step: str) -> str | None:
        """The step that follows ``step``; ``None`` when the journey is complete."""
        index = self.steps.index(step)
        return self.steps[index + 1] if index + 1 < len(self.steps) else None

    def position(self, step: str) -> tuple[int, int]:
        """1-based position of ``step`` and the number of steps, for a progress bar."""
        return self.steps.index(step) + 1, len(self.steps)


DEFAULT_JOURNEY = Journey.of([OVERVIEW])
CITIZEN_JOURNEY = Journey.of([OVERVIEW, PROCEDURE, INTAKE, RECEIPT, RATING, GOODBYE])
