"""BER found by ``bench/fuzz.py`` that once escaped the identity parsers untyped."""

from __future__ import annotations

import pytest

from kiosk.identity import ber, der
from kiosk.identity.errors import BerError, MalformedData
from kiosk.identity.sod import parse_sod

# An OBJECT IDENTIFIER whose one arc runs 2200 bytes: its decimal form has over
# 4300 digits, which str(int) refuses with a bare ValueError.
HUGE_ARC = b"\x06\x82\x08\x99" + b"\xff" * 2200 + b"\x01"
# The same arc as the first element of EF.SOD's ContentInfo.
SOD_WITH_HUGE_ARC = der.tlv(0x77, der.sequence(HUGE_ARC, der.tlv(0xA0, b"")))


def test_an_oid_arc_too_long_to_print_is_a_ber_error() -> None:
    with pytest.raises(BerError, match="arc too long"):
        ber.read_oid(ber.decode(HUGE_ARC))


def test_an_sod_naming_such_an_oid_is_malformed_data() -> None:
    with pytest.raises(MalformedData):
        parse_sod(SOD_WITH_HUGE_ARC)


def test_a_uuid_arc_of_128_bits_still_reads() -> None:
    dotted = f"2.25.{(1 << 128) - 1}"
    assert ber.read_oid(ber.decode(der.oid(dotted))) == dotted
