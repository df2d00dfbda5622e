"""Checks across entries that a field-by-field model cannot make.

Each problem is reported as ``(key, problem)`` where the key names the
procedure by its code, e.g. ``procedures[1.001193].papers[giay-chung-sinh].show_if``,
so that whoever edits the file finds the line at once.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import get_args

from kiosk.catalog.conditions import Condition
from kiosk.catalog.guide import problems as guide_problems
from kiosk.catalog.model import Catalog, IdentityField, Procedure, Question

_DATE_FIELDS = {"date_of_birth", "issue_date"}
assert set(get_args(IdentityField)) >= _DATE_FIELDS
Problem = tuple[str, str]


def problems(catalog: Catalog) -> Iterator[Problem]:
    """Every cross-reference problem of ``catalog``, in file order."""
    yield from _duplicates("sectors", [s.id for s in catalog.sectors])
    yield from _duplicates("agencies", [a.id for a in catalog.agencies])
    yield from _duplicates("procedures", [p.code for p in catalog.procedures])
    sectors = {s.id for s in catalog.sectors}
    agencies = {a.id for a in catalog.agencies}
    for procedure in catalog.procedures:
        where = f"procedures[{procedure.code}]"
        if procedure.sector not in sectors:
            yield f"{where}.sector", f"no sector '{procedure.sector}' in 'sectors'"
        if procedure.agency not in agencies:
            yield f"{where}.agency", f"no agency '{procedure.agency}' in 'agencies'"
        yield from _procedure_problems(where, procedure)
    yield from guide_problems(catalog)  # the "I don't know which procedure" questions


def _duplicates(key: str, values: list[str]) -> Iterator[Problem]:
    seen: set[str] = set()
    for value in values:
        if value in seen:
            yield f"{key}[{value}]", "appears twice"
        seen.add(value)


def _procedure_problems(where: str, procedure: Procedure) -> Iterator[Problem]:
    yield from _duplicates(f"{where}.questions", [q.id for q in procedure.questions])
    yield from _duplicates(f"{where}.papers", [p.id for p in procedure.papers])
    yield from _duplicates(f"{where}.fees", [f.id for f in procedure.fees])
    earlier: dict[str, Question] = {}
    for question in procedure.questions:
        key = f"{where}.questions[{question.id}]"
        yield from _question_problems(key, question)
        # A condition may only read questions asked before it: no cycles, and
        # the citizen has answered what decides whether this one is shown.
        yield from _condition_problems(f"{key}.show_if", question.show_if, earlier)
        earlier[question.id] = question
    for paper in procedure.papers:
        key = f"{where}.papers[{paper.id}]"
        yield from _condition_problems(f"{key}.show_if", paper.show_if, earlier)
        if paper.pages_max < paper.pages_min:
            yield f"{key}.pages_max", "is less than pages_min"
        ref = paper.pages_from
        if ref is not None and (ref not in earlier or earlier[ref].type != "number"):
            yield f"{key}.pages_from", f"'{ref}' is not a number question of this procedure"
    for fee in procedure.fees:
        key = f"{where}.fees[{fee.id}]"
        yield from _condition_problems(f"{key}.when", fee.when, earlier)
        for attr in ("quantity_from", "multiplier_from"):
            ref = getattr(fee, attr)
            if ref is not None and (ref not in earlier or earlier[ref].type != "number"):
                yield f"{key}.{attr}", f"'{ref}' is not a number question of this procedure"
        starts = [tier.from_unit for tier in fee.tiers]
        if starts and (starts[0] != 1 or starts != sorted(set(starts))):
            yield f"{key}.tiers", "must start at unit 1 and rise"
    for index, case in enumerate(procedure.processing_cases):
        yield from _condition_problems(
            f"{where}.processing_cases[{index}].when", case.when, earlier
        )
    yield from _legal_problems(where, procedure)
    for processing in (procedure.processing, *(c.processing for c in procedure.processing_cases)):
        if processing.cutoff is not None and processing.kind != "same_day":
            yield f"{where}.processing.cutoff", "only a same_day processing has a cut-off"


# "Lệ phí" (a state fee) and "phí" (a charge for a service) are different legal
# things: a label must say the word its kind means.
_FEE_WORDS = {"le_phi": "lệ phí", "phi": "phí"}


def _legal_problems(where: str, procedure: Procedure) -> Iterator[Problem]:
    legal = procedure.legal
    if legal.verified and procedure.unconfirmed:
        listed = ", ".join(procedure.unconfirmed)
        yield f"{where}.legal.verified", f"is true, but 'unconfirmed' lists {listed}"
    for index, basis in enumerate(legal.basis):
        # An article not yet found is allowed only in a record that says it is unverified.
        if basis.article is None and legal.verified:
            yield f"{where}.legal.basis[{index}].article", "a verified record names the article"
    for fee in procedure.fees:
        word = _FEE_WORDS[fee.kind]
        label = fee.label.vi.lower()
        wrong = fee.kind == "phi" and label.startswith("lệ phí")
        if wrong or not label.startswith(word):
            yield (
                f"{where}.fees[{fee.id}].label",
                f"a '{fee.kind}' fee's label must start with '{word.capitalize()}'",
            )


def _question_problems(key: str, question: Question) -> Iterator[Problem]:
    if question.type == "choice":
        values = [option.value for option in question.options]
        if len(values) < 2:
            yield f"{key}.options", "a choice needs at least two options"
        yield from _duplicates(f"{key}.options", values)
    elif question.options:
        yield f"{key}.options", f"a {question.type} question has no options"
    if question.prefill in _DATE_FIELDS and question.type != "date":
        yield f"{key}.prefill", f"'{question.prefill}' is a date: the question must be a date"
    if (
        question.prefill is not None
        and question.prefill not in _DATE_FIELDS
        and question.type
        in (
            "date",
            "number",
            "yes_no",
        )
    ):
        yield f"{key}.prefill", f"'{question.prefill}' is text: the question must be text"
    rule = question.validation
    lengths = (rule.min_length, rule.max_length)
    if lengths[0] is not None and lengths[1] is not None and lengths[0] > lengths[1]:
        yield f"{key}.validation", "min_length is greater than max_length"
    if rule.minimum is not None and rule.maximum is not None and rule.minimum > rule.maximum:
        yield f"{key}.validation", "minimum is greater than maximum"


def _condition_problems(
    key: str, condition: Condition | None, earlier: dict[str, Question]
) -> Iterator[Problem]:
    if condition is None:
        return
    for ref in condition.questions():
        if ref not in earlier:
            yield key, f"refers to '{ref}', which is not a question asked before it"
            continue
        question = earlier[ref]
        for value in condition.values_for(ref):
            if not _value_fits(question, value):
                yield key, f"compares '{ref}' with {value!r}, which it can never be"


def _value_fits(question: Question, value: object) -> bool:
    if question.type == "yes_no":
        return isinstance(value, bool)
    if question.type == "choice":
        return value in {option.value for option in question.options}
    if question.type == "number":
        return isinstance(value, int) and not isinstance(value, bool)
    return isinstance(value, str)
