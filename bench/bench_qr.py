"""The card QR from the camera: decode rate on hard photos, time per frame, CPU while waiting.

Prints, on one core (``cv2.setNumThreads(1)``):
- the decode rate on a generated set of hard 720p card photos (front or back,
  QR 60–120 px wide, tilted up to 50°, defocused and smeared in proportion to
  the modules, uneven light, MJPG at quality 60): plain zxing-cpp and plain
  zbar (one call on the frame) against the kiosk's cascade over either decoder.
  Also on the photos that still show their modules ("legible"): an ideal reader
  that knows where each module lies gets at most 2 % of them wrong in the
  delivered photo (identity_card_photos.LEGIBLE_ERRORS says why 2 %), and, for
  comparison, by the first rule (modules ≥ 1.5 px, defocus + smear ≤ a module);
- median ms per 720p frame (CPU time of the decoding thread: the wall time on an
  idle core, and still the cost when other work shares the machine) with a QR (the
  set) and without one (a desk, a printed page), for the plain decoders, the whole
  cascade, the cascade cut at the live scan's per-frame budget, and the live scan
  on a card held still for ``HELD_DECODES`` decoded frames (each cut at the budget,
  each going on where the last stopped: about 1.3 s at the CPU cap);
- the share of one core the live scan spends decoding while it waits for a card
  that never comes: a 30 fps camera of frames without a QR, for ``--wait`` seconds.

    .venv/bin/python bench/bench_qr.py [--photos 80] [--wait 8]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "identity"))

import cv2
from identity_card_photos import LEGIBLE_ERRORS, CardPhoto, hard_photo_set

from drivers.camera import qr
from drivers.camera.port import CameraSettings, Frame, Image
from drivers.camera.scene import PagePose, Scene, SceneKind
from drivers.camera.simulator import SimulatedCamera
from drivers.status import DeviceState, DeviceStatus
from kiosk.card_qr_scan import CPU_SHARE, DECODE_BUDGET_S, CardQrScan

FPS = 30.0


def plain(name: str) -> Callable[[Image], str | None]:
    """One call of decoder ``name`` on the whole frame with its defaults, as an application
    would do (zbar in binary mode, else it garbles UTF-8)."""
    _, decode = qr._decoder(name)
    if name == "zxing":
        import zxingcpp

        qr_only = zxingcpp.BarcodeFormats(zxingcpp.BarcodeFormat.QRCode)

        def decode(image: qr.Gray) -> list[bytes]:
            return [bytes(r.bytes) for r in zxingcpp.read_barcodes(image, formats=qr_only)]

    def read(image: Image) -> str | None:
        for data in decode(qr._gray(image)):
            return data.decode("utf-8", "replace")
        return None

    return read


def cascade(name: str, budget_s: float | None = None) -> Callable[[Image], str | None]:
    """The kiosk's reader over decoder ``name``."""

    def read(image: Image) -> str | None:
        found = qr.read_qr(image, decoder=name, budget_s=budget_s)
        return None if found is None else found.text

    return read


HELD_DECODES = 4


def held(name: str) -> Callable[[Image], str | None]:
    """The live scan on a card held still: up to ``HELD_DECODES`` budgeted decodes of
    the frame, each going on with the cascade where the last one stopped. Its time is
    all of them together (the live scan spreads them over about a second)."""

    def read(image: Image) -> str | None:
        cursor = qr.QrCursor()
        for _ in range(HELD_DECODES):
            found = qr.read_qr(image, decoder=name, budget_s=DECODE_BUDGET_S, cursor=cursor)
            if found is not None:
                return found.text
            if cursor.next == 0:
                break
        return None

    return read


def rate(
    read: Callable[[Image], str | None], photos: list[CardPhoto]
) -> tuple[int, int, int, float]:
    """(decoded, decoded among the legible, among the legible by the first rule, median ms
    per photo); a wrong text is a failure."""
    decoded = legible = by_size = 0
    times = []
    for photo in photos:
        started = time.thread_time()
        text = read(photo.image)
        times.append((time.thread_time() - started) * 1000)
        if text == photo.text:
            decoded += 1
            legible += photo.legible
            by_size += photo.legible_by_size
    return decoded, legible, by_size, statistics.median(times)


def without_qr(count: int) -> list[Image]:
    """720p frames with no QR: an empty desk and printed pages, lying at various poses."""
    frames = []
    for i in range(count):
        pose = PagePose(roll=float(i * 7 % 20 - 10), pitch=float(i * 5 % 30 - 15))
        kind = SceneKind.EMPTY if i % 3 == 0 else SceneKind.STILL
        camera = SimulatedCamera(
            [Scene(kind, 1, pose, page=i, desk=i)], CameraSettings("bench", 1280, 720), seed=i
        )
        frames.append(camera.render(0)[0])
    return frames


