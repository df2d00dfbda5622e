"""From what was read to :class:`kiosk.dossier.Identity`: the chip (DG1 + DG13) or the card QR.

Rules when DG1 (the MRZ) and DG13 (the Vietnamese details) disagree — both
are signed by the same SOD, so a disagreement is an issuer's error or a forgery
that passive authentication did not catch:

=================  =========================================  ===========================
field              taken from                                 when both are there and differ
=================  =========================================  ===========================
ID number          DG13 field 1, else DG1 optional data       ChipDataConflict
(document number)  DG1 must be the ID's last 9 digits         ChipDataConflict
date of birth      DG13 field 3, else DG1                     ChipDataConflict
sex                DG13 field 4, else DG1 (M → Nam, F → Nữ)   ChipDataConflict
full name          DG13 field 2 (with diacritics), else DG1   DG13 kept; listed in
                                                              ``differences`` (transliteration
                                                              rules are not confirmed)
expiry             DG13 field 12 ("Không thời hạn" → none),   DG13 kept; listed
                   else DG1
other fields       DG13 only                                  —
=================  =========================================  ===========================

A :class:`ChipDataConflict` means: do not pre-fill from the chip; fall back on
the QR or typed entry. The verdict is carried into the identity as given: the
intake flow must not pre-fill from an identity whose verdict is FAILED.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import date

from pydantic import ValidationError

from kiosk.dossier import Identity, IdentitySource, Verdict
from kiosk.identity.card_qr import CardQr
from kiosk.identity.dg13 import Dg13
from kiosk.identity.errors import ChipDataConflict, MalformedData, MrzError
from kiosk.identity.mrz import Td1, mrz_date
from kiosk.identity.validity import card_expiry

_SEX_FROM_MRZ = {"M": "Nam", "F": "Nữ"}
_SEX_WORDS = {"nam": "Nam", "nữ": "Nữ", "nu": "Nữ"}
_NATIONALITY = {"VNM": "Việt Nam"}


@dataclass(frozen=True)
class ChipIdentity:
    """The identity from the chip, and the fields where DG1 and DG13 differed (names only)."""

    identity: Identity
    differences: tuple[str, ...] = ()


def identity_from_chip(
    dg1: Td1, dg13: Dg13 | None, verdict: Verdict, *, today: date
) -> ChipIdentity:
    """Map the chip's DG1 and DG13 (``None`` if the card has none) onto an Identity."""
    extra = dg13 or Dg13(version=0, oid="", values={})
    conflicts: list[str] = []
    differences: list[str] = []
    id_number = _pick(extra.id_number, dg1.vn_id_number or "", "id_number", conflicts)
    if not id_number:
        raise MalformedData("DG1", "no 12-digit ID number in DG1 or DG13")
    if not id_number.endswith(dg1.document_number):
        conflicts.append("document_number")
    born = extra.date_of_birth
    if born is not None and f"{born:%y%m%d}" != dg1.date_of_birth:
        conflicts.append("date_of_birth")
    sex = _pick(_sex(extra.sex), _SEX_FROM_MRZ.get(dg1.sex, ""), "sex", conflicts)
    if conflicts:
        raise ChipDataConflict(tuple(conflicts))
    name = extra.full_name
    if not name:
        name = dg1.name
        differences.append("full_name_from_mrz")
    elif not fold(name).startswith(dg1.name):
        differences.append("full_name")
    expiry = _expiry(dg1, extra, today, differences)
    return ChipIdentity(
        _identity(
            id_number=id_number,
            full_name=name,
            date_of_birth=born or _mrz_birth(dg1, today),
            sex=sex,
            nationality=extra.nationality or _NATIONALITY.get(dg1.nationality, dg1.nationality),
            place_of_origin=extra.place_of_origin,
            place_of_residence=extra.place_of_residence,
            issue_date=extra.issue_date,
            expiry_date=expiry,
            old_id_number=extra.old_id_number,
            source=IdentitySource.CHIP,
            verdict=verdict,
        ),
        tuple(differences),
    )


def identity_from_qr(qr: CardQr) -> Identity:
    """Map the card QR onto an Identity; the expiry comes from the validity rules."""
    return _identity(
        id_number=qr.id_number,
        full_name=qr.full_name,
        date_of_birth=qr.date_of_birth,
        sex=qr.sex,
        nationality="Việt Nam",
        place_of_residence=qr.place_of_residence,
        issue_date=qr.issue_date,
        expiry_date=card_expiry(qr.date_of_birth, qr.issue_date),
        old_id_number=qr.old_id_number,
        source=IdentitySource.QR,
        verdict=Verdict.NOT_CHECKED,
    )


def fold(text: str) -> str:
    """A Vietnamese name as the MRZ spells it: no diacritics, Đ → D, upper case, single spaces."""
    stripped = "".join(
        ch
        for ch in unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
        if unicodedata.category(ch) != "Mn"
    )
    kept = "".join(ch if "A" <= ch <= "Z" else " " for ch in stripped.upper())
    return " ".join(kept.split())


def _pick(preferred: str, fallback: str, field: str, conflicts: list[str]) -> str:
    if preferred and fallback and preferred != fallback:
        conflicts.append(field)
    return preferred or fallback


def _sex(text: str) -> str:
    return _SEX_WORDS.get(unicodedata.normalize("NFC", text).strip().casefold(), "")


def _mrz_birth(dg1: Td1, today: date) -> date:
    return mrz_date(dg1.date_of_birth, past=True, today=today)


def _expiry(dg1: Td1, dg13: Dg13, today: date, differences: list[str]) -> date | None:
    try:
        from_mrz: date | None = mrz_date(dg1.date_of_expiry, past=False, today=today)
    except MrzError:
        from_mrz = None  # "<<<<<<" or a placeholder: a card with no expiry, most likely
    if dg13.no_expiry or dg13.expiry_date is not None:
        if dg13.expiry_date != from_mrz:
            differences.append("expiry_date")
        return dg13.expiry_date
    return from_mrz


def _identity(**values: object) -> Identity:
    try:
        return Identity.model_validate(values)
    except ValidationError as exc:
        # The error's text would quote the value: name the fields only.
        names = ",".join(sorted({str(error["loc"][0]) for error in exc.errors() if error["loc"]}))
        raise MalformedData("identity", f"fields do not fit the form: {names}") from None
