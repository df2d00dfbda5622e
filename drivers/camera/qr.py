"""Read the QR code printed on a citizen identity card from a camera frame or a photo.

A decoder run once on a whole frame misses most codes that are small, tilted or
blurred (bench/bench_qr.py, hard set: plain zxing-cpp 11 of 80, zbar 3). So after
the raw attempt this module:

1. locates candidate codes: the peaks of edges running both across and along (a
   QR's module grid; not a card's outline, wood grain or blank card), three at most;
2. crops each and scales it up 3–4 times, so a module of 1.5 px spans several;
3. tries the decoder on versions of the crop: sharpened (an unsharp mask about one
   module wide), as is, adaptive and Otsu thresholds — most productive first;
4. last, where zxing-cpp saw a code's corners but could not read it, warps the
   code square (undoing the tilt) and tries again.

With zxing-cpp this reads 25 of the 80 (16 of the 17 a person can read).

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
from functools import partial
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
_MAX_CANDIDATES = 3
# Candidate search, on the frame at half size: averaging window, how far a peak's
# bright part is followed, least half-width of a box, least texture worth a look.
_PEAK_WINDOW = 25
_PEAK_REACH = 150
_SMALLEST_BOX = 60
_LEAST_TEXTURE = 2.0
MAX_PICTURE_PIXELS = 36_000_000
"""Largest picture file read (a 36 Mpx photo): decoded, 12000 × 12000 took 1.2 GB."""
MAX_DECODE_SIDE = 4096
"""A picture file's longest side is scaled down to this before decoding (a QR stays large)."""
# (how a candidate region is scaled up, what is done to it), most productive first on
# the hard set (bench/bench_qr.py): a factor ×N, or a fixed size for the thresholds.
_VARIANTS: tuple[tuple[str, str], ...] = (
    ("x3", "sharpen-strong"),
    ("x4", "sharpen-strong"),
    ("400", "plain"),
    ("x3", "sharpen"),
    ("400", "adaptive"),
    ("x4", "plain"),
    ("400", "otsu"),
    ("400", "sharpen-adaptive"),
    ("650", "adaptive"),
)
_DESMEAR_AFTER = 2
"""Where the motion-smear variants go in a region's list: after the two strong sharpens."""
_SMEARED = 0.15
"""Least edge anisotropy (see :func:`smear_direction`) worth undoing a smear for."""
_SMEAR_LENGTHS = (2, 3, 4)
_NOISE_TO_SIGNAL = 0.02
"""Wiener's regulariser: larger keeps JPEG blocks and noise down, smaller restores more."""
_PAD = 16
_LARGEST_CROP = 1000
"""No scaled crop is larger than this: a decoder's time grows with the pixels."""
_RECTIFIED = 320
"""Side of a code warped square from where its finder patterns were seen."""
_QUIET = 24


@dataclass(frozen=True)
class QrReading:
    """A decoded QR: its text, the decoder, and which attempt found it."""

    text: str
    decoder: str
    attempt: str


@dataclass
class QrCursor:
    """Where a live scan's cascade goes on at the next frame (see :func:`read_qr`)."""

    next: int = 0


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
    cursor: QrCursor | None = None,
) -> QrReading | None:
    """The first accepted QR text in ``picture`` (BGR frame, grey array or Pillow image).

    ``budget_s`` stops the attempts after that many seconds (for a live camera
    loop that would rather take the next frame); ``None`` tries everything.
    With a ``cursor`` the next call goes on with the attempt this one stopped
    before (after the whole frame, always tried first), so over a few frames of a
    card held still every attempt gets its turn within the per-frame budget.
    """
    name, decode = _decoder(decoder)
    gray = _gray(picture)
    deadline = None if budget_s is None else time.monotonic() + budget_s
    start = 0 if cursor is None else cursor.next
    for number, (attempt, make) in enumerate(_attempts(gray)):
        if 0 < number < start:
            continue
        image = make()
        for data in () if image is None else decode(image):
            try:
                text = data.decode("utf-8")
            except UnicodeDecodeError:
                continue
            if accept(text):
                if cursor is not None:
                    cursor.next = 0
                return QrReading(text, name, attempt)
        # A resumed call tries at least the attempt it resumes at, however slow the frame.
        if deadline is not None and number >= start and time.monotonic() > deadline:
            if cursor is not None:
                cursor.next = number + 1
            return None
    if cursor is not None:
        cursor.next = 0
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


Attempt = tuple[str, Callable[[], Gray | None]]
"""A named way to look at the picture, computed only if it is tried (``None``: nothing to try)."""


