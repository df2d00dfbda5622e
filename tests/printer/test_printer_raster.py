"""Only the raster a page needs is sent, and the loopback printer still reads back the same page."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image, ImageChops

from drivers.printer.escpos_paper import render
from drivers.printer.escpos_raster import MAX_BAND_ROWS, raster_commands
from drivers.printer.escpos_stream import tokenize
from drivers.printer.network import NetworkPrinter
from drivers.printer.port import to_one_bit
from kiosk.config import Config
from kiosk.receipt.render import render_receipt
from kiosk.receipt.sample import sample_facts
from kiosk.receipt.settings import ReceiptSettings


def printed(job: bytes, width: int, height: int) -> Image.Image:
    """The top ``height`` rows of the page the loopback printer draws from ``job``."""
    page = render(job, width)
    assert page.height >= height
    return page.crop((0, 0, width, height)).convert("L")


def same(a: Image.Image, b: Image.Image) -> bool:
    return a.size == b.size and ImageChops.difference(a, b).getbbox() is None


@pytest.mark.parametrize(("dots", "language"), [(384, "vi"), (576, "vi"), (576, "en")])
def test_a_receipt_prints_the_same_page_from_far_fewer_bytes(dots: int, language: str) -> None:
    receipt = ReceiptSettings.from_config(Config(), width_dots=dots)
    picture = render_receipt(sample_facts(receipt, language), receipt)  # type: ignore[arg-type]
    job = NetworkPrinter("127.0.0.1", 9, dots).job_bytes(picture)  # builds, sends nothing
    expected = to_one_bit(picture, dots).convert("L")
    assert same(printed(job, dots, picture.height), expected)
    full_raster = dots // 8 * picture.height
    assert len(job) < full_raster / 2  # white is fed, not sent dot by dot


def test_blank_rows_are_feeds_and_bands_end_at_their_ink() -> None:
    picture = Image.new("1", (576, 700), 1)
    picture.paste(0, (0, 300, 40, 310))  # a short black bar after 300 blank rows
    commands = tokenize(raster_commands(picture)).commands
    assert [c.name for c in commands] == ["GS P", "ESC J", "ESC J", "GS v 0", "ESC J", "ESC J"]
    assert [c.raw[2] for c in commands if c.name == "ESC J"] == [255, 45, 255, 135]
    band = commands[3].raw
    assert (band[4] | band[5] << 8, band[6] | band[7] << 8) == (5, 10)  # 40 dots: 5 bytes


def test_a_tall_inked_picture_is_cut_into_bands_a_printer_can_buffer() -> None:
    picture = Image.new("1", (16, MAX_BAND_ROWS * 2 + 5), 0)
    commands = tokenize(raster_commands(picture)).commands
    heights = [c.raw[6] | c.raw[7] << 8 for c in commands if c.name == "GS v 0"]
    assert heights == [MAX_BAND_ROWS, MAX_BAND_ROWS, 5]
    assert same(printed(raster_commands(picture), 16, picture.height), picture.convert("L"))


def test_feeds_follow_the_motion_unit_gs_p_sets() -> None:
    half_dots = bytes([0x1D, ord("P"), 203, 101])  # 1/101 inch: about two dots a unit
    page = render(half_dots + b"\x1bJ\x0a" + b"\x1dv0\x00\x01\x00\x01\x00\xff", 8)
    assert page.height == 21 and page.getpixel((0, 20)) == 0


@settings(max_examples=60, deadline=None)
@given(
    width=st.integers(1, 80),
    rows=st.lists(st.sampled_from(["blank", "ink", "edge"]), min_size=1, max_size=40),
    seed=st.binary(min_size=10, max_size=10),
)
def test_any_picture_reads_back_dot_for_dot(width: int, rows: list[str], seed: bytes) -> None:
    picture = Image.new("1", (width, len(rows)), 1)
    for y, kind in enumerate(rows):
        if kind == "ink":
            for x in range(width):
                if seed[(x + y) % len(seed)] >> (x % 8) & 1:
                    picture.putpixel((x, y), 0)
        elif kind == "edge":
            picture.putpixel((width - 1, y), 0)
    assert same(
        printed(raster_commands(picture), 80, len(rows)).crop((0, 0, width, len(rows))),
        picture.convert("L"),
    )
