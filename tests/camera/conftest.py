"""Fixtures for the camera tests: a labelled synthetic set, videos written on the spot, a clock.

The labelled set is drawn by the simulator from a fixed seed, so every run sees
the same pictures; each label's looks are chosen with a gap between the classes
(sharp: defocus ≤ 0.8 px, blurred: ≥ 2 px) so a label means one thing. White
paper clipped at 255 with crisp print is a good page (``white_clip``); too bright
means the print itself is washed out; glare is a lamp's reflection over the print.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np
import pytest

from drivers.camera.port import Image
from drivers.camera.scene import Glare, Look, PagePose, Scene, SceneKind, Truth
from drivers.camera.simulator import render_frame
from drivers.camera.verdict import Verdict

LABELS: dict[str, Verdict] = {
    "ok": Verdict.OK,
    "hand": Verdict.OK,
    "white_clip": Verdict.OK,
    "no_page": Verdict.NO_PAGE,
    "blurry": Verdict.BLURRY,
    "glare": Verdict.GLARE,
    "too_dark": Verdict.TOO_DARK,
    "too_bright": Verdict.TOO_BRIGHT,
}
PER_LABEL = 20
PER_LABEL_1080P = 4


@dataclass(frozen=True, eq=False)
class Sample:
    """One labelled picture."""

    label: str
    expected: Verdict
    image: Image
    truth: Truth


def _look(label: str, rng: np.random.Generator) -> Look:
    look: dict[str, object] = {
        "defocus": rng.uniform(0.0, 0.8),
        "gain": rng.uniform(0.7, 1.0),
        "light_slope": rng.uniform(0.0, 0.3),
        "light_angle": rng.uniform(0.0, 360.0),
    }
    if label == "blurry":
        look["defocus"] = rng.uniform(2.0, 4.0)
    elif label == "glare":
        look["glare"] = Glare(  # over the printed upper half of the form
            u=rng.uniform(0.25, 0.75),
            v=rng.uniform(0.15, 0.45),
            radius=rng.uniform(0.05, 0.1),
            strength=rng.uniform(170, 255),
        )
    elif label == "too_dark":
        look["gain"] = rng.uniform(0.2, 0.4)
    elif label == "too_bright":
        look["gain"] = rng.uniform(1.8, 2.2)  # the strokes wash out
    elif label == "white_clip":
        look["gain"] = rng.uniform(1.05, 1.3)  # paper from a third to all at 255
        look["light_slope"] = rng.uniform(0.1, 0.35)
    elif label == "hand":
        look["hand"] = int(rng.integers(0, 4))
        look["hand_size"] = rng.uniform(0.15, 0.25)
    return Look(**look)  # type: ignore[arg-type]


def _pose(rng: np.random.Generator) -> PagePose:
    """Anywhere near the middle, tilted up to 30° each way, turned up to 15°."""
    return PagePose(
        x=rng.uniform(0.42, 0.58),
        y=rng.uniform(0.46, 0.54),
        size=rng.uniform(0.6, 0.82),
        roll=rng.uniform(-15, 15),
        pitch=rng.uniform(-30, 30),
        yaw=rng.uniform(-30, 30),
    )


def make_sample(label: str, number: int, rng: np.random.Generator, size: tuple[int, int]) -> Sample:
    """Draw one picture of ``label``; poses that put a corner outside the frame are redrawn."""
    kind = SceneKind.EMPTY if label == "no_page" else SceneKind.STILL
    while True:
        scene = Scene(kind, 1, _pose(rng), _look(label, rng), page=number, desk=number % 5)
        image, truth = render_frame(scene, 0, *size, seed=3, index=number)
        if kind is SceneKind.EMPTY or truth.inside:
            return Sample(label, LABELS[label], image, truth)


@pytest.fixture(scope="session")
def labelled_set() -> list[Sample]:
    """20 pictures per label at 1280×720 and 4 per label at 1920×1080."""
    rng = np.random.default_rng(42)
    samples = []
    for size, count in (((1280, 720), PER_LABEL), ((1920, 1080), PER_LABEL_1080P)):
        for _ in range(count):
            for label in LABELS:
                samples.append(make_sample(label, len(samples), rng, size))
    return samples


@pytest.fixture
def write_video(tmp_path: Path) -> Callable[[list[Image]], Path]:
    """Write frames to an MJPG ``.avi`` (encodes with no display and no camera)."""

    def write(frames: list[Image]) -> Path:
        path = tmp_path / "desk.avi"
        height, width = frames[0].shape[:2]
        writer = cv2.VideoWriter(str(path), cv2.VideoWriter.fourcc(*"MJPG"), 15.0, (width, height))
        assert writer.isOpened()
        for frame in frames:
            writer.write(frame)
        writer.release()
        return path

    return write


class FakeClock:
    """A monotonic clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()
