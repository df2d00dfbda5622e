"""What the simulated camera sees: page poses, photographic looks, and scripted scenes.

Everything here is a pure function of the frame index, so a test that plays the
same script gets the same frames and the same ground truth every time.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from enum import StrEnum

import numpy as np
import numpy.typing as npt

from drivers.camera.port import Image

Points = npt.NDArray[np.float64]
"""Corner coordinates, shape (4, 2), in full-resolution pixels."""

A4_ASPECT = 297.0 / 210.0
# Camera distance in page heights: an overhead document camera about 40 cm above an
# A4 sheet, so a 30° tilt shows a clearly keystoned page.
_CAMERA_DISTANCE = 1.6


@dataclass(frozen=True)
class PagePose:
    """Where the page lies.

    ``x``, ``y``: centre as fractions of the frame; ``size``: page height as a fraction
    of the frame height when flat; ``roll`` (in-plane), ``pitch`` and ``yaw`` (tilt out
    of the desk plane, which makes the perspective) in degrees.
    """

    x: float = 0.5
    y: float = 0.5
    size: float = 0.78
    roll: float = 0.0
    pitch: float = 0.0
    yaw: float = 0.0
    aspect: float = A4_ASPECT
    """Height over width of what lies there: an A4 sheet, or an ID card (about 0.63)."""

    def corners(self, width: int, height: int) -> Points:
        """The page's own TL, TR, BR, BL corners projected into a ``width`` × ``height`` frame."""
        half_h = 0.5
        half_w = half_h / self.aspect
        page = np.array(
            [
                [-half_w, -half_h, 0.0],
                [half_w, -half_h, 0.0],
                [half_w, half_h, 0.0],
                [-half_w, half_h, 0.0],
            ]
        )
        world = page @ _rotation(self.roll, self.pitch, self.yaw).T
        depth = _CAMERA_DISTANCE + world[:, 2]
        focal = self.size * height * _CAMERA_DISTANCE
        image = np.empty((4, 2))
        image[:, 0] = self.x * width + focal * world[:, 0] / depth
        image[:, 1] = self.y * height + focal * world[:, 1] / depth
        return image


def _rotation(roll: float, pitch: float, yaw: float) -> npt.NDArray[np.float64]:
    r, p, y = (math.radians(a) for a in (roll, pitch, yaw))
    rz = np.array([[math.cos(r), -math.sin(r), 0], [math.sin(r), math.cos(r), 0], [0, 0, 1]])
    rx = np.array([[1, 0, 0], [0, math.cos(p), -math.sin(p)], [0, math.sin(p), math.cos(p)]])
    ry = np.array([[math.cos(y), 0, math.sin(y)], [0, 1, 0], [-math.sin(y), 0, math.cos(y)]])
    result: npt.NDArray[np.float64] = ry @ rx @ rz
    return result


def blend(a: PagePose, b: PagePose, t: float) -> PagePose:
    """The pose a fraction ``t`` of the way from ``a`` to ``b``."""

    def mix(u: float, v: float) -> float:
        return u + (v - u) * t

    return PagePose(
        mix(a.x, b.x),
        mix(a.y, b.y),
        mix(a.size, b.size),
        mix(a.roll, b.roll),
        mix(a.pitch, b.pitch),
        mix(a.yaw, b.yaw),
    )


@dataclass(frozen=True)
class Glare:
    """A specular reflection of a lamp: centre ``u``, ``v`` on the page (0..1), radius as
    a fraction of the page width, and how much light it adds (255 saturates paper)."""

    u: float = 0.6
    v: float = 0.35
    radius: float = 0.07
    strength: float = 230.0


@dataclass(frozen=True)
class Look:
    """How the picture is spoiled: focus, exposure, lighting, glare, a hand, noise."""

    defocus: float = 0.0
    """Gaussian blur sigma in full-resolution pixels (0 = in focus)."""
    gain: float = 1.0
    """Overall exposure: about 0.35 is too dark, 1.5 burns the paper white."""
    light_slope: float = 0.15
    """Uneven lighting: relative brightness change from one side of the frame to the other."""
    light_angle: float = 30.0
    vignette: float = 0.12
    glare: Glare | None = None
    hand: int | None = None
    """Page corner (0 TL, 1 TR, 2 BR, 3 BL in page order) covered by a hand, or none."""
    hand_size: float = 0.2
    """Hand (palm and fingers) length as a fraction of the page height."""
    noise: float = 2.0
    motion_blur: bool = True
    jpeg_quality: int | None = 90
    """Round-trip every frame through JPEG like an MJPG camera (``None`` = off)."""


