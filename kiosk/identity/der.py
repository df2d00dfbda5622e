"""A DER encoder, the inverse of :mod:`kiosk.identity.ber`, for the files the builder writes.

Only the synthetic card builder and the tests encode: the kiosk itself only
reads. Tags are given as the integer of their encoded bytes, as in the decoder.
"""

from __future__ import annotations

from kiosk.identity import ber


def tlv(tag: int, value: bytes) -> bytes:
    """One element: tag bytes, the shortest definite length, the value."""
    if tag <= 0:
        raise ValueError("tags are positive")
    return tag.to_bytes((tag.bit_length() + 7) // 8, "big") + length(len(value)) + value


def length(size: int) -> bytes:
    """The DER length octets for ``size``."""
    if size < 0x80:
        return bytes((size,))
    body = size.to_bytes((size.bit_length() + 7) // 8, "big")
    return bytes((0x80 | len(body),)) + body


def integer(value: int) -> bytes:
    size = max(1, (value + (value < 0)).bit_length() // 8 + 1)
    return tlv(ber.INTEGER, value.to_bytes(size, "big", signed=True))


def oid(dotted: str) -> bytes:
    arcs = [int(part) for part in dotted.split(".")]
    if len(arcs) < 2:
        raise ValueError("an OBJECT IDENTIFIER has at least two arcs")
    body = bytearray()
    for arc in (40 * arcs[0] + arcs[1], *arcs[2:]):
        chunk = [arc & 0x7F]
        rest = arc >> 7
        while rest:
            chunk.append(0x80 | (rest & 0x7F))
            rest >>= 7
        body += bytes(reversed(chunk))
    return tlv(ber.OID, bytes(body))


def octets(value: bytes) -> bytes:
    return tlv(ber.OCTET_STRING, value)


def utf8(text: str) -> bytes:
    return tlv(ber.UTF8_STRING, text.encode("utf-8"))


def printable(text: str) -> bytes:
    return tlv(ber.PRINTABLE_STRING, text.encode("ascii"))


def null() -> bytes:
    return tlv(ber.NULL, b"")


def sequence(*parts: bytes) -> bytes:
    return tlv(ber.SEQUENCE, b"".join(parts))


def set_of(*parts: bytes) -> bytes:
    """A SET OF in DER order: elements sorted by their encodings (X.690 §11.6)."""
    return tlv(ber.SET, b"".join(sorted(parts)))


def context(number: int, value: bytes, constructed: bool = True) -> bytes:
    """``[number]`` with ``value`` as its contents (IMPLICIT; wrap an element for EXPLICIT)."""
    if not 0 <= number < 31:
        raise ValueError("only low context tag numbers are used here")
    return tlv(0x80 | (0x20 if constructed else 0) | number, value)


def algorithm(dotted: str, parameters: bytes | None = None) -> bytes:
    """An AlgorithmIdentifier; ``parameters`` is an encoded element (``null()`` for RSA)."""
    return sequence(oid(dotted), parameters or b"")
