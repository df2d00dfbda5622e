"""The kiosk reads the card's QR wherever the card model prints it.

The 2021 chip CCCD has its QR on the front, top right; the 2024 Căn cước on the
back, top left, above the three MRZ lines. The simulated camera films each face
held under it (a little tilted, at the distance a citizen holds it) and the live
scan (:class:`~kiosk.card_qr_scan.CardQrScan`, with its CPU budget) must hand
back the QR's text, which parses as a card QR. The 2024 card's front carries no
QR: shown that side, the scan finds nothing (the screen asks to turn it over).
"""

from __future__ import annotations

import sys
import threading
import time
from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageDraw

from drivers.camera.port import CameraSettings
from drivers.camera.scene import PagePose, Scene, SceneKind
from drivers.camera.simulator import SimulatedCamera
from kiosk.card_qr_scan import CardQrScan
from kiosk.identity.card_qr import parse_card_qr
from kiosk.identity.synthetic import make_citizens

# The card faces are drawn by the QR decoder's photo set (one drawing of each face).
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "identity"))
from identity_card_photos import CARD_H, CARD_W, card_back, card_face

CARD_ASPECT = CARD_H / CARD_W
POSE = PagePose(size=0.55, roll=-8, pitch=12, yaw=-10, aspect=CARD_ASPECT)
SETTINGS = CameraSettings(device="sim", width=1280, height=720)


def film(face: np.ndarray, frames: int = 60) -> tuple[list[str], CardQrScan]:
    """Hold ``face`` under the simulated camera; the QR texts the live scan found."""
    script = [
        Scene(SceneKind.ENTER, 8, POSE, picture=face),
        Scene(SceneKind.STILL, frames, POSE, picture=face),
    ]
    camera = SimulatedCamera(script, SETTINGS, loop=False)
    found: list[str] = []
    done = threading.Event()

    def got(text: str) -> None:
        found.append(text)
        done.set()

    scan = CardQrScan(camera, got).start()
    # The scan ends by itself when it finds the QR or the camera's script ends.
    deadline = time.monotonic() + 60
    while scan.running and time.monotonic() < deadline:
        done.wait(0.05)
    scan.stop()
    return found, scan


def front_2024(face: np.ndarray) -> np.ndarray:
    """A 2024 card's front: no QR (the 2021 front with its QR corner painted over)."""
    picture = Image.fromarray(face[:, :, ::-1].copy())
    ImageDraw.Draw(picture).rectangle((CARD_W - 220, 0, CARD_W, 220), fill=(236, 240, 228))
    return np.asarray(picture)[:, :, ::-1].copy()


@pytest.fixture(scope="module")
def citizen_faces() -> dict[str, tuple[np.ndarray, str]]:
    citizen = make_citizens(1, seed=1414)[0]
    return {"2021 front": card_face(citizen), "2024 back": card_back(citizen)}


@pytest.mark.parametrize("side", ["2021 front", "2024 back"])
def test_the_live_scan_reads_the_qr_on_either_card_model(
    citizen_faces: dict[str, tuple[np.ndarray, str]], side: str
) -> None:
    face, text = citizen_faces[side]
    found, scan = film(face)
    assert found == [text], side
    assert parse_card_qr(found[0]).id_number == text.split("|", maxsplit=1)[0]
    assert scan.budget.decodes >= 1 and not scan.running


def test_the_2024_back_keeps_its_qr_apart_from_the_mrz(
    citizen_faces: dict[str, tuple[np.ndarray, str]],
) -> None:
    """The back's QR sits top left and the MRZ's three lines below it: the picture the
    test films really is that layout (dark modules top left, text rows at the bottom)."""
    face, _ = citizen_faces["2024 back"]
    gray = face.mean(axis=2)
    qr_corner = gray[40:200, 30:190]
    mrz_band = gray[430:600, 60:900]
    chip_window = gray[60:280, 720:940]
    assert (qr_corner < 80).mean() > 0.3
    assert (mrz_band < 80).mean() > 0.05
    assert (chip_window < 80).mean() < 0.01


def test_the_2024_front_has_no_qr_and_nothing_is_read(
    citizen_faces: dict[str, tuple[np.ndarray, str]],
) -> None:
    face, _ = citizen_faces["2021 front"]
    found, scan = film(front_2024(face), frames=30)
    assert found == []
    assert scan.budget.decodes >= 2  # it did look, more than once
