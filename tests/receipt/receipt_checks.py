"""Reading receipts back the way a citizen's phone would, for the receipt tests."""

from __future__ import annotations

from PIL import Image
from pyzbar import pyzbar

VIETNAMESE_LETTERS = (
    "aàáảãạăằắẳẵặâầấẩẫậbcdđeèéẻẽẹêềếểễệghiìíỉĩịklmnoòóỏõọôồốổỗộơờớởỡợpqrstuùúủũụưừứửữựvxyỳýỷỹỵ"
)
"""Every letter of the Vietnamese alphabet with every tone mark (lower case)."""


def qr_texts(picture: Image.Image) -> list[str]:
    """Every QR code found in ``picture``, decoded."""
    return [symbol.data.decode() for symbol in pyzbar.decode(picture.convert("L"))]
