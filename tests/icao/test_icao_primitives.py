"""The building blocks: curves, TLV, OIDs, check digits, ATR, AES secure messaging."""

from __future__ import annotations

import pytest
from cryptography.hazmat.primitives.asymmetric import ec as cryptography_ec
from icao_support import h

from drivers.card.apdu import CommandApdu, ResponseApdu
from drivers.card.emrtd_card import chip_atr
from drivers.card.icao import crypto, ec, tlv
from drivers.card.icao.cardaccess import (
    decode_oid,
    encode_oid,
    pace_protocol,
    parse_card_access,
)
from drivers.card.icao.crypto import CipherKind
from drivers.card.icao.curves import CURVES, CURVES_BY_NAME
from drivers.card.icao.files import extended_length_in_atr
from drivers.card.icao.keys import AccessKeys, MrzKey
from drivers.card.icao.sm import SecureMessaging, SessionKeys
from drivers.card.softcard import make_atr

CRYPTOGRAPHY_CURVES = {
    "secp192r1": cryptography_ec.SECP192R1(),
    "secp224r1": cryptography_ec.SECP224R1(),
    "secp256r1": cryptography_ec.SECP256R1(),
    "secp384r1": cryptography_ec.SECP384R1(),
    "secp521r1": cryptography_ec.SECP521R1(),
    "brainpoolP256r1": cryptography_ec.BrainpoolP256R1(),
    "brainpoolP384r1": cryptography_ec.BrainpoolP384R1(),
    "brainpoolP512r1": cryptography_ec.BrainpoolP512R1(),
}