def timed(read: Callable[[Image], object], frames: list[Image]) -> float:
    """Median CPU ms of ``read`` over ``frames``."""
    times = []
    for image in frames:
        started = time.thread_time()
        read(image)
        times.append((time.thread_time() - started) * 1000)
    return statistics.median(times)


class PacedFrames:
    """A camera that hands out ready-made frames at ``FPS``, waiting like a real one."""

    def __init__(self, images: list[Image]) -> None:
        self._images = images
        self._index = 0
        self._t0 = 0.0
        self.settings = CameraSettings("bench")

    def start(self) -> None:
        self._t0 = time.monotonic()

    def stop(self) -> None:
        pass

    def read(self) -> Frame | None:
        due = self._t0 + self._index / FPS
        time.sleep(max(0.0, due - time.monotonic()))
        frame = Frame(self._images[self._index % len(self._images)], due, self._index)
        self._index += 1
        return frame

    def status(self) -> DeviceStatus:
        return DeviceStatus("bench", DeviceState.READY, "ready-made frames")


def waiting_share(frames: list[Image], seconds: float) -> tuple[float, float, int, int]:
    """(decode CPU share, process CPU share, decodes, frames skipped) while no QR comes."""
    camera = PacedFrames(frames)
    found = threading.Event()
    scan = CardQrScan(camera, lambda _: found.set())
    wall, cpu = time.monotonic(), time.process_time()
    scan.start()
    time.sleep(seconds)
    scan.stop()
    wall, cpu = time.monotonic() - wall, time.process_time() - cpu
    assert not found.is_set(), "a QR was found where there is none"
    budget = scan.budget
    return budget.cpu_s / wall, cpu / wall, budget.decodes, budget.skipped


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--photos", type=int, default=80)
    parser.add_argument("--wait", type=float, default=8.0)
    args = parser.parse_args()
    cv2.setNumThreads(1)
    photos = hard_photo_set(args.photos)
    clear = sum(photo.legible for photo in photos)
    sized = sum(photo.legible_by_size for photo in photos)
    empty = without_qr(12)
    print(
        f"hard set: {len(photos)} photos 1280x720, {clear} legible (ideal reader misses"
        f" <= {100 * LEGIBLE_ERRORS:.0f}% of modules), {sized} by the first rule (>= 1.5 px,"
        f" blur <= module); one core; frames without a QR: {len(empty)}"
    )
    print(
        f"{'reader':<30}{'decoded':>9}{'legible':>9}{'1st rule':>10}"
        f"{'ms/frame QR':>13}{'ms no QR':>10}"
    )
    readers = []
    for name in qr.available_decoders():
        readers.append((f"plain {name}", plain(name)))
    for name in qr.available_decoders():
        readers.append((f"cascade {name}", cascade(name)))
        readers.append((f"cascade {name} live budget", cascade(name, DECODE_BUDGET_S)))
        readers.append((f"cascade {name} live, held {HELD_DECODES}", held(name)))
    missed: dict[str, list[str]] = {}
    for label, read in readers:
        decoded, legible, by_size, with_ms = rate(read, photos)
        no_ms = timed(read, empty)
        print(
            f"{label:<30}{decoded:>5}/{len(photos):<3}{legible:>5}/{clear:<3}{by_size:>6}/{sized:<3}"
            f"{with_ms:>13.1f}{no_ms:>10.1f}"
        )
        if label == f"cascade {qr.available_decoders()[0]}":
            missed[label] = [
                f"#{i} ({p.condition}, {p.module_px:.2f} px/module,"
                f" ideal reader misses {100 * p.module_errors:.1f}%)"
                for i, p in enumerate(photos)
                if (p.legible or p.legible_by_size) and read(p.image) != p.text
            ]
    for label, photos_missed in missed.items():
        print(
            f"{label}: legible by either rule but not decoded: {', '.join(photos_missed) or 'none'}"
        )
    decode_share, process_share, decodes, skipped = waiting_share(empty, args.wait)
    print(
        f"waiting {args.wait:.0f} s at {FPS:.0f} fps with no QR: decoding uses"
        f" {100 * decode_share:.1f}% of one core (cap {100 * CPU_SHARE:.0f}%),"
        f" the whole process {100 * process_share:.1f}%; {decodes} frames decoded,"
        f" {skipped} skipped"
    )


if __name__ == "__main__":
    main()
