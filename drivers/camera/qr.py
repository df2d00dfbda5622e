"""Read the QR code printed on a citizen identity card from a camera frame or a photo.

A decoder run once on a whole frame misses about one card in five (TESTBED.md;
measured again here on synthetic card photos: zbar 83/120 on raw frames). What
is missed is mostly a code that is small, blurred or unevenly lit, so after the
raw attempt this module:

1. locates candidate codes: regions of dense edges (a QR is the densest texture
   on the card), squarish, the four largest;
2. crops each with a margin and scales it up so a module spans several pixels;
3. tries the decoder on a few versions of the crop: as is, adaptive and Otsu
   thresholds, sharpened — in the order that decoded most on the synthetic set.

Two decoders, the first installed is used unless one is named:

- ``zxing`` (zxing-cpp): decodes more of the hard frames and is several times faster;
- ``zbar`` (pyzbar over Debian's libzbar0), run in *binary* mode: without it zbar
  guesses the text's encoding and turns some UTF-8 Vietnamese into Shift-JIS
  mojibake (seen here on about a third of short random Vietnamese strings).

Both hand back raw bytes; the text is UTF-8. ``accept`` filters what is returned
(by default: text shaped like a card QR), so a stray QR on a leaflet is skipped.
"""

from __future__ import annotations

import ctypes
import re
import time
import warnings
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np
import numpy.typing as npt
from PIL import Image as PilImage

from drivers.camera.port import Image, u8
from kiosk.errors import DeviceError

Gray = npt.NDArray[np.uint8]
Decoder = Callable[[Gray], list[bytes]]

_CARD_QR = re.compile(r"[0-9]{12}\|[^|]*\|[^|]+\|[0-9]{8}\|")
_ZBAR_QRCODE = 64
_ZBAR_CFG_ENABLE = 0
_ZBAR_CFG_BINARY = 4  # zbar ≥ 0.23: hand back the raw bytes, no charset guessing
_Y800 = 0x30303859  # fourcc "Y800": 8-bit grey
_MAX_CANDIDATES = 4
MAX_PICTURE_PIXELS = 36_000_000
"""Largest picture file read (a 36 Mpx photo): decoded, 12000 × 12000 took 1.2 GB."""
MAX_DECODE_SIDE = 4096
"""A picture file's longest side is scaled down to this before decoding (a QR stays large)."""
# (crop size the code is scaled up to, what is done to it), most productive first.
_VARIANTS: tuple[tuple[int, str], ...] = (
    (400, "plain"),
    (400, "adaptive"),
    (400, "otsu"),
    (400, "sharpen"),
    (400, "sharpen-adaptive"),
    (400, "sharpen-otsu"),
    (650, "adaptive"),
    (650, "sharpen-adaptive"),
)


@dataclass(frozen=True)
class QrReading:
    """A decoded QR: its text, the decoder, and which attempt found it."""

    text: str
    decoder: str
    attempt: str


def looks_like_card_qr(text: str) -> bool:
    """Shaped like the card's QR: 12 digits | old ID | name | 8-digit date | …"""
    return _CARD_QR.match(text) is not None


def available_decoders() -> tuple[str, ...]:
    """The decoders installed here, preferred first."""
    return tuple(name for name, loader in _LOADERS.items() if loader() is not None)


def read_qr(
    picture: Image | Gray | PilImage.Image,
    *,
    accept: Callable[[str], bool] = looks_like_card_qr,
    decoder: str | None = None,
    budget_s: float | None = None,
) -> QrReading | None:
    """The first accepted QR text in ``picture`` (BGR frame, grey array or Pillow image).

    ``budget_s`` stops the attempts after that many seconds (for a live camera
    loop that would rather take the next frame); ``None`` tries everything.
    """
    name, decode = _decoder(decoder)
    gray = _gray(picture)
    deadline = None if budget_s is None else time.monotonic() + budget_s
    for attempt, image in _attempts(gray):
        for data in decode(image):
            try:
                text = data.decode("utf-8")
            except UnicodeDecodeError:
                continue
            if accept(text):
                return QrReading(text, name, attempt)
        if deadline is not None and time.monotonic() > deadline:
            break
    return None


