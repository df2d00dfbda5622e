"""DG14 found by ``bench/fuzz.py`` that once stalled chip authentication's key check.

A DH key's check raises y to q mod p; a chip declaring a q (or a p) far larger
than any standardized group made that one check cost a fifth of a second and
more, growing with the sizes it declares (a DG14 may be a megabyte).
"""

from __future__ import annotations

import pytest

from drivers.card.icao.ca import ChipAuthError, chip_auth_options
from drivers.card.icao.cardaccess import encode_oid
from drivers.card.icao.tlv import encode
from kiosk.identity.synthetic.card_files import RFC5114_G, RFC5114_P, RFC5114_Q


def _integer(value: int) -> bytes:
    return encode(0x02, value.to_bytes(value.bit_length() // 8 + 1, "big"))


def _dg14_with_dh_key(p: int, g: int, q: int, y: int) -> bytes:
    """DG14 with one ChipAuthenticationPublicKeyInfo holding an X9.42 DH key."""
    algorithm = encode(
        0x30,
        encode(0x06, encode_oid("1.2.840.10046.2.1"))
        + encode(0x30, _integer(p) + _integer(g) + _integer(q)),
    )
    spki = encode(0x30, algorithm + encode(0x03, b"\x00" + _integer(y)))
    info = encode(0x30, encode(0x06, encode_oid("0.4.0.127.0.7.2.2.1.1")) + spki)
    return encode(0x6E, encode(0x31, info))


def test_the_rfc5114_group_is_still_accepted() -> None:
    assert chip_auth_options(_dg14_with_dh_key(RFC5114_P, RFC5114_G, RFC5114_Q, RFC5114_G))


def test_a_subgroup_order_of_thousands_of_bits_is_refused() -> None:
    # (p - 1) * 2^3000 passes y^q = 1 for any y (Fermat): only its size can refuse it.
    huge_q = (RFC5114_P - 1) << 3000
    with pytest.raises(ChipAuthError):
        chip_auth_options(_dg14_with_dh_key(RFC5114_P, RFC5114_G, huge_q, RFC5114_G))


def test_a_prime_beyond_2048_bits_is_refused() -> None:
    big_p = (1 << 2100) + 1
    with pytest.raises(ChipAuthError):
        chip_auth_options(_dg14_with_dh_key(big_p, 2, 0, 5))
