"""Speed of the capture pipeline on one core: frames per second and time to a flat page.

Prints, for 1280×720 and 1920×1080 simulated frames of a still page:
- fps of detection + quality checks (what ``CaptureTracker.feed`` does on every frame),
  against the 30 fps goal and against a same-run baseline (just scaling the frame
  down to the detector's working size, the least any detector must do);
- the time from a steady page to its rectified 200 dpi page: the work on the frame that
  captures, and the citizen's wait at 30 fps (``steady_frames`` frames, then that work);
- what the capture screen's worker thread then does: file the page (JPEG within its
  byte budget, ``Paper.add``), and on Done write the PDF of a 2- and a 10-page paper;
- false rejects and false accepts on a set of pages made here (``--per-class`` of
  each at 720p): good pages and crisp pages whose paper clips at white (must pass),
  lamp reflections over the print on normal and on clipped paper (must be refused
  as glare), washed-out and dim pages (the camera's exposure must fix them).
  Judged once per picture by the rule before issue 14 (saturated share and any
  saturated blob) and by today's, then filmed with the exposure loop on.
Figures are medians over repeated runs.

    .venv/bin/python bench/bench_camera.py [--runs 7] [--frames 40] [--per-class 10]
"""

from __future__ import annotations

import argparse
import math
import statistics
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import cv2
import numpy as np

from drivers.camera.detect import WORK_SIZE, find_page
from drivers.camera.exposure import ExposureLoop
from drivers.camera.paper import Paper
from drivers.camera.pipeline import CaptureTracker, analyse, assess_still
from drivers.camera.port import CameraSettings, Frame, Image
from drivers.camera.quality import ANALYSIS_SIZE, Quality, judge
from drivers.camera.rectify import rectify
from drivers.camera.scene import Glare, Look, PagePose, Scene, SceneKind
from drivers.camera.simulator import SimulatedCamera
from drivers.camera.verdict import Verdict

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


# The exposure set: what each class looks like, and whether a citizen's page of it is good.
GOOD = ("ok", "white_clip")
FIXABLE = ("washed_out", "dim")  # the camera's exposure must fix these
GLARE = ("glare", "glare_clip")
BLANK_GLARE = ("glare_blank",)  # clips only blank paper: passing it is no fault


def exposure_look(kind: str, rng: np.random.Generator) -> Look:
    """One look of class ``kind`` (seeded)."""
    slope, angle = float(rng.uniform(0.0, 0.3)), float(rng.uniform(0, 360))
    blank = kind in BLANK_GLARE  # then anywhere: the form's lower half is mostly blank
    reflection = Glare(  # over the printed upper half of the form
        u=float(rng.uniform(0.15, 0.85) if blank else rng.uniform(0.25, 0.75)),
        v=float(rng.uniform(0.1, 0.9) if blank else rng.uniform(0.15, 0.45)),
        radius=float(rng.uniform(0.05, 0.1)),
        strength=float(rng.uniform(170, 255)),
    )
    gain = {
        "ok": rng.uniform(0.7, 1.0),
        "white_clip": rng.uniform(1.05, 1.3),  # a third to all of the paper at 255
        "glare": rng.uniform(0.7, 1.0),
        "glare_clip": rng.uniform(1.1, 1.3),
        "glare_blank": rng.uniform(0.7, 1.0),
        "washed_out": rng.uniform(1.8, 2.2),
        "dim": rng.uniform(0.3, 0.45),
    }[kind]
    if kind == "white_clip":
        slope = float(rng.uniform(0.1, 0.35))
    glare = reflection if kind in (*GLARE, *BLANK_GLARE) else None
    return Look(gain=float(gain), light_slope=slope, light_angle=angle, glare=glare)


# A reflection hides a stroke where it adds enough light for the ink to come within
# _DEEP_DEPTH (35) of white: ink lies at about 30, so where the spot adds >= 190. It
# clips the paper (about 200 here) where it adds >= 55: print there is faded, not gone.
_WIPES_INK = 190.0
_CLIPS_PAPER = 55.0
HIDES_PRINT = 100
"""A glare page's reflection must wipe out at least this many deep-print pixels of the
page at 50 dpi (a few words); a reflection over fewer is not "glare over text"."""


