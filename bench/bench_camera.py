"""Speed of the capture pipeline on one core: frames per second and time to a flat page.

Prints, for 1280×720 and 1920×1080 simulated frames of a still page:
- fps of detection + quality checks (what ``CaptureTracker.feed`` does on every frame),
  against the 30 fps goal and against a same-run baseline (just scaling the frame
  down to the detector's working size, the least any detector must do);
- the time from a steady page to its rectified 200 dpi page: the work on the frame that
  captures, and the citizen's wait at 30 fps (``steady_frames`` frames, then that work);
- what the capture screen's worker thread then does: file the page (JPEG within its
  byte budget, ``Paper.add``), and on Done write the PDF of a 2- and a 10-page paper.
Figures are medians over repeated runs.

    .venv/bin/python bench/bench_camera.py [--runs 7] [--frames 40]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import cv2
import numpy as np

from drivers.camera.detect import WORK_SIZE
from drivers.camera.paper import Paper
from drivers.camera.pipeline import CaptureTracker, assess_still
from drivers.camera.port import CameraSettings, Frame, Image
from drivers.camera.scene import Look, PagePose, Scene, SceneKind
from drivers.camera.simulator import SimulatedCamera

GOAL_FPS = 30.0
SIZES = ((1280, 720), (1920, 1080))


def still_frames(size: tuple[int, int], count: int) -> list[Image]:
    """A few different still pages (poses, looks, a hand) at ``size``."""
    rng = np.random.default_rng(0)
    frames = []
    for i in range(count):
        pose = PagePose(
            x=rng.uniform(0.45, 0.55),
            roll=rng.uniform(-10, 10),
            pitch=rng.uniform(-25, 25),
            yaw=rng.uniform(-20, 20),
        )
        look = Look(hand=int(rng.integers(0, 4)) if i % 3 == 0 else None)
        camera = SimulatedCamera(
            [Scene(SceneKind.STILL, 1, pose, look, page=i)], CameraSettings("bench", *size), seed=i
        )
        frames.append(camera.render(0)[0])
    return frames


def per_second(work: Callable[[Image], object], images: list[Image], frames: int) -> float:
    """Frames per second of ``work`` over ``frames`` frames cycling through ``images``."""
    start = time.perf_counter()
    for i in range(frames):
        work(images[i % len(images)])
    return frames / (time.perf_counter() - start)


def feed_all(images: list[Image], frames: int) -> float:
    tracker = CaptureTracker()
    count = iter(range(10**9))

    def feed(image: Image) -> object:
        # A fresh tracker state per image keeps it judging (not capturing) every frame.
        tracker.reset()
        return tracker.feed(Frame(image, 0.0, next(count)))

    return per_second(feed, images, frames)


def baseline(images: list[Image], frames: int) -> float:
    def shrink(image: Image) -> object:
        h, w = image.shape[:2]
        scale = WORK_SIZE / max(h, w)
        return cv2.resize(image, (round(w * scale), round(h * scale)), interpolation=cv2.INTER_AREA)

    return per_second(shrink, images, frames)


def capture_ms(image: Image) -> float:
    """Milliseconds of work on the frame that turns a steady page into its flat page."""
    tracker = CaptureTracker()
    for i in range(tracker.config.steady_frames):
        assert tracker.feed(Frame(image, i / GOAL_FPS, i)).captured is None
    start = time.perf_counter()
    assessment = tracker.feed(Frame(image, 1.0, 99))
    elapsed = (time.perf_counter() - start) * 1000
    assert assessment.captured is not None, assessment.verdict
    return elapsed


def filing_ms(page: Image, folder: Path) -> float:
    """Milliseconds to encode a rectified page into the paper's page file."""
    paper = Paper(folder)
    start = time.perf_counter()
    paper.add(page)
    elapsed = (time.perf_counter() - start) * 1000
    paper.delete(0)
    return elapsed


def pdf_ms(page: Image, folder: Path, pages: int) -> float:
    """Milliseconds to write the PDF of ``pages`` filed pages (Done)."""
    paper = Paper(folder)
    for _ in range(pages):
        paper.add(page)
    start = time.perf_counter()
    paper.write_pdf(folder / "paper.pdf")
    return (time.perf_counter() - start) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--frames", type=int, default=40)
    args = parser.parse_args()
    cv2.setNumThreads(1)
    steady = CaptureTracker().config.steady_frames
    print(f"capture pipeline, one core (cv2.setNumThreads(1)), medians of {args.runs} runs")
    for size in SIZES:
        images = still_frames(size, 6)
        fps = statistics.median(feed_all(images, args.frames) for _ in range(args.runs))
        floor = statistics.median(baseline(images, args.frames) for _ in range(args.runs))
        work = statistics.median(capture_ms(images[i % len(images)]) for i in range(args.runs))
        wait = steady / GOAL_FPS * 1000 + work
        name = f"{size[0]}x{size[1]}"
        print(
            f"{name:>9}: detect+checks {fps:6.1f} fps ({1000 / fps:5.1f} ms/frame)"
            f" = {fps / GOAL_FPS:4.2f}x the {GOAL_FPS:.0f} fps goal;"
            f" baseline resize-only {floor:6.1f} fps (pipeline costs {floor / fps:4.1f}x it)"
        )
        print(
            f"{'':>9}  steady page -> rectified {1654}x{2339}: {work:5.1f} ms on the capturing"
            f" frame; citizen waits {wait:5.0f} ms at 30 fps ({steady} steady frames + work)"
        )
    flat = assess_still(still_frames(SIZES[0], 1)[0]).captured
    assert flat is not None
    page = flat.image
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        filed = statistics.median(filing_ms(page, folder / f"f{run}") for run in range(args.runs))
        two, ten = (
            statistics.median(pdf_ms(page, folder / f"p{count}-{run}", count) for run in range(3))
            for count in (2, 10)
        )
        print(
            f"capture screen worker: file a {page.shape[1]}x{page.shape[0]} page as JPEG"
            f" {filed:5.1f} ms; Done: PDF of 2 pages {two:5.1f} ms, of 10 pages {ten:5.1f} ms"
        )


if __name__ == "__main__":
    main()
