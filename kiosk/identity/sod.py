"""EF.SOD: the document security object (ICAO 9303-10 §4.6.2).

``77 { ContentInfo { SignedData { … eContent = LDSSecurityObject … } } }``::

    LDSSecurityObject ::= SEQUENCE {
        version              INTEGER (0 or 1),
        hashAlgorithm        AlgorithmIdentifier,
        dataGroupHashValues  SEQUENCE OF SEQUENCE { dataGroupNumber INTEGER,
                                                    dataGroupHashValue OCTET STRING },
        ldsVersionInfo       SEQUENCE { ldsVersion, unicodeVersion } OPTIONAL }  -- v1
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from cryptography import x509

from kiosk.identity import ber
from kiosk.identity.algorithms import AlgorithmId, parse_algorithm
from kiosk.identity.cms import (
    SignedData,
    SignerInfo,
    parse_content_info_element,
    signer_certificate,
)
from kiosk.identity.errors import MalformedData
from kiosk.identity.lds import DG_TAGS, SOD_TAG

LDS_SECURITY_OBJECT = "2.23.136.1.1.1"
_WHAT = "EF.SOD"


@dataclass(frozen=True)
class SecurityObject:
    """The signed content: which hash, and the hash of every data group on the chip."""

    version: int
    hash_algorithm: AlgorithmId
    hashes: Mapping[int, bytes]
    lds_version: str | None = None
    unicode_version: str | None = None


@dataclass(frozen=True)
class Sod:
    """A parsed EF.SOD: the CMS wrapper, its signed content, and the signer."""

    signed_data: SignedData
    security_object: SecurityObject
    signer: SignerInfo
    document_signer: x509.Certificate | None  # None: the DSC is not in the SOD

    @property
    def encapsulated_content(self) -> bytes:
        """The LDSSecurityObject bytes exactly as signed."""
        return self.signed_data.content


def parse_sod(data: bytes) -> Sod:
    """Parse EF.SOD (tag ``77``); the signer is the first SignerInfo (ICAO allows one)."""
    outer = ber.expect(ber.decode(data, _WHAT), SOD_TAG, _WHAT)
    signed = _content_info(outer)
    if signed.content_type != LDS_SECURITY_OBJECT:
        raise MalformedData(_WHAT, "the signed content is not an LDS security object")
    signer = signed.signers[0]
    return Sod(
        signed_data=signed,
        security_object=parse_security_object(signed.content),
        signer=signer,
        document_signer=signer_certificate(signed, signer),
    )


def _content_info(outer: ber.Tlv) -> SignedData:
    children = outer.children()
    if len(children) != 1:
        raise MalformedData(_WHAT, "one ContentInfo expected inside tag 77")
    return parse_content_info_element(children[0], _WHAT)


def parse_security_object(data: bytes) -> SecurityObject:
    """Parse the LDSSecurityObject; a data group listed twice is an error."""
    parts = ber.expect(ber.decode(data, _WHAT), ber.SEQUENCE, _WHAT).children()
    if len(parts) < 3:
        raise MalformedData(_WHAT, "the security object is incomplete")
    version = ber.read_small_int(parts[0], _WHAT)
    algorithm = parse_algorithm(parts[1], _WHAT)
    hashes: dict[int, bytes] = {}
    for entry in ber.expect(parts[2], ber.SEQUENCE, _WHAT).children():
        items = ber.expect(entry, ber.SEQUENCE, _WHAT).children()
        if len(items) != 2:
            raise MalformedData(_WHAT, "a data group hash is not a number and a value")
        number = ber.read_small_int(items[0], _WHAT, limit=256)
        if number not in DG_TAGS or number in hashes:
            raise MalformedData(_WHAT, "a data group number is unknown or repeated")
        hashes[number] = ber.read_octets(items[1], _WHAT)
    lds_version, unicode_version = _version_info(parts[3] if len(parts) > 3 else None)
    return SecurityObject(version, algorithm, hashes, lds_version, unicode_version)


def _version_info(element: ber.Tlv | None) -> tuple[str | None, str | None]:
    if element is None:
        return None, None
    items = ber.expect(element, ber.SEQUENCE, _WHAT).children()
    if len(items) != 2:
        raise MalformedData(_WHAT, "ldsVersionInfo is not two strings")
    return ber.read_text(items[0], _WHAT), ber.read_text(items[1], _WHAT)