def print_under(scene: Scene, adds: float) -> int:
    """Deep-print pixels (50 dpi page) where the reflection adds at least ``adds`` levels,
    counted on the same page filmed without it: the truth the judge cannot see."""
    glare = scene.look.glare
    if glare is None or glare.strength <= adds:
        return 0
    plain = replace(scene, look=replace(scene.look, glare=None, gain=0.85))
    image = SimulatedCamera([plain], CameraSettings("bench", 1280, 720)).render(0)[0]
    page = rectify(image, scene.pose.corners(1280, 720), ANALYSIS_SIZE, fast=True)
    gray = cv2.cvtColor(page, cv2.COLOR_BGR2GRAY)
    stroke = cv2.getStructuringElement(cv2.MORPH_RECT, (7, 7))
    deep = cv2.subtract(cv2.morphologyEx(gray, cv2.MORPH_CLOSE, stroke), gray) > 35
    h, w = gray.shape
    reach = glare.radius * w * math.sqrt(2 * math.log(glare.strength / adds))
    ys, xs = np.mgrid[0:h, 0:w]
    under = (xs - glare.u * w) ** 2 + (ys - glare.v * h) ** 2 <= reach**2
    return int(deep[under].sum())


def exposure_set(per_class: int) -> list[tuple[str, Scene]]:
    """``per_class`` still scenes of each class, each page in full view. A glare class's
    reflection is drawn again until it wipes out print (``HIDES_PRINT``); a
    ``BLANK_GLARE`` one until all the paper it clips is blank (it fades no print)."""
    rng = np.random.default_rng(14)
    scenes = []
    for number in range(per_class):
        for kind in (*GOOD, *GLARE, *FIXABLE, *BLANK_GLARE):
            while True:
                pose = PagePose(
                    x=float(rng.uniform(0.45, 0.55)),
                    roll=float(rng.uniform(-12, 12)),
                    pitch=float(rng.uniform(-25, 25)),
                    yaw=float(rng.uniform(-25, 25)),
                )
                corners = pose.corners(1280, 720)
                if corners.min() > 2 and np.all(corners < [1278, 718]):
                    break
            while True:
                look = exposure_look(kind, rng)
                scene = Scene(SceneKind.STILL, 40, pose, look, page=number)
                if kind in GLARE and print_under(scene, _WIPES_INK) < HIDES_PRINT:
                    continue
                if kind in BLANK_GLARE and print_under(scene, _CLIPS_PAPER) > 0:
                    continue
                break
            scenes.append((kind, scene))
    return scenes


def judge_before(quality: Quality, page: Image) -> Verdict:
    """The rule before issue 14: > 40 % of the page at 255 was too bright, any saturated
    blob over 0.1 % of the page glare (over 0.5 % in all)."""
    if quality.exposure < 100:
        return Verdict.TOO_DARK
    if quality.saturated > 0.4:
        return Verdict.TOO_BRIGHT
    h, w = page.shape[:2]
    dy, dx = round(h * 0.03), round(w * 0.03)
    gray = cv2.cvtColor(page[dy : h - dy, dx : w - dx], cv2.COLOR_BGR2GRAY)
    mask = (gray >= 250).astype(np.uint8)
    count, _, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
    areas = stats[1:, cv2.CC_STAT_AREA] / mask.size if count > 1 else np.zeros(0)
    if float(areas[areas >= 0.001].sum()) > 0.005:
        return Verdict.GLARE
    return Verdict.BLURRY if quality.sharpness < 30 else Verdict.OK


