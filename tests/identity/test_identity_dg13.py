"""DG13 of the Vietnamese card: fields by number, absent fields, odd values, hostile bytes."""

from __future__ import annotations

import contextlib
import random
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kiosk.identity import der
from kiosk.identity.dg13 import Field, encode_dg13, is_no_expiry, parse_dg13
from kiosk.identity.errors import MalformedData
from kiosk.identity.synthetic import Citizen, make_citizens
from kiosk.identity.synthetic.card_files import dg13_values

FULL = {
    Field.ID_NUMBER: "001190012345",
    Field.FULL_NAME: "Nguyễn Thị Thu Hà",
    Field.DATE_OF_BIRTH: "01/02/1990",
    Field.SEX: "Nữ",
    Field.NATIONALITY: "Việt Nam",
    Field.ETHNICITY: "Kinh",
    Field.RELIGION: "Không",
    Field.PLACE_OF_ORIGIN: "Xã Hải Hậu, Tỉnh Ninh Bình",
    Field.PLACE_OF_RESIDENCE: "Số 12, ngõ 34, phố Đội Cấn, Phường Ngọc Hà, Thành phố Hà Nội",
    Field.IDENTIFYING_MARKS: "Nốt ruồi C:1cm trên trước đầu lông mày trái",
    Field.ISSUE_DATE: "15/08/2021",
    Field.EXPIRY_DATE: "01/02/2030",
    Field.PARENTS: ("Nguyễn Văn Nam", "Trần Thị Lan"),
    Field.SPOUSE: ("Lê Minh Quân",),
    Field.OLD_ID_NUMBER: "012345678",
    Field.FIELD_16: "0123456789ABCDEF",
}


def test_every_field_is_read() -> None:
    dg13 = parse_dg13(encode_dg13(FULL))
    assert dg13.version == 1 and dg13.oid == "2.25.1"
    assert dg13.id_number == "001190012345"
    assert dg13.full_name == "Nguyễn Thị Thu Hà"
    assert dg13.date_of_birth == date(1990, 2, 1)
    assert dg13.sex == "Nữ" and dg13.nationality == "Việt Nam" and dg13.ethnicity == "Kinh"
    assert dg13.religion == "Không"
    assert dg13.place_of_origin.startswith("Xã Hải Hậu")
    assert dg13.place_of_residence.endswith("Thành phố Hà Nội")
    assert dg13.identifying_marks.startswith("Nốt ruồi")
    assert dg13.issue_date == date(2021, 8, 15)
    assert dg13.expiry_date == date(2030, 2, 1) and not dg13.no_expiry
    assert (dg13.father_name, dg13.mother_name) == ("Nguyễn Văn Nam", "Trần Thị Lan")
    assert dg13.spouse_name == "Lê Minh Quân"
    assert dg13.old_id_number == "012345678"
    assert dg13.field_16 == "0123456789ABCDEF"
    assert dg13.problems == ()


def shuffled_dg13(values: dict[int, str | tuple[str, ...]], seed: int) -> bytes:
    """DG13 with the fields in a shuffled order, as a card might list them."""
    fields = []
    for number, value in values.items():
        encoded = (
            der.sequence(*(der.utf8(v) for v in value))
            if isinstance(value, tuple)
            else der.utf8(value)
        )
        fields.append(der.sequence(der.integer(number), encoded))
    random.Random(seed).shuffle(fields)
    body = der.sequence(der.integer(1), der.oid("2.25.1"), der.tlv(0x31, b"".join(fields)))
    return der.tlv(0x6D, body)


@pytest.mark.parametrize("seed", range(5))
def test_fields_are_found_by_number_not_position(seed: int) -> None:
    assert parse_dg13(shuffled_dg13(dict(FULL), seed)) == parse_dg13(encode_dg13(FULL))


def test_absent_fields_stay_empty() -> None:
    dg13 = parse_dg13(encode_dg13({Field.ID_NUMBER: "001190012345", Field.FULL_NAME: "Lê Văn An"}))
    assert dg13.full_name == "Lê Văn An"
    assert dg13.date_of_birth is None and dg13.expiry_date is None and not dg13.no_expiry
    assert dg13.spouse_name == "" and dg13.father_name == "" and dg13.old_id_number == ""
    assert dg13.problems == ()


def test_unmarried_has_no_spouse_and_no_expiry_is_read() -> None:
    values = dict(FULL)
    del values[Field.SPOUSE]
    values[Field.EXPIRY_DATE] = "Không thời hạn"
    dg13 = parse_dg13(encode_dg13(values))
    assert dg13.spouse_name == "" and dg13.no_expiry and dg13.expiry_date is None


@pytest.mark.parametrize(
    "text", ["Không thời hạn", "KHÔNG THỜI HẠN", " không thời hạn ", "Khong thoi han"]
)
def test_no_expiry_spellings(text: str) -> None:
    assert is_no_expiry(text)