@pytest.mark.parametrize("name", sorted(CRYPTOGRAPHY_CURVES))
def test_curve_constants_agree_with_cryptography(name: str) -> None:
    """Our scalar multiplication and constants give the public keys OpenSSL gives."""
    curve = CURVES_BY_NAME[name]
    for k in (1, 2, 0xC0FFEE, curve.n - 1, curve.n // 3):
        key = cryptography_ec.derive_private_key(k, CRYPTOGRAPHY_CURVES[name])
        numbers = key.public_key().public_numbers()
        assert ec.multiply(curve, k, ec.generator(curve)) == (numbers.x, numbers.y)


@pytest.mark.parametrize("parameter_id", sorted(CURVES))
def test_every_curve_is_consistent(parameter_id: int) -> None:
    curve = CURVES[parameter_id]
    g = ec.generator(curve)
    assert ec.is_on_curve(curve, g)
    assert ec.add(curve, ec.multiply(curve, curve.n - 1, g), g) is None  # n·G = O
    point = ec.multiply(curve, 12345, g)
    assert point is not None
    assert ec.decode_point(curve, ec.encode_point(curve, point)) == point


def test_points_off_the_curve_are_refused() -> None:
    curve = CURVES[13]
    x, y = ec.generator(curve)
    with pytest.raises(ec.PointError):
        ec.decode_point(curve, ec.encode_point(curve, (x, y + 1)))
    with pytest.raises(ec.PointError):
        ec.decode_point(curve, b"\x02" + x.to_bytes(32, "big"))


def test_pad_and_unpad() -> None:
    assert crypto.pad(b"", 8) == h("8000000000000000")
    assert crypto.pad(bytes(8), 8) == bytes(8) + h("8000000000000000")
    assert crypto.unpad(crypto.pad(b"\x80\x00", 16)) == b"\x80\x00"
    for broken in (b"", bytes(16), h("0102")):
        with pytest.raises(ValueError):
            crypto.unpad(broken)


def test_tlv_reads_long_forms_and_multi_byte_tags() -> None:
    data = tlv.encode(0x7F49, tlv.encode(0x86, bytes(300)))
    outer, end = tlv.read_tlv(data)
    assert (outer.tag, end, outer.constructed) == (0x7F49, len(data), True)
    assert outer.children()[0].value == bytes(300)
    assert tlv.read_header(h("77820100")) == (0x77, 4, 256)
    assert list(tlv.iter_tlvs(b"")) == []
    for broken in (h("77"), h("7781"), h("778201"), h("7705AA"), h("7F"), h("7785FFFFFFFFFF")):
        with pytest.raises(tlv.TlvError):
            list(tlv.iter_tlvs(broken))


def test_oids_round_trip() -> None:
    for oid in ("0.4.0.127.0.7.2.2.4.2.2", "1.2.840.10045.2.1", "2.999.3"):
        assert decode_oid(encode_oid(oid)) == oid
    assert encode_oid("0.4.0.127.0.7.2.2.4.2.2") == h("04007F00070202040202")
    protocol = pace_protocol("0.4.0.127.0.7.2.2.4.2.4")
    assert protocol is not None
    assert protocol.name == "id-PACE-ECDH-GM-AES-CBC-CMAC-256"
    assert pace_protocol("0.4.0.127.0.7.2.2.3.2") is None  # Chip Authentication, not PACE


def test_card_access_with_unsupported_and_other_infos() -> None:
    chip_authentication = tlv.encode(
        0x30, tlv.encode(0x06, encode_oid("0.4.0.127.0.7.2.2.3.2.1")) + h("020101")
    )  # a ChipAuthenticationInfo: skipped
    dh_gm = h("3012060A04007F00070202040102020102020100")  # DH, 1024-bit MODP: not supported
    im = h("3012060A04007F0007020204040202010202010D")  # ECDH integrated mapping: not supported
    infos = parse_card_access(tlv.encode(0x31, chip_authentication + dh_gm + im))
    assert [info.describe() for info in infos] == [
        "id-PACE-DH-GM-AES-CBC-CMAC-128 (parameters 0)",
        "id-PACE-ECDH-IM-AES-CBC-CMAC-128 (parameters 13)",
    ]
    assert not any(info.supported for info in infos)


def test_extended_length_is_read_from_the_atr() -> None:
    assert extended_length_in_atr(chip_atr(True))
    assert not extended_length_in_atr(chip_atr(False))
    assert not extended_length_in_atr(make_atr())
    # TA1 TB1 TC1 TD1 present, then TD1 points at TD2 with T=1.
    atr = h("3B F8 13 00 00 81 31 FE 15 80 73 C0 21 C0 57 59 5C")
    assert extended_length_in_atr(atr[:-1] + b"\x00")


def test_keys_validate_and_never_show_their_values() -> None:
    key = MrzKey.from_cccd("001099012345", "990101", "390101")
    assert key.document_number == "099012345"
    assert "099012345" not in repr(key) and "123456" not in repr(AccessKeys(can="123456"))
    with pytest.raises(ValueError):
        AccessKeys()
    with pytest.raises(ValueError):
        AccessKeys(can="12345")
    with pytest.raises(ValueError):
        MrzKey.from_cccd("0010990123", "990101", "390101")
    with pytest.raises(ValueError):
        MrzKey("L898902C<", "6908", "940623")
    assert MrzKey("099012345", "990101", "<<<<<<").information().endswith("<<<<<<0")


def test_aes_256_secure_messaging_matches_a_real_chip_trace() -> None:
    """Secondary check, not ICAO: EF.COM read from a real chip with AES-256 SM (SSC 0x20),
    as recorded in the open-source gmrtd test suite. It pins AES IVs (E(KS_enc, SSC)),
    CMAC over padded input, and both DO'97' and DO'87' handling for AES."""
    sm = SecureMessaging(
        SessionKeys(
            CipherKind.AES,
            h("74B94F408BBB2CD92571FD5B6370A94CCE7A2FA42AE3EB4DA47B97CE6EAA24C6"),
            h("9E28D5D9FF1D979BE752E8926BF0E1D35A440FC0AEFC4AA3BC5610055AC8B113"),
            0x20,
        )
    )
    trace = [
        ("00A4020C02011E", "0CA4020C1D8711011D35E7EB510E21A0DD12380D9AD2B92D8E0828CB68B81D3FAFC000",
         "990290008E08E083EAA61ADABFCE9000", ""),
        ("00B0000004", "0CB000000D9701048E084AFC933E0CDBE5F000",
         "871101D8059A9CF835105082CA2B1837E4AEC0990290008E08B36DB56761D706BB9000", "60185F01"),
        ("00B0000416", "0CB000040D9701168E0811F7EFC907D1F27400",
         "87210142E919C115FAF69350B01813D77A9E8D91912A7F717AFD073F199070E61B79C6990290008E08"
         "3382E3D983F441369000", "04303130385F36063034303030305C06617563766D6E"),
    ]  # fmt: skip
    for plain, protected, response, data in trace:
        assert sm.wrap(CommandApdu.parse(h(plain))).to_bytes() == h(protected)
        assert sm.unwrap(ResponseApdu.from_bytes(h(response))).data == h(data)
    assert sm.ssc == 0x26