class SceneKind(StrEnum):
    """What happens during a scene."""

    EMPTY = "empty"
    ENTER = "enter"
    STILL = "still"
    LEAVE = "leave"


@dataclass(frozen=True)
class Scene:
    """A stretch of ``frames`` frames: the desk alone, or one page entering, lying or leaving."""

    kind: SceneKind
    frames: int
    pose: PagePose = field(default_factory=PagePose)
    look: Look = field(default_factory=Look)
    page: int = 0
    """Which printed page (a seed for its content)."""
    desk: int = 0
    """Which desk texture (a seed)."""
    picture: Image | None = field(default=None, compare=False, repr=False)
    """What lies there instead of a generated page (BGR), e.g. the back of an ID card."""


@dataclass(frozen=True)
class Truth:
    """Ground truth of one frame: page corners in page order (TL, TR, BR, BL) if any."""

    kind: SceneKind
    corners: Points | None
    inside: bool
    """All four corners are inside the frame."""
    moving: bool
    look: Look
    page: int
    desk: int


def place_page(
    pose: PagePose,
    look: Look = Look(),
    *,
    enter: int = 12,
    still: int = 30,
    page: int = 0,
) -> list[Scene]:
    """The usual script of one paper: it slides in, then lies still."""
    return [
        Scene(SceneKind.ENTER, enter, pose, look, page),
        Scene(SceneKind.STILL, still, pose, look, page),
    ]


def offscreen(pose: PagePose) -> PagePose:
    """Where a page comes from and goes to: off the right edge, turned a little."""
    return replace(pose, x=pose.x + 1.1, roll=pose.roll + 12.0)


def pose_at(scene: Scene, step: int) -> PagePose | None:
    """The page pose at frame ``step`` of ``scene`` (``None`` for the empty desk)."""
    if scene.kind is SceneKind.EMPTY:
        return None
    if scene.kind is SceneKind.STILL:
        return scene.pose
    t = (step + 1) / scene.frames
    if scene.kind is SceneKind.ENTER:
        # Ease out: fast at first, settling gently like a hand placing a sheet.
        return blend(offscreen(scene.pose), scene.pose, 1.0 - (1.0 - t) ** 3)
    return blend(scene.pose, offscreen(scene.pose), t**3)


def locate(script: Sequence[Scene], index: int) -> tuple[Scene, int] | None:
    """The scene that frame ``index`` falls in and the step inside it, or ``None`` past the end."""
    for scene in script:
        if index < scene.frames:
            return scene, index
        index -= scene.frames
    return None


def truth_of(scene: Scene, step: int, width: int, height: int) -> Truth:
    """Ground truth at ``step`` of ``scene`` in a ``width`` × ``height`` frame."""
    pose = pose_at(scene, step)
    if pose is None:
        return Truth(scene.kind, None, False, False, scene.look, scene.page, scene.desk)
    corners = pose.corners(width, height)
    inside = bool(
        np.all(corners[:, 0] >= 0)
        and np.all(corners[:, 0] <= width - 1)
        and np.all(corners[:, 1] >= 0)
        and np.all(corners[:, 1] <= height - 1)
    )
    moving = scene.kind is not SceneKind.STILL
    return Truth(scene.kind, corners, inside, moving, scene.look, scene.page, scene.desk)


def demo_script() -> list[Scene]:
    """The demo's desk, on a loop: a clean page, a tilted page held by a hand, then glare."""
    straight = PagePose(roll=4, pitch=-8, yaw=5)
    tilted = PagePose(x=0.47, roll=-9, pitch=22, yaw=-15)
    held = Look(hand=1, light_slope=0.25)
    shiny = Look(glare=Glare(u=0.55, v=0.3))
    return [
        Scene(SceneKind.EMPTY, 20),
        *place_page(straight, enter=15, still=45, page=0),
        Scene(SceneKind.LEAVE, 10, straight),
        Scene(SceneKind.EMPTY, 15),
        Scene(SceneKind.ENTER, 15, tilted, held, page=1),
        Scene(SceneKind.STILL, 45, tilted, held, page=1),
        Scene(SceneKind.LEAVE, 10, tilted, held, page=1),
        Scene(SceneKind.EMPTY, 15),
        Scene(SceneKind.ENTER, 15, straight, shiny, page=2),
        Scene(SceneKind.STILL, 45, straight, shiny, page=2),
        Scene(SceneKind.LEAVE, 10, straight, shiny, page=2),
    ]