def test_decomposed_diacritics_are_normalised() -> None:
    import unicodedata

    decomposed = unicodedata.normalize("NFD", "Nguyễn Thị Thu Hà")
    dg13 = parse_dg13(encode_dg13({Field.FULL_NAME: decomposed}))
    assert dg13.full_name == "Nguyễn Thị Thu Hà"


def test_printable_strings_and_long_values() -> None:
    long_address = "Số 1, " + "đường rất dài, " * 40 + "Thành phố Hà Nội"
    values = {Field.ID_NUMBER: "001190012345", Field.PLACE_OF_RESIDENCE: long_address}
    data = encode_dg13(values, printable=frozenset({Field.ID_NUMBER}))
    assert len(long_address.encode()) > 256  # needs a two-byte long-form length
    dg13 = parse_dg13(data)
    assert dg13.id_number == "001190012345" and dg13.place_of_residence == long_address


def test_odd_values_become_problems_not_failures() -> None:
    values: dict[int, str | tuple[str, ...]] = {
        Field.ID_NUMBER: "12345",  # not 12 digits
        Field.DATE_OF_BIRTH: "1990-02-01",  # a format not in DATE_FORMATS
        Field.FULL_NAME: ("two", "names"),  # a SEQUENCE where text belongs
        Field.PARENTS: ("a", "b", "c"),  # three parents
        Field.ISSUE_DATE: "31/02/2021",  # not a calendar date
        17: "a field nobody knows",
    }
    dg13 = parse_dg13(encode_dg13(values))
    assert dg13.problems == (1, 2, 3, 11, 13)
    assert dg13.id_number == "" and dg13.full_name == "" and dg13.date_of_birth is None
    assert dg13.values[17] == "a field nobody knows"


def test_other_date_spellings() -> None:
    for text in ("01/02/1990", "01-02-1990", "01021990"):
        assert parse_dg13(encode_dg13({Field.DATE_OF_BIRTH: text})).date_of_birth == date(
            1990, 2, 1
        )


def test_a_repeated_field_keeps_the_first_and_is_a_problem() -> None:
    fields = [
        der.sequence(der.integer(2), der.utf8("Lê Văn An")),
        der.sequence(der.integer(2), der.utf8("Someone Else")),
    ]
    body = der.sequence(der.integer(1), der.oid("2.25.1"), der.tlv(0x31, b"".join(fields)))
    dg13 = parse_dg13(der.tlv(0x6D, body))
    assert dg13.full_name == "Lê Văn An" and dg13.problems == (2,)


@pytest.mark.parametrize(
    "data",
    [
        der.tlv(0x6C, der.sequence(der.integer(1), der.oid("2.25.1"))),  # DG12's tag
        der.tlv(0x6D, der.sequence(der.integer(1))),
        der.tlv(0x6D, der.octets(b"x")),
        der.tlv(0x6D, der.sequence(der.integer(1), der.oid("2.25.1"), der.set_of(der.utf8("x")))),
        der.tlv(
            0x6D,
            der.sequence(
                der.integer(1), der.oid("2.25.1"), der.set_of(der.sequence(der.integer(1)))
            ),
        ),
        der.tlv(0x6D, der.sequence(der.integer(-1), der.oid("2.25.1"))),
    ],
)
def test_broken_structures_are_typed_errors(data: bytes) -> None:
    with pytest.raises(MalformedData):
        parse_dg13(data)


@given(st.integers(min_value=0, max_value=10_000))
def test_synthetic_citizens_round_trip(seed: int) -> None:
    citizen: Citizen = make_citizens(1, seed=seed)[0]
    dg13 = parse_dg13(encode_dg13(dg13_values(citizen)))
    assert dg13.id_number == citizen.id_number and dg13.full_name == citizen.full_name
    assert dg13.date_of_birth == citizen.date_of_birth and dg13.issue_date == citizen.issue_date
    assert dg13.expiry_date == citizen.expiry_date
    assert dg13.no_expiry == (citizen.expiry_date is None)
    assert dg13.spouse_name == citizen.spouse_name and dg13.problems == ()


values_strategy = st.dictionaries(
    st.integers(min_value=0, max_value=40),
    st.one_of(st.text(max_size=60), st.lists(st.text(max_size=20), max_size=4).map(tuple)),
    max_size=20,
)


@given(values_strategy)
def test_any_values_parse_without_crashing(values: dict[int, str | tuple[str, ...]]) -> None:
    dg13 = parse_dg13(encode_dg13(values))
    assert set(dg13.problems) <= set(values)


@given(st.binary(max_size=400))
def test_arbitrary_bytes_raise_only_typed_errors(data: bytes) -> None:
    with contextlib.suppress(MalformedData):
        parse_dg13(data)


@given(st.integers(min_value=0), st.integers(0, 255))
def test_corrupted_dg13_raises_only_typed_errors(where: int, byte: int) -> None:
    data = bytearray(encode_dg13(FULL))
    data[where % len(data)] = byte
    with contextlib.suppress(MalformedData):
        parse_dg13(bytes(data))
