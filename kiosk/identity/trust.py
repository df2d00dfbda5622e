"""The CSCA trust store: the country signing CA certificates passive authentication trusts.

Configured as a folder (ICAO 9303-12 §5: each state publishes its CSCA
certificates; the ICAO PKD and the states' master lists collect them):

- ``*.pem`` / ``*.crt`` / ``*.cer`` / ``*.der`` — one or more certificates each, PEM or DER;
- ``*.ml`` — a CSCA master list (ICAO 9303-12 §8: CMS SignedData over
  ``CscaMasterList { version, SET OF Certificate }``). Its signature is checked
  against its signer certificate, and that certificate must be issued by a
  CSCA in the same list; trusting the list itself stays the operator's decision.

Certificates that are not CAs are skipped with a log line, not trusted.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from pathlib import Path

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.serialization import Encoding

from kiosk.identity import ber
from kiosk.identity.cms import (
    load_certificate,
    parse_content_info,
    signature_problem,
    signer_certificate,
)
from kiosk.identity.errors import MalformedData, TrustStoreError
from kiosk.logs import fields

logger = logging.getLogger(__name__)

CSCA_MASTER_LIST = "2.23.136.1.1.2"
CERTIFICATE_SUFFIXES = frozenset({".pem", ".crt", ".cer", ".der"})
MASTER_LIST_SUFFIXES = frozenset({".ml"})


class TrustStore:
    """A set of CSCA certificates, looked up by the issuer named in a document signer."""

    def __init__(self, certificates: Iterable[x509.Certificate] = ()) -> None:
        self._certificates = tuple(c for c in certificates if _is_ca(c))

    @classmethod
    def from_folder(cls, folder: Path) -> TrustStore:
        """Every certificate and master list in ``folder`` (not recursive)."""
        if not folder.is_dir():
            raise TrustStoreError(f"{folder}: the CSCA folder does not exist", "check the path")
        found: list[x509.Certificate] = []
        for path in sorted(folder.iterdir()):
            suffix = path.suffix.lower()
            if suffix in CERTIFICATE_SUFFIXES:
                found.extend(load_certificates(_read(path), str(path)))
            elif suffix in MASTER_LIST_SUFFIXES:
                found.extend(load_master_list(_read(path), str(path)))
        for certificate in found:
            if not _is_ca(certificate):
                logger.warning("not a CA certificate; not trusted", extra=fields(path=str(folder)))
        return cls(found)

    @property
    def certificates(self) -> tuple[x509.Certificate, ...]:
        return self._certificates

    def __len__(self) -> int:
        return len(self._certificates)

    def issuers_of(self, certificate: x509.Certificate) -> list[x509.Certificate]:
        """CSCAs whose subject is ``certificate``'s issuer (and whose key id matches, if named)."""
        wanted = _authority_key_id(certificate)
        return [
            csca
            for csca in self._certificates
            if csca.subject == certificate.issuer
            and (wanted is None or _subject_key_id(csca) in (None, wanted))
        ]


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise TrustStoreError(f"{path}: cannot be read", "check the file's permissions") from exc


def load_certificates(data: bytes, source: str = "certificate") -> list[x509.Certificate]:
    """Certificates from PEM (one or more) or DER bytes."""
    try:
        if b"-----BEGIN" in data:
            ders = [c.public_bytes(Encoding.DER) for c in x509.load_pem_x509_certificates(data)]
        else:
            ders = [data]
        return [load_certificate(der, source) for der in ders]
    except (ValueError, x509.InvalidVersion, MalformedData) as exc:
        raise TrustStoreError(f"{source}: not a certificate", "replace the file") from exc


def load_master_list(data: bytes, source: str = "master list") -> list[x509.Certificate]:
    """The CSCA certificates of a master list whose signature and signer chain check out."""
    try:
        signed = parse_content_info(data, "master list")
        if signed.content_type != CSCA_MASTER_LIST:
            raise MalformedData("master list", "the content is not a CSCA master list")
        certificates = _master_list_certificates(signed.content)
        signer = signed.signers[0]
        signer_cert = signer_certificate(signed, signer)
        if signer_cert is None or signature_problem(signed, signer, signer_cert):
            raise MalformedData("master list", "the signature does not verify")
    except MalformedData as exc:
        raise TrustStoreError(f"{source}: {exc.problem}", "replace the master list") from exc
    if not any(issued_by(signer_cert, csca) for csca in certificates):
        raise TrustStoreError(
            f"{source}: the list's signer is not issued by a CSCA in the list",
            "replace the master list",
        )
    return certificates


def _master_list_certificates(content: bytes) -> list[x509.Certificate]:
    parts = ber.expect(ber.decode(content, "master list"), ber.SEQUENCE, "master list").children()
    if len(parts) != 2:
        raise MalformedData("master list", "version and certificate list expected")
    items = ber.expect(parts[1], ber.SET, "master list").children()
    return [load_certificate(item.encoded, "master list") for item in items]


def issued_by(certificate: x509.Certificate, issuer: x509.Certificate) -> bool:
    """Whether ``issuer``'s key signed ``certificate`` (names and signature both checked)."""
    try:
        certificate.verify_directly_issued_by(issuer)
    except (ValueError, TypeError, InvalidSignature):
        return False
    return True


def _is_ca(certificate: x509.Certificate) -> bool:
    try:
        constraints = certificate.extensions.get_extension_for_class(x509.BasicConstraints)
    except (x509.ExtensionNotFound, ValueError):
        return False
    return constraints.value.ca


def _authority_key_id(certificate: x509.Certificate) -> bytes | None:
    try:
        ext = certificate.extensions.get_extension_for_class(x509.AuthorityKeyIdentifier)
    except (x509.ExtensionNotFound, ValueError):
        return None
    return ext.value.key_identifier


def _subject_key_id(certificate: x509.Certificate) -> bytes | None:
    try:
        ext = certificate.extensions.get_extension_for_class(x509.SubjectKeyIdentifier)
    except (x509.ExtensionNotFound, ValueError):
        return None
    return ext.value.digest
