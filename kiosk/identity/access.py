"""The keys that open the chip: the CAN for PACE and the MRZ triple for BAC (ICAO 9303-11 §4).

What is known about the Vietnamese card (DOMAIN.md):

- BAC: the document number is the last 9 digits of the 12-digit ID number;
  date of birth and date of expiry as ``YYMMDD``, as in MRZ line 2.
- PACE: the CAN is *reported* to be the last 6 digits of the ID number
  (*unconfirmed*: one open-source reader). :class:`CanRule` keeps that choice in
  data so configuration can change it without a release.
- A card with no expiry: what its MRZ holds in the expiry field is *unconfirmed*;
  ``NO_EXPIRY_MRZ`` lists what to try, in order.

The key type is the card protocol's :class:`drivers.card.icao.MrzKey` (re-exported
here): it derives the keys from these strings (SHA-1, Kseed, 3DES/AES); this
module only says which strings.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from drivers.card.icao.keys import AccessKeys, MrzKey
from kiosk.identity.card_qr import CardQr
from kiosk.identity.mrz import Td1
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


def mrz_key_from_td1(mrz: Td1) -> MrzKey:
    """The BAC key printed in a TD1 MRZ (number, birth, expiry as they stand there)."""
    return MrzKey(mrz.document_number, mrz.date_of_birth, mrz.date_of_expiry)


def yymmdd(day: date) -> str:
    return f"{day:%y%m%d}"


# -- what the citizen typed when the kiosk's own keys did not open the chip ---------

CAN_DIGITS = 6
DOCUMENT_DIGITS = 9


@dataclass(frozen=True, repr=False)
class TypedCan:
    """The 6-digit CAN the citizen typed from the front of the card (opens it with PACE)."""

    can: str

    def __post_init__(self) -> None:
        if not re.fullmatch(rf"[0-9]{{{CAN_DIGITS}}}", self.can):
            raise ValueError(f"the CAN is {CAN_DIGITS} digits")

    def access_keys(self) -> list[AccessKeys]:
        return [AccessKeys(can=self.can)]

    def __repr__(self) -> str:
        return "TypedCan(<redacted>)"


@dataclass(frozen=True, repr=False)
class TypedMrz:
    """What the citizen typed from the code on the back (MRZ): opens the chip with BAC.

    ``document_number`` is the 9-digit document number (the last 9 digits of
    the ID number); ``date_of_expiry`` ``None`` is a card without expiry.
    """

    document_number: str
    date_of_birth: date
    date_of_expiry: date | None

    def __post_init__(self) -> None:
        if not re.fullmatch(rf"[0-9]{{{DOCUMENT_DIGITS}}}", self.document_number):
            raise ValueError(f"the document number is {DOCUMENT_DIGITS} digits")

    def mrz_keys(self) -> list[MrzKey]:
        """The keys to try, in order (a card without expiry: each of ``NO_EXPIRY_MRZ``)."""
        birth = yymmdd(self.date_of_birth)
        expiries = NO_EXPIRY_MRZ if self.date_of_expiry is None else (yymmdd(self.date_of_expiry),)
        return [MrzKey(self.document_number, birth, expiry) for expiry in expiries]

    def access_keys(self) -> list[AccessKeys]:
        return [AccessKeys(mrz=key) for key in self.mrz_keys()]

    def __repr__(self) -> str:
        return "TypedMrz(<redacted>)"


# The key the citizen chose on the identity screen.
KeyChoice = TypedCan | TypedMrz


def mrz_keys(id_number: str, date_of_birth: date, date_of_expiry: date | None) -> list[MrzKey]:
    """BAC keys to try for a card whose expiry is known (``None``: no expiry)."""
    number = bac_document_number(id_number)
    birth = yymmdd(date_of_birth)
    expiries = NO_EXPIRY_MRZ if date_of_expiry is None else (yymmdd(date_of_expiry),)
    return [MrzKey(number, birth, expiry) for expiry in expiries]


def mrz_keys_from_qr(qr: CardQr) -> list[MrzKey]:
    """BAC keys to try when only the card's QR was read: expiry from the validity rules."""
    keys: list[MrzKey] = []
    for expiry in expiry_candidates(qr.date_of_birth, qr.issue_date):
        keys.extend(k for k in mrz_keys(qr.id_number, qr.date_of_birth, expiry) if k not in keys)
    return keys


__all__ = [
    "DEFAULT_CAN_RULE",
    "NO_EXPIRY_MRZ",
    "CanRule",
    "KeyChoice",
    "MrzKey",
    "TypedCan",
    "TypedMrz",
    "bac_document_number",
    "can_from_id_number",
    "mrz_key_from_td1",
    "mrz_keys",
    "mrz_keys_from_qr",
    "yymmdd",
]
