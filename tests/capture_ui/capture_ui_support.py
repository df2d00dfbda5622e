"""Small simulated desks for the capture screen tests (480×270 frames, 50 dpi pages).

Small frames and pages keep a whole paper, from the first frame to its PDF,
well under a second; the flow is the same as at full size.
"""

from __future__ import annotations

from drivers.camera.paper import Encoding
from drivers.camera.pipeline import TrackerConfig
from drivers.camera.port import CameraSettings
from drivers.camera.scene import Look, PagePose, Scene, SceneKind, place_page
from drivers.camera.simulator import SimulatedCamera
from kiosk.capture import CaptureSettings
from kiosk.catalog import Paper, Text

FRAME_SIZE = (480, 270)
PAGE_SIZE = (414, 585)
STRAIGHT = PagePose(roll=4, pitch=-8, yaw=5)
OTHER = PagePose(x=0.48, roll=-6, pitch=10, yaw=-8)


def small_settings() -> CaptureSettings:
    """Small pages, fast retries."""
    return CaptureSettings(
        tracker=TrackerConfig(page_size=PAGE_SIZE),
        encoding=Encoding(dpi=50),
        retry_s=0.05,
    )


def requirement(pages_min: int = 1, pages_max: int = 2, *, required: bool = True) -> Paper:
    """A catalog paper (synthetic)."""
    return Paper(
        id="birth_certificate",
        name=Text(vi="Giấy khai sinh", en="Birth certificate"),
        form="copy",
        required=required,
        pages_min=pages_min,
        pages_max=pages_max,
    )


def camera(script: list[Scene], *, loop: bool = False) -> SimulatedCamera:
    """A simulated desk at the test frame size (not started: the session starts it)."""
    return SimulatedCamera(script, CameraSettings("simulator", *FRAME_SIZE), seed=2, loop=loop)


def two_pages() -> list[Scene]:
    """An empty desk, page 1 laid and taken away, page 2 laid and left."""
    return [
        Scene(SceneKind.EMPTY, 3),
        *place_page(STRAIGHT, enter=6, still=12, page=0),
        Scene(SceneKind.LEAVE, 5, STRAIGHT, page=0),
        Scene(SceneKind.EMPTY, 4),
        *place_page(OTHER, enter=6, still=12, page=1),
    ]


def one_still_page() -> list[Scene]:
    """One page lying still (loop it: the desk never changes)."""
    return [Scene(SceneKind.STILL, 10, STRAIGHT, page=0)]


def blurred_page() -> list[Scene]:
    """A page too blurred to be taken by itself: only the button takes it."""
    return [Scene(SceneKind.STILL, 10, STRAIGHT, Look(defocus=4.0), page=3)]
