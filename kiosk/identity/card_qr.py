"""The text of the QR code printed on the citizen identity card.

``|``-separated UTF-8, by position (DOMAIN.md)::

    0 ID number (12 digits) | 1 old 9-digit ID, empty if none | 2 full name |
    3 date of birth ddmmyyyy | 4 sex "Nam"/"Nữ" | 5 place of residence |
    6 issue date ddmmyyyy | 7… more fields on cards from 2024 (often empty)

Fields past the seventh are kept as they are and not interpreted. Anything
that is not such a text — another QR code held up by mistake, a misread — is a
:class:`~kiosk.identity.errors.QrTextError` that names the position, never the value.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date

from kiosk.identity.errors import QrTextError

MIN_FIELDS = 7
MAX_LENGTH = 2000  # the card's QR holds a few hundred bytes; longer text is something else
_ID = re.compile(r"[0-9]{12}")
_OLD_ID = re.compile(r"([0-9]{9}|[0-9]{12})?")
_DATE = re.compile(r"[0-9]{8}")
_SEX = {"nam": "Nam", "nữ": "Nữ", "nu": "Nữ"}
# Unicode's bidirectional embeddings, overrides, isolates and marks (UAX #9).
_BIDI_CONTROLS = frozenset(
    "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
)


@dataclass(frozen=True)
class CardQr:
    """What the card's QR says. Personal data: never logged."""

    id_number: str
    old_id_number: str
    full_name: str
    date_of_birth: date
    sex: str  # "Nam" or "Nữ"
    place_of_residence: str
    issue_date: date
    extra: tuple[str, ...] = ()


def parse_card_qr(text: str, today: date | None = None) -> CardQr:
    """Parse the card QR's text; dates must be real and not after ``today``."""
    if len(text) > MAX_LENGTH:
        raise QrTextError("the text is too long for a card QR")
    text = unicodedata.normalize("NFC", text.strip().lstrip("\ufeff"))
    if any(unicodedata.category(ch) == "Cc" for ch in text):
        raise QrTextError("the text holds control characters")
    fields = [
        unicodedata.normalize("NFC", _clean(field, n)).strip()  # again: a mark may now join
        for n, field in enumerate(text.split("|"), start=1)
    ]
    if len(fields) < MIN_FIELDS:
        raise QrTextError(f"{len(fields)} fields; a card QR has at least {MIN_FIELDS}")
    if not _ID.fullmatch(fields[0]):
        raise QrTextError("field 1 is not a 12-digit ID number")
    if not _OLD_ID.fullmatch(fields[1]):
        raise QrTextError("field 2 is not an old 9-digit ID number")
    name = " ".join(fields[2].split())
    if not name or not any(ch.isalpha() for ch in name) or any(ch.isdigit() for ch in name):
        raise QrTextError("field 3 is not a name")
    sex = _SEX.get(fields[4].casefold())
    if sex is None:
        raise QrTextError("field 5 is not Nam or Nữ")
    born = _date(fields[3], 4)
    issued = _date(fields[6], 7)
    if issued < born or (today is not None and (born > today or issued > today)):
        raise QrTextError("the dates are not in order")
    return CardQr(
        id_number=fields[0],
        old_id_number=fields[1],
        full_name=name,
        date_of_birth=born,
        sex=sex,
        place_of_residence=" ".join(fields[5].split()),
        issue_date=issued,
        extra=tuple(fields[MIN_FIELDS:]),
    )


def _clean(field: str, position: int) -> str:
    """``field`` without invisible format characters; refused if it could disguise itself.

    A text-direction control (an RLO that shows "Nguyễn" written backwards, an
    isolate) could make the name or address read differently on screen than
    what is stored: refused. Private-use, surrogate and unassigned code points
    are no card's text: refused. Other format characters (zero-width space and
    joiners, soft hyphen, a stray BOM) change nothing a person reads: removed.
    """
    kept = []
    for ch in field:
        if ch in _BIDI_CONTROLS:
            raise QrTextError(f"field {position} holds a text-direction control character")
        category = unicodedata.category(ch)
        if category in ("Co", "Cs", "Cn"):
            raise QrTextError(f"field {position} holds characters that are not text")
        if category != "Cf":
            kept.append(ch)
    return "".join(kept)


def _date(text: str, position: int) -> date:
    if not _DATE.fullmatch(text):
        raise QrTextError(f"field {position} is not a ddmmyyyy date")
    try:
        return date(int(text[4:]), int(text[2:4]), int(text[:2]))
    except ValueError as exc:
        raise QrTextError(f"field {position} is not a calendar date") from exc


def format_card_qr(qr: CardQr) -> str:
    """The QR text for ``qr`` (the synthetic card's QR, and round-trip tests)."""
    fields = [
        qr.id_number,
        qr.old_id_number,
        qr.full_name,
        f"{qr.date_of_birth:%d%m%Y}",
        qr.sex,
        qr.place_of_residence,
        f"{qr.issue_date:%d%m%Y}",
        *qr.extra,
    ]
    return "|".join(fields)
