"""The BER decoder: tag classes, multi-byte tags, long-form lengths, and hostile bytes."""

from __future__ import annotations

import contextlib

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kiosk.identity import ber, der
from kiosk.identity.errors import BerError


def walk(element: ber.Tlv, budget: int = 10_000) -> int:
    """Visit every element below ``element`` with an explicit stack (no recursion)."""
    stack = [element]
    seen = 0
    while stack and seen < budget:
        current = stack.pop()
        seen += 1
        if current.constructed:
            stack.extend(current.children())
    return seen


def test_tag_classes_constructed_and_numbers() -> None:
    dg2 = ber.decode(bytes.fromhex("7F61 03 020101".replace(" ", "")))
    assert dg2.tag == 0x7F61
    assert dg2.tag_class is ber.TagClass.APPLICATION
    assert dg2.constructed and dg2.number == 0x61
    (count,) = dg2.children()
    assert ber.read_integer(count) == 1
    context = ber.decode(bytes.fromhex("A0 00"))
    assert context.tag_class is ber.TagClass.CONTEXT and context.number == 0 and context.constructed
    mrz = ber.decode(bytes.fromhex("5F1F 01 41"))
    assert mrz.tag_class is ber.TagClass.APPLICATION and not mrz.constructed and mrz.number == 31
    private = ber.decode(bytes.fromhex("DF8101 00"))
    assert private.tag_class is ber.TagClass.PRIVATE and private.number == 0x81


@pytest.mark.parametrize("size", [0, 1, 127, 128, 255, 256, 65_535, 65_536, 70_000])
def test_long_form_lengths_round_trip(size: int) -> None:
    encoded = der.tlv(0x04, b"\x5a" * size)
    element = ber.decode(encoded)
    assert element.value == b"\x5a" * size
    assert element.encoded == encoded


def test_non_minimal_long_form_is_accepted_as_ber() -> None:
    assert ber.decode(bytes.fromhex("04 81 02 4142")).value == b"AB"
    assert ber.decode(bytes.fromhex("04 82 0002 4142")).value == b"AB"


@pytest.mark.parametrize(
    ("hex_bytes", "problem"),
    [
        ("30 80 0000", "indefinite"),
        ("04 05 4142", "claims 5 bytes"),
        ("04", "length expected"),
        ("", "tag expected"),
        ("5F", "multi-byte tag"),
        ("1F 80 01 00", "leading zero"),
        ("1F FF FF FF 01 00", "tag longer"),
        ("04 85 0000000001 00", "not supported"),
        ("04 83 0001", "long-form length"),
        ("00 00", "end-of-contents"),
        ("04 01 41 00", "after the element"),
    ],
)
def test_malformed_encodings_are_typed_errors(hex_bytes: str, problem: str) -> None:
    with pytest.raises(BerError, match=problem):
        ber.decode(bytes.fromhex(hex_bytes.replace(" ", "")))


def test_children_of_a_primitive_is_an_error() -> None:
    with pytest.raises(BerError, match="primitive"):
        ber.decode(bytes.fromhex("0401 41")).children()


def test_deep_nesting_needs_no_recursion() -> None:
    data = b"\x05\x00"
    for _ in range(5_000):
        data = der.sequence(data)
    assert walk(ber.decode(data)) == 5_001


@pytest.mark.parametrize(
    "oid", ["2.23.136.1.1.1", "1.2.840.113549.1.7.2", "0.4.0.127.0.7.2.2.1.2", "2.999.1", "2.25.1"]
)
def test_oid_round_trip(oid: str) -> None:
    assert ber.read_oid(ber.decode(der.oid(oid))) == oid


@pytest.mark.parametrize("value", ["06 00", "06 01 81", "06 02 8001"])
def test_bad_oids(value: str) -> None:
    with pytest.raises(BerError):
        ber.read_oid(ber.decode(bytes.fromhex(value.replace(" ", ""))))


@given(st.integers(min_value=-(2**70), max_value=2**70))
def test_integer_round_trip(value: int) -> None:
    assert ber.read_integer(ber.decode(der.integer(value))) == value


@given(st.binary(max_size=300))
def test_arbitrary_bytes_raise_only_ber_errors(data: bytes) -> None:
    for decode in (ber.decode, ber.decode_all, ber.decode_first):
        try:
            result = decode(data)
        except BerError:
            continue
        for element in result if isinstance(result, tuple) else (result,):
            with contextlib.suppress(BerError):
                walk(element)


trees = st.recursive(
    st.binary(max_size=40).map(der.octets),
    lambda children: st.lists(children, max_size=4).map(lambda parts: der.sequence(*parts)),
    max_leaves=30,
)


@given(trees)
def test_encoded_trees_decode_to_themselves(encoded: bytes) -> None:
    element = ber.decode(encoded)
    assert element.encoded == encoded
    assert walk(element) >= 1


@given(trees, st.integers(min_value=0), st.integers(min_value=0, max_value=255))
def test_corrupted_trees_raise_only_ber_errors(encoded: bytes, where: int, byte: int) -> None:
    corrupted = bytearray(encoded)
    corrupted[where % len(corrupted)] = byte
    with contextlib.suppress(BerError):
        walk(ber.decode(bytes(corrupted)))


def test_text_types() -> None:
    assert ber.read_text(ber.decode(der.utf8("Nguyễn Văn Đức"))) == "Nguyễn Văn Đức"
    assert ber.read_text(ber.decode(der.printable("NGUYEN"))) == "NGUYEN"
    with pytest.raises(BerError, match="utf-8"):
        ber.read_text(ber.decode(der.tlv(ber.UTF8_STRING, b"\xc3")))
    with pytest.raises(BerError, match="character string"):
        ber.read_text(ber.decode(der.octets(b"x")))
