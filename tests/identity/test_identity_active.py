"""Active authentication: DG15, ISO/IEC 9796-2 (RSA) and ECDSA responses to a challenge."""

from __future__ import annotations

import contextlib

import pytest
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature
from hypothesis import given
from hypothesis import strategies as st

from kiosk.identity import der
from kiosk.identity.active import (
    active_auth_algorithm,
    parse_dg15,
    sign_active_auth,
    verify_active_auth,
)
from kiosk.identity.errors import MalformedData
from kiosk.identity.synthetic import AaKind, Citizen, TestPki, build_card_files
from kiosk.identity.synthetic.card_files import ECDSA_PLAIN_SHA256, encode_dg15

CHALLENGE = bytes.fromhex("0102030405060708")
RSA_KEY = rsa.generate_private_key(public_exponent=65537, key_size=1024)
EC_KEY = ec.generate_private_key(ec.SECP256R1())


def test_rsa_card_round_trip(citizen: Citizen, pki: TestPki) -> None:
    card = build_card_files(citizen, pki, active_auth=AaKind.RSA)
    assert isinstance(card.aa_key, rsa.RSAPrivateKey)
    key = parse_dg15(card.group(15))
    response = sign_active_auth(card.aa_key, CHALLENGE)
    assert len(response) == 128
    assert verify_active_auth(key, CHALLENGE, response)
    assert not verify_active_auth(key, bytes(8), response)


def test_ecdsa_card_round_trip(citizen: Citizen, pki: TestPki) -> None:
    card = build_card_files(citizen, pki, active_auth=AaKind.ECDSA)
    assert isinstance(card.aa_key, ec.EllipticCurvePrivateKey)
    algorithm = active_auth_algorithm(card.group(14))
    assert algorithm == ECDSA_PLAIN_SHA256
    key = parse_dg15(card.group(15))
    response = sign_active_auth(card.aa_key, CHALLENGE)
    assert len(response) == 64  # plain r‖s
    assert verify_active_auth(key, CHALLENGE, response, algorithm)
    assert not verify_active_auth(key, CHALLENGE[::-1], response, algorithm)
    assert not verify_active_auth(key, CHALLENGE, response)  # no algorithm from DG14


def test_card_without_active_authentication(citizen: Citizen, pki: TestPki) -> None:
    card = build_card_files(citizen, pki, active_auth=AaKind.NONE, chip_auth=False)
    assert card.aa_key is None and card.groups == (1, 2, 13)


@pytest.mark.parametrize(
    "algorithm", [hashes.SHA1(), hashes.SHA224(), hashes.SHA256(), hashes.SHA512()]
)
def test_iso9796_trailers(algorithm: hashes.HashAlgorithm) -> None:
    response = sign_active_auth(RSA_KEY, CHALLENGE, algorithm)
    block = pow(int.from_bytes(response, "big"), 65537, RSA_KEY.public_key().public_numbers().n)
    trailer = block.to_bytes(128, "big")[-2:]
    assert trailer[-1] == (0xBC if isinstance(algorithm, hashes.SHA1) else 0xCC)
    assert verify_active_auth(RSA_KEY.public_key(), CHALLENGE, response)


def test_rsa_responses_that_must_fail() -> None:
    key = RSA_KEY.public_key()
    good = sign_active_auth(RSA_KEY, CHALLENGE)
    other = rsa.generate_private_key(public_exponent=65537, key_size=1024)
    assert not verify_active_auth(other.public_key(), CHALLENGE, good)
    assert not verify_active_auth(key, CHALLENGE, good[:-1])
    assert not verify_active_auth(key, CHALLENGE, b"\xff" * 128)  # ≥ n
    assert not verify_active_auth(key, CHALLENGE, bytes(128))
    tampered = bytearray(good)
    tampered[10] ^= 1
    assert not verify_active_auth(key, CHALLENGE, bytes(tampered))


def test_ecdsa_der_responses_are_accepted() -> None:
    der_signature = EC_KEY.sign(CHALLENGE, ec.ECDSA(hashes.SHA256()))
    assert verify_active_auth(EC_KEY.public_key(), CHALLENGE, der_signature, ECDSA_PLAIN_SHA256)
    assert verify_active_auth(EC_KEY.public_key(), CHALLENGE, der_signature, "1.2.840.10045.4.3.2")
    r, s = decode_dss_signature(der_signature)
    plain = r.to_bytes(32, "big") + s.to_bytes(32, "big")
    assert verify_active_auth(EC_KEY.public_key(), CHALLENGE, plain, "1.2.840.10045.4.3.2")
    assert not verify_active_auth(EC_KEY.public_key(), CHALLENGE, plain, "1.2.3.4")


@given(st.binary(max_size=300))
def test_arbitrary_responses_are_false_not_errors(response: bytes) -> None:
    assert not verify_active_auth(RSA_KEY.public_key(), CHALLENGE, response)
    assert not verify_active_auth(EC_KEY.public_key(), CHALLENGE, response, ECDSA_PLAIN_SHA256)


@pytest.mark.parametrize(
    "data",
    [b"", der.tlv(0x6F, b""), der.tlv(0x6F, der.sequence()), der.tlv(0x6E, b"\x01\x02\x03\x04")],
)
def test_malformed_dg15(data: bytes) -> None:
    with pytest.raises(MalformedData):
        parse_dg15(data)


def test_dg15_round_trip() -> None:
    assert parse_dg15(encode_dg15(EC_KEY.public_key())) == EC_KEY.public_key()


@given(st.binary(max_size=200))
def test_arbitrary_dg15_bytes_raise_only_typed_errors(data: bytes) -> None:
    with contextlib.suppress(MalformedData):
        parse_dg15(data)