def _attempts(gray: Gray) -> Iterator[Attempt]:
    yield "frame", lambda: gray
    regions = [gray[y0:y1, x0:x1] for x0, y0, x1, y1 in locate_candidates(gray)]
    for index, crop in enumerate(regions):
        angle, anisotropy = smear_direction(crop) if index == 0 else (0.0, 0.0)
        for number, (scale, treatment) in enumerate(_VARIANTS):
            # Only the likeliest region: on a page of print the others are lines of
            # text, as anisotropic as a smear (it cost a third more on frames without a QR).
            if number == _DESMEAR_AFTER and index == 0 and anisotropy >= _SMEARED:
                for length in _SMEAR_LENGTHS:
                    yield f"region{index}-desmear{length}", partial(_desmear, crop, angle, length)
            yield f"region{index}-{treatment}-{scale}", partial(_variant, crop, scale, treatment)
    # Last: where a decoder saw a code's corners but could not read it (tilted, blurred),
    # warp it square at a few pixels a module and try again.
    for index, crop in enumerate(regions):
        seen: dict[str, Gray | None] = {}
        for treatment in ("plain", "sharpen", "otsu"):
            yield f"region{index}-rectified-{treatment}", partial(_squared, crop, treatment, seen)


def _variant(crop: Gray, scale: str, treatment: str) -> Gray:
    image, factor = _enlarge(crop, scale)
    return _treat(image, treatment, factor)


def _squared(crop: Gray, treatment: str, seen: dict[str, Gray | None]) -> Gray | None:
    """The first code zxing-cpp saw in ``crop`` but could not read, warped square
    (``seen`` keeps it for the crop's other treatments)."""
    if "square" not in seen:
        enlarged, factor = _enlarge(crop, "x3")
        enlarged = _treat(enlarged, "sharpen-strong", factor)
        quads = _failed_codes(enlarged)
        seen["square"] = _rectify(enlarged, quads[0]) if quads else None
    square = seen["square"]
    return None if square is None else _treat(square, treatment, 2.5)


def smear_direction(crop: Gray) -> tuple[float, float]:
    """(angle in radians, anisotropy 0–1) of a motion smear over ``crop``.

    A smear along a direction flattens the edges across it: the gradient energy is
    least along the smear. A sharp or evenly defocused code has about as much edge
    energy every way (anisotropy near 0); a smear of a module or more shows 0.2–0.45.
    """
    pixels = crop.astype(np.float32)
    gx = cv2.Sobel(pixels, cv2.CV_32F, 1, 0)
    gy = cv2.Sobel(pixels, cv2.CV_32F, 0, 1)
    xx, yy, xy = float((gx * gx).mean()), float((gy * gy).mean()), float((gx * gy).mean())
    if xx + yy <= 0:
        return 0.0, 0.0
    # The structure tensor's eigenvector of least energy, and how much the two differ.
    angle = (0.5 * np.arctan2(2 * xy, xx - yy) + np.pi / 2) % np.pi
    return float(angle), float(np.hypot(xx - yy, 2 * xy) / (xx + yy))


def _desmear(crop: Gray, angle: float, length: int) -> Gray:
    """The crop with a straight motion smear of ``length`` pixels at ``angle`` undone
    (Wiener), scaled up 3 times.

    Only tried on a crop whose edges say it is smeared: an unsharp mask steepens a
    round blur but cannot undo a line. Lengths are frame pixels: 1–2 modules of a
    small code.
    """
    padded = cv2.copyMakeBorder(crop, _PAD, _PAD, _PAD, _PAD, cv2.BORDER_REFLECT).astype(np.float32)
    kernel = np.fft.rfft2(_line_spread(padded.shape, float(length), angle))
    wiener = np.conj(kernel) / (np.abs(kernel) ** 2 + _NOISE_TO_SIGNAL)
    restored = np.fft.irfft2(wiener * np.fft.rfft2(padded), s=padded.shape)
    image = u8(np.clip(restored[_PAD:-_PAD, _PAD:-_PAD], 0, 255).astype(np.uint8))
    return _enlarge(image, "x3")[0]


def _line_spread(shape: tuple[int, ...], length: float, angle: float) -> npt.NDArray[np.float32]:
    """A straight smear of ``length`` pixels at ``angle``, centred on (0, 0) of a ``shape``
    array (wrapped, as the FFT wants it), softened by half a pixel."""
    size = int(np.ceil(length)) + 5 | 1
    line = np.zeros((size, size), np.float32)
    centre = size // 2
    steps = np.linspace(-length / 2, length / 2, 4 * size)
    end = (centre + steps * np.cos(angle), centre + steps * np.sin(angle))
    for x, y in zip(*end, strict=True):
        # Spread each sample over its four pixels (bilinear), so short lines are exact.
        x0, y0 = int(np.floor(x)), int(np.floor(y))
        fx, fy = x - x0, y - y0
        line[y0, x0] += (1 - fx) * (1 - fy)
        line[y0, x0 + 1] += fx * (1 - fy)
        line[y0 + 1, x0] += (1 - fx) * fy
        line[y0 + 1, x0 + 1] += fx * fy
    soft = np.asarray(cv2.GaussianBlur(line, (0, 0), 0.5), np.float32)
    whole = np.zeros(shape[:2], np.float32)
    whole[:size, :size] = soft / soft.sum()
    rolled: npt.NDArray[np.float32] = np.roll(whole, (-centre, -centre), (0, 1))
    return rolled


