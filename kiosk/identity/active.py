"""Active authentication (ICAO 9303-11 §6.1): is this the chip the SOD was made for?

The terminal sends an 8-byte challenge with INTERNAL AUTHENTICATE; the chip
signs it with the private key whose public half is in DG15 (covered by the
SOD, so a copied chip cannot answer). This module holds the pure parts: read
DG15, verify a response, judge an exchange (:func:`active_authenticate`), and
— for the simulated chip — produce one. The exchange itself is the driver's
(``drivers.card.icao.aa``).

- RSA: ISO/IEC 9796-2 digital signature scheme 1 with partial message recovery:
  ``s^e mod n = 6A ‖ M1 ‖ H(M1 ‖ challenge) ‖ trailer``, trailer ``BC`` for
  SHA-1 or ``<hash id> CC`` (ISO/IEC 10118-3 ids) for the others.
- ECDSA: a signature over the challenge with the hash DG14's
  ActiveAuthenticationInfo names, plain ``r‖s`` (BSI TR-03111), DER tolerated.
"""

from __future__ import annotations

import hmac
import secrets
from enum import StrEnum

from cryptography.exceptions import UnsupportedAlgorithm
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature

from kiosk.identity import ber
from kiosk.identity.algorithms import (
    ECDSA_DER,
    ECDSA_PLAIN,
    OID_OF_HASH,
    SHA1,
    AlgorithmId,
    PublicKey,
    hash_for,
    verify,
)
from kiosk.identity.errors import MalformedData
from kiosk.identity.lds import unwrap

ACTIVE_AUTHENTICATION_INFO = "2.23.136.1.1.5"
_HEADER = 0x6A  # '01' start, partial recovery, no padding, '1010' ISO/IEC 9796-2 marker
_IMPLICIT_SHA1 = 0xBC
_EXPLICIT = 0xCC
_HASH_IDS: dict[int, str] = {
    0x33: SHA1,
    0x34: "2.16.840.1.101.3.4.2.1",  # SHA-256
    0x35: "2.16.840.1.101.3.4.2.3",  # SHA-512
    0x36: "2.16.840.1.101.3.4.2.2",  # SHA-384
    0x38: "2.16.840.1.101.3.4.2.4",  # SHA-224
}
_ID_OF_HASH = {oid: hash_id for hash_id, oid in _HASH_IDS.items()}


class ActiveAuthResult(StrEnum):
    """What active authentication showed about the chip."""

    PASSED = "passed"  # the chip signed the challenge with the DG15 key
    FAILED = "failed"  # it answered, but not with that key: a copied chip
    NOT_SUPPORTED = "not_supported"  # no DG15, or the chip did not answer the challenge


def active_authenticate(
    challenge: bytes, response: bytes | None, dg15: bytes | None, dg14: bytes | None
) -> ActiveAuthResult:
    """Judge one INTERNAL AUTHENTICATE: ``response`` None means the chip gave no signature.

    A DG15 or DG14 that cannot be read makes the answer uncheckable: FAILED, as
    what cannot be checked must not vouch for the chip.
    """
    if dg15 is None or response is None:
        return ActiveAuthResult.NOT_SUPPORTED
    try:
        key = parse_dg15(dg15)
        algorithm = active_auth_algorithm(dg14) if dg14 is not None else None
    except MalformedData:
        return ActiveAuthResult.FAILED
    if verify_active_auth(key, challenge, response, algorithm):
        return ActiveAuthResult.PASSED
    return ActiveAuthResult.FAILED


def parse_dg15(data: bytes) -> PublicKey:
    """The active authentication public key in DG15 (``6F { SubjectPublicKeyInfo }``)."""
    children = unwrap(data, 15).children()
    if len(children) != 1:
        raise MalformedData("DG15", "one SubjectPublicKeyInfo expected")
    return load_public_key(children[0].encoded, "DG15")


def load_public_key(spki: bytes, what: str) -> PublicKey:
    """An RSA or EC public key from a DER SubjectPublicKeyInfo."""
    try:
        key = serialization.load_der_public_key(spki)
    except (ValueError, UnsupportedAlgorithm) as exc:
        raise MalformedData(what, "the public key cannot be read") from exc
    if not isinstance(key, rsa.RSAPublicKey | ec.EllipticCurvePublicKey):
        raise MalformedData(what, "the public key is neither RSA nor EC")
    return key


