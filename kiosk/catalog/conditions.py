"""Conditions on the citizen's answers: when a question, a paper or a fee applies.

A condition is data in the catalog, never code: one of

    {"question": "married_before", "equals": true}
    {"question": "certificate", "in": ["so-1", "so-2"]}
    {"question": "copies", "at_least": 3}
    {"all": [...]}, {"any": [...]}, {"not": {...}}

An unanswered question makes a comparison false, so a conditional paper is
not asked for until the answer that calls for it has been given.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, model_validator

Scalar = str | int | bool
Answers = Mapping[str, object]
_Values = Annotated[tuple[Scalar, ...], Field(min_length=1, max_length=50)]
_Parts = Annotated[tuple["Condition", ...], Field(min_length=1, max_length=20)]


class Condition(BaseModel):
    """One test on the answers (see the module docstring for the forms)."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    question: Annotated[str, Field(max_length=64)] | None = None
    equals: Scalar | None = None
    in_: Annotated[_Values | None, Field(alias="in")] = None
    at_least: int | None = None
    all_: Annotated[_Parts | None, Field(alias="all")] = None
    any_: Annotated[_Parts | None, Field(alias="any")] = None
    not_: Annotated[Condition | None, Field(alias="not")] = None

    @model_validator(mode="after")
    def _one_form(self) -> Condition:
        comparisons = [v is not None for v in (self.equals, self.in_, self.at_least)]
        groups = [v is not None for v in (self.all_, self.any_, self.not_)]
        if self.question is not None:
            if sum(comparisons) != 1 or any(groups):
                raise ValueError("a question test needs exactly one of equals, in, at_least")
        elif any(comparisons) or sum(groups) != 1:
            raise ValueError("use one of: question (+ equals/in/at_least), all, any, not")
        return self

    def holds(self, answers: Answers) -> bool:
        """Whether the answers given so far satisfy this condition."""
        if self.all_ is not None:
            return all(part.holds(answers) for part in self.all_)
        if self.any_ is not None:
            return any(part.holds(answers) for part in self.any_)
        if self.not_ is not None:
            return not self.not_.holds(answers)
        assert self.question is not None
        return self.question in answers and self._compare(answers[self.question])

    def _compare(self, value: object) -> bool:
        if self.equals is not None:
            # bool is an int in Python: True must not equal 1 here.
            return type(value) is type(self.equals) and value == self.equals
        if self.in_ is not None:
            return any(type(value) is type(item) and value == item for item in self.in_)
        return (
            isinstance(value, int) and not isinstance(value, bool) and value >= (self.at_least or 0)
        )

    def questions(self) -> Iterator[str]:
        """Every question id this condition reads (to check references at load)."""
        if self.question is not None:
            yield self.question
        for part in (*(self.all_ or ()), *(self.any_ or ()), *((self.not_,) if self.not_ else ())):
            yield from part.questions()

    def values_for(self, question: str) -> Iterator[Any]:
        """The literal values this condition compares ``question`` with."""
        if self.question == question:
            if self.equals is not None:
                yield self.equals
            yield from self.in_ or ()
        for part in (*(self.all_ or ()), *(self.any_ or ()), *((self.not_,) if self.not_ else ())):
            yield from part.values_for(question)


def applies(condition: Condition | None, answers: Answers) -> bool:
    """``None`` (no condition) always applies."""
    return condition is None or condition.holds(answers)
