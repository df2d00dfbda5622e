"""Birth registration asks what the birth record holds; extending temporary residence asks
for the papers of registering it (issue 18), each with its legal source in the data."""

from __future__ import annotations

from kiosk.catalog import shipped_catalog
from kiosk.catalog.fees import fee_lines
from kiosk.catalog.model import Procedure

CATALOG = shipped_catalog()
PARENT_FIELDS = ("name", "birth_year", "ethnicity", "nationality", "residence")


def basis_about(procedure: Procedure, fact: str) -> list[str]:
    return [f"{b.law} {b.article or ''}" for b in procedure.legal.basis if fact in b.about]


def test_birth_registration_asks_the_childs_and_the_parents_details() -> None:
    birth = CATALOG.procedure("1.001193")
    ids = [question.id for question in birth.questions]
    for field in ("child_ethnicity", "child_nationality", "child_home_town"):
        assert field in ids
    for parent in ("mother", "father"):
        for field in PARENT_FIELDS:
            assert f"{parent}_{field}" in ids
    # The father's part is asked only when the declaration gives it.
    assert all(birth.question(f"father_{field}").show_if is not None for field in PARENT_FIELDS)
    assert birth.question("mother_name").show_if is None
    assert any("Điều 14 khoản 1" in text for text in basis_about(birth, "questions"))
    # Read on third-party pages only: the record says so and the screens mark it.
    assert not birth.legal.verified and "questions" in birth.unconfirmed


def test_birth_registration_is_free_on_time_and_charged_after_60_days() -> None:
    birth = CATALOG.procedure("1.001193")
    on_time = fee_lines(birth, {"late_registration": False})
    assert [(line.fee_id, line.kind, line.amount_vnd) for line in on_time] == [
        ("le-phi", "le_phi", 0)
    ]
    late = fee_lines(birth, {"late_registration": True})
    assert [(line.fee_id, line.kind) for line in late] == [("le-phi-qua-han", "le_phi")]
    assert late[0].amount_vnd > 0
    # The amount is the province's: not confirmed, and the data says so.
    assert "fees" in birth.unconfirmed
    assert any("Điều 11" in text for text in basis_about(birth, "fees"))


def test_extending_temporary_residence_needs_the_papers_of_registering() -> None:
    registering = CATALOG.procedure("1.004194")
    extending = CATALOG.procedure("1.002755")
    assert extending.papers == registering.papers
    assert extending.question("basis") == registering.question("basis")
    assert any("Điều 28 khoản 3" in text for text in basis_about(extending, "papers"))
    assert "papers" in extending.unconfirmed and not extending.legal.verified
