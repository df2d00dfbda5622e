"""The lookup QR as printer dots: whole dots per module, a four-module quiet zone.

Drawn as part of the receipt picture rather than with the printer's own QR
command (``GS ( k``): every printer prints pictures alike, and the module size
stays an exact number of dots, so scanners read it at any paper width.
"""

from __future__ import annotations

import qrcode  # type: ignore[import-untyped]
from PIL import Image

QUIET_MODULES = 4
WHITE, BLACK = 255, 0


def qr_modules(data: str) -> list[list[bool]]:
    """The QR symbol of ``data`` (error correction M: 15% of it may be smudged)."""
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=0)
    code.add_data(data)
    code.make(fit=True)
    return [[bool(cell) for cell in row] for row in code.get_matrix()]


def qr_picture(data: str, module_dots: int, max_width: int) -> Image.Image:
    """The QR with its quiet zone, ``module_dots`` per module (fewer if it would not fit)."""
    modules = qr_modules(data)
    count = len(modules) + 2 * QUIET_MODULES
    size = max(1, min(module_dots, max_width // count))
    symbol = Image.new("L", (len(modules), len(modules)), WHITE)
    symbol.putdata([BLACK if dark else WHITE for row in modules for dark in row])
    picture = Image.new("L", (count * size, count * size), WHITE)
    scaled = symbol.resize((len(modules) * size,) * 2, Image.Resampling.NEAREST)
    picture.paste(scaled, (QUIET_MODULES * size, QUIET_MODULES * size))
    return picture
