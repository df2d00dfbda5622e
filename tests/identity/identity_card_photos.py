"""Synthetic camera photos of the front of a citizen identity card, for the QR decoder.

A card face is drawn once per citizen (header, photo box, fields, the QR in the
top right corner as on the 2021 chip CCCD), then laid on the simulated desk
with a pose (distance, tilt, rotation) and spoiled by the simulator's own
defects: defocus, motion smear, uneven light, a lamp's glare, sensor noise and
MJPG compression. Everything follows from the seed: every run sees the same photos.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import cv2
import numpy as np
import qrcode
from PIL import Image, ImageDraw, ImageFont

from drivers.camera import render
from drivers.camera.port import Image as Frame
from drivers.camera.scene import Glare, Look
from kiosk.identity.card_qr import format_card_qr
from kiosk.identity.synthetic import Citizen, card_qr, make_citizens

LEGIBLE_ERRORS = 0.02
"""A hard photo is legible when an ideal reader gets at most this share of modules wrong.

The ideal reader knows where every module's centre lies in the frame (from the
card's pose) and the code's true local black and white (the mean of the dark and
of the light modules within 3 modules around): it samples the *delivered* photo
(blur, tilt, light, noise, JPEG and all) at each centre and calls it dark below
the midpoint. No reader, human or program, sees the modules better than that.
Why 2 %: the card's QR has error-correction level M, which restores about 15 % of
its 8-module codewords; with modules wrong independently at a rate p a codeword
is wrong with 1 − (1 − p)^8, which reaches 15 % at p ≈ 2 %. Beyond it the code
cannot be read reliably from this photo; below, every module a person looks at is
there. Measured, not fitted: the rule was fixed before the cascade was re-run.
"""
CARD_W, CARD_H = 1000, 631  # 85.6 × 54 mm at ~11.7 px/mm
QR_SIDE_MM = 15.0
_FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")


@dataclass(frozen=True)
class CardPhoto:
    """One photo and what it shows."""

    image: Frame
    text: str  # the QR's text
    condition: str  # the main defect, for the per-condition figures
    card_width: float  # card width as a fraction of the frame width
    module_px: float = 0.0  # hard set: the narrowest module pitch of the QR in the frame
    blur_px: float = 0.0  # hard set: defocus sigma + motion smear length, in pixels
    qr_corners: np.ndarray | None = None  # hard set: the QR's corners (TL, TR, BR, BL) in the frame

    module_errors: float = 1.0  # hard set: share of modules an ideal reader gets wrong

    @property
    def legible(self) -> bool:
        """Hard set: the photo still shows the code's modules (see ``LEGIBLE_ERRORS``)."""
        return self.module_errors <= LEGIBLE_ERRORS

    @property
    def legible_by_size(self) -> bool:
        """The first rule (kept for comparison): modules ≥ 1.5 px, defocus sigma plus
        smear length under a module. It adds a sigma to a length and ignores JPEG,
        noise and light, so it called legible photos whose modules are gone."""
        return self.module_px >= 1.5 and self.blur_px <= self.module_px


def _font(size: int, bold: bool = False) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    name = "DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf"
    try:
        return ImageFont.truetype(str(_FONT_DIR / name), size)
    except OSError:
        return ImageFont.load_default()


@lru_cache(maxsize=64)
def card_face(citizen: Citizen) -> tuple[np.ndarray, str]:
    """The card front as a BGR array, and the text of its QR."""
    text = format_card_qr(card_qr(citizen))
    face = Image.new("RGB", (CARD_W, CARD_H), (236, 240, 228))
    pen = ImageDraw.Draw(face)
    rng = random.Random(citizen.id_number)
    for k in range(0, CARD_W, 6):  # guilloche-like background lines
        y = 300 + 120 * math.sin(k / 57.0 + rng.random())
        pen.line((k, y, k + 40, y + 200), fill=(214, 226, 212), width=1)
    pen.ellipse((30, 30, 150, 150), fill=(200, 40, 40), outline=(230, 190, 40), width=6)
    pen.text(
        (185, 40), "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", font=_font(24, True), fill=(20, 20, 60)
    )
    pen.text((290, 80), "Độc lập - Tự do - Hạnh phúc", font=_font(26), fill=(20, 20, 60))
    pen.text((285, 120), "CĂN CƯỚC CÔNG DÂN", font=_font(40, True), fill=(180, 30, 30))
    pen.rectangle((40, 200, 240, 460), fill=(190, 205, 225), outline=(120, 120, 120))
    rows = (
        ("Số / No.:", citizen.id_number),
        ("Họ và tên / Full name:", citizen.full_name.upper()),
        ("Ngày sinh / Date of birth:", f"{citizen.date_of_birth:%d/%m/%Y}"),
        ("Giới tính / Sex:", citizen.sex),
        ("Nơi thường trú / Place of residence:", citizen.place_of_residence[:44]),
    )
    y = 200
    for label, value in rows:
        pen.text((270, y), label, font=_font(22), fill=(40, 40, 40))
        pen.text((270, y + 26), value, font=_font(28, True), fill=(10, 10, 10))
        y += 72
    _paste_qr(face, text)
    return np.asarray(face)[:, :, ::-1].copy(), text


