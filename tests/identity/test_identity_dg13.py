"""DG13 of the Vietnamese card: fields by number, absent fields, odd values, hostile bytes."""

from __future__ import annotations

import contextlib
import random
from dataclasses import replace
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
        Field.SEX: ("Nam", "Nữ"),  # two values where one belongs
        Field.PARENTS: ("a", "b", "c"),  # three parents
        Field.ISSUE_DATE: "31/02/2021",  # not a calendar date
        17: "a field nobody knows",
    }
    dg13 = parse_dg13(encode_dg13(values))
    assert dg13.problems == (1, 3, 4, 11, 13)
    assert dg13.id_number == "" and dg13.sex == "" and dg13.date_of_birth is None
    assert (dg13.father_name, dg13.mother_name) == ("a", "b")
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
        der.tlv(0x6D, der.sequence(der.integer(1))),  # no OID and no field
        der.tlv(0x6D, der.octets(b"x")),
        der.tlv(0x6D, b""),
        der.tlv(0x6D, der.sequence(der.integer(1), der.oid("2.25.1")))[:-3],  # cut short
        b"\x6d\x82\x01\x00" + der.sequence(der.integer(1), der.oid("2.25.1")),  # claims more
    ],
)
def test_broken_outer_structures_are_typed_errors(data: bytes) -> None:
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


# -- every plausible shape of an entry (hand-built bytes) ---------------------------------

FATHER, MOTHER = "Nguyễn Văn Nam", "Trần Thị Lan"


def dg13_of(*entries: bytes, after_set: bytes = b"", after_file: bytes = b"") -> bytes:
    """DG13 in the documented outer form around ``entries`` (each an encoded element)."""
    inner = der.tlv(0x31, b"".join(entries) + after_set)
    return der.tlv(0x6D, der.sequence(der.integer(1), der.oid("2.25.1"), inner)) + after_file


def entry(number: int, *values: bytes) -> bytes:
    return der.sequence(der.integer(number), *values)


ID_ENTRY = entry(1, der.utf8("001190012345"))


@pytest.mark.parametrize(
    "parents",
    [
        entry(13, der.utf8(FATHER), der.utf8(MOTHER)),  # flat: seen on an independent card
        entry(13, der.sequence(der.utf8(FATHER), der.utf8(MOTHER))),  # nested (DOMAIN.md)
        entry(13, der.tlv(0x31, der.utf8(FATHER) + der.utf8(MOTHER))),  # nested in a SET
        entry(13, der.sequence(der.utf8(FATHER)), der.sequence(der.utf8(MOTHER))),
        entry(13, der.sequence(der.sequence(der.utf8(FATHER), der.utf8(MOTHER)))),
        entry(13, der.utf8(FATHER)) + entry(13, der.utf8(MOTHER)),  # the field repeated
        entry(13, der.octets(FATHER.encode()), der.octets(MOTHER.encode())),
        entry(13, der.context(0, der.utf8(FATHER)), der.context(1, der.utf8(MOTHER))),
    ],
    ids=["flat", "nested", "set", "each-nested", "deep", "repeated", "octets", "tagged"],
)
def test_every_shape_of_the_parents_field(parents: bytes) -> None:
    dg13 = parse_dg13(dg13_of(ID_ENTRY, parents))
    assert (dg13.father_name, dg13.mother_name) == (FATHER, MOTHER)
    assert dg13.id_number == "001190012345" and dg13.problems == ()


def test_the_flat_form_round_trips_through_the_encoder() -> None:
    flat = encode_dg13(FULL, flat=True)
    assert flat != encode_dg13(FULL)
    assert entry(13, der.utf8(FULL[Field.PARENTS][0]), der.utf8(FULL[Field.PARENTS][1])) in flat
    assert parse_dg13(flat) == parse_dg13(encode_dg13(FULL))


def test_a_missing_parent_keeps_its_place() -> None:
    dg13 = parse_dg13(dg13_of(entry(13, der.null(), der.utf8(MOTHER))))
    assert (dg13.father_name, dg13.mother_name) == ("", MOTHER) and dg13.problems == ()


@pytest.mark.parametrize(
    "value",
    [
        der.utf8("Nguyễn Thị Thu Hà"),
        der.sequence(der.utf8("Nguyễn Thị Thu Hà")),
        der.tlv(0x31, der.utf8("Nguyễn Thị Thu Hà")),
        der.octets("Nguyễn Thị Thu Hà".encode()),
        der.tlv(0x1E, "Nguyễn Thị Thu Hà".encode("utf-16-be")),  # BMPString
        der.utf8("Nguyễn Thị") + der.utf8("Thu Hà"),  # split in parts: joined
    ],
    ids=["utf8", "nested", "set", "octets", "bmp", "parts"],
)
def test_every_shape_of_a_text_field(value: bytes) -> None:
    dg13 = parse_dg13(dg13_of(entry(2, value)))
    assert dg13.full_name == "Nguyễn Thị Thu Hà" and dg13.problems == ()


def test_printable_string_values() -> None:
    dg13 = parse_dg13(
        dg13_of(entry(1, der.printable("001190012345")), entry(3, der.printable("01/02/1990")))
    )
    assert dg13.id_number == "001190012345" and dg13.date_of_birth == date(1990, 2, 1)


