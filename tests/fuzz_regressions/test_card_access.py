"""EF.CardAccess and DG14 found by ``bench/fuzz.py`` that once escaped untyped."""

from __future__ import annotations

import pytest

from drivers.card.icao.ca import ChipAuthError, chip_auth_options
from drivers.card.icao.cardaccess import decode_oid, encode_oid, parse_card_access
from drivers.card.icao.tlv import TlvError, encode

# An OBJECT IDENTIFIER whose one arc runs 2200 bytes (over 4300 decimal digits).
HUGE_ARC = b"\x06\x82\x08\x99" + b"\xff" * 2200 + b"\x01"
CARD_ACCESS = encode(0x31, encode(0x30, HUGE_ARC + b"\x02\x01\x02\x02\x01\x0d"))
DG14 = encode(0x6E, encode(0x31, encode(0x30, HUGE_ARC + b"\x02\x01\x01")))


def test_card_access_with_a_huge_oid_arc_is_a_tlv_error() -> None:
    with pytest.raises(TlvError, match="arc too long"):
        parse_card_access(CARD_ACCESS)


def test_dg14_with_a_huge_oid_arc_is_a_chip_auth_error() -> None:
    with pytest.raises(ChipAuthError):
        chip_auth_options(DG14)


def test_a_uuid_arc_of_128_bits_still_decodes() -> None:
    dotted = f"2.25.{(1 << 128) - 1}"
    assert decode_oid(encode_oid(dotted)) == dotted
