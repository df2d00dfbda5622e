"""A throwaway eMRTD PKI: a CSCA, a document signer (DSC), and CMS signing with them.

Made at run time for tests and the demo; the names say "Synthetic" so no one
can mistake them for a real country signing CA. Three flavours, as issuers use:
ECDSA P-256, RSA 2048 with PKCS#1 v1.5, RSA 2048 with PSS.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum

from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
from cryptography.hazmat.primitives.serialization import Encoding
from cryptography.x509.oid import NameOID

from kiosk.identity import der
from kiosk.identity.algorithms import MGF1, OID_OF_HASH, RSA_PSS
from kiosk.identity.cms import (
    CONTENT_TYPE_ATTR,
    MESSAGE_DIGEST_ATTR,
    SIGNED_DATA,
    SIGNING_TIME_ATTR,
)
from kiosk.identity.trust import CSCA_MASTER_LIST, TrustStore

PrivateKey = rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey
_ECDSA_OIDS = {
    "sha1": "1.2.840.10045.4.1",
    "sha224": "1.2.840.10045.4.3.1",
    "sha256": "1.2.840.10045.4.3.2",
    "sha384": "1.2.840.10045.4.3.3",
    "sha512": "1.2.840.10045.4.3.4",
}
_RSA_OIDS = {
    "sha1": "1.2.840.113549.1.1.5",
    "sha224": "1.2.840.113549.1.1.14",
    "sha256": "1.2.840.113549.1.1.11",
    "sha384": "1.2.840.113549.1.1.12",
    "sha512": "1.2.840.113549.1.1.13",
}


class KeyKind(StrEnum):
    ECDSA_P256 = "ecdsa-p256"
    RSA = "rsa"
    RSA_PSS = "rsa-pss"


@dataclass(frozen=True)
class TestPki:
    """A CSCA and a DSC it issued, with their private keys."""

    __test__ = False  # not a pytest test class, despite the name

    kind: KeyKind
    csca_key: PrivateKey
    csca: x509.Certificate
    dsc_key: PrivateKey
    dsc: x509.Certificate

    def trust_store(self) -> TrustStore:
        return TrustStore([self.csca])


def new_key(kind: KeyKind) -> PrivateKey:
    if kind is KeyKind.ECDSA_P256:
        return ec.generate_private_key(ec.SECP256R1())
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def make_pki(
    kind: KeyKind = KeyKind.ECDSA_P256,
    *,
    csca_name: str = "Synthetic Test CSCA",
    now: datetime | None = None,
    dsc_days: int = 3650,
) -> TestPki:
    """A fresh CSCA (valid 15 years) and a DSC (valid ``dsc_days``) issued by it."""
    start = (now or datetime.now(UTC)) - timedelta(days=1)
    csca_key = new_key(kind)
    csca_subject = _name(csca_name)
    csca = (
        _builder(csca_subject, csca_subject, csca_key, start, timedelta(days=15 * 365))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(_usage(cert_sign=True), critical=True)
    )
    csca_cert = _sign(csca, csca_key, kind)
    dsc_key = new_key(kind)
    dsc = (
        _builder(
            _name("Synthetic Document Signer"),
            csca_subject,
            dsc_key,
            start,
            timedelta(days=dsc_days),
        )
        .add_extension(_usage(cert_sign=False), critical=True)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(csca_key.public_key()),
            critical=False,
        )
    )
    return TestPki(kind, csca_key, csca_cert, dsc_key, _sign(dsc, csca_key, kind))


def _name(common_name: str) -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Synthetic test PKI (not a real issuer)"),
            x509.NameAttribute(NameOID.COMMON_NAME, common_name),
        ]
    )


def _builder(
    subject: x509.Name, issuer: x509.Name, key: PrivateKey, start: datetime, life: timedelta
) -> x509.CertificateBuilder:
    return (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(start)
        .not_valid_after(start + life)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
    )


def _usage(cert_sign: bool) -> x509.KeyUsage:
    return x509.KeyUsage(
        digital_signature=not cert_sign,
        content_commitment=False,
        key_encipherment=False,
        data_encipherment=False,
        key_agreement=False,
        key_cert_sign=cert_sign,
        crl_sign=cert_sign,
        encipher_only=False,
        decipher_only=False,
    )


def _sign(builder: x509.CertificateBuilder, key: PrivateKey, kind: KeyKind) -> x509.Certificate:
    if kind is KeyKind.RSA_PSS:
        pss = padding.PSS(padding.MGF1(hashes.SHA256()), 32)
        return builder.sign(key, hashes.SHA256(), rsa_padding=pss)
    return builder.sign(key, hashes.SHA256())


def sign_cms(
    content_type: str,
    content: bytes,
    key: PrivateKey,
    certificate: x509.Certificate,
    hash_algorithm: hashes.HashAlgorithm | None = None,
    *,
    pss: bool | None = None,
    signed_at: datetime | None = None,
) -> bytes:
    """A DER ContentInfo: SignedData over ``content`` with signed attributes, one signer.

    ``pss`` chooses RSA-PSS for an RSA key (default: PSS when the certificate is PSS-signed).
    """
    algorithm = hash_algorithm or hashes.SHA256()
    hash_oid = OID_OF_HASH[algorithm.name]
    digest = hashes.Hash(algorithm)
    digest.update(content)
    when = signed_at or datetime.now(UTC)
    # DER sorts a SET OF: sort once, then use the same bytes as [0] IMPLICIT in the
    # SignerInfo and as SET OF in what is signed (RFC 5652 §5.4).
    attributes = b"".join(
        sorted(
            (
                der.sequence(der.oid(CONTENT_TYPE_ATTR), der.set_of(der.oid(content_type))),
                der.sequence(
                    der.oid(MESSAGE_DIGEST_ATTR), der.set_of(der.octets(digest.finalize()))
                ),
                der.sequence(
                    der.oid(SIGNING_TIME_ATTR),
                    der.set_of(der.tlv(0x17, f"{when:%y%m%d%H%M%S}Z".encode("ascii"))),
                ),
            )
        )
    )
    use_pss = (
        pss if pss is not None else certificate.signature_algorithm_oid.dotted_string == RSA_PSS
    )
    signature, signature_algorithm = _signature(key, der.tlv(0x31, attributes), algorithm, use_pss)
    signer = der.sequence(
        der.integer(1),
        der.sequence(certificate.issuer.public_bytes(), der.integer(certificate.serial_number)),
        der.algorithm(hash_oid),
        der.context(0, attributes),
        signature_algorithm,
        der.octets(signature),
    )
    signed_data = der.sequence(
        der.integer(3),
        der.set_of(der.algorithm(hash_oid)),
        der.sequence(der.oid(content_type), der.context(0, der.octets(content))),
        der.context(0, certificate.public_bytes(Encoding.DER)),
        der.set_of(signer),
    )
    return der.sequence(der.oid(SIGNED_DATA), der.context(0, signed_data))


def _signature(
    key: PrivateKey, data: bytes, algorithm: hashes.HashAlgorithm, pss: bool
) -> tuple[bytes, bytes]:
    if isinstance(key, ec.EllipticCurvePrivateKey):
        return key.sign(data, ec.ECDSA(algorithm)), der.algorithm(_ECDSA_OIDS[algorithm.name])
    if not pss:
        return key.sign(data, padding.PKCS1v15(), algorithm), der.algorithm(
            _RSA_OIDS[algorithm.name], der.null()
        )
    salt = algorithm.digest_size
    hash_id = der.algorithm(OID_OF_HASH[algorithm.name])
    parameters = der.sequence(
        der.context(0, hash_id),
        der.context(1, der.algorithm(MGF1, hash_id)),
        der.context(2, der.integer(salt)),
    )
    signature = key.sign(data, padding.PSS(padding.MGF1(algorithm), salt), algorithm)
    return signature, der.algorithm(RSA_PSS, parameters)


def build_master_list(
    cscas: list[x509.Certificate], key: PrivateKey, signer: x509.Certificate
) -> bytes:
    """A CSCA master list (ICAO 9303-12 §8) of ``cscas``, signed by ``signer``."""
    body = der.sequence(der.integer(0), der.set_of(*(c.public_bytes(Encoding.DER) for c in cscas)))
    return sign_cms(CSCA_MASTER_LIST, body, key, signer)
