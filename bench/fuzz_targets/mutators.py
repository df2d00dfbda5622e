"""Structure-aware mutators: each takes a valid input and returns a plausible broken one.

A byte-level mutator alone mostly breaks the outer length of a BER file or the
first brace of a JSON file, so the parser refuses at its first check and the
deep code never runs. These keep the outer structure (lengths re-computed, JSON
re-serialised, tar headers re-checksummed) while one inner part goes wrong.
"""

from __future__ import annotations

import io
import json
import random
import tarfile
from collections.abc import Callable
from typing import Any

Mutator = Callable[[random.Random, bytes, list[bytes]], bytes]

INTERESTING_BYTES = (0x00, 0x01, 0x1F, 0x20, 0x3F, 0x7F, 0x80, 0x81, 0x82, 0x83, 0x84, 0x85, 0xFF)
INTERESTING_INTS = (0, 1, 0x7F, 0x80, 0xFF, 0x100, 0x7FFF, 0x8000, 0xFFFF, 0x7FFFFFFF, 0xFFFFFFFF)


# --- bytes ------------------------------------------------------------------------------


def mutate_bytes(rng: random.Random, data: bytes, corpus: list[bytes]) -> bytes:
    """One to four havoc steps (AFL's classic set, without coverage feedback)."""
    out = bytearray(data)
    for _ in range(rng.randint(1, 4)):
        _havoc(rng, out, corpus)
    return bytes(out)


def _havoc(rng: random.Random, out: bytearray, corpus: list[bytes]) -> None:
    step = rng.randrange(9)
    size = len(out)
    if step == 0 and size:
        out[rng.randrange(size)] ^= 1 << rng.randrange(8)
    elif step == 1 and size:
        out[rng.randrange(size)] = rng.choice(INTERESTING_BYTES)
    elif step == 2 and size:
        out[rng.randrange(size)] = rng.randrange(256)
    elif step == 3:
        at = rng.randrange(size + 1)
        out[at:at] = bytes(rng.randrange(256) for _ in range(rng.randint(1, 16)))
    elif step == 4 and size:
        at = rng.randrange(size)
        del out[at : at + rng.randint(1, max(1, min(64, size - at)))]
    elif step == 5 and size:
        at = rng.randrange(size)
        chunk = out[at : at + rng.randint(1, 32)]
        to = rng.randrange(size + 1)
        out[to:to] = chunk
    elif step == 6 and corpus:
        other = rng.choice(corpus)
        if other:
            at = rng.randrange(len(other))
            out[rng.randrange(size + 1) :] = other[at:]
    elif step == 7 and size:
        del out[rng.randrange(size) :]  # truncation: the commonest real fault
    elif step == 8 and size >= 2:
        width = rng.choice((1, 2, 4))
        at = rng.randrange(max(1, size - width + 1))
        value = rng.choice(INTERESTING_INTS) & ((1 << (8 * width)) - 1)
        out[at : at + width] = value.to_bytes(width, rng.choice(("big", "little")))


# --- BER-TLV ----------------------------------------------------------------------------

_TAGS = (
    0x01,
    0x02,
    0x03,
    0x04,
    0x05,
    0x06,
    0x0C,
    0x13,
    0x16,
    0x17,
    0x18,
    0x1E,
    0x30,
    0x31,
    0x80,
    0xA0,
    0xA1,
    0x5F1F,
    0x7F61,
    0x7F60,
    0x5F2E,
    0x6D,
    0x6E,
    0x6F,
    0x77,
    0x87,
    0x8E,
    0x99,
    0x5C,
    0x5F01,
    0x5F36,
)


def _split(data: bytes) -> list[tuple[bytes, bytes]] | None:
    """(tag bytes, value) of consecutive definite-length elements; None if not such."""
    items: list[tuple[bytes, bytes]] = []
    at = 0
    while at < len(data):
        start = at
        first = data[at]
        at += 1
        if first & 0x1F == 0x1F:
            while at < len(data) and data[at] & 0x80:
                at += 1
            at += 1
        tag = data[start:at]
        if at >= len(data):
            return None
        length = data[at]
        at += 1
        if length & 0x80:
            count = length & 0x7F
            if count == 0 or count > 4 or at + count > len(data):
                return None
            length = int.from_bytes(data[at : at + count], "big")
            at += count
        if at + length > len(data):
            return None
        items.append((tag, data[at : at + length]))
        at += length
    return items