def load_picture(path: Path) -> Gray:
    """A picture file as grey pixels, refusing one too large before it is decoded.

    The size comes from the file's header; a JPEG is decoded straight at a reduced
    scale when it is larger than ``MAX_DECODE_SIDE``, so memory follows the result.
    """
    try:
        with warnings.catch_warnings():
            # We check the size ourselves below, with a lower limit than Pillow's warning.
            warnings.simplefilter("ignore", PilImage.DecompressionBombWarning)
            with PilImage.open(path) as picture:
                width, height = picture.size
                if width * height > MAX_PICTURE_PIXELS:
                    raise _too_large(path, width, height)
                scale = max(width, height) / MAX_DECODE_SIDE
                if scale > 1:
                    picture.draft("L", (int(width / scale), int(height / scale)))
                gray = picture.convert("L")
                if max(gray.size) > MAX_DECODE_SIDE:
                    gray.thumbnail((MAX_DECODE_SIDE, MAX_DECODE_SIDE), PilImage.Resampling.BOX)
                return np.asarray(gray, dtype=np.uint8)
    except PilImage.DecompressionBombError as exc:
        raise DeviceError(
            f"{path}: the picture is far larger than {MAX_PICTURE_PIXELS // 1_000_000} megapixels",
            "scale it down or crop it around the card",
        ) from exc
    except OSError as exc:  # UnidentifiedImageError is an OSError
        raise DeviceError(f"{path}: not a readable picture", "give a PNG or JPEG") from exc


def _too_large(path: Path, width: int, height: int) -> DeviceError:
    return DeviceError(
        f"{path}: the picture is {width}×{height} pixels, more than "
        f"{MAX_PICTURE_PIXELS // 1_000_000} megapixels",
        "scale it down or crop it around the card",
    )


def _attempts(gray: Gray) -> Iterator[tuple[str, Gray]]:
    yield "frame", gray
    for index, (x0, y0, x1, y1) in enumerate(locate_candidates(gray)):
        crop = gray[y0:y1, x0:x1]
        for size, treatment in _VARIANTS:
            yield f"region{index}-{treatment}-{size}", _treat(_enlarge(crop, size), treatment, size)