def one_shot(scenes: list[tuple[str, Scene]]) -> dict[str, tuple[int, int, str]]:
    """Per rule: false rejects among good pages, false accepts among the others, and
    which classes the false accepts came from."""
    counts: dict[str, list[int]] = {"before": [0, 0], "after": [0, 0]}
    accepted: dict[str, Counter[str]] = {"before": Counter(), "after": Counter()}
    for kind, scene in scenes:
        if kind in BLANK_GLARE:
            continue  # neither verdict is a fault
        camera = SimulatedCamera([scene], CameraSettings("bench", 1280, 720))
        image = camera.render(0)[0]
        quad = find_page(image)
        if quad is None:
            verdicts = {"before": Verdict.NO_PAGE, "after": Verdict.NO_PAGE}
        else:
            quality = analyse(image, quad.corners)
            page = rectify(image, quad.corners, ANALYSIS_SIZE, fast=True)
            verdicts = {"before": judge_before(quality, page), "after": judge(quality)}
        for rule, verdict in verdicts.items():
            if kind in GOOD and verdict is not Verdict.OK:
                counts[rule][0] += 1
            elif kind not in GOOD and verdict is Verdict.OK:
                counts[rule][1] += 1
                accepted[rule][kind] += 1
    return {
        rule: (fr, fa, ", ".join(f"{k} {n}" for k, n in accepted[rule].most_common()))
        for rule, (fr, fa) in counts.items()
    }


def filmed(scene: Scene) -> tuple[bool, Verdict, int]:
    """(captured, last verdict, frames it took) with the exposure loop on."""
    camera = SimulatedCamera([scene], CameraSettings("bench", 1280, 720), loop=False)
    camera.start()
    tracker, loop = CaptureTracker(), ExposureLoop(camera)
    verdict, frames = Verdict.NO_PAGE, 0
    while (frame := camera.read()) is not None:
        assessment = tracker.feed(frame)
        loop.feed(assessment)
        verdict, frames = assessment.verdict, frames + 1
        if assessment.captured is not None:
            return True, verdict, frames
    return False, verdict, frames


def exposure_report(per_class: int) -> None:
    """Print the false-reject and false-accept rates on the exposure set."""
    scenes = exposure_set(per_class)
    good = sum(kind in GOOD for kind, _ in scenes)
    bad = sum(kind in (*GLARE, *FIXABLE) for kind, _ in scenes)
    print(
        f"exposure set: {per_class} pages of each of"
        f" {', '.join((*GOOD, *GLARE, *FIXABLE, *BLANK_GLARE))} at 1280x720 (glare wipes out"
        f" >= {HIDES_PRINT} px of deep print at 50 dpi; glare_blank clips only blank paper:"
        f" either verdict fair)"
    )
    for rule, (fr, fa, which) in one_shot(scenes).items():
        print(
            f"  one picture, rule {rule:>6}: false reject {fr}/{good} good"
            f" ({100 * fr / good:3.0f}%), false accept {fa}/{bad} glare/washed/dim"
            f" ({100 * fa / bad:3.0f}%){': ' + which if which else ''}"
        )
    turned_away = taken = glare_said = blank_taken = 0
    waits = []
    for kind, scene in scenes:
        was_taken, verdict, frames = filmed(scene)
        if kind in BLANK_GLARE:
            blank_taken += was_taken
        elif kind in GLARE:
            taken += was_taken
            glare_said += verdict is Verdict.GLARE
        else:
            turned_away += not was_taken
            if was_taken:
                waits.append(frames)
    fixable = sum(kind in (*GOOD, *FIXABLE) for kind, _ in scenes)
    shiny = sum(kind in GLARE for kind, _ in scenes)
    blank = sum(kind in BLANK_GLARE for kind, _ in scenes)
    print(
        f"  filmed 40 frames, exposure loop on: good or fixable pages not captured"
        f" {turned_away}/{fixable} ({100 * turned_away / fixable:.0f}%), median"
        f" {statistics.median(waits) if waits else 0:.0f} frames to capture;"
        f" glare pages captured {taken}/{shiny} ({100 * taken / shiny:.0f}%),"
        f" told to tilt {glare_said}/{shiny}; reflections over blank paper captured"
        f" {blank_taken}/{blank}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--frames", type=int, default=40)
    parser.add_argument("--per-class", type=int, default=10)
    parser.add_argument("--only-exposure", action="store_true", help="just the exposure set")
    args = parser.parse_args()
    cv2.setNumThreads(1)
    if args.only_exposure:
        exposure_report(args.per_class)
        return
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
    exposure_report(args.per_class)


if __name__ == "__main__":
    main()
