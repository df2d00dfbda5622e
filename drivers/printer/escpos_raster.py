"""A black-and-white picture as the fewest ESC/POS bytes that print the same page.

A receipt is mostly white: margins on the right of short lines, gaps between
lines, space around the QR. Sent as one ``GS v 0`` raster, every white dot
costs a bit on the wire (a 100 KB job, 13.5 s at 115200 baud). Here the
picture is cut into bands at its blank rows:

- a run of blank rows becomes a paper feed, ``ESC J n`` (3 bytes for up to
  255 rows), after ``GS P`` has made the vertical motion unit one dot
  (1/203 inch) so that ``n`` is counted in rows whatever the printer's default;
- a run of inked rows becomes one ``GS v 0`` raster only as wide as its
  rightmost black dot (rounded up to a byte), and at most ``MAX_BAND_ROWS``
  tall, the height python-escpos also splits at (a printer's buffer).

ESC/POS has no run-length or other compressed raster that the kiosk's
printers and python-escpos share (compressed graphics are model-specific),
so none is sent.
"""

from __future__ import annotations

from collections.abc import Iterator

from PIL import Image

MAX_BAND_ROWS = 960
MAX_FEED = 255
DOTS_PER_INCH = 203

MOTION_UNIT_ONE_DOT = bytes([0x1D, ord("P"), DOTS_PER_INCH, DOTS_PER_INCH])
"""``GS P x y``: horizontal and vertical motion units of 1/203 inch, one dot."""


def raster_commands(picture: Image.Image) -> bytes:
    """``GS P``, then feeds and cropped ``GS v 0`` bands that print ``picture`` (mode ``1``)."""
    if picture.mode != "1":
        raise ValueError(f"expected a 1-bit picture, got mode {picture.mode}")
    stride = (picture.width + 7) // 8
    data = picture.tobytes("raw", "1;I")  # MSB first, 1 = black: the printer's own order
    rows = [data[top : top + stride] for top in range(0, len(data), stride)]
    inked = [len(row.rstrip(b"\x00")) for row in rows]
    out = bytearray(MOTION_UNIT_ONE_DOT)
    for start, end, blank in _runs(inked):
        if blank:
            out += _feed(end - start)
        else:
            out += _band(rows[start:end], max(inked[start:end]))
    return bytes(out)


def _runs(inked: list[int]) -> Iterator[tuple[int, int, bool]]:
    """(first row, past the last row, blank?) for each run of blank or inked rows."""
    start = 0
    for row in range(1, len(inked) + 1):
        ends = row == len(inked) or (inked[row] == 0) != (inked[start] == 0)
        if ends or row - start == MAX_BAND_ROWS:
            yield start, row, inked[start] == 0
            start = row


def _feed(rows: int) -> bytes:
    out = bytearray()
    while rows > 0:
        step = min(rows, MAX_FEED)
        out += bytes([0x1B, ord("J"), step])
        rows -= step
    return bytes(out)


def _band(rows: list[bytes], width_bytes: int) -> bytes:
    """``GS v 0 m xL xH yL yH d...``, normal size, each row cut to ``width_bytes``."""
    head = bytes([0x1D, ord("v"), ord("0"), 0])
    size = width_bytes.to_bytes(2, "little") + len(rows).to_bytes(2, "little")
    return head + size + b"".join(row[:width_bytes] for row in rows)
