"""CMS SignedData (RFC 5652 §5), as far as EF.SOD and CSCA master lists use it.

Parsed with the package's own BER decoder; certificates are handed to
:mod:`cryptography`. The signed attributes keep their exact encoding, re-tagged
from ``[0] IMPLICIT`` to ``SET OF`` as RFC 5652 §5.4 says the signature covers.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from cryptography import x509
from cryptography.exceptions import UnsupportedAlgorithm
from cryptography.utils import CryptographyDeprecationWarning

from kiosk.identity import ber
from kiosk.identity.algorithms import AlgorithmId, digest, hash_for, parse_algorithm, verify
from kiosk.identity.errors import MalformedData

SIGNED_DATA = "1.2.840.113549.1.7.2"
CONTENT_TYPE_ATTR = "1.2.840.113549.1.9.3"
MESSAGE_DIGEST_ATTR = "1.2.840.113549.1.9.4"
SIGNING_TIME_ATTR = "1.2.840.113549.1.9.5"


@dataclass(frozen=True)
class SignerInfo:
    """One signer: who (issuer and serial, or key identifier), how, and the signature."""

    issuer: bytes | None  # DER of the issuer Name, when identified by issuer and serial
    serial: int | None
    key_identifier: bytes | None
    digest_algorithm: AlgorithmId
    signed_attributes: bytes | None  # DER as signed: SET OF Attribute (tag 31)
    content_type: str | None
    message_digest: bytes | None
    signature_algorithm: AlgorithmId
    signature: bytes


@dataclass(frozen=True)
class SignedData:
    """The parts of a SignedData passive authentication needs."""

    content_type: str
    content: bytes
    certificates: tuple[x509.Certificate, ...]
    signers: tuple[SignerInfo, ...]


def parse_content_info(data: bytes, what: str) -> SignedData:
    """A ContentInfo that must hold SignedData with encapsulated content."""
    return parse_content_info_element(ber.decode(data, what), what)


def parse_content_info_element(element: ber.Tlv, what: str) -> SignedData:
    parts = ber.expect(element, ber.SEQUENCE, what).children()
    if len(parts) != 2 or ber.read_oid(parts[0], what) != SIGNED_DATA:
        raise MalformedData(what, "not a CMS SignedData")
    explicit = ber.expect(parts[1], 0xA0, what).children()
    if len(explicit) != 1:
        raise MalformedData(what, "SignedData expected inside [0]")
    return _signed_data(ber.expect(explicit[0], ber.SEQUENCE, what), what)


def _signed_data(element: ber.Tlv, what: str) -> SignedData:
    parts = list(element.children())
    if len(parts) < 4:
        raise MalformedData(what, "SignedData is incomplete")
    ber.read_small_int(parts[0], what)
    ber.expect(parts[1], ber.SET, what)
    content_type, content = _encapsulated(parts[2], what)
    certificates: tuple[x509.Certificate, ...] = ()
    rest = parts[3:]
    if rest and rest[0].tag == 0xA0:
        certificates = _certificates(rest.pop(0), what)
    if rest and rest[0].tag == 0xA1:
        rest.pop(0)  # CRLs: not used by passive authentication here
    if len(rest) != 1:
        raise MalformedData(what, "signerInfos expected last in SignedData")
    signers = tuple(_signer(item, what) for item in ber.expect(rest[0], ber.SET, what).children())
    if not signers:
        raise MalformedData(what, "SignedData has no signer")
    return SignedData(content_type, content, certificates, signers)


def _encapsulated(element: ber.Tlv, what: str) -> tuple[str, bytes]:
    parts = ber.expect(element, ber.SEQUENCE, what).children()
    if len(parts) != 2:
        raise MalformedData(what, "the signed content is missing")
    content_type = ber.read_oid(parts[0], what)
    explicit = ber.expect(parts[1], 0xA0, what).children()
    if len(explicit) != 1:
        raise MalformedData(what, "one OCTET STRING expected inside [0]")
    return content_type, _octet_string(explicit[0], what)


def _octet_string(element: ber.Tlv, what: str) -> bytes:
    """An OCTET STRING, primitive or (BER) constructed from primitive chunks."""
    if element.tag == ber.OCTET_STRING:
        return element.value
    if element.tag == ber.OCTET_STRING | 0x20:
        return b"".join(ber.read_octets(chunk, what) for chunk in element.children())
    raise MalformedData(what, "OCTET STRING expected")


def _certificates(element: ber.Tlv, what: str) -> tuple[x509.Certificate, ...]:
    return tuple(
        load_certificate(item.encoded, what)
        for item in element.children()
        if item.tag == ber.SEQUENCE  # other CertificateChoices (attribute certificates): not ours
    )


@contextmanager
def lenient_x509() -> Iterator[None]:
    """Quiet :mod:`cryptography`'s warnings about certificates that bend RFC 5280.

    A negative serial number or an over-long country name is non-conformant but
    found in issued certificates; it is the signature that decides, not the
    warning (which a test run would turn into an error and a lobby would print
    to the journal at every read).
    """
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", CryptographyDeprecationWarning)
        warnings.filterwarnings("ignore", message="Attribute's length", category=UserWarning)
        yield


def load_certificate(data: bytes, what: str) -> x509.Certificate:
    """A DER certificate whose every field used later is readable now.

    :mod:`cryptography` parses names, key and extensions lazily; touching them
    here turns a corrupted certificate into one ``MalformedData`` at load time
    instead of a ``ValueError`` from deep inside a later check.
    """
    try:
        certificate = x509.load_der_x509_certificate(data)
        _ = certificate.serial_number
        certificate.issuer.public_bytes()
        certificate.subject.public_bytes()
        certificate.public_key()
        _ = (
            certificate.extensions,
            certificate.not_valid_after_utc,
            certificate.not_valid_before_utc,
        )
    # InvalidVersion is not a ValueError: a flipped bit in the version field raises it;
    # a name attribute of the wrong ASN.1 type raises TypeError.
    except (ValueError, TypeError, UnsupportedAlgorithm, x509.InvalidVersion) as exc:
        raise MalformedData(what, "a certificate cannot be parsed") from exc
    return certificate


def _signer(element: ber.Tlv, what: str) -> SignerInfo:
    parts = list(ber.expect(element, ber.SEQUENCE, what).children())
    if len(parts) < 5:
        raise MalformedData(what, "SignerInfo is incomplete")
    ber.read_small_int(parts[0], what)
    issuer, serial, key_id = _signer_id(parts[1], what)
    digest_algorithm = parse_algorithm(parts[2], what)
    rest = parts[3:]
    signed: bytes | None = None
    content_type: str | None = None
    message_digest: bytes | None = None
    if rest[0].tag == 0xA0:
        attributes = rest.pop(0)
        # The signature covers the attributes with the universal SET tag, not [0].
        signed = bytes((ber.SET,)) + attributes.encoded[1:]
        content_type, message_digest = _attributes(attributes, what)
    if len(rest) < 2:
        raise MalformedData(what, "SignerInfo is incomplete")
    return SignerInfo(
        issuer=issuer,
        serial=serial,
        key_identifier=key_id,
        digest_algorithm=digest_algorithm,
        signed_attributes=signed,
        content_type=content_type,
        message_digest=message_digest,
        signature_algorithm=parse_algorithm(rest[0], what),
        signature=ber.read_octets(rest[1], what),
    )


def _signer_id(element: ber.Tlv, what: str) -> tuple[bytes | None, int | None, bytes | None]:
    if element.tag == 0x80:
        return None, None, element.value
    parts = ber.expect(element, ber.SEQUENCE, what).children()
    if len(parts) != 2:
        raise MalformedData(what, "IssuerAndSerialNumber expected")
    issuer = ber.expect(parts[0], ber.SEQUENCE, what).encoded
    return issuer, ber.read_integer(parts[1], what), None


def _attributes(element: ber.Tlv, what: str) -> tuple[str | None, bytes | None]:
    """contentType and messageDigest; each must appear once with one value."""
    found: dict[str, ber.Tlv] = {}
    for attribute in element.children():
        parts = ber.expect(attribute, ber.SEQUENCE, what).children()
        if len(parts) != 2:
            raise MalformedData(what, "an attribute is not a type and a set of values")
        kind = ber.read_oid(parts[0], what)
        values = ber.expect(parts[1], ber.SET, what).children()
        if kind in (CONTENT_TYPE_ATTR, MESSAGE_DIGEST_ATTR):
            if kind in found or len(values) != 1:
                raise MalformedData(what, "a signed attribute is repeated or has several values")
            found[kind] = values[0]
    content_type = found.get(CONTENT_TYPE_ATTR)
    digest = found.get(MESSAGE_DIGEST_ATTR)
    return (
        ber.read_oid(content_type, what) if content_type else None,
        ber.read_octets(digest, what) if digest else None,
    )


def signer_certificate(signed: SignedData, signer: SignerInfo) -> x509.Certificate | None:
    """The certificate in ``signed`` that ``signer`` names, or ``None``."""
    for certificate in signed.certificates:
        if signer.issuer is not None:
            if (
                certificate.serial_number == signer.serial
                and certificate.issuer.public_bytes() == signer.issuer
            ):
                return certificate
        elif signer.key_identifier is not None and _key_id(certificate) == signer.key_identifier:
            return certificate
    return None


def _key_id(certificate: x509.Certificate) -> bytes | None:
    try:
        ext = certificate.extensions.get_extension_for_class(x509.SubjectKeyIdentifier)
    except (x509.ExtensionNotFound, ValueError):
        return None
    return ext.value.digest


def signature_problem(signed: SignedData, signer: SignerInfo, certificate: x509.Certificate) -> str:
    """Why ``signer``'s signature over the content fails under ``certificate`` ("" if it holds).

    With signed attributes (always, for eMRTDs) the content is bound by the
    messageDigest attribute and the signature covers the attributes; the
    contentType attribute must name the same content type.
    """
    algorithm = hash_for(signer.digest_algorithm.oid, "CMS digest algorithm")
    covered = signed.content
    if signer.signed_attributes is not None:
        if signer.content_type != signed.content_type:
            return "content_type_attribute_mismatch"
        if signer.message_digest != digest(algorithm, signed.content):
            return "message_digest_mismatch"
        covered = signer.signed_attributes
    key = certificate.public_key()
    if not verify(
        key, signer.signature, covered, signer.signature_algorithm, signer.digest_algorithm
    ):
        return "signature_invalid"
    return ""
