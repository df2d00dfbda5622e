"""DG1 + DG13 → Identity (source CHIP) and QR → Identity (source QR), and the disagreement rules."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk.dossier import IdentitySource, Verdict
from kiosk.identity.access import mrz_keys
from kiosk.identity.card_qr import parse_card_qr
from kiosk.identity.dg13 import Dg13, Field, encode_dg13, parse_dg13
from kiosk.identity.errors import ChipDataConflict, MalformedData
from kiosk.identity.mapping import fold, identity_from_chip, identity_from_qr
from kiosk.identity.mrz import Td1, format_td1, parse_dg1, parse_td1
from kiosk.identity.synthetic import CardFiles, Citizen, make_citizens
from kiosk.identity.synthetic.card_files import dg13_values, mrz_for

TODAY = date(2025, 6, 1)


def mrz(
    id_number: str = "001190012345",
    birth: str = "900201",
    sex: str = "F",
    expiry: str = "300201",
    surname: str = "NGUYEN",
    given: str = "THI THU HA",
) -> Td1:
    return parse_td1(
        format_td1(
            document_number=id_number[-9:],
            optional_data_1=id_number,
            date_of_birth=birth,
            sex=sex,
            date_of_expiry=expiry,
            primary=surname,
            secondary=given,
        )
    )


def details(**changes: str) -> Dg13:
    values: dict[int, str | tuple[str, ...]] = {
        Field.ID_NUMBER: "001190012345",
        Field.FULL_NAME: "Nguyễn Thị Thu Hà",
        Field.DATE_OF_BIRTH: "01/02/1990",
        Field.SEX: "Nữ",
        Field.NATIONALITY: "Việt Nam",
        Field.PLACE_OF_ORIGIN: "Xã Hải Hậu, Tỉnh Ninh Bình",
        Field.PLACE_OF_RESIDENCE: "Phường Ngọc Hà, Thành phố Hà Nội",
        Field.ISSUE_DATE: "15/08/2021",
        Field.EXPIRY_DATE: "01/02/2030",
        Field.OLD_ID_NUMBER: "012345678",
    }
    for name, value in changes.items():
        number = Field[name.upper()]
        if value:
            values[number] = value
        else:
            del values[number]
    return parse_dg13(encode_dg13(values))


def test_chip_identity(card: CardFiles, citizen: Citizen) -> None:
    dg1 = parse_dg1(card.group(1))
    dg13 = parse_dg13(card.group(13))
    result = identity_from_chip(dg1, dg13, Verdict.GENUINE, today=TODAY)
    identity = result.identity
    assert result.differences == ()
    assert identity.source is IdentitySource.CHIP and identity.verdict is Verdict.GENUINE
    assert identity.id_number == citizen.id_number and identity.full_name == citizen.full_name
    assert identity.date_of_birth == citizen.date_of_birth and identity.sex == citizen.sex
    assert identity.issue_date == citizen.issue_date and identity.expiry_date == citizen.expiry_date
    assert identity.place_of_residence == citizen.place_of_residence
    assert identity.place_of_origin == citizen.place_of_origin
    assert identity.old_id_number == citizen.old_id_number
    assert identity.nationality == "Việt Nam"


@settings(max_examples=40)
@given(st.integers(min_value=0, max_value=50_000))
def test_synthetic_citizens_map_without_differences(seed: int) -> None:
    citizen = make_citizens(1, seed=seed)[0]
    keys = mrz_keys(citizen.id_number, citizen.date_of_birth, citizen.expiry_date)[0]
    dg1 = parse_td1(mrz_for(citizen, keys))
    dg13 = parse_dg13(encode_dg13(dg13_values(citizen)))
    result = identity_from_chip(dg1, dg13, Verdict.NOT_VERIFIABLE, today=TODAY)
    assert result.differences == () and result.identity.full_name == citizen.full_name
    assert result.identity.expiry_date == citizen.expiry_date


@pytest.mark.parametrize(
    ("dg1", "dg13", "fields"),
    [
        (mrz(id_number="001190099999"), details(), ("id_number", "document_number")),
        (mrz(birth="900202"), details(), ("date_of_birth",)),
        (mrz(sex="M"), details(), ("sex",)),
        (mrz(), details(id_number="079190012345"), ("id_number",)),
    ],
)
def test_disagreements_on_who_it_is_refuse_to_map(
    dg1: Td1, dg13: Dg13, fields: tuple[str, ...]
) -> None:
    with pytest.raises(ChipDataConflict) as caught:
        identity_from_chip(dg1, dg13, Verdict.GENUINE, today=TODAY)
    assert caught.value.fields == fields
    assert "001190" not in str(caught.value)


def test_name_and_expiry_differences_keep_dg13() -> None:
    result = identity_from_chip(
        mrz(given="THI THU HANG", expiry="350201"), details(), Verdict.GENUINE, today=TODAY
    )
    assert result.identity.full_name == "Nguyễn Thị Thu Hà"
    assert result.identity.expiry_date == date(2030, 2, 1)
    assert result.differences == ("full_name", "expiry_date")


def test_truncated_mrz_name_is_no_difference() -> None:
    long_name = "Tôn Nữ Hoàng Thị Bảo Ngọc Thanh Trúc"
    dg1 = mrz(surname="TON", given="NU HOANG THI BAO NGOC THANH TRUC")  # cut at 30 characters
    result = identity_from_chip(dg1, details(full_name=long_name), Verdict.GENUINE, today=TODAY)
    assert result.differences == () and result.identity.full_name == long_name


def test_no_expiry_on_both_sides() -> None:
    result = identity_from_chip(
        mrz(expiry="<<<<<<"), details(expiry_date="Không thời hạn"), Verdict.GENUINE, today=TODAY
    )
    assert result.identity.expiry_date is None and result.differences == ()


def test_without_dg13_the_mrz_is_used() -> None:
    result = identity_from_chip(mrz(sex="M"), None, Verdict.NOT_VERIFIABLE, today=TODAY)
    identity = result.identity
    assert identity.full_name == "NGUYEN THI THU HA" and result.differences == (
        "full_name_from_mrz",
    )
    assert identity.sex == "Nam" and identity.date_of_birth == date(1990, 2, 1)
    assert identity.expiry_date == date(2030, 2, 1) and identity.nationality == "Việt Nam"
    assert identity.place_of_residence == "" and identity.issue_date is None


def test_dg13_gaps_are_filled_from_dg1() -> None:
    dg13 = details(id_number="", date_of_birth="", sex="", expiry_date="")
    identity = identity_from_chip(mrz(), dg13, Verdict.GENUINE, today=TODAY).identity
    assert identity.id_number == "001190012345" and identity.date_of_birth == date(1990, 2, 1)
    assert identity.sex == "Nữ" and identity.expiry_date == date(2030, 2, 1)


def test_no_id_number_anywhere() -> None:
    dg1 = parse_td1(
        format_td1(
            document_number="190012345",
            optional_data_1="",
            date_of_birth="900201",
            sex="F",
            date_of_expiry="300201",
            primary="NGUYEN",
            secondary="HA",
        )
    )
    with pytest.raises(MalformedData, match="12-digit"):
        identity_from_chip(dg1, details(id_number=""), Verdict.GENUINE, today=TODAY)


def test_values_that_do_not_fit_the_form_are_named_not_quoted() -> None:
    long_name = "Nguyễn " + "Văn " * 60 + "An"
    with pytest.raises(MalformedData, match="full_name") as caught:
        identity_from_chip(mrz(), details(full_name=long_name), Verdict.GENUINE, today=TODAY)
    assert "Văn" not in str(caught.value)


def test_failed_verdict_is_carried_for_the_flow_to_refuse() -> None:
    identity = identity_from_chip(mrz(), details(), Verdict.FAILED, today=TODAY).identity
    assert identity.verdict is Verdict.FAILED


def test_qr_identity() -> None:
    qr = parse_card_qr("001190012345|012345678|Nguyễn Thị Thu Hà|01021990|Nữ|Hà Nội|15082021")
    identity = identity_from_qr(qr)
    assert identity.source is IdentitySource.QR and identity.verdict is Verdict.NOT_CHECKED
    assert identity.full_name == "Nguyễn Thị Thu Hà" and identity.sex == "Nữ"
    assert identity.issue_date == date(2021, 8, 15)
    assert identity.expiry_date == date(2030, 2, 1)  # issued at 31: valid until 40
    assert identity.old_id_number == "012345678"


@pytest.mark.parametrize(
    ("name", "folded"),
    [
        ("Nguyễn Thị Thu Hà", "NGUYEN THI THU HA"),
        ("Đặng Đức Thắng", "DANG DUC THANG"),
        ("Trương  Ánh-Dương", "TRUONG ANH DUONG"),
        ("Lưu Ngọc Ưng", "LUU NGOC UNG"),
    ],
)
def test_fold(name: str, folded: str) -> None:
    assert fold(name) == folded