def _paste_qr(face: Image.Image, text: str, where: tuple[int, int] | None = None) -> None:
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=1, box_size=1)
    code.add_data(text.encode("utf-8"))
    code.make(fit=True)
    modules = code.make_image().get_image().convert("L")
    side = round(QR_SIDE_MM / 85.6 * CARD_W)
    crisp = modules.resize((side, side), Image.Resampling.NEAREST)
    face.paste(crisp.convert("RGB"), where or (CARD_W - side - 30, 30))


def card_corners(
    width: int,
    height: int,
    *,
    x: float,
    y: float,
    size: float,
    roll: float,
    pitch: float,
    yaw: float,
) -> np.ndarray:
    """The card's corners (TL, TR, BR, BL) projected into the frame; ``size`` = width fraction."""
    half_w, half_h = 0.5, 0.5 * CARD_H / CARD_W
    card = np.array(
        [[-half_w, -half_h, 0], [half_w, -half_h, 0], [half_w, half_h, 0], [-half_w, half_h, 0]]
    )
    r, p, q = (math.radians(a) for a in (roll, pitch, yaw))
    rz = np.array([[math.cos(r), -math.sin(r), 0], [math.sin(r), math.cos(r), 0], [0, 0, 1]])
    rx = np.array([[1, 0, 0], [0, math.cos(p), -math.sin(p)], [0, math.sin(p), math.cos(p)]])
    ry = np.array([[math.cos(q), 0, math.sin(q)], [0, 1, 0], [-math.sin(q), 0, math.cos(q)]])
    world = card @ (ry @ rx @ rz).T
    distance = 1.6
    depth = distance + world[:, 2]
    focal = size * width * distance
    return np.stack(
        [x * width + focal * world[:, 0] / depth, y * height + focal * world[:, 1] / depth], 1
    )


CONDITIONS = ("clean", "tilted", "blurred", "glare", "small", "dim")


def photo(
    citizen: Citizen, condition: str, rng: np.random.Generator, size: tuple[int, int] = (1280, 720)
) -> CardPhoto:
    """One photo of ``citizen``'s card front under ``condition``."""
    width, height = size
    face, text = card_face(citizen)
    tilt = 35.0 if condition == "tilted" else 12.0
    card_width = rng.uniform(0.38, 0.5) if condition == "small" else rng.uniform(0.5, 0.75)
    while True:
        corners = card_corners(
            width,
            height,
            x=rng.uniform(0.4, 0.6),
            y=rng.uniform(0.42, 0.58),
            size=card_width,
            roll=rng.uniform(-180, 180) if rng.random() < 0.3 else rng.uniform(-20, 20),
            pitch=rng.uniform(-tilt, tilt),
            yaw=rng.uniform(-tilt, tilt),
        )
        if (
            corners.min() > 4
            and corners[:, 0].max() < width - 4
            and corners[:, 1].max() < height - 4
        ):
            break
    look = Look(
        defocus=rng.uniform(1.0, 1.8) if condition == "blurred" else rng.uniform(0.0, 0.8),
        gain=rng.uniform(0.35, 0.5) if condition == "dim" else rng.uniform(0.75, 1.05),
        light_slope=rng.uniform(0.0, 0.35),
        light_angle=rng.uniform(0, 360),
        glare=Glare(
            u=rng.uniform(0.72, 0.92),
            v=rng.uniform(0.15, 0.4),
            radius=rng.uniform(0.04, 0.09),
            strength=rng.uniform(120, 230),
        )
        if condition == "glare"
        else None,
        noise=3.0 if condition == "dim" else 2.0,
        jpeg_quality=int(rng.integers(75, 92)),
    )
    blur = (
        (float(rng.uniform(-2.5, 2.5)), float(rng.uniform(-2.5, 2.5)))
        if condition == "blurred"
        else (0.0, 0.0)
    )
    frame = np.array(render.desk_texture(width, height, int(rng.integers(0, 6))))
    render.composite_page(frame, face, corners, blur)
    lit = frame.astype(np.float32) * render.light_field(width, height, look)
    if look.glare is not None:
        render.add_glare(lit, corners, look.glare)
    image = np.clip(lit, 0, 255).astype(np.uint8)
    return CardPhoto(render.finish(image, look, 0, 7), text, condition, card_width)


