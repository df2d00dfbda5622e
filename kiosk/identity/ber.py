"""A BER decoder for the LDS: tag-length-value elements, decoded one level at a time.

Every file on the chip is BER-TLV (ICAO 9303-10 §4.4, X.690): tags of any class,
one to three bytes; definite lengths in short or long form. Indefinite lengths
are refused: ICAO 9303 requires definite lengths, and refusing them keeps the
decoder free of end-of-contents searches.

The decoder is built to meet hostile bytes (a cloned or modified chip):

- it never recurses on its own: :meth:`Tlv.children` decodes one level when a
  parser asks, so nesting depth is the parser's schema depth, not the input's;
- every slice is checked against what is left, so a length that claims more
  than the file holds is a :class:`~kiosk.identity.errors.BerError`, never an
  ``IndexError`` or a silently short value;
- tags and lengths are bounded (tag numbers below 2**21, lengths below 2**32).

Tags are handled as the integer of their encoded bytes (``0x5F1F``, ``0x7F61``,
``0x30``), the way ICAO 9303 writes them.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from enum import IntEnum

from kiosk.identity.errors import BerError

# X.690 universal tags used by the LDS and CMS.
BOOLEAN = 0x01
INTEGER = 0x02
BIT_STRING = 0x03
OCTET_STRING = 0x04
NULL = 0x05
OID = 0x06
UTF8_STRING = 0x0C
PRINTABLE_STRING = 0x13
T61_STRING = 0x14
IA5_STRING = 0x16
UTC_TIME = 0x17
GENERALIZED_TIME = 0x18
BMP_STRING = 0x1E
SEQUENCE = 0x30
SET = 0x31

_MAX_TAG_BYTES = 4  # first byte + three: tag numbers up to 2**21 - 1
_MAX_LENGTH_BYTES = 4
MAX_OID_ARC_BYTES = 20
"""Longest arc read: a UUID arc (``2.25.<128 bits>``) takes 19 bytes. A longer one is
hostile, and past ~2000 bytes its decimal form is more than ``str(int)`` converts."""


class TagClass(IntEnum):
    """The two top bits of the first tag byte."""

    UNIVERSAL = 0
    APPLICATION = 1
    CONTEXT = 2
    PRIVATE = 3


@dataclass(frozen=True, slots=True)
class Tlv:
    """One decoded element: its tag, its value bytes, and its whole encoding.

    ``encoded`` is kept because signatures and hashes are over encodings
    (CMS signed attributes, the LDS security object), never over a re-encoding.
    """

    tag: int
    value: bytes
    encoded: bytes

    @property
    def tag_class(self) -> TagClass:
        return TagClass(self._first_byte >> 6)

    @property
    def constructed(self) -> bool:
        return bool(self._first_byte & 0x20)

    @property
    def number(self) -> int:
        """The tag number within its class (``[0]`` → 0, ``0x5F1F`` → 31)."""
        low = self._first_byte & 0x1F
        if low != 0x1F:
            return low
        number = 0
        tag_len = (self.tag.bit_length() + 7) // 8
        for byte in self.tag.to_bytes(tag_len, "big")[1:]:
            number = (number << 7) | (byte & 0x7F)
        return number

    @property
    def _first_byte(self) -> int:
        return self.tag >> (8 * ((self.tag.bit_length() - 1) // 8)) if self.tag else 0

    def children(self) -> tuple[Tlv, ...]:
        """The elements inside a constructed element (one level)."""
        if not self.constructed:
            raise BerError("BER", f"element {self.tag:#x} is primitive; expected constructed")
        return decode_all(self.value)

    def child(self, tag: int, what: str) -> Tlv:
        """The first child with ``tag``; ``what`` names the structure in the error."""
        found = self.find(tag)
        if found is None:
            raise BerError(what, f"element {tag:#x} missing")
        return found

    def find(self, tag: int) -> Tlv | None:
        """The first child with ``tag``, or ``None``."""
        return next((c for c in self.children() if c.tag == tag), None)


def decode(data: bytes, what: str = "BER") -> Tlv:
    """Decode exactly one element that fills ``data``; trailing bytes are an error."""
    element, end = _decode_at(bytes(data), 0, what)
    if end != len(data):
        raise BerError(what, f"{len(data) - end} byte(s) after the element")
    return element


def decode_first(data: bytes, what: str = "BER") -> Tlv:
    """Decode the element at the start of ``data``, ignoring what follows it."""
    return _decode_at(bytes(data), 0, what)[0]


def decode_all(data: bytes, what: str = "BER") -> tuple[Tlv, ...]:
    """Decode consecutive elements that together fill ``data``."""
    return tuple(iter_elements(data, what))


def iter_elements(data: bytes, what: str = "BER") -> Iterator[Tlv]:
    """Yield consecutive elements of ``data`` (each at least two bytes: the loop ends)."""
    data = bytes(data)
    offset = 0
    while offset < len(data):
        element, offset = _decode_at(data, offset, what)
        yield element


def _decode_at(data: bytes, offset: int, what: str) -> tuple[Tlv, int]:
    start = offset
    tag, offset = _read_tag(data, offset, what)
    length, offset = _read_length(data, offset, what)
    end = offset + length
    if end > len(data):
        raise BerError(
            what, f"element {tag:#x} claims {length} bytes; only {len(data) - offset} left"
        )
    return Tlv(tag, data[offset:end], data[start:end]), end


def _read_tag(data: bytes, offset: int, what: str) -> tuple[int, int]:
    if offset >= len(data):
        raise BerError(what, "truncated: tag expected")
    first = data[offset]
    offset += 1
    tag = first
    if first & 0x1F != 0x1F:
        if first == 0x00:
            raise BerError(what, "end-of-contents octets outside an indefinite length")
        return tag, offset
    for count in range(1, _MAX_TAG_BYTES):
        if offset >= len(data):
            raise BerError(what, "truncated inside a multi-byte tag")
        byte = data[offset]
        if count == 1 and byte == 0x80:
            raise BerError(what, "multi-byte tag with a leading zero group")
        tag = (tag << 8) | byte
        offset += 1
        if not byte & 0x80:
            return tag, offset
    raise BerError(what, f"tag longer than {_MAX_TAG_BYTES} bytes")


def _read_length(data: bytes, offset: int, what: str) -> tuple[int, int]:
    if offset >= len(data):
        raise BerError(what, "truncated: length expected")
    first = data[offset]
    offset += 1
    if first < 0x80:
        return first, offset
    if first == 0x80:
        raise BerError(what, "indefinite length is not allowed in the LDS")
    count = first & 0x7F
    if count > _MAX_LENGTH_BYTES:
        raise BerError(what, f"length of {count} bytes is not supported")
    if offset + count > len(data):
        raise BerError(what, "truncated inside a long-form length")
    return int.from_bytes(data[offset : offset + count], "big"), offset + count


# --- primitive values -------------------------------------------------------------------


def expect(element: Tlv, tag: int, what: str) -> Tlv:
    """``element`` itself, if it has ``tag``; otherwise a :class:`BerError`."""
    if element.tag != tag:
        raise BerError(what, f"expected element {tag:#x}, found {element.tag:#x}")
    return element


def read_integer(element: Tlv, what: str = "INTEGER") -> int:
    """A two's-complement INTEGER."""
    expect(element, INTEGER, what)
    if not element.value:
        raise BerError(what, "empty INTEGER")
    return int.from_bytes(element.value, "big", signed=True)


