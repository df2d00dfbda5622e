"""A printer test page: proves the whole print path with Vietnamese text.

Receipts proper are their own capability; this page is what the demo and
``kiosk doctor``-minded technicians print to see that the printer, the paper
and the Vietnamese font all work. Text is rendered to a picture because ESC/POS
code pages do not cover Vietnamese.
"""

from __future__ import annotations

import subprocess
from datetime import datetime
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from drivers.status import DeviceStatus
from kiosk.config import Config
from kiosk.errors import ConfigError

FONT_CANDIDATES = (
    Path("/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf"),
    Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"),
)


def vietnamese_font_path() -> Path:
    """A TrueType font with every Vietnamese glyph, installed by the bootstrap."""
    for candidate in FONT_CANDIDATES:
        if candidate.is_file():
            return candidate
    try:
        found = subprocess.run(
            ["fc-match", "-f", "%{file}", "Noto Sans:lang=vi"],
            capture_output=True,
            text=True,
            check=True,
            timeout=10,
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        found = ""
    if found and Path(found).is_file():
        return Path(found)
    raise ConfigError(
        "(font)",
        "no font with Vietnamese glyphs is installed",
        "install Debian's fonts-noto-core (scripts/bootstrap.sh does)",
    )


def render_test_page(
    config: Config, statuses: list[DeviceStatus], now: datetime | None = None
) -> Image.Image:
    """A 1-bit-friendly page as wide as the paper: kiosk id, time, device states."""
    width = config.devices.printer.dots_per_line
    font_path = str(vietnamese_font_path())
    title_font = ImageFont.truetype(font_path, 34)
    body_font = ImageFont.truetype(font_path, 24)
    stamp = (now or datetime.now()).strftime("%d/%m/%Y %H:%M")
    lines: list[tuple[str, ImageFont.FreeTypeFont]] = [
        ("TRANG IN THỬ — Máy in hoạt động", title_font),
        (config.kiosk.center_name, body_font),
        (f"Ki-ốt {config.kiosk.id} · {stamp}", body_font),
        ("Tiếng Việt: ắ ằ ẳ ẵ ặ ế ề ể ễ ệ ố ồ ổ ỗ ộ ớ ờ ở ỡ ợ ứ ừ ử ữ ự đ Đ", body_font),
    ]
    lines += [
        (f"{'OK' if s.operational else 'LỖI'} · {s.device}: {s.state.value}", body_font)
        for s in statuses
    ]
    wrapped = [(part, font) for text, font in lines for part in _wrap(text, font, width - 24)]
    height = 24 + sum(_line_height(font) for _, font in wrapped) + 24
    page = Image.new("L", (width, height), 255)
    draw = ImageDraw.Draw(page)
    y = 24
    for text, font in wrapped:
        draw.text((12, y), text, font=font, fill=0)
        y += _line_height(font)
    return page


def _line_height(font: ImageFont.FreeTypeFont) -> int:
    return round(font.size) + 14


def _wrap(text: str, font: ImageFont.FreeTypeFont, width: int) -> list[str]:
    """Break ``text`` at spaces so that each line fits ``width`` pixels."""
    lines: list[str] = []
    current = ""
    for word in text.split(" "):
        candidate = f"{current} {word}".strip()
        if current and font.getlength(candidate) > width:
            lines.append(current)
            current = word
        else:
            current = candidate
    return [*lines, current]
