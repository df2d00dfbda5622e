"""A small BER-TLV reader and writer: enough for EF.CardAccess, PACE and secure messaging.

Tags of one or more bytes (as one integer, e.g. 0x7F49), lengths in short or
long form up to four bytes. Every fault in the input is a ``TlvError`` (a
ValueError), never an IndexError: the bytes come from the card.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass


class TlvError(ValueError):
    """The bytes are not well-formed BER-TLV."""


@dataclass(frozen=True)
class Tlv:
    """One data object: its tag, its value, and its whole encoding as it was read."""

    tag: int
    value: bytes
    raw: bytes

    @property
    def constructed(self) -> bool:
        """Whether the value holds further data objects (bit 6 of the first tag byte)."""
        first = self.tag.to_bytes((self.tag.bit_length() + 7) // 8 or 1, "big")[0]
        return bool(first & 0x20)

    def children(self) -> list[Tlv]:
        return list(iter_tlvs(self.value))

    def __repr__(self) -> str:
        # Lengths only: values can be keys or personal data.
        return f"Tlv(tag={self.tag:X}, len={len(self.value)})"


def read_header(data: bytes, offset: int = 0) -> tuple[int, int, int]:
    """(tag, header length, value length) of the data object at ``offset``."""
    position = offset
    if position >= len(data):
        raise TlvError("no tag")
    tag = data[position]
    position += 1
    if tag & 0x1F == 0x1F:  # the tag continues while bit 8 is set
        while True:
            if position >= len(data) or position - offset > 4:
                raise TlvError("tag runs past the data")
            tag = (tag << 8) | data[position]
            position += 1
            if not data[position - 1] & 0x80:
                break
    if position >= len(data):
        raise TlvError("no length")
    first = data[position]
    position += 1
    if first < 0x80:
        length = first
    elif 0x81 <= first <= 0x84:
        count = first & 0x7F
        if position + count > len(data):
            raise TlvError("length runs past the data")
        length = int.from_bytes(data[position : position + count], "big")
        position += count
    else:
        raise TlvError(f"unsupported length byte {first:02X}")
    return tag, position - offset, length


def read_tlv(data: bytes, offset: int = 0) -> tuple[Tlv, int]:
    """The data object at ``offset`` and the offset just after it."""
    tag, header, length = read_header(data, offset)
    end = offset + header + length
    if end > len(data):
        raise TlvError(f"value of tag {tag:X} runs past the data")
    return Tlv(tag, bytes(data[offset + header : end]), bytes(data[offset:end])), end


def iter_tlvs(data: bytes) -> Iterator[Tlv]:
    """Every data object of ``data`` in order; the whole input must be consumed."""
    offset = 0
    while offset < len(data):
        tlv, offset = read_tlv(data, offset)
        yield tlv


def find(data: bytes, tag: int) -> Tlv | None:
    """The first top-level data object with ``tag``, walking the TLVs (never searching bytes)."""
    return next((tlv for tlv in iter_tlvs(data) if tlv.tag == tag), None)


def encode_length(length: int) -> bytes:
    if length < 0x80:
        return bytes((length,))
    size = (length.bit_length() + 7) // 8
    return bytes((0x80 | size,)) + length.to_bytes(size, "big")


def encode(tag: int, value: bytes) -> bytes:
    """One data object with the shortest length encoding."""
    tag_bytes = tag.to_bytes((tag.bit_length() + 7) // 8 or 1, "big")
    return tag_bytes + encode_length(len(value)) + value
