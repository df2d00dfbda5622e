"""DG13 of the Vietnamese card: the citizen's details in Vietnamese, with diacritics.

Structure (DOMAIN.md; not in ICAO 9303, which leaves DG13 to the issuer)::

    6D { SEQUENCE { INTEGER version, OID, SET { SEQUENCE { INTEGER fieldNo, value } … } } }

DG13 is unpublished, so the parser reads what is there rather than what we
guessed. Fields are found by their number, never by their position: a card may
leave any of them out. Every shape of an entry seen or plausible is read:

- the value flat or nested: ``{13, father, mother}``, ``{13, SEQUENCE {father,
  mother}}``, ``{13, SET {…}}``, ``{13, SEQUENCE {father}, SEQUENCE {mother}}``;
- several values after the number (a multi-valued field, or a text split in parts);
- UTF8String, PrintableString (and the other character strings), or an OCTET
  STRING holding UTF-8; NULL or nothing for an empty value;
- a number not in :class:`Field` (kept: decoded in ``values`` when it is text,
  its encoding in ``raw``); a field repeated (names are added up; another
  value for a one-valued field is a problem); trailing bytes after the file,
  the SET or an entry (what decodes before them is kept).

An entry whose value cannot be read becomes a ``problem`` for that field only
(the mapping then falls back on DG1 or leaves the field for the citizen to
type); an entry without a readable number is counted in ``skipped``. Only a
DG13 whose outer structure is broken (not tag 6D, no SEQUENCE inside, neither
an OID nor any entry) raises :class:`~kiosk.identity.errors.BerError`.

What is *unconfirmed* is kept in data, not in code paths: the date formats
(``DATE_FORMATS``) and the words that mean "no expiry" (``NO_EXPIRY_TEXTS``).
"""

from __future__ import annotations

import contextlib
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import IntEnum

from kiosk.identity import ber, der
from kiosk.identity.errors import BerError
from kiosk.identity.lds import DG_TAGS

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

# Fields whose several values are joined into one text, and with what; the others
# (ID number, dates, sex, …) must hold one value, or their number is a problem.
_JOINED = {
    Field.FULL_NAME: " ",
    Field.PLACE_OF_ORIGIN: ", ",
    Field.PLACE_OF_RESIDENCE: ", ",
    Field.IDENTIFYING_MARKS: "; ",
}
_NAME_LISTS = {Field.PARENTS: 2, Field.SPOUSE: 1}  # fields listing people: how many
_MAX_DEPTH = 4  # nesting of a value: a card's schema, not the input, bounds the work
_MAX_NUMBER = 1 << 16
_KNOWN = frozenset(int(number) for number in Field)


@dataclass(frozen=True)
class Dg13:
    """DG13 as read. Text fields are ``""`` when absent.

    ``problems`` lists the numbers of fields whose value could not be used;
    ``raw`` holds the encoding of each entry whose number is not in :class:`Field`;
    ``skipped`` counts entries that carried no readable field number.
    """

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
    raw: Mapping[int, bytes] = field(default_factory=dict, repr=False)
    skipped: int = 0


def parse_dg13(data: bytes) -> Dg13:
    """Parse DG13; only a broken outer structure raises, an odd entry becomes a ``problem``."""
    outer = ber.expect(ber.decode_first(data, "DG13"), DG_TAGS[13], "DG13")
    body = _lenient(outer.value)
    if not body:
        raise BerError("DG13", "nothing readable inside tag 6D")
    # The documented form wraps everything in one SEQUENCE; a card that put the
    # version, OID and SET straight inside 6D is read the same way.
    parts = _lenient(body[0].value) if _is_header(body[0]) else body
    version, oid, rest = _header(parts)
    reader = _EntryReader()
    for part in rest:
        reader.add_part(part)
    if not oid and not reader.entries:
        raise BerError("DG13", "neither the OID nor any field was found")
    return _interpret(version, oid, reader)


def _lenient(data: bytes) -> list[ber.Tlv]:
    """The elements that decode one after the other; what follows the first bad byte is ignored."""
    found: list[ber.Tlv] = []
    with contextlib.suppress(BerError):
        found.extend(ber.iter_elements(data, "DG13"))
    return found


def _is_header(element: ber.Tlv) -> bool:
    """Whether ``element`` is the outer SEQUENCE { version, OID, … } rather than a field entry."""
    if element.tag != ber.SEQUENCE:
        return False
    children = _lenient(element.value)
    return any(child.tag == ber.OID for child in children[:2]) or any(
        _is_container(child) for child in children
    )


def _is_container(element: ber.Tlv) -> bool:
    """A SET or SEQUENCE holding field entries (rather than a field's nested value)."""
    return element.constructed and any(
        _number_of(child) is not None for child in _lenient(element.value)
    )


def _header(parts: list[ber.Tlv]) -> tuple[int, str, list[ber.Tlv]]:
    """Version (0 when absent or unreadable) and OID ("" when absent) at the start of ``parts``."""
    version, oid, rest = 0, "", list(parts)
    if rest and rest[0].tag == ber.INTEGER and (len(rest) < 2 or rest[1].tag == ber.OID):
        with contextlib.suppress(BerError):
            version = ber.read_small_int(rest[0], "DG13 version")
        rest = rest[1:]
    if rest and rest[0].tag == ber.OID:
        with contextlib.suppress(BerError):
            oid = ber.read_oid(rest[0], "DG13 OID")
        rest = rest[1:]
    return version, oid, rest