def photo_set(per_condition: int = 10, seed: int = 9303) -> list[CardPhoto]:
    """``per_condition`` photos for each condition, of distinct synthetic citizens."""
    rng = np.random.default_rng(seed)
    citizens = make_citizens(per_condition * len(CONDITIONS), seed=seed)
    return [
        photo(citizens[i * len(CONDITIONS) + j], condition, rng)
        for i in range(per_condition)
        for j, condition in enumerate(CONDITIONS)
    ]


@lru_cache(maxsize=64)
def card_back(citizen: Citizen) -> tuple[np.ndarray, str]:
    """The back of a 2024 Căn cước as a BGR array (QR top left, MRZ below), and its QR text."""
    text = format_card_qr(card_qr(citizen))
    back = Image.new("RGB", (CARD_W, CARD_H), (228, 236, 240))
    pen = ImageDraw.Draw(back)
    pen.rectangle((700, 40, 960, 300), outline=(150, 150, 150), width=3)  # the chip's window
    pen.text((270, 60), "Nơi cư trú / Place of residence:", font=_font(22), fill=(40, 40, 40))
    pen.text((270, 92), citizen.place_of_residence[:30], font=_font(26, True), fill=(10, 10, 10))
    pen.text((270, 150), "Ngày cấp / Date of issue:", font=_font(22), fill=(40, 40, 40))
    pen.text((270, 182), "15/08/2024", font=_font(26, True), fill=(10, 10, 10))
    mrz = ("IDVNM" + citizen.id_number + "<<<<<<<<<<<<<")[:30]
    for row, line in enumerate(
        (mrz, "9001012M3401012VNM<<<<<<<<<<<6", "NGUYEN<<VAN<AN<<<<<<<<<<<<<<<")
    ):
        pen.text((60, 430 + 60 * row), line, font=_font(40), fill=(20, 20, 20))
    _paste_qr(back, text, (30, 40))
    return np.asarray(back)[:, :, ::-1].copy(), text


def hard_photo(
    citizen: Citizen, rng: np.random.Generator, size: tuple[int, int] = (1280, 720)
) -> CardPhoto:
    """A hard photo for the QR bench: QR 60–120 px wide, tilted up to 50°, blurred,
    unevenly lit, MJPG at quality 60; the front or the back of the card."""
    width, height = size
    back = rng.random() < 0.5
    face, text = card_back(citizen) if back else card_face(citizen)
    qr_px = float(rng.uniform(60, 120))
    side = round(QR_SIDE_MM / 85.6 * CARD_W)
    card_width = qr_px / side * CARD_W / width
    tilt = float(rng.uniform(0, 50))
    direction = float(rng.uniform(0, 2 * math.pi))
    for _ in range(200):
        corners = card_corners(
            width,
            height,
            x=rng.uniform(0.3, 0.7),
            y=rng.uniform(0.3, 0.7),
            size=card_width,
            roll=rng.uniform(-180, 180) if rng.random() < 0.3 else rng.uniform(-25, 25),
            pitch=tilt * math.cos(direction),
            yaw=tilt * math.sin(direction),
        )
        if (
            corners.min() > 4
            and corners[:, 0].max() < width - 4
            and corners[:, 1].max() < height - 4
        ):
            break
    where = (30, 40) if back else (CARD_W - side - 30, 30)
    quad = _qr_quad(corners, where, side)
    pitch = _module_pitch(quad, text)
    # Blur in proportion to the modules: about half the set stays legible to a person.
    defocus = float(rng.uniform(0.0, 0.6)) * pitch
    look = Look(
        defocus=defocus,
        gain=rng.uniform(0.55, 1.05),
        light_slope=rng.uniform(0.2, 0.7),
        light_angle=rng.uniform(0, 360),
        noise=2.5,
        jpeg_quality=60,
    )
    smear = float(rng.uniform(0.0, 1.5)) * pitch
    angle = float(rng.uniform(0, 2 * math.pi))
    blur = (smear * math.cos(angle), smear * math.sin(angle))
    frame = np.array(render.desk_texture(width, height, int(rng.integers(0, 6))))
    render.composite_page(frame, face, corners, blur)
    lit = frame.astype(np.float32) * render.light_field(width, height, look)
    image = np.clip(lit, 0, 255).astype(np.uint8)
    condition = f"{'back' if back else 'front'} tilt {tilt:.0f} blur {defocus:.1f}+{smear:.1f}"
    blurred = defocus + smear
    delivered = render.finish(image, look, 0, 7)
    errors = module_errors(delivered, quad, text)
    return CardPhoto(delivered, text, condition, card_width, pitch, blurred, quad, errors)


