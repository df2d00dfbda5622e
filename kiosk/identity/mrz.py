"""The TD1 machine readable zone (ICAO 9303-5) and DG1, which carries it on the chip.

A TD1 MRZ is three lines of 30 characters from ``A–Z 0–9 <``::

    line 1  ID VNM 123456789 7 001123456789<<<     code, state, document number,
                                                  its check digit, optional data
    line 2  900201 3 F 300201 2 VNM <<<<<<<<<<< 8  birth, sex, expiry, nationality,
                                                  optional data, composite check digit
    line 3  NGUYEN<<THI<THU<HA<<<<<<<<<<<<<        primary<<secondary identifiers

On the Vietnamese card the document number is the last nine digits of the
12-digit personal identification number, and the optional data of line 1 holds
the full 12-digit number (DOMAIN.md).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from kiosk.identity import der
from kiosk.identity.errors import MrzError
from kiosk.identity.lds import unwrap

LINE = 30
_MRZ_TAG = 0x5F1F
_CHARSET = re.compile(r"[A-Z0-9<]*")
_WEIGHTS = (7, 3, 1)
_VN_ID = re.compile(r"([0-9]{12})<*")


def char_value(char: str) -> int:
    """ICAO 9303-3 §4.9: digits are themselves, ``A``–``Z`` are 10–35, ``<`` is 0."""
    if char.isdigit() and char.isascii():
        return int(char)
    if "A" <= char <= "Z":
        return ord(char) - ord("A") + 10
    if char == "<":
        return 0
    raise MrzError("MRZ", "character outside A–Z, 0–9 and <")


def check_digit(field: str) -> str:
    """The check digit of ``field``: weights 7, 3, 1 repeated, sum modulo 10."""
    total = sum(char_value(c) * _WEIGHTS[i % 3] for i, c in enumerate(field))
    return str(total % 10)


@dataclass(frozen=True)
class Td1:
    """A parsed TD1 MRZ. Dates stay ``YYMMDD`` text: the century is a separate decision."""

    document_code: str
    issuing_state: str
    document_number: str
    optional_data_1: str
    date_of_birth: str
    sex: str  # "M", "F" or "<" (unspecified)
    date_of_expiry: str
    nationality: str
    optional_data_2: str
    primary_identifier: str
    secondary_identifier: str

    @property
    def name(self) -> str:
        """Primary then secondary identifiers, as the MRZ spells them (no diacritics)."""
        return " ".join(
            part for part in (self.primary_identifier, self.secondary_identifier) if part
        )

    @property
    def vn_id_number(self) -> str | None:
        """The 12-digit ID in the optional data when it ends with the document number."""
        found = _VN_ID.fullmatch(self.optional_data_1)
        if found and found.group(1).endswith(self.document_number):
            return found.group(1)
        return None


def parse_dg1(data: bytes) -> Td1:
    """Parse DG1 (tag ``61`` → ``5F1F`` MRZ) holding a TD1 MRZ."""
    mrz = unwrap(data, 1).child(_MRZ_TAG, "DG1").value
    try:
        text = mrz.decode("ascii")
    except UnicodeDecodeError as exc:
        raise MrzError("DG1", "the MRZ is not ASCII") from exc
    return parse_td1(text)


def parse_td1(text: str) -> Td1:
    """Parse 90 characters (or three lines of 30) and verify every check digit."""
    joined = "".join(text.split())
    if len(joined) != 3 * LINE:
        raise MrzError("MRZ", "a TD1 MRZ has 3 lines of 30 characters")
    if not _CHARSET.fullmatch(joined):
        raise MrzError("MRZ", "character outside A–Z, 0–9 and <")
    one, two, three = joined[:LINE], joined[LINE : 2 * LINE], joined[2 * LINE :]
    number, optional = _document_number(one)
    _check(two[0:6], two[6], "date of birth")
    _check(two[8:14], two[14], "date of expiry")
    _check(one[5:30] + two[0:7] + two[8:15] + two[18:29], two[29], "composite")
    primary, _, secondary = three.partition("<<")
    return Td1(
        document_code=one[0:2].rstrip("<"),
        issuing_state=one[2:5].rstrip("<"),
        document_number=number,
        optional_data_1=optional,
        date_of_birth=two[0:6],
        sex=two[7],
        date_of_expiry=two[8:14],
        nationality=two[15:18].rstrip("<"),
        optional_data_2=two[18:29].rstrip("<"),
        primary_identifier=primary.replace("<", " ").strip(),
        secondary_identifier=secondary.replace("<", " ").strip(),
    )


def _document_number(line: str) -> tuple[str, str]:
    """The document number and the optional data, with the long-number rule of 9303-5 §4.2.2."""
    if line[14] != "<":
        _check(line[5:14], line[14], "document number")
        return line[5:14].rstrip("<"), line[15:30].rstrip("<")
    # More than 9 characters: the rest continues in the optional data, ended by its check digit.
    tail = line[15:30].split("<", 1)[0]
    if len(tail) < 2:
        raise MrzError("MRZ", "document number check digit missing")
    number = line[5:14] + tail[:-1]
    # The ICAO specimen computes the digit over positions 6 to the end of the number with
    # the filler of position 15 included; some issuers leave the filler out. Accept both.
    if tail[-1] not in (check_digit(line[5:15] + tail[:-1]), check_digit(number)):
        raise MrzError("MRZ", "document number check digit does not match")
    return number, line[15 + len(tail) : 30].rstrip("<")


def _check(field: str, digit: str, what: str) -> None:
    if check_digit(field) != digit:
        raise MrzError("MRZ", f"{what} check digit does not match")


def mrz_date(yymmdd: str, *, past: bool, today: date) -> date:
    """A ``YYMMDD`` field as a date: birth dates lie in the past, expiry dates near today.

    Birth: the latest century that does not put the date after ``today``.
    Expiry: the century that puts the date within 50 years before or 50 after ``today``.
    """
    if len(yymmdd) != 6 or not yymmdd.isdigit() or not yymmdd.isascii():
        raise MrzError("MRZ", "a date is not six digits")
    yy, month, day = int(yymmdd[:2]), int(yymmdd[2:4]), int(yymmdd[4:])
    century = today.year // 100 * 100
    candidates = [century - 100 + yy, century + yy, century + 100 + yy]
    if past:
        years = [y for y in candidates if (y, month, day) <= (today.year, today.month, today.day)]
        year = max(years)
    else:
        year = min(candidates, key=lambda y: abs(y - today.year))
    try:
        return date(year, month, day)
    except ValueError as exc:
        raise MrzError("MRZ", "a date is not a calendar date") from exc


def format_name(primary: str, secondary: str) -> str:
    """Line 3 from MRZ-ready identifiers (already transliterated to ``A–Z``), cut to 30."""
    body = primary.replace(" ", "<") + "<<" + secondary.replace(" ", "<")
    return body[:LINE].ljust(LINE, "<")


def format_td1(
    *,
    document_number: str,
    optional_data_1: str,
    date_of_birth: str,
    sex: str,
    date_of_expiry: str,
    primary: str,
    secondary: str,
    issuing_state: str = "VNM",
    nationality: str = "VNM",
    document_code: str = "ID",
) -> str:
    """The 90 characters of a TD1 MRZ with every check digit (for the synthetic card)."""
    if len(document_number) > 9:
        raise ValueError("long document numbers are not produced here")
    number = document_number.ljust(9, "<")
    one = (
        document_code.ljust(2, "<")
        + issuing_state.ljust(3, "<")
        + number
        + check_digit(number)
        + optional_data_1.ljust(15, "<")
    )
    two = (
        date_of_birth
        + check_digit(date_of_birth)
        + sex
        + date_of_expiry
        + check_digit(date_of_expiry)
        + nationality.ljust(3, "<")
        + "<" * 11
    )
    two += check_digit(one[5:30] + two[0:7] + two[8:15] + two[18:29])
    text = one + two + format_name(primary, secondary)
    if len(text) != 3 * LINE or not _CHARSET.fullmatch(text):
        raise ValueError("the fields do not make a TD1 MRZ")
    return text


def encode_dg1(mrz: str) -> bytes:
    """DG1 as the chip stores it: ``61 { 5F1F mrz }``."""
    return der.tlv(0x61, der.tlv(_MRZ_TAG, mrz.encode("ascii")))
