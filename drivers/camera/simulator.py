"""``SimulatedCamera``: a camera that films a scripted desk, for the demo and the tests.

A script is a list of :class:`~drivers.camera.scene.Scene` (empty desk, a page
sliding in, lying still, leaving). Frame ``i`` depends only on the script, the
seed and ``i`` — never on the wall clock — and :meth:`SimulatedCamera.truth`
gives the page corners the pipeline should find in it. ``unplug()`` and
``replug()`` act out a USB cable being pulled and pushed back.

Exposure is modelled like a webcam's: in automatic mode a scene looks as its
``Look.gain`` says (that is what the camera's own automatic exposure chose, at
``DEFAULT_EXPOSURE``); a manual exposure ``e`` scales the light by
``e / DEFAULT_EXPOSURE``, so the kiosk's exposure loop can be tested.

:func:`open_recording` plays a folder of pictures or a video file instead.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

import cv2
import numpy as np

from drivers.camera import render
from drivers.camera.opencv import DEFAULT_EXPOSURE, OpenCvCamera
from drivers.camera.port import (
    ABSENT_DETAIL,
    ABSENT_FIX,
    DEVICE_NAME,
    Camera,
    CameraSettings,
    Frame,
    Image,
    u8,
)
from drivers.camera.scene import (
    PagePose,
    Scene,
    SceneKind,
    Truth,
    locate,
    offscreen,
    pose_at,
    truth_of,
)
from drivers.status import DeviceState, DeviceStatus
from kiosk.errors import DeviceAbsent, DeviceError
from kiosk.logs import fields

log = logging.getLogger(__name__)

# Fraction of the frame interval the shutter is open: sets the length of motion blur.
_SHUTTER = 0.6
IMAGE_SUFFIXES = frozenset({".png", ".jpg", ".jpeg", ".bmp", ".tif", ".tiff", ".webp"})


def render_frame(
    script_scene: Scene, step: int, width: int, height: int, *, seed: int = 0, index: int = 0
) -> tuple[Image, Truth]:
    """Draw frame ``step`` of one scene and say what is in it."""
    truth = truth_of(script_scene, step, width, height)
    look = script_scene.look
    frame = np.array(render.desk_texture(width, height, seed * 31 + script_scene.desk))
    corners = truth.corners
    if corners is not None:
        page = script_scene.picture
        if page is None:
            seeded = seed * 131 + script_scene.page
            page = render.page_texture(_page_height(corners, height), seeded)
        render.composite_page(frame, page, corners, _motion(script_scene, step, width, height))
        if look.hand is not None:
            render.draw_hand(frame, corners, look.hand, look.hand_size)
    lit = frame.astype(np.float32) * render.light_field(width, height, look)
    if corners is not None and look.glare is not None:
        render.add_glare(lit, corners, look.glare)
    image = np.clip(lit, 0, 255).astype(np.uint8)
    return render.finish(image, look, index, seed), truth


def _page_height(corners: np.ndarray, height: int) -> int:
    # Draw the page texture a little larger than it appears, in steps so it is reused.
    apparent = float(np.linalg.norm(corners[3] - corners[0]))
    return int(min(2 * height, max(400, 100 * round(apparent * 1.25 / 100))))


def _motion(scene: Scene, step: int, width: int, height: int) -> tuple[float, float]:
    if not scene.look.motion_blur or scene.kind not in (SceneKind.ENTER, SceneKind.LEAVE):
        return 0.0, 0.0
    now = pose_at(scene, step)
    before: PagePose | None = pose_at(scene, step - 1) if step > 0 else None
    if before is None:
        before = offscreen(scene.pose) if scene.kind is SceneKind.ENTER else scene.pose
    assert now is not None
    shift = (now.corners(width, height) - before.corners(width, height)).mean(axis=0)
    return float(shift[0] * _SHUTTER), float(shift[1] * _SHUTTER)


class SimulatedCamera:
    """A camera that plays a script of scenes, frame by frame, deterministically."""

    def __init__(
        self,
        script: Sequence[Scene],
        settings: CameraSettings | None = None,
        *,
        seed: int = 0,
        loop: bool = True,
        realtime: bool = False,
    ) -> None:
        if not script or any(scene.frames <= 0 for scene in script):
            raise DeviceError(
                "The simulated camera was given an empty scene",
                "give every scene at least one frame",
            )
        self._script = tuple(script)
        self._settings = settings or CameraSettings(device="simulator")
        self._seed = seed
        self._loop = loop
        self._realtime = realtime
        self._length = sum(scene.frames for scene in self._script)
        self._started = False
        self._plugged = True
        self._index = 0
        self._t0 = 0.0
        self._exposure = self._settings.exposure

    @property
    def settings(self) -> CameraSettings:
        """The frame size and rate this simulator produces."""
        return self._settings

    def exposure(self) -> float | None:
        """The manual exposure in force, ``None`` while automatic."""
        return self._exposure

    def automatic_exposure(self) -> float:
        """The exposure the scripted looks were "taken" at."""
        return DEFAULT_EXPOSURE

    def set_exposure(self, value: float | None) -> bool:
        """Fix the exposure (100 µs units) from the next frame on, or go back to automatic."""
        if value is not None and value <= 0:
            return False
        self._exposure = value
        return True

    @property
    def length(self) -> int:
        """Frames in one pass of the script."""
        return self._length

    def start(self) -> None:
        """Start producing frames from the current position."""
        self._started = True
        self._pace_from(self._index)
        if not self._plugged:
            raise DeviceAbsent(ABSENT_DETAIL, ABSENT_FIX)

    def stop(self) -> None:
        """Stop; the position in the script is kept."""
        self._started = False

    def read(self) -> Frame | None:
        """The next frame of the script (``None`` after the end when not looping)."""
        if not self._started:
            raise DeviceError(
                "The document camera was read before it was started",
                "start the camera first (this is a bug in the kiosk)",
            )
        if not self._plugged:
            raise DeviceAbsent(ABSENT_DETAIL, ABSENT_FIX)
        if not self._loop and self._index >= self._length:
            return None
        index = self._index
        image, _ = self.render(index)
        self._index += 1
        timestamp = index / self._settings.fps
        if self._realtime:
            # Only the demo paces itself; tests never wait on the wall clock.
            time.sleep(max(0.0, self._t0 + timestamp - time.monotonic()))
        return Frame(image, timestamp, index)

    def status(self) -> DeviceStatus:
        """Ready while plugged in; absent, with the same words as the real one, when unplugged."""
        if not self._plugged:
            return DeviceStatus(DEVICE_NAME, DeviceState.ABSENT, ABSENT_DETAIL, ABSENT_FIX)
        return DeviceStatus(DEVICE_NAME, DeviceState.READY, "simulated document camera")

    def unplug(self) -> None:
        """Act out the USB cable being pulled."""
        log.info("simulated camera unplugged", extra=fields(device="simulator"))
        self._plugged = False

    def replug(self) -> None:
        """Act out the cable being pushed back; frames continue where they stopped."""
        self._plugged = True

    def play(self, script: Sequence[Scene]) -> None:
        """Film another script from its first frame (the desk changed: a card, new papers)."""
        if not script or any(scene.frames <= 0 for scene in script):
            raise DeviceError(
                "The simulated camera was given an empty scene",
                "give every scene at least one frame",
            )
        # One assignment of each, so a reader thread sees the old script or the new one.
        self._length = sum(scene.frames for scene in script)
        self._pace_from(0)
        self._index = 0
        self._script = tuple(script)

    def seek(self, index: int) -> None:
        """Continue from frame ``index``."""
        self._pace_from(index)
        self._index = index

    def _pace_from(self, index: int) -> None:
        # Frame ``index`` is due now: a camera restarted, or given a new script, goes
        # on at its frame rate from there (not from where its first start would be).
        self._t0 = time.monotonic() - index / self._settings.fps

    def truth(self, index: int) -> Truth:
        """What is really in frame ``index``: corners in page order, motion, look."""
        scene, step = self._locate(index)
        return truth_of(scene, step, self._settings.width, self._settings.height)

    def render(self, index: int) -> tuple[Image, Truth]:
        """Frame ``index`` and its ground truth, without moving the play position."""
        scene, step = self._locate(index)
        width, height = self._settings.width, self._settings.height
        exposure = self._exposure
        if exposure is not None:
            gain = scene.look.gain * exposure / DEFAULT_EXPOSURE
            scene = replace(scene, look=replace(scene.look, gain=gain))
        return render_frame(scene, step, width, height, seed=self._seed, index=index)

    def _locate(self, index: int) -> tuple[Scene, int]:
        found = locate(self._script, index % self._length if self._loop else index)
        if found is None:
            raise DeviceError(
                f"Frame {index} is past the end of the simulated script",
                "read fewer frames or let the simulator loop",
            )
        return found


class FolderCamera:
    """Plays the pictures in a folder in name order, looping, as if filmed."""

    def __init__(
        self, folder: Path, settings: CameraSettings | None = None, *, loop: bool = True
    ) -> None:
        self._paths = sorted(p for p in folder.iterdir() if p.suffix.lower() in IMAGE_SUFFIXES)
        self._settings = settings or CameraSettings(device=str(folder))
        self._loop = loop
        self._index = 0
        self._started = False

    @property
    def settings(self) -> CameraSettings:
        """Where the pictures come from."""
        return self._settings

    def start(self) -> None:
        """Start playing; raises ``DeviceAbsent`` if the folder holds no picture."""
        if not self._paths:
            raise DeviceAbsent(
                f"No pictures to play in {self._settings.device}",
                "put .png or .jpg files in the folder",
            )
        self._started = True

    def stop(self) -> None:
        """Stop playing; the position is kept."""
        self._started = False

    def read(self) -> Frame | None:
        """The next picture, or ``None`` after the last one when not looping."""
        if not self._started:
            raise DeviceError(
                "The document camera was read before it was started",
                "start the camera first (this is a bug in the kiosk)",
            )
        if self._index >= len(self._paths) and not self._loop:
            return None
        path = self._paths[self._index % len(self._paths)]
        image = cv2.imread(str(path), cv2.IMREAD_COLOR)
        if image is None:
            raise DeviceError(
                f"The picture {path.name} could not be read",
                "replace it with a valid PNG or JPEG file",
            )
        frame = Frame(u8(image), self._index / self._settings.fps, self._index)
        self._index += 1
        return frame

    def status(self) -> DeviceStatus:
        """Ready when there are pictures to play."""
        if not self._paths:
            return DeviceStatus(
                DEVICE_NAME,
                DeviceState.ABSENT,
                f"no pictures in {self._settings.device}",
                "add pictures",
            )
        return DeviceStatus(DEVICE_NAME, DeviceState.READY, f"playing {self._settings.device}")


def open_recording(source: Path) -> Camera:
    """A camera that plays ``source``: a folder of pictures, or a video file via OpenCV."""
    if source.is_dir():
        return FolderCamera(source)
    return OpenCvCamera(CameraSettings(device=str(source)))
