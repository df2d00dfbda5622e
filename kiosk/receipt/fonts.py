"""The receipt's fonts: the kiosk's Vietnamese font, regular and bold, at any size in dots."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from PIL import ImageFont

from kiosk.testpage import vietnamese_font_path

Font = ImageFont.FreeTypeFont


@cache
def font(size: int, bold: bool = False) -> Font:
    """The Vietnamese font at ``size`` dots (em height), bold if asked and installed."""
    regular = vietnamese_font_path()
    return ImageFont.truetype(str(bold_path(regular) if bold else regular), size)


def bold_path(regular: Path) -> Path:
    """The bold face beside ``regular`` (``NotoSans-Bold.ttf``), or ``regular`` if there is none."""
    stem = regular.stem
    names = [stem.replace("-Regular", "-Bold"), f"{stem}-Bold"]
    for name in names:
        candidate = regular.with_name(name + regular.suffix)
        if name != stem and candidate.is_file():
            return candidate
    return regular


def line_height(face: Font) -> int:
    """Ascent plus descent: room for stacked marks above ("Ễ") and below ("ậ")."""
    ascent, descent = face.getmetrics()
    return int(ascent + descent)