def locate_candidates(gray: Gray) -> list[tuple[int, int, int, int]]:
    """Boxes (x0, y0, x1, y1) around the densest squarish edge regions, largest first."""
    small = u8(cv2.resize(gray, None, fx=0.5, fy=0.5, interpolation=cv2.INTER_AREA))
    gx = cv2.Sobel(small, cv2.CV_32F, 1, 0)
    gy = cv2.Sobel(small, cv2.CV_32F, 0, 1)
    energy = cv2.blur(cv2.magnitude(gx, gy), (9, 9))
    level = max(40.0, float(np.percentile(energy, 97)) * 0.6)
    mask = u8((energy > level).astype(np.uint8) * 255)
    mask = u8(cv2.morphologyEx(mask, cv2.MORPH_CLOSE, np.ones((5, 5), np.uint8)))
    contours, _ = cv2.findContours(mask, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    boxes: list[tuple[int, int, int, int]] = []
    height, width = gray.shape
    for contour in sorted(contours, key=cv2.contourArea, reverse=True):
        x, y, w, h = cv2.boundingRect(contour)
        if min(w, h) < 15 or max(w, h) > 4 * min(w, h):
            continue  # too small to hold a readable code, or a line of text
        margin = max(w, h) // 4
        boxes.append(
            (
                max(0, 2 * (x - margin)),
                max(0, 2 * (y - margin)),
                min(width, 2 * (x + w + margin)),
                min(height, 2 * (y + h + margin)),
            )
        )
        if len(boxes) == _MAX_CANDIDATES:
            break
    return boxes


def _enlarge(crop: Gray, size: int) -> Gray:
    scale = size / max(crop.shape)
    if scale <= 1.0:
        return crop
    return u8(cv2.resize(crop, None, fx=scale, fy=scale, interpolation=cv2.INTER_CUBIC))


def _treat(image: Gray, treatment: str, size: int) -> Gray:
    if treatment.startswith("sharpen"):
        # Unsharp mask: blurred edges steepen; the radius follows the scale-up.
        sigma = 2.0 * size / 400 if treatment == "sharpen" else 4.0 * size / 400
        blurred = cv2.GaussianBlur(image, (0, 0), sigma)
        amount = 1.0 if treatment == "sharpen" else 2.0
        image = u8(cv2.addWeighted(image, 1.0 + amount, blurred, -amount, 0))
    if treatment.endswith("adaptive"):
        block = 21 if treatment == "adaptive" else 31
        method = cv2.ADAPTIVE_THRESH_GAUSSIAN_C
        return u8(cv2.adaptiveThreshold(image, 255, method, cv2.THRESH_BINARY, block, 4))
    if treatment.endswith("otsu"):
        return u8(cv2.threshold(image, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)[1])
    return image


def _gray(picture: Image | Gray | PilImage.Image) -> Gray:
    if isinstance(picture, PilImage.Image):
        return np.asarray(picture.convert("L"), dtype=np.uint8)
    if picture.dtype != np.uint8 or picture.ndim not in (2, 3):
        raise ValueError("a picture is a uint8 grey or BGR array")
    if picture.ndim == 3:
        return u8(cv2.cvtColor(picture, cv2.COLOR_BGR2GRAY))
    return picture


# --- decoders --------------------------------------------------------------------------


def _zxing() -> Decoder | None:
    try:
        import zxingcpp
    except ImportError:
        return None

    qr_only = zxingcpp.BarcodeFormats(zxingcpp.BarcodeFormat.QRCode)

    def decode(image: Gray) -> list[bytes]:
        found = zxingcpp.read_barcodes(image, formats=qr_only)
        return [bytes(result.bytes) for result in found if result.valid]

    return decode


def _zbar() -> Decoder | None:
    try:
        from pyzbar import wrapper
    except ImportError:
        return None

    def decode(image: Gray) -> list[bytes]:
        pixels = np.ascontiguousarray(image).tobytes()
        height, width = image.shape
        scanner = wrapper.zbar_image_scanner_create()
        zimage = wrapper.zbar_image_create()
        try:
            wrapper.zbar_image_scanner_set_config(scanner, 0, _ZBAR_CFG_ENABLE, 0)
            wrapper.zbar_image_scanner_set_config(scanner, _ZBAR_QRCODE, _ZBAR_CFG_ENABLE, 1)
            wrapper.zbar_image_scanner_set_config(scanner, _ZBAR_QRCODE, _ZBAR_CFG_BINARY, 1)
            wrapper.zbar_image_set_format(zimage, _Y800)
            wrapper.zbar_image_set_size(zimage, width, height)
            wrapper.zbar_image_set_data(
                zimage, ctypes.cast(ctypes.c_char_p(pixels), ctypes.c_void_p), len(pixels), None
            )
            found: list[bytes] = []
            if wrapper.zbar_scan_image(scanner, zimage) > 0:
                symbol = wrapper.zbar_image_first_symbol(zimage)
                while symbol:
                    data = wrapper.zbar_symbol_get_data(symbol)
                    size = wrapper.zbar_symbol_get_data_length(symbol)
                    found.append(ctypes.string_at(data, size))
                    symbol = wrapper.zbar_symbol_next(symbol)
            return found
        finally:
            wrapper.zbar_image_destroy(zimage)
            wrapper.zbar_image_scanner_destroy(scanner)

    return decode


_LOADERS: dict[str, Callable[[], Decoder | None]] = {"zxing": _zxing, "zbar": _zbar}


def _decoder(name: str | None) -> tuple[str, Decoder]:
    names = (name,) if name else tuple(_LOADERS)
    for candidate in names:
        loader = _LOADERS.get(candidate)
        decode = loader() if loader else None
        if decode is not None:
            return candidate, decode
    raise DeviceError(
        f"No QR decoder is available (asked for {name or 'any'})",
        "install zxing-cpp, or pyzbar with the libzbar0 package",
    )