def read_small_int(element: Tlv, what: str, limit: int = 1 << 31) -> int:
    """An INTEGER that must lie in ``0 .. limit-1`` (version numbers, field numbers)."""
    if len(element.value) > 8:
        raise BerError(what, "INTEGER too large")
    value = read_integer(element, what)
    if not 0 <= value < limit:
        raise BerError(what, "INTEGER out of range")
    return value


def read_octets(element: Tlv, what: str = "OCTET STRING") -> bytes:
    return expect(element, OCTET_STRING, what).value


def read_oid(element: Tlv, what: str = "OBJECT IDENTIFIER") -> str:
    """The dotted form of an OBJECT IDENTIFIER (``2.23.136.1.1.1``)."""
    value = expect(element, OID, what).value
    if not value or value[-1] & 0x80:
        raise BerError(what, "OBJECT IDENTIFIER is empty or truncated")
    arcs: list[int] = []
    current = 0
    groups = 0
    for byte in value:
        if not groups and byte == 0x80:
            raise BerError(what, "OBJECT IDENTIFIER arc with a leading zero group")
        groups += 1
        if groups > MAX_OID_ARC_BYTES:
            raise BerError(what, "OBJECT IDENTIFIER arc too long")
        current = (current << 7) | (byte & 0x7F)
        if not byte & 0x80:
            arcs.append(current)
            current = 0
            groups = 0
    first = min(arcs[0] // 40, 2)
    return ".".join(str(arc) for arc in (first, arcs[0] - 40 * first, *arcs[1:]))


_TEXT_CODECS = {
    UTF8_STRING: "utf-8",
    PRINTABLE_STRING: "ascii",
    IA5_STRING: "ascii",
    T61_STRING: "latin-1",  # how readers treat TeletexString in practice
    BMP_STRING: "utf-16-be",
}


def is_text(element: Tlv) -> bool:
    return element.tag in _TEXT_CODECS


def read_text(element: Tlv, what: str = "string") -> str:
    """A character string of any type the LDS uses (UTF8String, PrintableString, …)."""
    codec = _TEXT_CODECS.get(element.tag)
    if codec is None:
        raise BerError(what, f"expected a character string, found element {element.tag:#x}")
    try:
        return element.value.decode(codec)
    except UnicodeDecodeError as exc:
        raise BerError(what, f"not valid {codec} text") from exc
