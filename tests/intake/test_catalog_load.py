"""The shipped catalog, and what happens to a corrupt or hostile published one."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from kiosk.catalog import CatalogStore, load_catalog, parse_catalog, shipped_catalog
from kiosk.catalog.text import acronym, fold
from kiosk.errors import ConfigError

COMMON_PROCEDURES = {
    "1.001193",  # birth registration
    "1.000656",  # death registration
    "1.000894",  # marriage registration
    "1.004873",  # marital status certificate
    "2.000815",  # certified copies from originals
    "2.000488",  # criminal record certificate (no. 1 and no. 2)
    "1.004222",  # permanent residence
    "1.004194",  # temporary residence
    "1.001612",  # household business
}


def shipped_raw() -> dict[str, Any]:
    path = Path(__file__).resolve().parents[2] / "kiosk" / "data" / "catalog.json"
    raw: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return raw


def write(tmp_path: Path, raw: object, name: str = "catalog.json") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(raw, ensure_ascii=False), encoding="utf-8")
    return path


def test_shipped_catalog_has_the_common_one_stop_procedures() -> None:
    catalog = shipped_catalog()
    codes = {p.code for p in catalog.procedures}
    assert len(codes) >= 12
    assert codes >= COMMON_PROCEDURES
    for procedure in catalog.procedures:
        assert procedure.sources, procedure.code
        assert any("dichvucong.gov.vn" in s.url for s in procedure.sources), procedure.code
        assert procedure.fees, f"{procedure.code}: say the fee, even when it is free"
        assert procedure.name.vi != procedure.name.en


def test_criminal_record_offers_certificates_no_1_and_no_2() -> None:
    procedure = shipped_catalog().procedure("2.000488")
    certificate = procedure.question("certificate")
    assert {o.value for o in certificate.options} == {"so-1", "so-2"}
    # Certificate no. 2 cannot be requested by proxy: the proxy question follows no. 1 only.
    assert procedure.question("authorised").show_if is not None
    assert not procedure.question("authorised").show_if.holds({"certificate": "so-2"})


def test_every_procedure_carries_its_legal_basis_and_how_far_it_was_checked() -> None:
    for procedure in shipped_catalog().procedures:
        legal = procedure.legal
        assert legal.basis, procedure.code
        # An article not yet found is allowed only in a record that says it is unverified.
        assert legal.verified is False or all(b.article for b in legal.basis), procedure.code
        assert legal.checked.year >= 2026 and legal.note, procedure.code
        # Nothing is shipped as verified while a fact is still unconfirmed.
        assert not (legal.verified and procedure.unconfirmed), procedure.code
        for fee in procedure.fees:
            word = "lệ phí" if fee.kind == "le_phi" else "phí"
            assert fee.label.vi.lower().startswith(word), (procedure.code, fee.id)


def test_criminal_record_is_issued_by_the_police() -> None:
    catalog = shipped_catalog()
    procedure = catalog.procedure("2.000488")
    agency = catalog.agency(procedure.agency)
    assert "Công an" in agency.name.vi and agency.level == "province"
    assert "Sở Tư pháp" not in agency.name.vi
    # What was not found on an official page says so, in the data.
    assert {"code", "agency", "fees"} <= set(procedure.unconfirmed)
    assert not procedure.legal.verified and "3.000333" in procedure.legal.note
    assert all(fee.kind == "phi" for fee in procedure.fees)
    articles = " ".join(b.article or "" for b in procedure.legal.basis)
    assert "Điều 48" in articles


def test_criminal_record_asks_what_the_declaration_form_asks() -> None:
    procedure = shipped_catalog().procedure("2.000488")
    ids = [question.id for question in procedure.questions]
    for needed in (
        "other_name",
        "place_of_birth",  # the chip has the place of origin, not of birth
        "nationality",
        "ethnicity",
        "father_name",
        "mother_name",
        "spouse_name",
        "residence_history",
        "enterprise_ban_request",
    ):
        assert needed in ids, needed
    birth = procedure.question("place_of_birth")
    assert birth.prefill is None and birth.required
    assert procedure.question("residence_history").show_if is None  # everyone declares it
    ban = procedure.question("enterprise_ban_request").show_if
    assert ban is not None and ban.holds({"certificate": "so-1"})
    assert not ban.holds({"certificate": "so-2"})
    assert "questions" in procedure.unconfirmed  # the police's current form was not seen


def test_a_parent_spouse_or_child_shows_the_relationship_not_a_power_of_attorney() -> None:
    procedure = shipped_catalog().procedure("2.000488")
    attorney, relation = procedure.paper("giay-uy-quyen"), procedure.paper("giay-to-quan-he")
    assert attorney.show_if is not None and relation.show_if is not None
    relative = {"certificate": "so-1", "authorised": True, "relative_of_subject": True}
    stranger = {**relative, "relative_of_subject": False}
    assert relation.show_if.holds(relative) and not attorney.show_if.holds(relative)
    assert attorney.show_if.holds(stranger) and not relation.show_if.holds(stranger)


def test_folding_ignores_marks_case_and_punctuation() -> None:
    assert fold("Đăng ký KHAI SINH!") == "dang ky khai sinh"
    assert fold("Mã 1.001193.") == "ma 1.001193"
    assert acronym("Lý lịch tư pháp") == "lltp"


@pytest.mark.parametrize(
    ("change", "key"),
    [
        (lambda raw: raw["procedures"][0].update(code="1.1"), "procedures[1.1].code"),
        (
            lambda raw: raw["procedures"][0]["papers"][0].update(
                show_if={"question": "no_such_question", "equals": True}
            ),
            "procedures[1.001193].papers[giay-chung-sinh].show_if",
        ),
        (
            lambda raw: raw["procedures"][0]["papers"][0].update(
                show_if={"question": "has_birth_notice", "equals": "maybe"}
            ),
            "procedures[1.001193].papers[giay-chung-sinh].show_if",
        ),
        (lambda raw: raw["procedures"][1].update(agency="nowhere"), "procedures[1.000656].agency"),
        (
            lambda raw: raw["procedures"][2].update(surprise=1),
            "procedures[1.000894].surprise",
        ),
        (
            lambda raw: raw["procedures"][0]["questions"][0]["validation"].update(pattern="(a+)+$"),
            "procedures[1.001193].questions[applicant_name].validation.pattern",
        ),
        (lambda raw: raw["procedures"].append(raw["procedures"][0]), "procedures[1.001193]"),
        (
            lambda raw: raw["procedures"][0]["sources"][0].update(url="javascript:alert(1)"),
            "procedures[1.001193].sources[0].url",
        ),
        # Every procedure carries its legal basis, the day it was checked, and how far.
        (lambda raw: raw["procedures"][0].pop("legal"), "procedures[1.001193].legal"),
        (
            lambda raw: raw["procedures"][0]["legal"].update(basis=[]),
            "procedures[1.001193].legal.basis",
        ),
        (
            lambda raw: raw["procedures"][0]["legal"].pop("checked"),
            "procedures[1.001193].legal.checked",
        ),
        (
            lambda raw: raw["procedures"][0]["legal"].pop("verified"),
            "procedures[1.001193].legal.verified",
        ),
        (
            lambda raw: raw["procedures"][0]["legal"].update(note=""),
            "procedures[1.001193].legal.note",
        ),
        (
            # "Verified" while facts are listed as unconfirmed is a contradiction.
            lambda raw: raw["procedures"][0]["legal"].update(verified=True),
            "procedures[1.001193].legal.verified",
        ),
        (
            # A verified record names the article of every text it rests on.
            lambda raw: (
                raw["procedures"][4].update(unconfirmed=[]),
                raw["procedures"][4]["legal"].update(verified=True),
            ),
            "procedures[2.000815].legal.basis[2].article",
        ),
        (
            # A "phí" (charge) must not be labelled "lệ phí" (state fee), nor the other way round.
            lambda raw: raw["procedures"][4]["fees"][0]["label"].update(vi="Lệ phí chứng thực"),
            "procedures[2.000815].fees[phi-chung-thuc].label",
        ),
        (
            lambda raw: raw["procedures"][0]["fees"][0]["label"].update(vi="Phí hộ tịch"),
            "procedures[1.001193].fees[le-phi].label",
        ),
    ],
)
def test_a_bad_entry_is_named_by_file_procedure_and_key(
    tmp_path: Path, change: Any, key: str
) -> None:
    raw = shipped_raw()
    change(raw)
    path = write(tmp_path, raw)
    with pytest.raises(ConfigError) as caught:
        load_catalog(path)
    assert caught.value.key == key
    assert caught.value.source == str(path)
    assert str(path) in str(caught.value) and key in str(caught.value)


@pytest.mark.parametrize(
    ("data", "key"),
    [
        (b"\xff\xfe not text", "(file)"),
        (b'{"schema": 1, ', "(syntax)"),
        (b"[" * 100 + b"]" * 100, "(file)"),
        (b" " * (8 * 1024 * 1024 + 1), "(file)"),
        (b"[]", "(top level)"),
    ],
)
def test_corrupt_or_hostile_bytes_give_one_clear_error(data: bytes, key: str) -> None:
    with pytest.raises(ConfigError) as caught:
        parse_catalog(data, "published.json")
    assert caught.value.key == key
    assert caught.value.source == "published.json"


def test_the_store_switches_only_to_a_newer_valid_catalog(tmp_path: Path) -> None:
    store = CatalogStore.shipped()
    shipped_version = store.current.version

    corrupt = tmp_path / "corrupt.json"
    corrupt.write_text('{"schema": 1, "version": "2099.1", "procedures": [', encoding="utf-8")
    with pytest.raises(ConfigError):
        store.offer(corrupt)
    assert store.current.version == shipped_version  # the last good one stays

    older = shipped_raw() | {"version": "2020.1"}
    assert store.offer(write(tmp_path, older, "older.json")) is False
    assert store.current.version == shipped_version

    newer = shipped_raw() | {"version": "2026.10"}
    newer["procedures"] = newer["procedures"][:3]
    del newer["guide"]  # its answers name procedures this version no longer offers
    assert store.offer(write(tmp_path, newer, "newer.json")) is True
    assert store.current.version == "2026.10"
    assert len(store.current.procedures) == 3


def test_missing_file_is_a_config_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as caught:
        load_catalog(tmp_path / "absent.json")
    assert caught.value.key == "(file)"
