"""The keys that open the chip: the CAN for PACE and the MRZ triple for BAC (ICAO 9303-11 §4).

What is known about the Vietnamese card (DOMAIN.md):

- BAC: the document number is the last 9 digits of the 12-digit ID number;
  date of birth and date of expiry as ``YYMMDD``, as in MRZ line 2.
- PACE: the CAN is *reported* to be the last 6 digits of the ID number
  (*unconfirmed*: one open-source reader). :class:`CanRule` keeps that choice in
  data so configuration can change it without a release.
- A card with no expiry: what its MRZ holds in the expiry field is *unconfirmed*;
  ``NO_EXPIRY_MRZ`` lists what to try, in order.

The derivation of the keys from these strings (SHA-1, Kseed, 3DES/AES) is the
card protocol's job; this module only says which strings.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from kiosk.identity.card_qr import CardQr
from kiosk.identity.mrz import Td1, check_digit
from kiosk.identity.validity import expiry_candidates

NO_EXPIRY_MRZ: tuple[str, ...] = ("<<<<<<", "991231")
_ID = re.compile(r"[0-9]{12}")


@dataclass(frozen=True)
class CanRule:
    """Where the CAN comes from: the last ``digits`` digits of the ID number."""

    digits: int = 6


DEFAULT_CAN_RULE = CanRule()


def can_from_id_number(id_number: str, rule: CanRule = DEFAULT_CAN_RULE) -> str:
    """The card access number, by ``rule`` (default: last 6 digits; *unconfirmed*)."""
    _require_id(id_number)
    return id_number[-rule.digits :]


def bac_document_number(id_number: str) -> str:
    """The MRZ document number of the card: the last 9 digits of the ID number."""
    _require_id(id_number)
    return id_number[-9:]


def _require_id(id_number: str) -> None:
    if not _ID.fullmatch(id_number):
        raise ValueError("an ID number has 12 digits")


@dataclass(frozen=True)
class MrzKeys:
    """The BAC key material: document number and two ``YYMMDD`` dates, as in the MRZ."""

    document_number: str
    date_of_birth: str
    date_of_expiry: str

    @property
    def mrz_information(self) -> str:
        """Number, birth, expiry, each with its check digit (ICAO 9303-11 §9.7.2)."""
        number = self.document_number.ljust(9, "<")
        return "".join(
            field + check_digit(field)
            for field in (number, self.date_of_birth, self.date_of_expiry)
        )

    @classmethod
    def from_td1(cls, mrz: Td1) -> MrzKeys:
        return cls(mrz.document_number, mrz.date_of_birth, mrz.date_of_expiry)


def yymmdd(day: date) -> str:
    return f"{day:%y%m%d}"


def mrz_keys(id_number: str, date_of_birth: date, date_of_expiry: date | None) -> list[MrzKeys]:
    """BAC keys to try for a card whose expiry is known (``None``: no expiry)."""
    number = bac_document_number(id_number)
    birth = yymmdd(date_of_birth)
    expiries = NO_EXPIRY_MRZ if date_of_expiry is None else (yymmdd(date_of_expiry),)
    return [MrzKeys(number, birth, expiry) for expiry in expiries]


def mrz_keys_from_qr(qr: CardQr) -> list[MrzKeys]:
    """BAC keys to try when only the card's QR was read: expiry from the validity rules."""
    keys: list[MrzKeys] = []
    for expiry in expiry_candidates(qr.date_of_birth, qr.issue_date):
        keys.extend(k for k in mrz_keys(qr.id_number, qr.date_of_birth, expiry) if k not in keys)
    return keys
