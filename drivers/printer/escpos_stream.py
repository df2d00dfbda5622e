"""Cutting an ESC/POS byte stream into commands (the printer's side of the wire).

Used by the loopback printer to answer real-time status queries as they
arrive and to split what it received into jobs. Only command *lengths* are
known here; what a command draws is ``escpos_paper.py``'s business.

A command whose length is not known stops tokenizing (``unknown_at``): its
parameters could be anything, so nothing after it can be trusted.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

ESC, GS, FS, DLE = 0x1B, 0x1D, 0x1C, 0x10
_PREFIXES = frozenset({ESC, GS, FS, DLE})
_NAMES = {ESC: "ESC", GS: "GS", FS: "FS", DLE: "DLE", 0x04: "EOT", 0x05: "ENQ", 0x14: "DC4"}
_CONTROL_NAMES = {0x09: "HT", 0x0A: "LF", 0x0C: "FF", 0x0D: "CR", 0x18: "CAN"}

NEED_MORE = 0
UNKNOWN = -1

REAL_TIME = frozenset({"DLE EOT", "DLE ENQ", "DLE DC4"})
"""Commands a printer acts on at once; they are not part of the printed job."""

CUTS = frozenset({"GS V", "ESC i", "ESC m"})


def _fixed(*pairs: tuple[str, int]) -> dict[int, int]:
    return {ord(char): length for chars, length in pairs for char in chars}


# Total length of the fixed-size commands, by the byte after the prefix.
_FIXED_LENGTHS: dict[int, dict[int, int]] = {
    ESC: _fixed(("@2<SLimv", 2), ("!-EGMtR{V =adJ3eTru%", 3), ("c$\\B", 4), ("p", 5), ("W", 10)),
    GS: _fixed((":", 2), ("!BHhwfabIrT/", 3), ("LWP$\\", 4), ("^", 5)),
    FS: _fixed((".&", 2), ("!-WC", 3), ("pS", 4)),
    DLE: {0x05: 3},
}


@dataclass(frozen=True)
class Command:
    """One command (or one run of text) and where it started in the stream."""

    name: str
    raw: bytes
    offset: int


@dataclass(frozen=True)
class Tokens:
    """What :func:`tokenize` made of a buffer.

    ``consumed`` is where the next call should start (the first byte of an
    incomplete command, or the end). ``unknown_at`` is the offset of a
    command whose length is unknown, where tokenizing stopped for good.
    """

    commands: list[Command]
    consumed: int
    unknown_at: int | None = None


def tokenize(data: bytes | bytearray, start: int = 0) -> Tokens:
    """Cut ``data[start:]`` into complete commands."""
    commands: list[Command] = []
    pos = start
    while pos < len(data):
        length = command_length(data, pos)
        if length == NEED_MORE:
            return Tokens(commands, pos)
        if length == UNKNOWN:
            return Tokens(commands, pos, unknown_at=pos)
        raw = bytes(data[pos : pos + length])
        commands.append(Command(_name(raw), raw, pos))
        pos += length
    return Tokens(commands, pos)


def split_jobs(data: bytes | bytearray, final: bool) -> list[bytes]:
    """Print jobs in one connection's bytes: real-time queries left out, a job ends at a cut.

    With ``final`` (the connection is closed) the bytes after the last cut
    are a job too, including any undecodable tail.
    """
    tokens = tokenize(data)
    jobs: list[bytes] = []
    job = bytearray()
    for command in tokens.commands:
        if command.name in REAL_TIME:
            continue
        job += command.raw
        if command.name in CUTS:
            jobs.append(bytes(job))
            job.clear()
    if final:
        job += data[tokens.consumed :]
        if job:
            jobs.append(bytes(job))
    return jobs


def command_length(data: bytes | bytearray, pos: int) -> int:
    """Length of the command at ``pos``; ``NEED_MORE`` if cut short, ``UNKNOWN`` if unknown."""
    first = data[pos]
    if first not in _PREFIXES:
        if first < 0x20:
            return 1
        end = pos
        while end < len(data) and data[end] >= 0x20:
            end += 1
        return end - pos
    if pos + 1 >= len(data):
        return NEED_MORE
    second = data[pos + 1]
    variable = _VARIABLE.get((first, second))
    if variable is not None:
        return variable(data, pos)
    return _FIXED_LENGTHS[first].get(second, UNKNOWN)


def _name(raw: bytes) -> str:
    first = raw[0]
    if first not in _PREFIXES:
        return _CONTROL_NAMES.get(first, "control") if first < 0x20 else "text"
    words = [_NAMES[first], _NAMES.get(raw[1], chr(raw[1]))]
    if raw[:2] in (b"\x1dv", b"\x1d(", b"\x1d8", b"\x1c(", b"\x1b("):
        words.append(chr(raw[2]))
    return " ".join(words)


def _header(data: bytes | bytearray, pos: int, size: int) -> bytes | None:
    return bytes(data[pos : pos + size]) if pos + size <= len(data) else None


def _total(data: bytes | bytearray, pos: int, length: int) -> int:
    return length if pos + length <= len(data) else NEED_MORE


def _gs_v(data: bytes | bytearray, pos: int) -> int:
    head = _header(data, pos, 3)
    if head is None:
        return NEED_MORE
    if head[2] == 0x30:  # GS v 0 m xL xH yL yH d1...dk
        head = _header(data, pos, 8)
        if head is None:
            return NEED_MORE
        width_bytes = head[4] | head[5] << 8
        height = head[6] | head[7] << 8
        return _total(data, pos, 8 + width_bytes * height)
    return UNKNOWN


def _gs_cut(data: bytes | bytearray, pos: int) -> int:
    head = _header(data, pos, 3)
    if head is None:
        return NEED_MORE
    if head[2] in (0, 1, 0x30, 0x31):
        return 3
    if head[2] in (65, 66, 97, 98, 103, 104):
        return _total(data, pos, 4)
    return UNKNOWN


def _paren(data: bytes | bytearray, pos: int) -> int:
    """``ESC|GS|FS ( fn pL pH ...``: the length is in the command."""
    head = _header(data, pos, 5)
    if head is None:
        return NEED_MORE
    return _total(data, pos, 5 + (head[3] | head[4] << 8))


def _gs_8(data: bytes | bytearray, pos: int) -> int:
    """``GS 8 L p1 p2 p3 p4 ...``: graphics with a 4-byte length."""
    head = _header(data, pos, 7)
    if head is None:
        return NEED_MORE
    if head[2] != ord("L"):
        return UNKNOWN
    return _total(data, pos, 7 + int.from_bytes(head[3:7], "little"))


def _esc_star(data: bytes | bytearray, pos: int) -> int:
    """``ESC * m nL nH d...``: column bit image, 1 or 3 bytes a column."""
    head = _header(data, pos, 5)
    if head is None:
        return NEED_MORE
    per_column = {0: 1, 1: 1, 32: 3, 33: 3}.get(head[2])
    if per_column is None:
        return UNKNOWN
    return _total(data, pos, 5 + (head[3] | head[4] << 8) * per_column)


def _gs_star(data: bytes | bytearray, pos: int) -> int:
    """``GS * x y d...``: define a downloaded bit image of x*y*8 bytes."""
    head = _header(data, pos, 4)
    if head is None:
        return NEED_MORE
    return _total(data, pos, 4 + head[2] * head[3] * 8)


def _gs_barcode(data: bytes | bytearray, pos: int) -> int:
    """``GS k m ...``: NUL-terminated (m 0-6) or with a length byte (m 65-79)."""
    head = _header(data, pos, 4)
    if head is None:
        return NEED_MORE
    if head[2] <= 6:
        return _nul_terminated(data, pos, 3)
    if 65 <= head[2] <= 79:
        return _total(data, pos, 4 + head[3])
    return UNKNOWN


def _esc_tabs(data: bytes | bytearray, pos: int) -> int:
    """``ESC D n1 ... NUL``: horizontal tab positions."""
    return _nul_terminated(data, pos, 2)


def _nul_terminated(data: bytes | bytearray, pos: int, skip: int) -> int:
    end = data.find(b"\x00", pos + skip)
    return NEED_MORE if end < 0 else end + 1 - pos


def _dle_eot(data: bytes | bytearray, pos: int) -> int:
    """``DLE EOT n`` (n 1-4), or ``DLE EOT n a`` for n 7, 8 and 18."""
    head = _header(data, pos, 3)
    if head is None:
        return NEED_MORE
    return _total(data, pos, 4 if head[2] in (7, 8, 18) else 3)


def _dle_dc4(data: bytes | bytearray, pos: int) -> int:
    """``DLE DC4 fn ...``: real-time requests, length by function."""
    head = _header(data, pos, 3)
    if head is None:
        return NEED_MORE
    length = {1: 5, 2: 5, 7: 4, 8: 10}.get(head[2])
    return UNKNOWN if length is None else _total(data, pos, length)


_Measure = Callable[[bytes | bytearray, int], int]

_VARIABLE: dict[tuple[int, int], _Measure] = {
    (GS, ord("v")): _gs_v,
    (GS, ord("V")): _gs_cut,
    (GS, ord("(")): _paren,
    (GS, ord("8")): _gs_8,
    (GS, ord("*")): _gs_star,
    (GS, ord("k")): _gs_barcode,
    (ESC, ord("(")): _paren,
    (ESC, ord("*")): _esc_star,
    (ESC, ord("D")): _esc_tabs,
    (FS, ord("(")): _paren,
    (DLE, 0x04): _dle_eot,
    (DLE, 0x14): _dle_dc4,
}