def active_auth_algorithm(dg14: bytes) -> str | None:
    """The ECDSA signature OID named by DG14's ActiveAuthenticationInfo, if any."""
    for info in unwrap(dg14, 14).child(ber.SET, "DG14").children():
        parts = ber.expect(info, ber.SEQUENCE, "DG14").children()
        if len(parts) >= 3 and ber.read_oid(parts[0], "DG14") == ACTIVE_AUTHENTICATION_INFO:
            return ber.read_oid(parts[2], "DG14")
    return None


def verify_active_auth(
    key: PublicKey, challenge: bytes, response: bytes, ecdsa_algorithm: str | None = None
) -> bool:
    """Whether ``response`` is the chip's signature over ``challenge`` under the DG15 ``key``.

    ``ecdsa_algorithm`` is the OID from :func:`active_auth_algorithm` (an ECDSA
    key without it cannot be checked: ``False``).
    """
    if isinstance(key, rsa.RSAPublicKey):
        return _verify_iso9796(key, challenge, response)
    hash_oid = ECDSA_PLAIN.get(ecdsa_algorithm or "") or ECDSA_DER.get(ecdsa_algorithm or "")
    if hash_oid is None:
        return False
    plain = next(oid for oid, value in ECDSA_PLAIN.items() if value == hash_oid)
    x962 = next(oid for oid, value in ECDSA_DER.items() if value == hash_oid)
    # Whatever the OID says, cards answer plain r‖s or DER: accept either form.
    return verify(key, response, challenge, AlgorithmId(plain)) or verify(
        key, response, challenge, AlgorithmId(x962)
    )


def _verify_iso9796(key: rsa.RSAPublicKey, challenge: bytes, response: bytes) -> bool:
    numbers = key.public_numbers()
    size = (numbers.n.bit_length() + 7) // 8
    signature = int.from_bytes(response, "big")
    if len(response) != size or not 0 < signature < numbers.n:
        return False
    block = pow(signature, numbers.e, numbers.n).to_bytes(size, "big")
    if block[-1] == _IMPLICIT_SHA1:
        hash_oid, trailer = SHA1, 1
    elif block[-1] == _EXPLICIT and block[-2] in _HASH_IDS:
        hash_oid, trailer = _HASH_IDS[block[-2]], 2
    else:
        return False
    algorithm = hash_for(hash_oid)
    digest_at = size - trailer - algorithm.digest_size
    if block[0] != _HEADER or digest_at <= 1:
        return False
    recovered = block[1:digest_at]
    context = hashes.Hash(algorithm)
    context.update(recovered + challenge)
    return hmac.compare_digest(context.finalize(), block[digest_at : size - trailer])


def sign_active_auth(
    key: rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey,
    challenge: bytes,
    hash_algorithm: hashes.HashAlgorithm | None = None,
) -> bytes:
    """The chip's side of INTERNAL AUTHENTICATE, for the simulated card.

    RSA: ISO/IEC 9796-2 scheme 1 (SHA-1 with trailer ``BC`` unless ``hash_algorithm``
    says otherwise). EC: plain ``r‖s`` over the challenge with ``hash_algorithm``
    (SHA-256 by default; DG14 must name the same).
    """
    if isinstance(key, rsa.RSAPrivateKey):
        # SHA-1 is what ISO 9796-2 AA on issued cards uses (trailer BC); the simulator mirrors it.
        sha1 = hashes.SHA1()  # noqa: S303
        return _sign_iso9796(key, challenge, hash_algorithm or sha1)
    der_signature = key.sign(challenge, ec.ECDSA(hash_algorithm or hashes.SHA256()))
    r, s = decode_dss_signature(der_signature)
    size = (key.curve.key_size + 7) // 8
    return r.to_bytes(size, "big") + s.to_bytes(size, "big")


def _sign_iso9796(
    key: rsa.RSAPrivateKey, challenge: bytes, algorithm: hashes.HashAlgorithm
) -> bytes:
    numbers = key.private_numbers()
    n = numbers.public_numbers.n
    size = (n.bit_length() + 7) // 8
    oid = OID_OF_HASH[algorithm.name]
    trailer = bytes((_IMPLICIT_SHA1,)) if oid == SHA1 else bytes((_ID_OF_HASH[oid], _EXPLICIT))
    recovered = secrets.token_bytes(size - 1 - algorithm.digest_size - len(trailer))
    context = hashes.Hash(algorithm)
    context.update(recovered + challenge)
    block = bytes((_HEADER,)) + recovered + context.finalize() + trailer
    # Raw RSA: cryptography offers no ISO 9796-2 padding, and the block is already padded.
    return pow(int.from_bytes(block, "big"), numbers.d, n).to_bytes(size, "big")
