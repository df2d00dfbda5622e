"""Passive authentication (ICAO 9303-11 §5.1): is the chip's data what the issuer signed?

Three checks, each with its own verdict when it does not hold:

1. every data group read hashes to the value in the SOD            → else FAILED
2. the SOD's signature verifies under the document signer (DSC)    → else FAILED
3. the DSC is signed by a CSCA from the configured trust store     → no store, or no
   CSCA with the DSC's issuer name (and key identifier, when both name one):
   NOT_VERIFIABLE — as after a CSCA key rollover the store has not caught up with;
   a CSCA with that name and key identifier whose key did not sign the DSC:
   FAILED (a look-alike CSCA); a certificate outside its validity period:
   NOT_VERIFIABLE (time is no sign of tampering, but nothing vouches for the data)

Every check runs, so a forged chip read on a kiosk without a trust store is
still FAILED, not merely NOT_VERIFIABLE. A SOD that cannot be parsed, or that
uses an algorithm this code does not know, is FAILED: what cannot be checked
must not pre-fill a form. ``reasons`` are fixed words, safe to log.
"""

from __future__ import annotations

import hmac
import logging
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime

from cryptography import x509

from kiosk.dossier import Verdict
from kiosk.identity.algorithms import digest, hash_for
from kiosk.identity.cms import lenient_x509, signature_problem
from kiosk.identity.errors import MalformedData
from kiosk.identity.sod import Sod, parse_sod
from kiosk.identity.trust import TrustStore, issued_by
from kiosk.logs import fields

logger = logging.getLogger(__name__)

# Reasons that are no sign of tampering: the data may be genuine, nobody can tell.
UNVERIFIABLE_REASONS = frozenset(
    {
        "no_data_groups",
        "dsc_absent",
        "no_csca_configured",
        "unknown_csca",
        "certificate_expired",
        "certificate_not_yet_valid",
    }
)


@dataclass(frozen=True)
class PassiveAuthResult:
    """The verdict, why, and which data groups' hashes matched."""

    verdict: Verdict
    reasons: tuple[str, ...]
    groups_checked: tuple[int, ...]
    document_signer: x509.Certificate | None = None


def passive_authenticate(
    sod: bytes,
    groups: Mapping[int, bytes],
    trust: TrustStore | None,
    *,
    at: datetime | None = None,
) -> PassiveAuthResult:
    """Check the data groups read (``{dg number: file bytes}``) against EF.SOD and the trust store.

    ``at`` is the time certificates must be valid at (now, by default).
    """
    with lenient_x509():
        return _passive_authenticate(sod, groups, trust, at)


def _passive_authenticate(
    sod: bytes, groups: Mapping[int, bytes], trust: TrustStore | None, at: datetime | None
) -> PassiveAuthResult:
    try:
        parsed = parse_sod(sod)
    except MalformedData:
        return _result(("sod_malformed",), (), None)
    reasons, checked = _check_hashes(parsed, groups)
    dsc = parsed.document_signer
    if dsc is None:
        reasons.append("dsc_absent")
    else:
        try:
            problem = signature_problem(parsed.signed_data, parsed.signer, dsc)
        except MalformedData:
            problem = "unsupported_algorithm"
        if problem:
            reasons.append(problem)
        reasons.extend(_chain(dsc, trust, at or datetime.now(UTC)))
    return _result(tuple(reasons), checked, dsc)


def _check_hashes(parsed: Sod, groups: Mapping[int, bytes]) -> tuple[list[str], tuple[int, ...]]:
    if not groups:
        return ["no_data_groups"], ()
    try:
        algorithm = hash_for(parsed.security_object.hash_algorithm.oid)
    except MalformedData:
        return ["unsupported_algorithm"], ()
    reasons: list[str] = []
    checked: list[int] = []
    expected = parsed.security_object.hashes
    for number, content in sorted(groups.items()):
        if number not in expected:
            reasons.append(f"dg{number}_not_in_sod")
        elif not hmac.compare_digest(digest(algorithm, content), expected[number]):
            reasons.append(f"dg{number}_hash_mismatch")
        else:
            checked.append(number)
    return reasons, tuple(checked)


def _chain(dsc: x509.Certificate, trust: TrustStore | None, at: datetime) -> list[str]:
    if trust is None or not len(trust):
        return ["no_csca_configured"]
    candidates = trust.issuers_of(dsc)
    if not candidates:
        return ["unknown_csca"]
    issuer = next((csca for csca in candidates if issued_by(dsc, csca)), None)
    if issuer is None:
        return ["dsc_not_signed_by_csca"]
    return [reason for cert in (dsc, issuer) if (reason := _validity(cert, at))][:1]


def _validity(certificate: x509.Certificate, at: datetime) -> str:
    if at < certificate.not_valid_before_utc:
        return "certificate_not_yet_valid"
    if at > certificate.not_valid_after_utc:
        return "certificate_expired"
    return ""


def _result(
    reasons: tuple[str, ...], checked: tuple[int, ...], dsc: x509.Certificate | None
) -> PassiveAuthResult:
    if any(reason not in UNVERIFIABLE_REASONS for reason in reasons):
        verdict = Verdict.FAILED
    elif reasons:
        verdict = Verdict.NOT_VERIFIABLE
    else:
        verdict = Verdict.GENUINE
    logger.info(
        "passive authentication", extra=fields(verdict=str(verdict), reason=",".join(reasons))
    )
    return PassiveAuthResult(verdict, reasons, checked, dsc)