def _rectify(image: Gray, quad: npt.NDArray[np.float32]) -> Gray:
    side = _RECTIFIED
    target = np.array([[0, 0], [side, 0], [side, side], [0, side]], np.float32) + _QUIET
    homography = cv2.getPerspectiveTransform(quad, target)
    size = side + 2 * _QUIET
    warped = cv2.warpPerspective(
        image, homography, (size, size), flags=cv2.INTER_CUBIC, borderValue=255
    )
    return u8(warped)


def _failed_codes(image: Gray) -> list[npt.NDArray[np.float32]]:
    """Corners (TL, TR, BR, BL) of QR codes zxing-cpp found but could not decode."""
    try:
        import zxingcpp
    except ImportError:
        return []
    qr_only = zxingcpp.BarcodeFormats(zxingcpp.BarcodeFormat.QRCode)
    found = zxingcpp.read_barcodes(image, formats=qr_only, return_errors=True, try_downscale=False)
    quads = []
    for result in found:
        if result.valid:
            continue
        at = result.position
        corners = (at.top_left, at.top_right, at.bottom_right, at.bottom_left)
        quads.append(np.array([[c.x, c.y] for c in corners], np.float32))
    return quads


def locate_candidates(gray: Gray) -> list[tuple[int, int, int, int]]:
    """Boxes (x0, y0, x1, y1) around the likeliest codes, likeliest first.

    A QR's module grid has edges across *and* along at every point, unlike a card's
    outline, a line of wood grain or a blank card face: the measure is the smaller of
    the two gradients, averaged over about a small code's width. Its highest peaks,
    apart from each other, are the candidates; each box spans the bright part of
    its peak with a margin.
    """
    small = u8(cv2.resize(gray, None, fx=0.5, fy=0.5, interpolation=cv2.INTER_AREA))
    across = np.abs(cv2.Sobel(small, cv2.CV_32F, 1, 0))
    along = np.abs(cv2.Sobel(small, cv2.CV_32F, 0, 1))
    both = cv2.blur(cv2.min(across, along), (_PEAK_WINDOW, _PEAK_WINDOW))
    height, width = small.shape
    boxes: list[tuple[int, int, int, int]] = []
    for _ in range(_MAX_CANDIDATES):
        _, value, _, (x, y) = cv2.minMaxLoc(both)
        if value < _LEAST_TEXTURE:
            break
        reach = _PEAK_REACH
        x0, y0 = max(0, x - reach), max(0, y - reach)
        x1, y1 = min(width, x + reach), min(height, y + reach)
        strong = both[y0:y1, x0:x1] > 0.7 * value
        ys, xs = np.nonzero(strong)
        # The bright core of the peak (a small code's box stays small, so it can be
        # enlarged 4 times within _LARGEST_CROP); a large code spans a larger core.
        cx, cy = x0 + float(xs.mean()), y0 + float(ys.mean())
        half = max(_SMALLEST_BOX, int(max(np.ptp(xs), np.ptp(ys)) * 0.5 + 20))
        boxes.append(
            (
                max(0, int(2 * (cx - half))),
                max(0, int(2 * (cy - half))),
                min(2 * width, int(2 * (cx + half))),
                min(2 * height, int(2 * (cy + half))),
            )
        )
        cv2.circle(both, (x, y), half, 0.0, -1)
    return boxes


def _enlarge(crop: Gray, scale: str) -> tuple[Gray, float]:
    """The crop scaled up ("xN": N times, "N": to N pixels), and the factor used."""
    longest = max(crop.shape)
    target = longest * int(scale[1:]) if scale.startswith("x") else int(scale)
    factor = min(target, max(_LARGEST_CROP, longest)) / longest
    if factor <= 1.0:
        return crop, 1.0
    enlarged = cv2.resize(crop, None, fx=factor, fy=factor, interpolation=cv2.INTER_CUBIC)
    return u8(enlarged), factor


# Unsharp masks, (sigma per unit of scale-up, amount): the blur steepened is about one
# module of a code that had 1.5–3 px per module before it was scaled up.
_SHARPEN = {"sharpen": (0.8, 1.0), "sharpen-strong": (1.2, 1.5), "sharpen-adaptive": (1.6, 2.0)}


def _treat(image: Gray, treatment: str, factor: float) -> Gray:
    if treatment in _SHARPEN:
        per_unit, amount = _SHARPEN[treatment]
        blurred = cv2.GaussianBlur(image, (0, 0), per_unit * max(factor, 1.0))
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
        found = zxingcpp.read_barcodes(image, formats=qr_only, try_downscale=False)
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