@dataclass
class _EntryReader:
    """Collects field entries from the SET (or SEQUENCE, or a bare list) after the OID."""

    entries: int = 0
    skipped: int = 0
    values: dict[int, list[Value]] = field(default_factory=dict)
    unreadable: set[int] = field(default_factory=set)
    raw: dict[int, bytes] = field(default_factory=dict)

    def add_part(self, part: ber.Tlv) -> None:
        if _number_of(part) is not None:
            self.add_entry(part)
        elif part.constructed:
            for entry in _lenient(part.value):
                self.add_entry(entry)
        else:
            self.skipped += 1  # a lone value after the OID: no number to file it under

    def add_entry(self, entry: ber.Tlv) -> None:
        number = _number_of(entry)
        if number is None:
            self.skipped += 1
            return
        items = _lenient(entry.value)[1:]
        self.entries += bool(items)  # a number alone says nothing: it is not evidence of DG13
        if number not in _KNOWN:
            self.raw.setdefault(number, entry.encoded)
        texts = _texts(items, _MAX_DEPTH)
        if texts is None:
            if number in _KNOWN:  # an unknown field is kept raw: nothing needs its value
                self.unreadable.add(number)
            return
        value: Value = "" if not texts else texts[0] if len(texts) == 1 else tuple(texts)
        self.values.setdefault(number, []).append(value)


def _number_of(entry: ber.Tlv) -> int | None:
    """The field number an entry starts with (INTEGER, or tolerated: digits as text)."""
    if entry.tag != ber.SEQUENCE:
        return None
    children = _lenient(entry.value)
    if not children:
        return None
    first = children[0]
    try:
        if first.tag == ber.INTEGER:
            return ber.read_small_int(first, "DG13 field number", limit=_MAX_NUMBER)
        if ber.is_text(first):
            text = ber.read_text(first, "DG13 field number").strip()
            if text.isdigit() and int(text) < _MAX_NUMBER:
                return int(text)
    except BerError:
        return None
    return None


def _texts(items: list[ber.Tlv], depth: int) -> list[str] | None:
    """The texts in ``items``, nested ones in order; ``None`` if any cannot be read as text."""
    texts: list[str] = []
    for item in items:
        if item.constructed:
            inner = _texts(_lenient(item.value), depth - 1) if depth > 0 else None
            if inner is None:
                return None
            texts.extend(inner)
        elif item.tag == ber.NULL:
            texts.append("")
        else:
            text = _text(item)
            if text is None:
                return None
            texts.append(text)
    return texts


def _text(item: ber.Tlv) -> str | None:
    """A character string, or bytes that are UTF-8 (OCTET STRING, a context tag): else ``None``."""
    try:
        if ber.is_text(item):
            return _clean(ber.read_text(item, "DG13 value"))
        if item.tag == ber.OCTET_STRING or item.tag_class is not ber.TagClass.UNIVERSAL:
            return _clean(item.value.decode("utf-8"))
    except (BerError, UnicodeDecodeError):
        return None
    return None  # INTEGER, BOOLEAN, OID, …: not what a DG13 field holds


def _clean(text: str) -> str:
    # NFC: a name typed with combining marks and one with precomposed letters compare equal.
    return unicodedata.normalize("NFC", text).strip()


def _interpret(version: int, oid: str, reader: _EntryReader) -> Dg13:
    problems: list[int] = sorted(reader.unreadable)
    values = {number: _merge(number, found, problems) for number, found in reader.values.items()}

    def text(number: Field) -> str:
        value = values.get(number, "")
        if isinstance(value, str):
            return value
        parts = [part for part in value if part]
        if number in _JOINED:
            return _JOINED[number].join(parts)
        if len(parts) > 1:
            problems.append(number)
            return ""
        return parts[0] if parts else ""

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
    parents = _names(values.get(Field.PARENTS), Field.PARENTS, problems)
    spouse = _names(values.get(Field.SPOUSE), Field.SPOUSE, problems)
    return Dg13(
        version=version,
        oid=oid,
        values=values,
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
        problems=tuple(sorted({int(number) for number in problems})),
        raw=dict(reader.raw),
        skipped=reader.skipped,
    )


def _merge(number: int, found: list[Value], problems: list[int]) -> Value:
    """One value from a field's entries: names add up; another value for one field is a problem."""
    if number in _NAME_LISTS:
        return tuple(name for value in found for name in _as_list(value))
    first = found[0]
    if any(value != first for value in found[1:]):
        problems.append(number)  # two different values: the first is kept, and flagged
    return first


def _as_list(value: Value) -> list[str]:
    return [value] if isinstance(value, str) else list(value)


def _names(value: Value | None, number: Field, problems: list[int]) -> list[str]:
    """Names of a field listing people; a lone string is the first of the list.

    More names than the field holds (three parents) is a problem; the first are kept.
    """
    count = _NAME_LISTS[number]
    names = _as_list(value) if value is not None else []
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
    flat: bool = False,
) -> bytes:
    """DG13 bytes for ``values`` (synthetic card); fields in ``printable`` as PrintableString.

    A field of several values is ``SEQUENCE { n, SEQUENCE { v1, v2 } }``, or with
    ``flat`` ``SEQUENCE { n, v1, v2 }`` (the shape an independent card was seen with).
    """

    def one(number: int, text: str) -> bytes:
        return der.printable(text) if number in printable else der.utf8(text)

    fields = []
    for number, value in sorted(values.items()):
        if isinstance(value, str):
            encoded = one(number, value)
        elif flat:
            encoded = b"".join(one(number, item) for item in value)
        else:
            encoded = der.sequence(*(one(number, item) for item in value))
        fields.append(der.sequence(der.integer(number), encoded))
    # The fields keep their numeric order rather than DER's SET OF sort: cards seen
    # in the field list them in order, and the parser must not depend on either.
    body = der.sequence(der.integer(version), der.oid(oid), der.tlv(ber.SET, b"".join(fields)))
    return der.tlv(0x6D, body)
