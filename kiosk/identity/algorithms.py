"""Hash and signature algorithms by OID, and one signature check for CMS and certificates.

eMRTD issuers sign with RSA PKCS#1 v1.5, RSA-PSS or ECDSA (ICAO 9303-12 §4.1,
RFC 5652 / 4056 / 5753). ECDSA signatures are DER ``Ecdsa-Sig-Value`` under the
X9.62 OIDs and plain ``r‖s`` under the BSI TR-03111 OIDs; both are accepted.
The math is :mod:`cryptography`'s; this module only maps OIDs onto it.
"""

from __future__ import annotations

from dataclasses import dataclass

from cryptography.exceptions import InvalidSignature, UnsupportedAlgorithm
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature

from kiosk.identity import ber
from kiosk.identity.errors import MalformedData

SHA1 = "1.3.14.3.2.26"
SHA224 = "2.16.840.1.101.3.4.2.4"
SHA256 = "2.16.840.1.101.3.4.2.1"
SHA384 = "2.16.840.1.101.3.4.2.2"
SHA512 = "2.16.840.1.101.3.4.2.3"
RSA_ENCRYPTION = "1.2.840.113549.1.1.1"
RSA_PSS = "1.2.840.113549.1.1.10"
MGF1 = "1.2.840.113549.1.1.8"
EC_PUBLIC_KEY = "1.2.840.10045.2.1"

_HASHES: dict[str, type[hashes.HashAlgorithm]] = {
    SHA1: hashes.SHA1,
    SHA224: hashes.SHA224,
    SHA256: hashes.SHA256,
    SHA384: hashes.SHA384,
    SHA512: hashes.SHA512,
}
_RSA_PKCS1: dict[str, str] = {
    "1.2.840.113549.1.1.5": SHA1,
    "1.2.840.113549.1.1.14": SHA224,
    "1.2.840.113549.1.1.11": SHA256,
    "1.2.840.113549.1.1.12": SHA384,
    "1.2.840.113549.1.1.13": SHA512,
}
ECDSA_DER: dict[str, str] = {
    "1.2.840.10045.4.1": SHA1,
    "1.2.840.10045.4.3.1": SHA224,
    "1.2.840.10045.4.3.2": SHA256,
    "1.2.840.10045.4.3.3": SHA384,
    "1.2.840.10045.4.3.4": SHA512,
}
# BSI TR-03111 ecdsa-plain-signatures: r‖s, each the size of the curve order.
ECDSA_PLAIN: dict[str, str] = {
    "0.4.0.127.0.7.1.1.4.1.1": SHA1,
    "0.4.0.127.0.7.1.1.4.1.2": SHA224,
    "0.4.0.127.0.7.1.1.4.1.3": SHA256,
    "0.4.0.127.0.7.1.1.4.1.4": SHA384,
    "0.4.0.127.0.7.1.1.4.1.5": SHA512,
}
OID_OF_HASH = {"sha1": SHA1, "sha224": SHA224, "sha256": SHA256, "sha384": SHA384, "sha512": SHA512}


@dataclass(frozen=True)
class AlgorithmId:
    """An AlgorithmIdentifier: its OID and its parameters element, if any."""

    oid: str
    parameters: ber.Tlv | None = None


def parse_algorithm(element: ber.Tlv, what: str) -> AlgorithmId:
    parts = ber.expect(element, ber.SEQUENCE, what).children()
    if not parts:
        raise MalformedData(what, "empty AlgorithmIdentifier")
    oid = ber.read_oid(parts[0], what)
    parameters = parts[1] if len(parts) > 1 and parts[1].tag != ber.NULL else None
    return AlgorithmId(oid, parameters)


def hash_for(oid: str, what: str = "hash algorithm") -> hashes.HashAlgorithm:
    """A fresh hash object for ``oid``; an unknown algorithm is a typed error."""
    cls = _HASHES.get(oid)
    if cls is None:
        raise MalformedData(what, "unsupported hash algorithm")
    return cls()


