"""What question screens show beside the answers: − / + counts, prices and papers per option."""

from __future__ import annotations

import pytest

from kiosk.catalog import Catalog, shipped_catalog
from kiosk.catalog.model import Question, Validation
from kiosk.intake.steps import count_fees, option_facts
from kiosk.intake.validate import STEPPER_MOST, Stepper, check, stepper


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return shipped_catalog()


def count(maximum: int | None, minimum: int | None = None) -> Question:
    rule = Validation(minimum=minimum, maximum=maximum)
    return Question.model_validate(
        {"id": "copies", "type": "number", "label": {"vi": "Số bản", "en": "Copies"}}
        | {"validation": rule.model_dump()}
    )


def test_copies_are_a_stepper_from_1_to_the_catalog_maximum(catalog: Catalog) -> None:
    copies = catalog.procedure("2.000488").question("copies")
    assert stepper(copies) == Stepper(lowest=1, highest=10, start=1)
    assert stepper(catalog.procedure("2.000815").question("copies")) == Stepper(1, 50, 1)
    assert stepper(catalog.procedure("2.000884").question("documents")) == Stepper(1, 50, 1)


@pytest.mark.parametrize(
    ("held", "start"), [(None, 1), (3, 3), (99, 10), (0, 1), (True, 1), ("4", 1)]
)
def test_the_stepper_starts_at_what_is_held_within_its_bounds(held: object, start: int) -> None:
    shape = stepper(count(10, minimum=1), held)
    assert shape is not None and shape.start == start


def test_a_count_from_zero_still_starts_at_1_and_may_go_down_to_0() -> None:
    shape = stepper(count(5, minimum=0))
    assert shape == Stepper(lowest=0, highest=5, start=1)
    assert shape.clamp(-3) == 0 and shape.clamp(9) == 5


@pytest.mark.parametrize("maximum", [None, STEPPER_MOST + 1, 200])
def test_large_or_open_counts_are_typed(maximum: int | None) -> None:
    assert stepper(count(maximum, minimum=1)) is None


def test_pages_and_money_are_typed_on_the_digit_pad(catalog: Catalog) -> None:
    assert stepper(catalog.procedure("2.000815").question("pages")) is None  # up to 200
    assert stepper(catalog.procedure("1.001612").question("capital_vnd")) is None
    assert stepper(catalog.procedure("1.001612").question("applicant_name")) is None


def test_every_value_a_stepper_offers_is_accepted(catalog: Catalog) -> None:
    """The stepper's bounds are the validation's: no count it offers is refused."""
    today = catalog.published
    for procedure in catalog.procedures:
        for question in procedure.questions:
            shape = stepper(question)
            if shape is None:
                continue
            for value in (shape.lowest, shape.start, shape.highest):
                assert check(question, value, today)[1] is None, (procedure.code, question.id)
            assert check(question, shape.highest + 1, today)[1] is not None


def test_fee_group_options_carry_their_amounts_and_proof(catalog: Catalog) -> None:
    procedure = catalog.procedure("2.000488")
    facts = {f.value: f for f in option_facts(procedure, procedure.question("fee_group"), {})}
    assert {value: f.fee_vnd for value, f in facts.items()} == {
        "thuong": 200_000,
        "giam": 100_000,
        "mien": 0,
    }
    assert all(f.fee_kinds == ("phi",) for f in facts.values())
    assert facts["thuong"].papers == ()
    for value in ("giam", "mien"):
        assert [p.id for p in facts[value].papers] == ["giay-to-giam-mien"]


def test_a_yes_says_which_papers_it_needs_and_which_it_may_need(catalog: Catalog) -> None:
    procedure = catalog.procedure("2.000488")
    facts = option_facts(procedure, procedure.question("authorised"), {})
    yes, no = facts
    assert (yes.value, no.value) == (True, False)
    assert [p.id for p in yes.papers] == ["giay-to-nguoi-uy-quyen"]
    # Which of these two depends on the next answer (a relative of the person or not).
    assert {p.id for p in yes.maybe_papers} == {"giay-uy-quyen", "giay-to-quan-he"}
    assert no.papers == () and no.maybe_papers == () and no.fee_vnd is None


def test_once_the_later_answer_is_given_a_maybe_becomes_certain(catalog: Catalog) -> None:
    procedure = catalog.procedure("2.000488")
    yes = option_facts(procedure, procedure.question("authorised"), {"relative_of_subject": True})
    assert {p.id for p in yes[0].papers} == {"giay-to-nguoi-uy-quyen", "giay-to-quan-he"}
    assert yes[0].maybe_papers == ()


def test_options_nothing_depends_on_have_no_price(catalog: Catalog) -> None:
    procedure = catalog.procedure("2.000488")
    facts = option_facts(procedure, procedure.question("receive_by"), {})
    assert [f.fee_vnd for f in facts] == [None, None]


def test_the_charge_from_the_third_certificate_appears_at_three(catalog: Catalog) -> None:
    procedure = catalog.procedure("2.000488")
    copies = procedure.question("copies")
    assert count_fees(procedure, copies, {}, 1) == []
    assert count_fees(procedure, copies, {}, 2) == []
    third = count_fees(procedure, copies, {}, 3)
    assert [(line.fee_id, line.amount_vnd) for line in third] == [("phi-phieu-them", 5_000)]
    assert count_fees(procedure, copies, {}, 4)[0].amount_vnd == 10_000


def test_certified_copies_are_priced_for_the_pages_and_the_count(catalog: Catalog) -> None:
    procedure = catalog.procedure("2.000815")
    lines = count_fees(procedure, procedure.question("copies"), {"pages": 3}, 2)
    assert [line.amount_vnd for line in lines] == [10_000]  # 2 x (2 x 2,000 + 1,000)