def test_an_address_in_parts_is_joined() -> None:
    dg13 = parse_dg13(
        dg13_of(entry(9, der.utf8("Số 12, phố Đội Cấn"), der.utf8("Thành phố Hà Nội")))
    )
    assert dg13.place_of_residence == "Số 12, phố Đội Cấn, Thành phố Hà Nội"


def test_an_unknown_field_number_is_kept_raw() -> None:
    odd = entry(42, der.integer(7))
    dg13 = parse_dg13(dg13_of(ID_ENTRY, entry(41, der.utf8("khác")), odd))
    assert dg13.values[41] == "khác" and dg13.raw[42] == odd and 41 in dg13.raw
    assert dg13.problems == () and dg13.id_number == "001190012345"


def test_a_repeated_field_with_the_same_value_is_no_problem() -> None:
    dg13 = parse_dg13(dg13_of(ID_ENTRY, ID_ENTRY))
    assert dg13.id_number == "001190012345" and dg13.problems == ()


@pytest.mark.parametrize(
    "bad",
    [
        entry(2, der.integer(5)),  # a number where text belongs
        entry(2, der.octets(b"\xff\xfe\x00")),  # bytes that are not UTF-8
        entry(2, der.tlv(0x0C, b"\xc3")),  # a UTF8String that is not UTF-8
        entry(2, der.oid("1.2.3")),
    ],
)
def test_an_unusable_value_is_a_problem_for_its_field_only(bad: bytes) -> None:
    dg13 = parse_dg13(dg13_of(ID_ENTRY, bad, entry(13, der.utf8(FATHER), der.utf8(MOTHER))))
    assert dg13.problems == (2,) and dg13.full_name == ""
    assert dg13.id_number == "001190012345" and dg13.mother_name == MOTHER


def test_entries_without_a_number_are_skipped() -> None:
    dg13 = parse_dg13(dg13_of(der.utf8("lạc"), der.sequence(der.utf8("x")), ID_ENTRY))
    assert dg13.skipped == 2 and dg13.id_number == "001190012345" and dg13.problems == ()


def test_a_field_number_written_as_text() -> None:
    dg13 = parse_dg13(dg13_of(der.sequence(der.printable("1"), der.utf8("001190012345"))))
    assert dg13.id_number == "001190012345"


@pytest.mark.parametrize(
    ("after_set", "after_file"),
    [(b"", b"\x00" * 8), (b"", b"\xff" * 3), (b"\x00\x00", b""), (b"\x05", b"")],
    ids=["zeros-after-file", "ff-after-file", "zeros-in-set", "cut-element-in-set"],
)
def test_trailing_data_is_ignored(after_set: bytes, after_file: bytes) -> None:
    data = dg13_of(
        ID_ENTRY, entry(2, der.utf8("Lê Văn An")), after_set=after_set, after_file=after_file
    )
    dg13 = parse_dg13(data)
    assert (dg13.id_number, dg13.full_name) == ("001190012345", "Lê Văn An")


def test_trailing_data_inside_an_entry_and_after_the_set() -> None:
    inner = der.tlv(0x31, ID_ENTRY) + der.utf8("trailing")
    data = der.tlv(0x6D, der.sequence(der.integer(1), der.oid("2.25.1"), inner) + b"\x00\x00")
    garbled = der.sequence(der.integer(2), der.utf8("Lê Văn An"), b"\x00")  # never decodes
    assert parse_dg13(data).id_number == "001190012345"
    assert parse_dg13(dg13_of(garbled)).full_name == "Lê Văn An"


@pytest.mark.parametrize(
    "body",
    [
        der.integer(1) + der.oid("2.25.1") + der.tlv(0x31, ID_ENTRY),  # no wrapping SEQUENCE
        der.sequence(der.integer(1), der.oid("2.25.1"), ID_ENTRY),  # fields after the OID
        der.sequence(der.integer(1), der.oid("2.25.1"), der.sequence(ID_ENTRY)),  # SEQUENCE OF
        der.sequence(der.oid("2.25.1"), der.tlv(0x31, ID_ENTRY)),  # no version
        der.tlv(0x31, ID_ENTRY),  # the SET alone
        der.sequence(der.integer(-1), der.oid("2.25.1"), der.tlv(0x31, ID_ENTRY)),  # odd version
    ],
    ids=["bare", "after-oid", "sequence-of", "no-version", "set-alone", "odd-version"],
)
def test_outer_variants_that_still_hold_the_fields(body: bytes) -> None:
    assert parse_dg13(der.tlv(0x6D, body)).id_number == "001190012345"


@given(values_strategy)
def test_flat_and_nested_forms_read_the_same(values: dict[int, str | tuple[str, ...]]) -> None:
    flat, nested = parse_dg13(encode_dg13(values, flat=True)), parse_dg13(encode_dg13(values))
    assert replace(flat, raw={}) == replace(nested, raw={})  # raw: each entry's own encoding
    assert flat.raw.keys() == nested.raw.keys()


@given(st.integers(min_value=0), st.integers(0, 255))
def test_corrupted_flat_dg13_raises_only_typed_errors(where: int, byte: int) -> None:
    data = bytearray(encode_dg13(FULL, flat=True))
    data[where % len(data)] = byte
    with contextlib.suppress(MalformedData):
        parse_dg13(bytes(data))