def _length(size: int) -> bytes:
    if size < 0x80:
        return bytes((size,))
    body = size.to_bytes((size.bit_length() + 7) // 8, "big")
    return bytes((0x80 | len(body),)) + body


def _tag_bytes(tag: int) -> bytes:
    return tag.to_bytes((tag.bit_length() + 7) // 8 or 1, "big")


def mutate_ber(rng: random.Random, data: bytes, corpus: list[bytes]) -> bytes:
    """Change one element somewhere in the tree; every enclosing length is re-computed."""
    mutated = _mutate_level(rng, data, depth=0)
    if mutated is None or rng.random() < 0.1:
        return mutate_bytes(rng, data, corpus)
    return mutated


def _mutate_level(rng: random.Random, data: bytes, depth: int) -> bytes | None:  # noqa: PLR0912
    items = _split(data)
    if not items:
        return None
    index = rng.randrange(len(items))
    tag, value = items[index]
    constructed = bool(tag[0] & 0x20)
    head = b"".join(t + _length(len(v)) + v for t, v in items[:index])
    tail = b"".join(t + _length(len(v)) + v for t, v in items[index + 1 :])
    if constructed and depth < 12 and rng.random() < 0.7:
        inner = _mutate_level(rng, value, depth + 1)
        if inner is not None:
            return head + tag + _length(len(inner)) + inner + tail
    step = rng.randrange(13)
    if step == 12:  # a long run of continuation bytes: huge OID arcs, huge INTEGERs
        filler = bytes((rng.choice((0x81, 0xFF)),)) * rng.choice((9, 700, 2200))
        new_value = filler + b"\x01"
        element = tag + _length(len(new_value)) + new_value
    elif step == 0:  # a length that lies (longer or shorter than the value)
        lie = max(0, len(value) + rng.choice((-2, -1, 1, 2, 127, 128, 1 << 20, (1 << 32) - 1)))
        element = tag + _length(lie) + value
    elif step == 1:  # a long form where the short one fits, or a too-long length field
        count = max(rng.choice((1, 2, 4, 5, 8)), (len(value).bit_length() + 7) // 8)
        element = tag + bytes((0x80 | count,)) + len(value).to_bytes(count, "big") + value
    elif step == 2:  # indefinite length with end-of-contents
        element = tag + b"\x80" + value + b"\x00\x00"
    elif step == 3:  # another tag
        element = _tag_bytes(rng.choice(_TAGS)) + _length(len(value)) + value
    elif step == 4:  # drop the element
        element = b""
    elif step == 5:  # twice
        element = (tag + _length(len(value)) + value) * 2
    elif step == 6:  # empty value
        element = tag + b"\x00"
    elif step == 7:  # wrapped in many levels (depth attacks)
        element = tag + _length(len(value)) + value
        for _ in range(rng.choice((2, 10, 50, 200))):
            element = b"\x30" + _length(len(element)) + element
    elif step == 8:  # a multi-byte tag with a long or zero group
        element = rng.choice((b"\x1f\x80\x01", b"\x5f\xff\xff\xff\x7f", b"\x9f\x81")) + (
            _length(len(value)) + value
        )
    elif step == 9:  # an element moved here from elsewhere at this level
        other_tag, other_value = rng.choice(items)
        element = other_tag + _length(len(other_value)) + other_value
    else:  # the value's bytes changed, the length kept right
        new_value = mutate_bytes(rng, value, [])
        element = tag + _length(len(new_value)) + new_value
    return head + element + tail


# --- JSON -------------------------------------------------------------------------------

_HUGE_NUMBER = "9" * 5000
_STRINGS = (
    "",
    " ",
    "\u202eevil",
    "\x00",
    "\x1b[2J",
    "a" * 5000,
    "Nguyễn",
    "\ufeff",
    "1.001234",
    "2025-02-30",
    "2025-11-24T02:15:00Z",
    "../x",
    "999999999999999999999",
    "null",
    "\ud800",
    "K-KIOSK-01-251124-0000000A",
    "0" * 64,
    "e" * 64,
)
_VALUES: tuple[Any, ...] = (
    None,
    True,
    False,
    0,
    -1,
    1 << 63,
    -(1 << 63),
    1e308,
    -0.0,
    0.5,
    [],
    {},
    [None],
    {"": None},
)


def mutate_json(rng: random.Random, data: bytes, corpus: list[bytes]) -> bytes:
    """Change one node of the document (value, type, key, nesting) and serialise it again."""
    try:
        document = json.loads(data)
    except (ValueError, RecursionError):
        return mutate_bytes(rng, data, corpus)
    if rng.random() < 0.1:
        return mutate_bytes(rng, data, corpus)
    holder: list[Any] = [document]
    for _ in range(rng.randint(1, 3)):
        _mutate_node(rng, holder, 0)
    try:
        text = json.dumps(holder[0], ensure_ascii=rng.random() < 0.5)
    except (ValueError, RecursionError):
        return mutate_bytes(rng, data, corpus)
    text = text.replace('"@@HUGE@@"', _HUGE_NUMBER)
    for depth in (30, 100, 3000):
        text = text.replace(f'"@@DEEP{depth}@@"', "[" * depth + "0" + "]" * depth)
    return text.encode("utf-8", "surrogatepass")


def _mutate_node(rng: random.Random, parent: list[Any] | dict[str, Any], key: Any) -> None:  # noqa: PLR0912
    node = parent[key]
    children: list[Any] = []
    if isinstance(node, dict):
        children = list(node)
    elif isinstance(node, list):
        children = list(range(len(node)))
    if children and rng.random() < 0.75:
        _mutate_node(rng, node, rng.choice(children))
        return
    step = rng.randrange(10)
    if step == 0:
        parent[key] = rng.choice(_VALUES)
    elif step == 1:
        parent[key] = rng.choice(_STRINGS)
    elif step == 2:
        parent[key] = "@@HUGE@@"  # a 5000-digit number (written raw after dumps)
    elif step == 3:  # deep nesting (written raw after dumps: dumps itself would recurse)
        parent[key] = f"@@DEEP{rng.choice((30, 100, 3000))}@@"
    elif step == 4 and isinstance(parent, dict):
        del parent[key]
    elif step == 5 and isinstance(parent, dict):
        parent[rng.choice(("extra", "__proto__", "", key + "_"))] = node
    elif step == 6 and isinstance(node, str):
        at = rng.randrange(len(node) + 1)
        parent[key] = (
            node[:at]
            + rng.choice(("\u200b", "\u0301", "|", "\n", "\x7f", "é", "9"))
            + (node[at + rng.randint(0, 2) :])
        )
    elif step == 7 and isinstance(node, int) and not isinstance(node, bool):
        parent[key] = rng.choice((node + 1, node - 1, -node, node * 1000, str(node)))
    elif step == 8 and isinstance(node, list) and node:
        parent[key] = node * rng.choice((2, 50))
    elif step == 9 and isinstance(node, str):
        parent[key] = [node] if rng.random() < 0.5 else len(node)
    else:
        parent[key] = rng.choice(_VALUES + _STRINGS)


# --- text -------------------------------------------------------------------------------

_CHARS = (
    "\u202e",
    "\u2066",
    "\u200b",
    "\u200d",
    "\u00ad",
    "\ufeff",
    "\u0301",
    "\u0300",
    "\x00",
    "\t",
    "\n",
    "\r",
    "|",
    "=",
    "[",
    "]",
    '"',
    "'",
    "\\",
    "#",
    "é",
    "ữ",
    "0",
    "9",
    "𝟘",
    "\U0001f600",
    "\ue000",
    "\u0378",
    "٣",
    "Ⅻ",
    "ǅ",
    "ﬁ",
)


def text_mutator(separator: str) -> Mutator:
    """Mutate a text field by field (``separator`` splits fields), then encode as UTF-8."""

    def mutate(rng: random.Random, data: bytes, corpus: list[bytes]) -> bytes:
        if rng.random() < 0.15:
            return mutate_bytes(rng, data, corpus)
        fields = data.decode("utf-8", "replace").split(separator)
        for _ in range(rng.randint(1, 3)):
            index = rng.randrange(len(fields))
            field = fields[index]
            step = rng.randrange(7)
            if step == 0:
                at = rng.randrange(len(field) + 1)
                fields[index] = field[:at] + rng.choice(_CHARS) + field[at:]
            elif step == 1 and field:
                at = rng.randrange(len(field))
                fields[index] = field[:at] + field[at + 1 :]
            elif step == 2:
                fields.insert(index, rng.choice(fields))
            elif step == 3 and len(fields) > 1:
                del fields[index]
            elif step == 4:
                fields[index] = rng.choice(
                    ("", "a" * 3000, "00000000", "29022023", "Nữ", "9" * 400)
                )
            elif step == 5 and field:
                fields[index] = field.upper() if rng.random() < 0.5 else field[::-1]
            else:
                fields[index] = field + rng.choice(_CHARS) * rng.choice((1, 3, 100))
        return separator.join(fields).encode("utf-8", "surrogatepass")

    return mutate


# --- tar --------------------------------------------------------------------------------


def tar_mutator(inner: Callable[[str], Mutator]) -> Mutator:
    """Mutate one member of a tar (its content by ``inner(name)``, or its header) and re-tar.

    Half the time the header fields go wrong instead (type, size, name, a link, PAX
    records), the checksum kept right so the reader gets past it.
    """

    def mutate(rng: random.Random, data: bytes, corpus: list[bytes]) -> bytes:
        try:
            with tarfile.open(fileobj=io.BytesIO(data), mode="r:") as tar:
                members = [(m, tar.extractfile(m)) for m in tar.getmembers()]
                contents = [(m, f.read() if f else b"") for m, f in members]
        except Exception:
            return _fix_checksums(mutate_bytes(rng, data, corpus))
        if not contents or rng.random() < 0.1:
            return _fix_checksums(mutate_bytes(rng, data, corpus))
        index = rng.randrange(len(contents))
        info, content = contents[index]
        step = rng.randrange(8)
        if step < 4:
            content = inner(info.name)(rng, content, [])
            info.size = len(content)
        elif step == 4:
            info.type = rng.choice((tarfile.SYMTYPE, tarfile.LNKTYPE, tarfile.DIRTYPE, b"7", b"x"))
            info.linkname = rng.choice(("/etc/passwd", "../../x", contents[0][0].name))
        elif step == 5:
            info.name = rng.choice(
                (
                    "../" + info.name,
                    "/" + info.name,
                    info.name + "\x00x",
                    "é" * 200,
                    contents[0][0].name,
                )
            )
        elif step == 6:
            info.pax_headers = {
                rng.choice(("path", "size", "mtime", "uid", "hdrcharset")): (
                    rng.choice(("-1", "1e999", "\udcff", "99999999999999999999", "", "x"))
                )
            }
        else:
            contents.append((info, content))
        out = io.BytesIO()
        try:
            with tarfile.open(fileobj=out, mode="w", format=tarfile.PAX_FORMAT) as tar:
                for member, body in [*contents[:index], (info, content), *contents[index + 1 :]]:
                    tar.addfile(member, io.BytesIO(body) if member.isfile() else None)
        except (ValueError, UnicodeError, tarfile.TarError, OSError):
            return _fix_checksums(mutate_bytes(rng, data, corpus))
        result = out.getvalue()
        if rng.random() < 0.3:  # a header byte off, the checksum right: past the first check
            result = _fix_checksums(mutate_bytes(rng, result, []))
        return result

    return mutate


def _fix_checksums(data: bytes) -> bytes:
    """Recompute the checksum of every 512-byte block that looks like a ustar header."""
    out = bytearray(data)
    for at in range(0, len(out) - 511, 512):
        if out[at + 257 : at + 262] == b"ustar":
            block = out[at : at + 512]
            block[148:156] = b" " * 8
            out[at + 148 : at + 156] = b"%06o\x00 " % sum(block)
    return bytes(out)
