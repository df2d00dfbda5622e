"""DG13 of the Vietnamese card: the citizen's details in Vietnamese, with diacritics.

Structure (DOMAIN.md; not in ICAO 9303, which leaves DG13 to the issuer)::

    6D { SEQUENCE { INTEGER version, OID, SET { SEQUENCE { INTEGER fieldNo, value } … } } }

Fields are found by their number, never by their position: a card may leave
any of them out. Values are UTF8String (some PrintableString); field 13 is a
SEQUENCE of the father's and the mother's names, field 14 a SEQUENCE holding
the spouse's name (absent when unmarried).

What is *unconfirmed* is kept in data, not in code paths: the date formats
(``DATE_FORMATS``) and the words that mean "no expiry" (``NO_EXPIRY_TEXTS``).
A value that cannot be read as what its field should hold does not fail the
whole file: the field is left empty and its number listed in ``problems``, so
the mapping can fall back on DG1 for it.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import IntEnum

from kiosk.identity import ber, der
from kiosk.identity.errors import BerError
from kiosk.identity.lds import unwrap

DATE_FORMATS = ("%d/%m/%Y", "%d-%m-%Y", "%d%m%Y")
NO_EXPIRY_TEXTS = frozenset({"không thời hạn", "khong thoi han"})
_ID_NUMBER = re.compile(r"[0-9]{12}")


class Field(IntEnum):
    """DG13 field numbers (DOMAIN.md)."""

    ID_NUMBER = 1
    FULL_NAME = 2
    DATE_OF_BIRTH = 3
    SEX = 4
    NATIONALITY = 5
    ETHNICITY = 6
    RELIGION = 7
    PLACE_OF_ORIGIN = 8  # quê quán
    PLACE_OF_RESIDENCE = 9  # nơi thường trú
    IDENTIFYING_MARKS = 10  # đặc điểm nhận dạng
    ISSUE_DATE = 11
    EXPIRY_DATE = 12
    PARENTS = 13  # SEQUENCE [father, mother]
    SPOUSE = 14  # SEQUENCE [spouse]; absent if unmarried
    OLD_ID_NUMBER = 15  # old 9-digit CMND or another document number
    FIELD_16 = 16  # meaning unknown: a 16-hex-digit value on some cards


Value = str | tuple[str, ...]


@dataclass(frozen=True)
class Dg13:
    """DG13 as read. Text fields are ``""`` when absent; ``problems`` lists unreadable fields."""

    version: int
    oid: str
    values: Mapping[int, Value]
    id_number: str = ""
    full_name: str = ""
    date_of_birth: date | None = None
    sex: str = ""
    nationality: str = ""
    ethnicity: str = ""
    religion: str = ""
    place_of_origin: str = ""
    place_of_residence: str = ""
    identifying_marks: str = ""
    issue_date: date | None = None
    expiry_date: date | None = None
    no_expiry: bool = False  # the card says "Không thời hạn"
    father_name: str = ""
    mother_name: str = ""
    spouse_name: str = ""
    old_id_number: str = ""
    field_16: str = ""
    problems: tuple[int, ...] = field(default=())


def parse_dg13(data: bytes) -> Dg13:
    """Parse DG13; only a broken structure raises, an odd value becomes a ``problem``."""
    body = unwrap(data, 13)
    top = ber.expect(_single(body.children()), ber.SEQUENCE, "DG13")
    parts = top.children()
    if len(parts) < 2:
        raise BerError("DG13", "version and OID expected")
    version = ber.read_small_int(parts[0], "DG13 version")
    oid = ber.read_oid(parts[1], "DG13 OID")
    values, problems = _field_values(parts[2:])
    return _interpret(version, oid, values, problems)


def _single(children: tuple[ber.Tlv, ...]) -> ber.Tlv:
    if len(children) != 1:
        raise BerError("DG13", "one SEQUENCE expected inside tag 6D")
    return children[0]


def _field_values(parts: tuple[ber.Tlv, ...]) -> tuple[dict[int, Value], list[int]]:
    """Field number → value, from the SET (or, tolerated, from fields listed after the OID)."""
    entries: list[ber.Tlv] = []
    for part in parts:
        entries.extend(part.children() if part.tag == ber.SET else (part,))
    values: dict[int, Value] = {}
    problems: list[int] = []
    for entry in entries:
        items = ber.expect(entry, ber.SEQUENCE, "DG13 field").children()
        if len(items) != 2:
            raise BerError("DG13", "a field is not a pair of number and value")
        number = ber.read_small_int(items[0], "DG13 field number", limit=1 << 16)
        if number in values:
            problems.append(number)  # the first one is kept: a duplicate is suspicious
            continue
        value = _value(items[1])
        if value is None:
            problems.append(number)
        else:
            values[number] = value
    return values, problems


def _value(element: ber.Tlv) -> Value | None:
    if ber.is_text(element):
        return _clean(ber.read_text(element, "DG13 value"))
    if element.tag == ber.SEQUENCE:
        children = element.children()
        if all(ber.is_text(child) for child in children):
            return tuple(_clean(ber.read_text(child, "DG13 value")) for child in children)
    return None


def _clean(text: str) -> str:
    # NFC: a name typed with combining marks and one with precomposed letters compare equal.
    return unicodedata.normalize("NFC", text).strip()


def _interpret(version: int, oid: str, values: dict[int, Value], problems: list[int]) -> Dg13:
    def text(number: Field) -> str:
        value = values.get(number, "")
        if isinstance(value, tuple):
            problems.append(number)
            return ""
        return value

    def when(number: Field) -> date | None:
        raw = text(number)
        if not raw:
            return None
        parsed = parse_date(raw)
        if parsed is None:
            problems.append(number)
        return parsed

    id_number = text(Field.ID_NUMBER)
    if id_number and not _ID_NUMBER.fullmatch(id_number):
        problems.append(Field.ID_NUMBER)
        id_number = ""
    expiry_text = text(Field.EXPIRY_DATE)
    no_expiry = is_no_expiry(expiry_text)
    parents = _names(values.get(Field.PARENTS), 2, Field.PARENTS, problems)
    spouse = _names(values.get(Field.SPOUSE), 1, Field.SPOUSE, problems)
    return Dg13(
        version=version,
        oid=oid,
        values=dict(values),
        id_number=id_number,
        full_name=text(Field.FULL_NAME),
        date_of_birth=when(Field.DATE_OF_BIRTH),
        sex=text(Field.SEX),
        nationality=text(Field.NATIONALITY),
        ethnicity=text(Field.ETHNICITY),
        religion=text(Field.RELIGION),
        place_of_origin=text(Field.PLACE_OF_ORIGIN),
        place_of_residence=text(Field.PLACE_OF_RESIDENCE),
        identifying_marks=text(Field.IDENTIFYING_MARKS),
        issue_date=when(Field.ISSUE_DATE),
        expiry_date=None if no_expiry else when(Field.EXPIRY_DATE),
        no_expiry=no_expiry,
        father_name=parents[0],
        mother_name=parents[1],
        spouse_name=spouse[0],
        old_id_number=text(Field.OLD_ID_NUMBER),
        field_16=text(Field.FIELD_16),
        problems=tuple(sorted(set(problems))),
    )


def _names(value: Value | None, count: int, number: int, problems: list[int]) -> list[str]:
    """Names from a SEQUENCE field; a lone string is taken as the first name of the list."""
    names = [value] if isinstance(value, str) else list(value or ())
    if len(names) > count:
        problems.append(number)
    return (names + [""] * count)[:count]


def parse_date(text: str) -> date | None:
    """A DG13 date in any of ``DATE_FORMATS``, or ``None``."""
    for pattern in DATE_FORMATS:
        try:
            return datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    return None


def is_no_expiry(text: str) -> bool:
    """Whether ``text`` says the card has no expiry ("Không thời hạn")."""
    return unicodedata.normalize("NFC", text).strip().casefold() in NO_EXPIRY_TEXTS


def encode_dg13(
    values: Mapping[int, Value],
    *,
    version: int = 1,
    oid: str = "2.25.1",
    printable: frozenset[int] = frozenset(),
) -> bytes:
    """DG13 bytes for ``values`` (synthetic card); fields in ``printable`` as PrintableString."""

    def one(number: int, text: str) -> bytes:
        return der.printable(text) if number in printable else der.utf8(text)

    fields = []
    for number, value in sorted(values.items()):
        if isinstance(value, tuple):
            encoded = der.sequence(*(one(number, item) for item in value))
        else:
            encoded = one(number, value)
        fields.append(der.sequence(der.integer(number), encoded))
    # The fields keep their numeric order rather than DER's SET OF sort: cards seen
    # in the field list them in order, and the parser must not depend on either.
    body = der.sequence(der.integer(version), der.oid(oid), der.tlv(ber.SET, b"".join(fields)))
    return der.tlv(0x6D, body)