def digest(algorithm: hashes.HashAlgorithm, data: bytes) -> bytes:
    context = hashes.Hash(algorithm)
    context.update(data)
    return context.finalize()


PublicKey = rsa.RSAPublicKey | ec.EllipticCurvePublicKey


def verify(
    key: object,
    signature: bytes,
    data: bytes,
    signature_algorithm: AlgorithmId,
    digest_algorithm: AlgorithmId | None = None,
) -> bool:
    """Whether ``signature`` over ``data`` verifies under ``key`` with the named algorithm.

    ``digest_algorithm`` is the CMS signer's digestAlgorithm, used when the
    signature OID names only the key type (``rsaEncryption``, ``id-ecPublicKey``).
    A malformed signature, an unknown algorithm or a key of the wrong type gives ``False``.
    """
    try:
        return _verify(key, signature, data, signature_algorithm, digest_algorithm)
    except (InvalidSignature, UnsupportedAlgorithm, ValueError, MalformedData):
        return False


def _verify(
    key: object,
    signature: bytes,
    data: bytes,
    algorithm: AlgorithmId,
    digest_algorithm: AlgorithmId | None,
) -> bool:
    oid = algorithm.oid
    fallback = digest_algorithm.oid if digest_algorithm else ""
    if isinstance(key, rsa.RSAPublicKey):
        if oid == RSA_PSS:
            hash_oid, mgf_oid, salt = pss_parameters(algorithm.parameters)
            pss = padding.PSS(padding.MGF1(hash_for(mgf_oid)), salt)
            key.verify(signature, data, pss, hash_for(hash_oid))
            return True
        hash_oid = _RSA_PKCS1.get(oid) or (fallback if oid == RSA_ENCRYPTION else "")
        key.verify(signature, data, padding.PKCS1v15(), hash_for(hash_oid))
        return True
    if isinstance(key, ec.EllipticCurvePublicKey):
        hash_oid = ECDSA_DER.get(oid) or (fallback if oid == EC_PUBLIC_KEY else "")
        if oid in ECDSA_PLAIN:
            hash_oid = ECDSA_PLAIN[oid]
            signature = plain_to_der(signature, key.curve.key_size)
        key.verify(signature, data, ec.ECDSA(hash_for(hash_oid)))
        return True
    return False


def plain_to_der(signature: bytes, key_size: int) -> bytes:
    """A TR-03111 plain ``r‖s`` ECDSA signature as the DER ``Ecdsa-Sig-Value``."""
    size = (key_size + 7) // 8
    if len(signature) != 2 * size:
        raise ValueError("plain ECDSA signature of the wrong length")
    r = int.from_bytes(signature[:size], "big")
    s = int.from_bytes(signature[size:], "big")
    return encode_dss_signature(r, s)


def pss_parameters(parameters: ber.Tlv | None) -> tuple[str, str, int]:
    """RSASSA-PSS-params (RFC 4055 §3.1): hash OID, MGF1 hash OID, salt length."""
    hash_oid, mgf_oid, salt = SHA1, SHA1, 20  # the defaults of the ASN.1 module
    if parameters is None:
        return hash_oid, mgf_oid, salt
    for item in ber.expect(parameters, ber.SEQUENCE, "RSA-PSS").children():
        inner = item.children()
        if item.tag == 0xA0 and inner:
            hash_oid = parse_algorithm(inner[0], "RSA-PSS hash").oid
        elif item.tag == 0xA1 and inner:
            mgf = parse_algorithm(inner[0], "RSA-PSS MGF")
            if mgf.oid != MGF1 or mgf.parameters is None:
                raise MalformedData("RSA-PSS", "only MGF1 is supported")
            mgf_oid = parse_algorithm(mgf.parameters, "RSA-PSS MGF1 hash").oid
        elif item.tag == 0xA2 and inner:
            salt = ber.read_small_int(inner[0], "RSA-PSS salt length", limit=1 << 16)
    return hash_oid, mgf_oid, salt