def module_errors(image: Frame, quad: np.ndarray, text: str) -> float:
    """Share of the code's modules an ideal reader gets wrong in ``image`` (see
    ``LEGIBLE_ERRORS``); ``quad`` is the code's corners with its one-module border."""
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=1)
    code.add_data(text.encode("utf-8"))
    code.make(fit=True)
    dark = np.array(code.get_matrix(), bool)
    n = dark.shape[0]
    unit = np.float32([[0, 0], [1, 0], [1, 1], [0, 1]])
    homography = cv2.getPerspectiveTransform(unit, quad.astype(np.float32))
    rows, cols = (np.mgrid[0:n, 0:n].astype(np.float32) + 0.5) / n
    centres = np.stack([cols.ravel(), rows.ravel()], 1)[:, None, :]
    at = cv2.perspectiveTransform(centres, homography)[:, 0, :].reshape(n, n, 2)
    gray = cv2.cvtColor(image, cv2.COLOR_BGR2GRAY).astype(np.float32)
    seen = cv2.remap(gray, at[..., 0].copy(), at[..., 1].copy(), cv2.INTER_LINEAR)

    def local_mean(which: np.ndarray) -> np.ndarray:
        total = cv2.boxFilter(
            np.where(which, seen, 0).astype(np.float32), -1, (7, 7), normalize=False
        )
        count = cv2.boxFilter(which.astype(np.float32), -1, (7, 7), normalize=False)
        return np.asarray(total / np.maximum(count, 1))

    midpoint = (local_mean(dark) + local_mean(~dark)) / 2
    wrong = (seen < midpoint) != dark
    return float(wrong[1:-1, 1:-1].mean())  # the border is blank paper, not the code


def _qr_quad(corners: np.ndarray, where: tuple[int, int], side: int) -> np.ndarray:
    """The pasted QR's corners (TL, TR, BR, BL, quiet border included) in the frame."""
    card = np.float32([[0, 0], [CARD_W, 0], [CARD_W, CARD_H], [0, CARD_H]])
    homography = cv2.getPerspectiveTransform(card, corners.astype(np.float32))
    x, y = where
    square = np.float32([[[x, y]], [[x + side, y]], [[x + side, y + side]], [[x, y + side]]])
    return np.asarray(cv2.perspectiveTransform(square, homography)[:, 0, :], np.float64)


def _module_pitch(seen: np.ndarray, text: str) -> float:
    """Pixels per module along the QR's shortest projected side."""
    shortest = min(float(np.linalg.norm(seen[i] - seen[(i + 1) % 4])) for i in range(4))
    return shortest / _modules(text)


def _modules(text: str) -> int:
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=1)
    code.add_data(text.encode("utf-8"))
    code.make(fit=True)
    return 17 + 4 * int(code.version) + 2


def hard_photo_set(count: int = 80, seed: int = 2024) -> list[CardPhoto]:
    """``count`` hard photos of distinct synthetic citizens (the QR bench's set)."""
    rng = np.random.default_rng(seed)
    return [hard_photo(citizen, rng) for citizen in make_citizens(count, seed=seed)]
