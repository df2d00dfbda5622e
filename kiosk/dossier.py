"""The dossier (hồ sơ): what one citizen submits, as it crosses from intake to outbox to receipt.

This module is the contract between the capabilities: the intake flow builds
a :class:`Dossier`; the outbox seals and queues it; the receipt prints from
it; the center receives it. Models are strict (unknown fields are refused)
and serialise to JSON — never pickle.

Codes. The official dossier code of Circular 01/2018/TT-VPCP, Art. 19 is
``<agency code>-<YYMMDD>-<4-digit daily sequence>``; the sequence belongs to
the center, which an offline kiosk cannot reach, so the kiosk issues a
*provisional* code that is unique across all kiosks without coordination (the
kiosk id, the date and 40 random bits) and the center replaces it with the
official code at sync.
"""

from __future__ import annotations

import re
import secrets
from datetime import date, datetime
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, JsonValue

from kiosk.config import Language

# Crockford's base32 alphabet: no I, L, O, U, so a code read aloud or typed
# from a receipt cannot be mistaken.
_CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
PROVISIONAL_CODE = re.compile(r"^K-[A-Za-z0-9._-]{1,64}-\d{6}-[0-9A-HJKMNP-TV-Z]{8}$")
OFFICIAL_CODE = re.compile(r"^[A-Z0-9.]{1,32}-\d{6}-\d{4}$")
LOOKUP_TOKEN = re.compile(r"^[A-Za-z0-9_-]{22,64}$")


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class IdentitySource(StrEnum):
    """Where the identity came from, most trusted first."""

    CHIP = "chip"
    QR = "qr"
    TYPED = "typed"


class Verdict(StrEnum):
    """Passive authentication of the chip data (ICAO 9303-11 §5.1)."""

    GENUINE = "genuine"
    NOT_VERIFIABLE = "not_verifiable"  # no CSCA configured to check the signer against
    FAILED = "failed"  # hashes or signature do not match: never pre-fill from it
    NOT_CHECKED = "not_checked"  # QR or typed: there was no chip data to check


class Identity(_Model):
    """The citizen as read from the card (or typed). Personal data: never logged."""

    id_number: Annotated[str, Field(pattern=r"^\d{12}$")]
    full_name: Annotated[str, Field(min_length=1, max_length=200)]
    date_of_birth: date
    sex: Literal["Nam", "Nữ", ""] = ""
    nationality: str = ""
    place_of_origin: str = ""
    place_of_residence: str = ""
    issue_date: date | None = None
    expiry_date: date | None = None  # None: "Không thời hạn" (no expiry)
    old_id_number: str = ""
    source: IdentitySource
    verdict: Verdict = Verdict.NOT_CHECKED


class PaperRef(_Model):
    """One required paper (thành phần hồ sơ), captured as one PDF, kept by reference."""

    requirement_id: Annotated[str, Field(min_length=1, max_length=64)]
    title_vi: str
    pages: Annotated[int, Field(ge=1, le=200)]
    sha256: Annotated[str, Field(pattern=r"^[0-9a-f]{64}$")]
    size_bytes: Annotated[int, Field(ge=1)]
    media_type: Literal["application/pdf"] = "application/pdf"


class Consent(_Model):
    """The explicit consent to personal-data processing (PDP Law 91/2025)."""

    notice_version: str
    notice_sha256: Annotated[str, Field(pattern=r"^[0-9a-f]{64}$")]
    language: Language
    accepted_at: datetime


class Appointment(_Model):
    """When and where the result (kết quả) will be ready."""

    ready_at: datetime
    rule: str = Field(description="how it was computed, e.g. '10 working days'")
    collect_at: str = ""
    provisional: bool = Field(
        default=False, description="counted through a year without an official holiday notice"
    )


class FormLine(_Model):
    """One answer of the declaration as the citizen saw it, in Vietnamese (for the officer)."""

    label: Annotated[str, Field(max_length=500)]
    value: Annotated[str, Field(max_length=4000)]


class Dossier(_Model):
    """One submitted dossier, as committed to the outbox."""

    provisional_code: Annotated[str, Field(pattern=PROVISIONAL_CODE.pattern)]
    kiosk_id: str
    procedure_code: Annotated[str, Field(pattern=r"^\d\.\d{6}(\.\d+)?$")]
    procedure_name_vi: str
    catalog_version: str
    identity: Identity
    answers: dict[str, JsonValue] = Field(default_factory=dict)
    # The same answers as the review page showed them (labels and readable values):
    # the center's officers read the declaration without the kiosk's catalog.
    form: tuple[FormLine, ...] = ()
    papers: tuple[PaperRef, ...] = ()
    consent: Consent
    received_at: datetime
    appointment: Appointment
    fee_vnd: Annotated[int, Field(ge=0)] = 0
    # The receipt's QR opens the center's lookup page with this random token
    # (128 bits), never with the sequential official code: nobody can walk other
    # citizens' dossiers. The center keeps only its hash. Older dossiers have none.
    lookup_token: Annotated[str, Field(pattern=LOOKUP_TOKEN.pattern)] | None = None
    fee_kinds: tuple[Literal["phi", "le_phi"], ...] = Field(
        default=(), description="'phi' (a charge) and/or 'le_phi' (a state fee): not the same thing"
    )
    language: Language = "vi"


def new_provisional_code(kiosk_id: str, received: date, random_bits: int | None = None) -> str:
    """``K-<kiosk>-<YYMMDD>-<8 base32>``: unique across kiosks without asking anyone.

    40 random bits per kiosk per day make a collision vanishingly unlikely:
    about 5 in 10^7 for a (very busy) kiosk taking 1,000 dossiers in one day.
    """
    value = secrets.randbits(40) if random_bits is None else random_bits
    if not 0 <= value < 1 << 40:
        raise ValueError("random_bits must fit in 40 bits")
    suffix = "".join(_CROCKFORD[(value >> shift) & 31] for shift in range(35, -5, -5))
    return f"K-{kiosk_id}-{received:%y%m%d}-{suffix}"


def new_lookup_token() -> str:
    """A fresh token for the receipt's lookup link (16 random bytes, URL-safe base64)."""
    return secrets.token_urlsafe(16)


def official_code(agency_code: str, received: date, sequence: int) -> str:
    """The Circular 01/2018 code the center assigns: ``agency-YYMMDD-XXXX``."""
    if not 1 <= sequence <= 9999:
        raise ValueError("the daily sequence runs from 0001 to 9999")
    return f"{agency_code}-{received:%y%m%d}-{sequence:04d}"
