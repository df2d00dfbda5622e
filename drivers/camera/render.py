"""Drawing for the simulated camera: a desk, a printed A4 page, and the defects of a real photo.

The textures are drawn once per seed and size; each frame then costs one
perspective warp of the page plus the defects (motion blur, hand, lighting,
glare, defocus, sensor noise, JPEG), about 20–30 ms at 1280×720.
"""

from __future__ import annotations

import math
from functools import lru_cache

import cv2
import numpy as np
import numpy.typing as npt

from drivers.camera.port import Image, u8
from drivers.camera.scene import A4_ASPECT, Glare, Look, Points

_INK = (35, 30, 30)
_SYLLABLES = (
    "so",
    "ho",
    "ten",
    "ngay",
    "thang",
    "nam",
    "sinh",
    "noi",
    "cu",
    "tru",
    "dia",
    "chi",
    "xa",
    "phuong",
    "tinh",
    "thanh",
    "pho",
    "giay",
    "to",
    "khai",
    "nhan",
    "dan",
    "can",
    "cuoc",
    "cong",
    "chung",
    "thu",
    "tuc",
    "hanh",
    "chinh",
    "ban",
    "sao",
    "ket",
    "qua",
    "giai",
    "quyet",
    "don",
    "de",
    "nghi",
    "xac",
    "cap",
    "lai",
    "doi",
    "ma",
    "ho",
    "so",
    "quan",
    "huyen",
    "viet",
)


def _words(rng: np.random.Generator, count: int) -> str:
    return " ".join(str(rng.choice(_SYLLABLES)) for _ in range(count))


