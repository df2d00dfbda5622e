"""TD1 MRZ and DG1: ICAO 9303 check digits, the specimen, the Vietnamese layout, hostile text."""

from __future__ import annotations

import contextlib
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kiosk.identity import der
from kiosk.identity.errors import MalformedData, MrzError
from kiosk.identity.mrz import (
    check_digit,
    encode_dg1,
    format_td1,
    mrz_date,
    parse_dg1,
    parse_td1,
)

# ICAO 9303-5 Appendix A: the TD1 specimen of Utopia.
SPECIMEN = (
    "I<UTOD231458907<<<<<<<<<<<<<<<7408122F1204159UTO<<<<<<<<<<<6ERIKSSON<<ANNA<MARIA<<<<<<<<<<"
)


@pytest.mark.parametrize(
    ("field", "digit"),
    [
        ("520727", "3"),  # 9303-3 §4.9, example 1 (a date)
        ("AB2134<<<", "5"),  # 9303-3 §4.9, example 2 (a document number)
        ("D23145890", "7"),  # 9303-5 specimen: document number
        ("740812", "2"),  # specimen: date of birth
        ("120415", "9"),  # specimen: date of expiry
        ("L898902C<", "3"),  # 9303-11 worked example: document number
        ("690806", "1"),
        ("940623", "6"),
    ],
)
def test_icao_check_digit_examples(field: str, digit: str) -> None:
    assert check_digit(field) == digit


def test_the_specimen_parses() -> None:
    mrz = parse_td1(SPECIMEN)
    assert (mrz.document_code, mrz.issuing_state, mrz.document_number) == ("I", "UTO", "D23145890")
    assert (mrz.date_of_birth, mrz.sex, mrz.date_of_expiry) == ("740812", "F", "120415")
    assert (mrz.primary_identifier, mrz.secondary_identifier) == ("ERIKSSON", "ANNA MARIA")
    assert mrz.name == "ERIKSSON ANNA MARIA"
    assert mrz.vn_id_number is None
    assert parse_td1("\n".join(SPECIMEN[i : i + 30] for i in (0, 30, 60))) == mrz


@pytest.mark.parametrize(
    ("position", "what"),
    [(14, "document number"), (36, "date of birth"), (44, "date of expiry"), (59, "composite")],
)
def test_each_check_digit_is_verified(position: int, what: str) -> None:
    wrong = SPECIMEN[:position] + str((int(SPECIMEN[position]) + 1) % 10) + SPECIMEN[position + 1 :]
    with pytest.raises(MrzError, match=what):
        parse_td1(wrong)


def test_long_document_numbers_continue_in_the_optional_data() -> None:
    line1 = "I<UTOD23145890<1240<<<<<<<<<<<"  # the number D23145890124, check digit 0
    line2 = "7408122F1204159UTO<<<<<<<<<<<"
    composite = check_digit(line1[5:30] + line2[0:7] + line2[8:15] + line2[18:29])
    mrz = parse_td1(line1 + line2 + composite + "ERIKSSON<<ANNA<MARIA<<<<<<<<<<")
    assert mrz.document_number == "D23145890124"
    assert mrz.optional_data_1 == ""


def vietnamese(id_number: str = "001190012345", expiry: str = "300201") -> str:
    return format_td1(
        document_number=id_number[-9:],
        optional_data_1=id_number,
        date_of_birth="900201",
        sex="F",
        date_of_expiry=expiry,
        primary="NGUYEN",
        secondary="THI THU HA",
    )


def test_vietnamese_td1_round_trip_through_dg1() -> None:
    mrz = parse_dg1(encode_dg1(vietnamese()))
    assert mrz.document_code == "ID" and mrz.issuing_state == "VNM" and mrz.nationality == "VNM"
    assert mrz.document_number == "190012345"
    assert mrz.vn_id_number == "001190012345"
    assert mrz.name == "NGUYEN THI THU HA"


def test_no_expiry_filler_still_checks() -> None:
    assert parse_td1(vietnamese(expiry="<<<<<<")).date_of_expiry == "<<<<<<"


def test_id_in_optional_data_must_end_with_the_document_number() -> None:
    text = vietnamese()
    other = text[:15] + "001190054321<<<" + text[30:]
    composite = check_digit(other[5:30] + other[30:37] + other[38:45] + other[48:59])
    mrz = parse_td1(other[:59] + composite + other[60:])
    assert mrz.vn_id_number is None


def test_names_longer_than_the_line_are_cut() -> None:
    text = format_td1(
        document_number="190012345",
        optional_data_1="001190012345",
        date_of_birth="900201",
        sex="M",
        date_of_expiry="300201",
        primary="TON NU",
        secondary="HOANG THI BAO NGOC THANH TRUC",
    )
    assert len(text) == 90 and parse_td1(text).name.startswith("TON NU HOANG")


@pytest.mark.parametrize(
    "data",
    [
        der.tlv(0x61, der.tlv(0x5F1F, b"\xff" * 90)),
        der.tlv(0x61, der.tlv(0x5F1F, b"A" * 89)),
        der.tlv(0x61, der.tlv(0x5F1E, SPECIMEN.encode())),
        der.tlv(0x62, der.tlv(0x5F1F, SPECIMEN.encode())),
    ],
)
def test_malformed_dg1(data: bytes) -> None:
    with pytest.raises(MalformedData):
        parse_dg1(data)


def test_mrz_dates_choose_the_century() -> None:
    today = date(2025, 6, 1)
    assert mrz_date("900201", past=True, today=today) == date(1990, 2, 1)
    assert mrz_date("250601", past=True, today=today) == date(2025, 6, 1)
    assert mrz_date("250602", past=True, today=today) == date(1925, 6, 2)
    assert mrz_date("300201", past=False, today=today) == date(2030, 2, 1)
    assert mrz_date("990101", past=False, today=today) == date(1999, 1, 1)
    assert mrz_date("700101", past=False, today=today) == date(2070, 1, 1)
    for bad in ("<<<<<<", "901301", "900230", "9002"):
        with pytest.raises(MrzError):
            mrz_date(bad, past=True, today=today)


@given(st.text(max_size=120))
def test_arbitrary_text_raises_only_mrz_errors(text: str) -> None:
    with contextlib.suppress(MrzError):
        parse_td1(text)


@given(st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789<", min_size=90, max_size=90))
def test_arbitrary_mrz_characters_raise_only_mrz_errors(text: str) -> None:
    with contextlib.suppress(MrzError):
        parse_td1(text)


@given(st.binary(max_size=200))
def test_arbitrary_dg1_bytes_raise_only_typed_errors(data: bytes) -> None:
    with contextlib.suppress(MalformedData):
        parse_dg1(data)
