"""The keys that open an eMRTD chip: the CAN, or the MRZ data (document number, dates).

For the Vietnamese chip ID card (CCCD / Căn cước, TD1), the document number in
the MRZ is the last 9 digits of the 12-digit ID number (``MrzKey.from_cccd``).
``repr`` of these values never shows the values: they are personal data.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from drivers.card.icao.crypto import KDF_ENC, KDF_MAC, CipherKind, derive_key

_WEIGHTS = (7, 3, 1)
# YYMMDD; "<<<<<<" is allowed for a card without expiry (what CCCD carry there is unconfirmed).
_DATE = re.compile(r"[0-9<]{6}")
_DOCUMENT = re.compile(r"[0-9A-Z<]{1,}")
CAN_LENGTH = 6


def check_digit(field: str) -> str:
    """ICAO 9303 Part 3 §4.9: weights 7, 3, 1; digits as is, A-Z as 10-35, '<' as 0."""
    total = 0
    for index, char in enumerate(field):
        if char.isdigit():
            value = int(char)
        elif "A" <= char <= "Z":
            value = ord(char) - ord("A") + 10
        elif char == "<":
            value = 0
        else:
            raise ValueError("MRZ fields hold only 0-9, A-Z and '<'")
        total += value * _WEIGHTS[index % 3]
    return str(total % 10)


@dataclass(frozen=True, repr=False)
class MrzKey:
    """Document number, date of birth and date of expiry (YYMMDD) as in the MRZ."""

    document_number: str
    date_of_birth: str
    date_of_expiry: str

    def __post_init__(self) -> None:
        if not _DOCUMENT.fullmatch(self.document_number):
            raise ValueError("the document number holds only 0-9, A-Z and '<'")
        for date in (self.date_of_birth, self.date_of_expiry):
            if not _DATE.fullmatch(date):
                raise ValueError("MRZ dates are six characters YYMMDD (or <<<<<<)")

    @classmethod
    def from_cccd(cls, id_number: str, date_of_birth: str, date_of_expiry: str) -> MrzKey:
        """The BAC key of a CCCD: the document number is the last 9 digits of the ID number."""
        if not re.fullmatch(r"\d{12}", id_number):
            raise ValueError("a CCCD ID number is 12 digits")
        return cls(id_number[-9:], date_of_birth, date_of_expiry)

    def information(self) -> str:
        """The MRZ information of Part 11 §9.7.2: each field followed by its check digit.

        A number shorter than 9 characters is filled with '<' (as printed in the MRZ).
        """
        number = self.document_number.ljust(9, "<")
        return "".join(
            field + check_digit(field)
            for field in (number, self.date_of_birth, self.date_of_expiry)
        )

    def seed(self) -> bytes:
        """SHA-1 of the MRZ information: the BAC K_seed is its first 16 bytes; PACE takes it all."""
        return hashlib.sha1(self.information().encode("ascii")).digest()  # noqa: S324

    def __repr__(self) -> str:
        return "MrzKey(<redacted>)"


@dataclass(frozen=True, repr=False)
class AccessKeys:
    """What the citizen gave to open the chip: the CAN, the MRZ data, or both.

    With a CAN the reader runs PACE; with the MRZ data it runs PACE with the MRZ
    password, or BAC when the chip does not offer PACE.
    """

    can: str | None = None
    mrz: MrzKey | None = None

    def __post_init__(self) -> None:
        if self.can is None and self.mrz is None:
            raise ValueError("give the CAN, the MRZ data, or both")
        if self.can is not None and not re.fullmatch(rf"\d{{{CAN_LENGTH}}}", self.can):
            raise ValueError(f"the CAN is {CAN_LENGTH} digits")

    def __repr__(self) -> str:
        given = [name for name in ("can", "mrz") if getattr(self, name) is not None]
        return f"AccessKeys({', '.join(given)}: <redacted>)"


def bac_keys(mrz: MrzKey) -> tuple[bytes, bytes]:
    """K_enc and K_mac of BAC (Part 11 §9.7.2 and Appendix D.2)."""
    seed = mrz.seed()[:16]
    return (
        derive_key(seed, KDF_ENC, CipherKind.TDES),
        derive_key(seed, KDF_MAC, CipherKind.TDES),
    )