@lru_cache(maxsize=8)
def desk_texture(width: int, height: int, seed: int) -> Image:
    """A wooden or matte desk: low-frequency shading, grain streaks, a little speckle."""
    rng = np.random.default_rng(seed + 1000)
    wood = seed % 2 == 0
    base = np.array([55, 85, 125] if wood else [70, 72, 78], np.float32)
    base *= rng.uniform(0.8, 1.25)
    blotch = cv2.resize(
        rng.normal(0, 1, (6, 10)).astype(np.float32), (width, height), interpolation=cv2.INTER_CUBIC
    )
    grain = cv2.resize(
        rng.normal(0, 1, (height // 3, 8)).astype(np.float32),
        (width, height),
        interpolation=cv2.INTER_LINEAR,
    )
    shade = 1.0 + 0.10 * blotch + (0.08 if wood else 0.02) * grain
    speckle = rng.normal(0, 3.0, (height, width)).astype(np.float32)
    desk = base[None, None, :] * shade[..., None] + speckle[..., None]
    result: Image = np.clip(desk, 0, 255).astype(np.uint8)
    result.setflags(write=False)
    return result


def _text(page: Image, text: str, org: tuple[int, int], scale: float, bold: bool = False) -> None:
    thickness = max(1, round(scale * (2.4 if bold else 1.5)))
    cv2.putText(page, text, org, cv2.FONT_HERSHEY_SIMPLEX, scale, _INK, thickness, cv2.LINE_AA)


def _centered(page: Image, text: str, y: int, scale: float, bold: bool = False) -> None:
    thickness = max(1, round(scale * (2.4 if bold else 1.5)))
    (w, _), _ = cv2.getTextSize(text, cv2.FONT_HERSHEY_SIMPLEX, scale, thickness)
    _text(page, text, ((page.shape[1] - w) // 2, y), scale, bold)


@lru_cache(maxsize=8)
def page_texture(height: int, seed: int) -> Image:
    """A printed A4 form, portrait: national header, title, filled lines, a table, a stamp."""
    rng = np.random.default_rng(seed)
    width = round(height / A4_ASPECT)
    page = np.full((height, width, 3), (220, 226, 229), np.uint8)
    unit = height / 1000.0  # layout in thousandths of the page height
    s = 0.42 * unit
    left = round(70 * unit)

    def y(v: float) -> int:
        return round(v * unit)

    _centered(page, "CONG HOA XA HOI CHU NGHIA VIET NAM", y(60), s * 1.05, bold=True)
    _centered(page, "Doc lap - Tu do - Hanh phuc", y(85), s)
    cv2.line(page, (width // 2 - y(90), y(93)), (width // 2 + y(90), y(93)), _INK, 1)
    title = str(rng.choice(["TO KHAI", "DON DE NGHI", "GIAY XAC NHAN", "BAN KHAI"]))
    _centered(page, f"{title} {_words(rng, 2).upper()}", y(150), s * 1.6, bold=True)
    _centered(page, f"({_words(rng, 5)})", y(180), s)
    line_y = 230.0
    for _ in range(int(rng.integers(9, 13))):
        label = _words(rng, int(rng.integers(2, 4))).capitalize()
        _text(page, f"{label}: {_words(rng, int(rng.integers(3, 8)))}", (left, y(line_y)), s)
        line_y += 27
    _table(page, rng, top=y(line_y + 10), unit=unit, scale=s)
    sign_x = round(width * 0.58)
    _text(page, "Nguoi khai", (sign_x, y(880)), s, bold=True)
    _text(page, "(ky, ghi ro ho ten)", (sign_x - y(10), y(902)), s * 0.8)
    centre = (sign_x + y(40), y(945))
    cv2.circle(page, centre, y(38), (60, 60, 200), max(1, y(3)), cv2.LINE_AA)
    cv2.circle(page, centre, y(27), (60, 60, 200), max(1, y(2)), cv2.LINE_AA)
    # The printer's and the lens's softness: textures are not sharper than ink on paper.
    result = u8(cv2.GaussianBlur(page, (0, 0), 0.5 * max(1.0, unit)))
    result.setflags(write=False)
    return result


def _table(page: Image, rng: np.random.Generator, top: int, unit: float, scale: float) -> None:
    rows, cols = int(rng.integers(4, 7)), 4
    left, right = round(70 * unit), page.shape[1] - round(70 * unit)
    row_h = round(30 * unit)
    xs = np.linspace(left, right, cols + 1).round().astype(int)
    for r in range(rows + 1):
        cv2.line(page, (left, top + r * row_h), (right, top + r * row_h), _INK, max(1, round(unit)))
    for x in xs:
        cv2.line(page, (int(x), top), (int(x), top + rows * row_h), _INK, max(1, round(unit)))
    for r in range(rows):
        for c in range(cols):
            text = ("STT", "Ten giay to", "So ban", "Ghi chu")[c] if r == 0 else _words(rng, 1)
            org = (int(xs[c]) + round(6 * unit), top + r * row_h + round(20 * unit))
            _text(page, text, org, scale * 0.85, bold=r == 0)


def composite_page(frame: Image, page: Image, corners: Points, blur: tuple[float, float]) -> None:
    """Warp ``page`` onto ``frame`` (in place) at ``corners``, smeared by the motion ``blur``."""
    h, w = frame.shape[:2]
    pad = math.ceil(math.hypot(*blur)) + 2
    x0, y0 = np.floor(corners.min(axis=0)).astype(int) - pad
    x1, y1 = np.ceil(corners.max(axis=0)).astype(int) + pad
    # Keep a margin beyond the frame so a page half outside still smears in correctly.
    x0, y0, x1, y1 = max(x0, -pad), max(y0, -pad), min(x1, w + pad), min(y1, h + pad)
    if x1 <= max(x0, 0) or y1 <= max(y0, 0) or x0 >= w or y0 >= h:
        return
    ph, pw = page.shape[:2]
    source = np.array([[0, 0], [pw, 0], [pw, ph], [0, ph]], np.float32)
    target = (corners - [x0, y0]).astype(np.float32)
    homography = cv2.getPerspectiveTransform(source, target)
    bgra = cv2.cvtColor(page, cv2.COLOR_BGR2BGRA)
    layer = u8(
        cv2.warpPerspective(
            bgra,
            homography,
            (x1 - x0, y1 - y0),
            flags=cv2.INTER_LINEAR,
            borderMode=cv2.BORDER_CONSTANT,
            borderValue=(0, 0, 0, 0),
        )
    )
    if math.hypot(*blur) >= 1.0:
        layer = _smear(layer, blur)
    cx0, cy0 = max(x0, 0), max(y0, 0)
    cx1, cy1 = min(x1, w), min(y1, h)
    layer = layer[cy0 - y0 : cy1 - y0, cx0 - x0 : cx1 - x0]
    alpha = layer[..., 3:4].astype(np.float32) * np.float32(1 / 255)
    region = frame[cy0:cy1, cx0:cx1].astype(np.float32)
    mixed = region + (layer[..., :3].astype(np.float32) - region) * alpha
    frame[cy0:cy1, cx0:cx1] = mixed.astype(np.uint8)


def _smear(layer: Image, blur: tuple[float, float]) -> Image:
    # A long kernel is slow at full size; a smeared picture loses nothing at a smaller scale.
    shrink = max(1.0, math.hypot(*blur) / 12.0)
    small = layer
    if shrink > 1.0:
        size = (max(1, round(layer.shape[1] / shrink)), max(1, round(layer.shape[0] / shrink)))
        small = u8(cv2.resize(layer, size, interpolation=cv2.INTER_AREA))
    kernel = _motion_kernel(blur[0] / shrink, blur[1] / shrink)
    small = u8(cv2.filter2D(small, -1, kernel, borderType=cv2.BORDER_CONSTANT))
    if shrink == 1.0:
        return small
    return u8(cv2.resize(small, (layer.shape[1], layer.shape[0]), interpolation=cv2.INTER_LINEAR))


def _motion_kernel(dx: float, dy: float) -> npt.NDArray[np.float32]:
    length = math.hypot(dx, dy)
    size = 2 * math.ceil(length / 2) + 1
    kernel = np.zeros((size, size), np.float32)
    c = size // 2
    cv2.line(
        kernel,
        (round(c - dx / 2), round(c - dy / 2)),
        (round(c + dx / 2), round(c + dy / 2)),
        1.0,
        1,
        cv2.LINE_AA,
    )
    total = float(kernel.sum())
    return kernel / total if total > 0 else kernel


def draw_hand(frame: Image, corners: Points, corner: int, size: float) -> None:
    """A hand holding the page at ``corner`` (page order): palm over it, arm off to the edge."""
    centre = corners.mean(axis=0)
    tip = corners[corner]
    out = (tip - centre) / max(1e-6, float(np.linalg.norm(tip - centre)))
    length = size * float(np.linalg.norm(corners[3] - corners[0]))
    palm = tip + out * 0.15 * length
    mask: Image = np.zeros((frame.shape[0], frame.shape[1]), np.uint8)
    angle = math.degrees(math.atan2(out[1], out[0]))
    cv2.ellipse(
        mask,
        _pt(palm),
        (round(0.42 * length), round(0.3 * length)),
        angle,
        0,
        360,
        255,
        -1,
        cv2.LINE_AA,
    )
    for spread in (-24, -8, 8, 24, 70):
        finger = math.radians(angle + 180 + spread)
        reach = 0.55 * length if spread != 70 else 0.4 * length
        end = palm + reach * np.array([math.cos(finger), math.sin(finger)])
        cv2.line(mask, _pt(palm), _pt(end), 255, max(2, round(0.1 * length)), cv2.LINE_AA)
    far = palm + out * 4.0 * max(frame.shape)
    cv2.line(mask, _pt(palm), _pt(far), 255, max(3, round(0.5 * length)), cv2.LINE_AA)
    shift = np.array([[1, 0, 0.05 * length], [0, 1, 0.07 * length]], np.float32)
    moved = cv2.warpAffine(mask, shift, (mask.shape[1], mask.shape[0]))
    shadow = u8(cv2.GaussianBlur(moved, (0, 0), 0.04 * length + 1))
    sleeve = np.zeros_like(mask)
    sleeve_from = palm + out * 1.1 * length
    cv2.line(sleeve, _pt(sleeve_from), _pt(far), 255, max(4, round(0.6 * length)))
    colour = np.empty_like(frame)
    colour[:] = (125, 155, 205)  # skin
    colour[sleeve > 0] = (90, 60, 40)  # a dark sleeve further up the arm
    # Work only where the hand or its shadow is: the rest of the frame is untouched.
    x, y, w, h = cv2.boundingRect(cv2.max(mask, shadow))
    if w == 0 or h == 0:
        return
    area = (slice(y, y + h), slice(x, x + w))
    cover = mask[area].astype(np.float32) * np.float32(1 / 255)
    dim = 1.0 - 0.35 * shadow[area].astype(np.float32) * np.float32(1 / 255)
    black = np.zeros_like(frame[area])
    shaded = cv2.blendLinear(frame[area], black, dim, 1.0 - dim)
    frame[area] = cv2.blendLinear(shaded, colour[area], 1.0 - cover, cover)


def _pt(p: npt.NDArray[np.float64]) -> tuple[int, int]:
    return round(float(p[0])), round(float(p[1]))


@lru_cache(maxsize=16)
def light_field(width: int, height: int, look: Look) -> npt.NDArray[np.float32]:
    """Per-pixel gain: exposure × a linear slope across the frame × a soft vignette."""
    ys, xs = np.mgrid[0:height, 0:width].astype(np.float32)
    u, v = xs / width - 0.5, ys / height - 0.5
    a = math.radians(look.light_angle)
    slope = 1.0 + look.light_slope * (u * math.cos(a) + v * math.sin(a))
    vignette = 1.0 - look.vignette * (u * u + v * v) * 2.0
    field: npt.NDArray[np.float32] = (look.gain * slope * vignette).astype(np.float32)[..., None]
    field.setflags(write=False)
    return field


def add_glare(frame: npt.NDArray[np.float32], corners: Points, glare: Glare) -> None:
    """Add a lamp's reflection (a bright Gaussian spot) at ``glare.u, glare.v`` on the page."""
    top = corners[0] + (corners[1] - corners[0]) * glare.u
    bottom = corners[3] + (corners[2] - corners[3]) * glare.u
    centre = top + (bottom - top) * glare.v
    sigma = glare.radius * float(np.linalg.norm(corners[1] - corners[0]))
    r = math.ceil(3 * sigma)
    cx, cy = round(float(centre[0])), round(float(centre[1]))
    h, w = frame.shape[:2]
    x0, x1, y0, y1 = max(cx - r, 0), min(cx + r + 1, w), max(cy - r, 0), min(cy + r + 1, h)
    if x1 <= x0 or y1 <= y0:
        return
    ys, xs = np.mgrid[y0:y1, x0:x1].astype(np.float32)
    distance2 = (xs - centre[0]) ** 2 + (ys - centre[1]) ** 2
    spot = glare.strength * np.exp(-distance2 / (2 * sigma**2))
    frame[y0:y1, x0:x1] += spot.astype(np.float32)[..., None]


@lru_cache(maxsize=4)
def noise_fields(width: int, height: int, sigma: float, seed: int) -> tuple[Image, ...]:
    """A few frames of sensor noise split into (+, −) parts for saturating uint8 adds."""
    rng = np.random.default_rng(seed + 77)
    fields: list[Image] = []
    for _ in range(3):
        n = rng.normal(0, sigma, (height, width, 3)).round().astype(np.int16)
        fields += [np.clip(n, 0, 255).astype(np.uint8), np.clip(-n, 0, 255).astype(np.uint8)]
    return tuple(fields)


def finish(frame: Image, look: Look, index: int, seed: int) -> Image:
    """Apply the camera's own defects: defocus, sensor noise, MJPG compression."""
    if look.defocus > 0.05:
        frame = u8(cv2.GaussianBlur(frame, (0, 0), look.defocus))
    if look.noise > 0:
        fields = noise_fields(frame.shape[1], frame.shape[0], look.noise, seed)
        k = 2 * (index % (len(fields) // 2))
        frame = u8(cv2.subtract(cv2.add(frame, fields[k]), fields[k + 1]))
    if look.jpeg_quality is not None:
        ok, data = cv2.imencode(".jpg", frame, [cv2.IMWRITE_JPEG_QUALITY, look.jpeg_quality])
        decoded = cv2.imdecode(data, cv2.IMREAD_COLOR) if ok else None
        if decoded is not None:
            frame = u8(decoded)
    return frame
