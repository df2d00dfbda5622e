"""The loopback's ESC/POS reader: commands cut right, jobs split right, paper drawn right."""

from __future__ import annotations

import logging

import pytest
from escpos.printer import Dummy
from PIL import Image, ImageChops, ImageDraw, ImageFont

from drivers.printer.escpos_paper import render
from drivers.printer.escpos_stream import split_jobs, tokenize
from drivers.printer.port import to_one_bit

INIT = b"\x1b@"
CUT = b"\x1dV\x00"


def raster(width_bytes: int, rows: list[bytes]) -> bytes:
    """A GS v 0 command for the given rows (each ``width_bytes`` long)."""
    header = b"\x1dv0\x00" + width_bytes.to_bytes(2, "little") + len(rows).to_bytes(2, "little")
    return header + b"".join(rows)


def black(image: Image.Image) -> int:
    return image.convert("L").histogram()[0]


def sample_picture() -> Image.Image:
    picture = Image.new("L", (300, 120), 255)
    draw = ImageDraw.Draw(picture)
    draw.text((8, 8), "HS 0427", font=ImageFont.load_default(size=40), fill=0)
    draw.rectangle((200, 60, 290, 110), fill=90)
    return to_one_bit(picture, 576)


def test_incomplete_command_is_left_for_later() -> None:
    command = raster(2, [b"\xff\x00"] * 3)
    partial = tokenize(INIT + command[:-1])
    assert [c.name for c in partial.commands] == ["ESC @"]
    assert partial.consumed == 2
    assert partial.unknown_at is None
    whole = tokenize(INIT + command, partial.consumed)
    assert [c.name for c in whole.commands] == ["GS v 0"]
    assert whole.consumed == len(INIT + command)


def test_unknown_command_stops_tokenizing() -> None:
    tokens = tokenize(INIT + b"\x1b\x7fjunk" + CUT)
    assert [c.name for c in tokens.commands] == ["ESC @"]
    assert tokens.unknown_at == 2


def test_jobs_split_at_cuts_and_status_queries_left_out() -> None:
    # Raster data that happens to contain "GS V 0" and "DLE EOT 1" is data, not commands.
    tricky = raster(3, [b"\x1dV\x00", b"\x10\x04\x01"])
    first = INIT + tricky + CUT
    second = INIT + b"hello\n" + CUT
    stream = b"\x10\x04\x01" + first + b"\x10\x04\x04" + second + b"\x10\x04\x02"
    assert split_jobs(stream, final=False) == [first, second]
    assert split_jobs(stream + b"tail", final=False) == [first, second]
    assert split_jobs(stream + b"tail", final=True) == [first, second, b"tail"]
    assert split_jobs(b"\x10\x04\x01\x10\x04\x04", final=True) == []


@pytest.mark.parametrize("impl", ["bitImageRaster", "graphics", "bitImageColumn"])
def test_python_escpos_images_decode_to_the_same_picture(impl: str) -> None:
    picture = sample_picture()
    printer = Dummy(profile="TM-T20II")
    printer.hw("INIT")
    printer.image(picture, impl=impl)
    printer.cut()
    paper = render(printer.output)
    assert paper.width == 576
    drawn = paper.crop((0, 0, picture.width, picture.height))
    assert ImageChops.difference(drawn.convert("L"), picture.convert("L")).getbbox() is None
    assert black(paper) == black(picture) > 1000


def test_text_alignment_and_feeds() -> None:
    job = INIT + b"\x1ba\x01" + b"CENTRED\n" + b"\x1ba\x00" + b"\x1bd\x03" + CUT
    paper = render(job)
    assert paper.height == 30 + 3 * 30
    ink = Image.eval(paper.convert("L"), lambda v: 255 - v).getbbox()
    assert ink is not None
    left, _, right, bottom = ink
    assert bottom <= 30
    assert abs((left + right) / 2 - 288) < 4  # centred on the 576-dot line


def test_raster_is_aligned_and_double_width_is_honoured() -> None:
    rows = [b"\xff"] * 4
    centred = render(b"\x1ba\x01" + raster(1, rows))
    assert Image.eval(centred.convert("L"), lambda v: 255 - v).getbbox() == (284, 0, 292, 4)
    wide = render(b"\x1dv0\x01\x01\x00\x04\x00" + b"\xff" * 4)
    assert Image.eval(wide.convert("L"), lambda v: 255 - v).getbbox() == (0, 0, 16, 4)


def test_unknown_command_stops_the_drawing_cleanly(caplog: pytest.LogCaptureFixture) -> None:
    before = raster(1, [b"\xff"] * 8)
    with caplog.at_level(logging.WARNING):
        paper = render(INIT + before + b"\x1b\x7f\x01\x02" + raster(1, [b"\xff"] * 50))
    assert paper.height == 8
    assert "unknown ESC/POS command 1b 7f" in caplog.text


def test_known_but_undrawn_commands_are_skipped() -> None:
    native_qr = b"\x1d(k\x03\x001C\x05"  # GS ( k: length in the command
    barcode = b"\x1dkC\x0c123456789012"
    job = INIT + b"\x1b!\x08" + native_qr + barcode + raster(1, [b"\x80"]) + CUT
    paper = render(job)
    assert paper.height == 1
    assert paper.getpixel((0, 0)) == 0


def test_truncated_job_does_not_crash(caplog: pytest.LogCaptureFixture) -> None:
    job = INIT + raster(2, [b"\xff\xff"] * 10)
    with caplog.at_level(logging.WARNING):
        paper = render(job[:-5])
    assert paper.size == (576, 1)
    assert "ends inside a command" in caplog.text


def test_cut_with_feed_ends_the_job() -> None:
    paper = render(raster(1, [b"\xff"]) + b"\x1dVB\x10" + raster(1, [b"\xff"] * 9))
    assert paper.height == 1
