"""The citizen journey's figures: cold start, GUI-thread stalls, taps and device time.

- **Cold start**: from launching a kiosk process (simulated lobby, embedded
  center) to the attract screen painted, median of ``--starts`` runs, with the
  time Python takes to start and import PySide6 alone as the baseline. The
  kiosk runs from a copy of its packages with their bytecode compiled, as an
  installed kiosk has it (pip compiles at install; the service then runs with
  ``PYTHONDONTWRITEBYTECODE=1``, as this checkout does, which would otherwise
  compile some 270 modules at every start), and imports in the order of
  ``kiosk run``: the Qt-free ``kiosk.app`` before PySide6.
- **Stalls**: a 2 ms heartbeat timer on the GUI thread while a scripted citizen
  walks the criminal-record certificate (two papers) and the signature
  certification; the longest gaps between beats are the longest times the GUI
  thread could not paint or react (goal ≤ 50 ms). Each long one says which
  screen, the kiosk's code most sampled in it, the GUI thread's own CPU time
  and its time waiting for a core (the rest: waiting for the interpreter lock
  or the operating system). The kiosk's first second on its attract screen,
  when the start-up warm-up runs before any citizen can be there, is shown
  apart. The simulated camera gives 30 frames a second, as a real one does
  (unpaced, it would render frames as fast as the capture loop takes them,
  keeping a core busy that a real camera leaves free).
- **Taps and device time** for the criminal-record certificate with two papers:
  taps on controls, taps on keyboard keys, and the seconds spent waiting for the
  chip read, each paper's capture and the receipt (goal ≤ 40 taps).

    .venv/bin/python bench/bench_journey.py [--starts 5]
"""

from __future__ import annotations

import argparse
import collections
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from types import FrameType

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QElapsedTimer, QTimer

from kiosk.app import open_kiosk
from kiosk.config import Config, Paths
from ui.app import DeviceWatch, application, build_citizen_window
from ui.capture import CaptureView
from ui.journey.identity_step import IdentityStep
from ui.main_window import KioskWindow
from ui.scripted import (
    CRIMINAL_RECORD,
    DEMO_VISITS,
    ScriptedCitizen,
    Visit,
    VisitRecord,
    settle,
)

ROOT = Path(__file__).resolve().parents[1]
STALL_REPORTED_MS = 30
PYTHON = sys.executable
START_CHILD = """
import os, sys, time
os.environ["QT_QPA_PLATFORM"] = "offscreen"
sys.path.insert(0, {root!r})
from pathlib import Path
import kiosk.app  # before PySide6, as `kiosk run` does (kiosk/commands/app_cli.py)
from PySide6.QtCore import QTimer
from kiosk.app import open_kiosk
from kiosk.config import Config, Paths
from ui.app import application, build_citizen_window
app = application()
config = Config(paths=Paths(state_dir=Path({state!r})))
with open_kiosk(config) as (devices, delivery):
    window, _ = build_citizen_window(config, devices, delivery)
    window.show()
    def shown():
        window.attract.grab()  # painted once
        print(time.time(), flush=True)
        app.quit()
    QTimer.singleShot(0, shown)
    app.exec()
"""
BASELINE_CHILD = """
import os, sys, time
os.environ["QT_QPA_PLATFORM"] = "offscreen"
from PySide6.QtWidgets import QApplication, QLabel
app = QApplication(sys.argv[:1])
label = QLabel("x"); label.show(); label.grab()
print(time.time(), flush=True)
"""


PACKAGES = ("kiosk", "drivers", "ui", "center", "offline_queue")


def launch_seconds(code: str, cwd: Path = ROOT) -> float:
    """From spawning a Python process running ``code`` to the moment it prints."""
    started = time.time()
    out = subprocess.run(
        [PYTHON, "-c", code], capture_output=True, text=True, check=True, cwd=cwd
    ).stdout
    return float(out.strip().splitlines()[-1]) - started


@contextmanager
def installed_copy() -> Iterator[Path]:
    """The kiosk's packages as installed: a copy with its bytecode compiled once.

    A copy, so that the shared checkout gets no ``__pycache__``; the children still
    run with this environment's ``PYTHONDONTWRITEBYTECODE``, as the service does.
    """
    with tempfile.TemporaryDirectory(prefix="bench-installed-") as folder:
        root = Path(folder)
        for package in PACKAGES:
            skip = shutil.ignore_patterns("__pycache__")
            shutil.copytree(ROOT / package, root / package, ignore=skip)
        env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        compile_all = [PYTHON, "-m", "compileall", "-q", *PACKAGES]
        subprocess.run(compile_all, cwd=root, env=env, check=True, stdout=subprocess.DEVNULL)
        yield root


class StackSampler:
    """Samples the GUI thread's Python stack every few ms, to say what a stall was doing."""

    def __init__(self, thread_id: int, every_s: float = 0.004) -> None:
        self.thread_id = thread_id
        self.every_s = every_s
        self.samples: list[tuple[float, str]] = []
        # The GUI thread's own CPU clock: a stall it spent computing (Qt laying out,
        # painting) from one it spent waiting (for the interpreter lock, a lock, I/O).
        self.cpu_clock = time.pthread_getcpuclockid(thread_id)
        self.cpu: list[tuple[float, float]] = []
        # Time it was ready to run but had no core (another process, or our own
        # threads, held both): the machine's share of a stall, not the kiosk's.
        self.schedstat = Path(f"/proc/self/task/{threading.get_native_id()}/schedstat")
        self.queued: list[tuple[float, float]] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="stack-sampler", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        while not self._stop.wait(self.every_s):
            frame = sys._current_frames().get(self.thread_id)
            now = time.monotonic()
            self.samples.append((now, _our_frame(frame)))
            self.cpu.append((now, time.clock_gettime(self.cpu_clock)))
            self.queued.append((now, int(self.schedstat.read_text().split()[1]) / 1e9))

    def during(self, start: float, end: float) -> str:
        """The most sampled frames of the kiosk's own code between ``start`` and ``end``."""
        seen = collections.Counter(where for at, where in self.samples if start <= at <= end)
        return ", ".join(where for where, _ in seen.most_common(3)) if seen else "?"

    def cpu_during(self, start: float, end: float) -> float:
        """Seconds of CPU the GUI thread used between ``start`` and ``end`` (sampled)."""
        return _spent(self.cpu, start, end)

    def queued_during(self, start: float, end: float) -> float:
        """Seconds the GUI thread waited for a free core between ``start`` and ``end``."""
        return _spent(self.queued, start, end)


def _spent(clock: list[tuple[float, float]], start: float, end: float) -> float:
    inside = [value for at, value in clock if start <= at <= end]
    return inside[-1] - inside[0] if len(inside) > 1 else 0.0


def _our_frame(frame: FrameType | None) -> str:
    """The innermost frame in the kiosk's packages (else the innermost of all)."""
    innermost = ""
    while frame is not None:
        name = frame.f_code.co_filename
        where = f"{Path(name).name}:{frame.f_code.co_name}"
        innermost = innermost or where
        ours = any(f"/{package}/" in name for package in ("ui", "kiosk", "drivers"))
        if ours and "scripted.py" not in name:
            return where
        frame = frame.f_back
    return innermost


class Heartbeat:
    """Beats every 2 ms on the GUI thread; remembers the longest gaps and where they were.

    A beat only notes the gap: what the GUI thread was in during a long one is
    worked out from the sampler after the walk (:meth:`longest`), since doing it
    in the beat would hold the GUI thread and lengthen the next gap.
    """

    def __init__(self, where: Callable[[], str], sampler: StackSampler | None = None) -> None:
        self.where = where
        self.sampler = sampler
        self.gaps: list[tuple[float, str]] = []
        self._long: dict[int, tuple[float, float]] = {}  # gap index -> (began, ended)
        self.clock = QElapsedTimer()
        self.timer = QTimer()
        self.timer.setInterval(2)
        self.timer.timeout.connect(self._beat)
        self.last = 0
        self.last_where = ""

    def start(self) -> None:
        self.clock.start()
        self.last = 0
        self.last_where = self.where()
        self.timer.start()

    def stop(self) -> None:
        self.timer.stop()

    def _beat(self) -> None:
        now, where = self.clock.elapsed(), self.where()
        moved = where if where == self.last_where else f"{self.last_where} -> {where}"
        gap = float(now - self.last)
        if gap > STALL_REPORTED_MS:
            ended = time.monotonic()
            self._long[len(self.gaps)] = (ended - gap / 1000, ended)
        self.gaps.append((gap, moved))
        self.last, self.last_where = now, where

    def longest(self, count: int = 5) -> list[tuple[float, str]]:
        """The ``count`` longest gaps, each with what the sampler saw during it."""
        ranked = sorted(range(len(self.gaps)), key=lambda i: self.gaps[i][0], reverse=True)
        return [(self.gaps[i][0], self._described(i)) for i in ranked[:count]]

    def _described(self, index: int) -> str:
        moved = self.gaps[index][1]
        window = self._long.get(index)
        if window is None or self.sampler is None:
            return moved
        began, ended = window
        busy = self.sampler.cpu_during(began, ended) * 1000
        queued = self.sampler.queued_during(began, ended) * 1000
        return (
            f"{moved} [{self.sampler.during(began, ended)}; GUI thread on CPU {busy:.0f} ms,"
            f" waiting for a core {queued:.0f} ms]"
        )


class TimedCitizen(ScriptedCitizen):
    """The scripted citizen, with a stopwatch on the steps where it waits for a device."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.device_s: dict[str, list[float]] = {}
        """Seconds waited on each device, once per criminal-record visit."""
        self._visit: Visit | None = None

    def play(self, visit: Visit) -> VisitRecord:
        self._visit = visit
        return super().play(visit)

    @contextmanager
    def _timed(self, name: str) -> Iterator[None]:
        started = time.monotonic()
        yield
        if self._visit is CRIMINAL_RECORD:
            self.device_s.setdefault(name, []).append(time.monotonic() - started)

    def _identity(self, view: IdentityStep, visit: Visit) -> None:
        with self._timed("QR + chip read"):
            super()._identity(view, visit)

    def _paper(self, view: CaptureView) -> None:
        with self._timed(f"capture {view.paper.id}"):
            super()._paper(view)

    def _receipt(self) -> tuple[Path | None, object]:  # type: ignore[override]
        with self._timed("printing the receipt"):
            return super()._receipt()


def screen_name(window: KioskWindow) -> str:
    current = window.current
    view = getattr(current, "view", None)
    return type(view or current or window.attract).__name__


# The kiosk's first second on its attract screen: the start-up warm-up runs then
# (Qt types, the spare keyboard), before any citizen can be there.
SETTLE_MS = 1000


def walk(
    runs: int,
) -> tuple[list[VisitRecord], Heartbeat, Heartbeat, dict[str, list[float]]]:
    """The visits walked ``runs`` times; the heartbeats of the start and of the walks."""
    application()
    state = Path(tempfile.mkdtemp(prefix="bench-journey-"))
    config = Config(paths=Paths(state_dir=state))
    with open_kiosk(config, realtime_camera=True) as (devices, delivery):
        window, desk = build_citizen_window(config, devices, delivery)
        watch = DeviceWatch(window, desk.parts)
        window.show()
        assert devices.world is not None
        citizen = TimedCitizen(window, devices.world, None, both_languages=False)
        sampler = StackSampler(threading.get_ident())
        sampler.start()
        start = Heartbeat(lambda: screen_name(window), sampler)
        start.start()
        settle(SETTLE_MS)
        start.stop()
        beat = Heartbeat(lambda: screen_name(window), sampler)
        beat.start()
        records = [citizen.play(visit) for _ in range(runs) for visit in DEMO_VISITS]
        beat.stop()
        sampler.stop()
        watch.close()
        window.close()
    return records, start, beat, citizen.device_s


def cold_start(count: int) -> None:
    with tempfile.TemporaryDirectory() as state, installed_copy() as installed:
        child = START_CHILD.format(root=str(installed), state=state)
        # The first start enrolls the kiosk with the embedded center; the rest are restarts.
        first = launch_seconds(child, installed)
        starts = [launch_seconds(child, installed) for _ in range(count)]
    print(f"first start (enrolls with the embedded center): {first:.2f} s")
    baseline = [launch_seconds(BASELINE_CHILD) for _ in range(count)]
    start, base = statistics.median(starts), statistics.median(baseline)
    print(
        f"cold start to the attract screen (as installed: bytecode compiled): median "
        f"{start:.2f} s over {count} (goal <= 2 s); Python + PySide6 + one label: {base:.2f} s "
        f"(start = {start / base:.1f}x it)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--starts", type=int, default=5, help="cold starts to time")
    parser.add_argument("--walks", type=int, default=2, help="times each visit is walked")
    args = parser.parse_args()

    if args.starts > 0:
        cold_start(args.starts)

    records, start, beat, device_s = walk(args.walks)
    first = start.longest(1)[0]
    print(
        f"the attract screen's first {SETTLE_MS / 1000:.0f} s (start-up warm-up, no citizen yet): "
        f"longest stall {first[0]:.0f} ms [{first[1]}]"
    )
    longest = beat.longest(8)
    print(
        f"longest GUI-thread stall over {len(records)} visits: {longest[0][0]:.0f} ms "
        f"(goal <= 50 ms); the longest, with the screen and what the GUI thread was in:"
    )
    for ms, where in longest:
        print(f"  {ms:4.0f} ms  {where}")
    gaps = sorted(gap for gap, _ in beat.gaps)
    print(
        f"  heartbeat gaps: median {statistics.median(gaps):.0f} ms, "
        f"99th percentile {gaps[int(len(gaps) * 0.99)]:.0f} ms over {len(gaps)} beats"
    )
    lltp = [r for r in records if r.visit is CRIMINAL_RECORD]
    taps = statistics.median(r.taps for r in lltp)
    keys = statistics.median(r.key_taps for r in lltp)
    seconds = statistics.median(r.seconds for r in lltp)
    print(
        f"criminal-record certificate, two papers: {taps:.0f} taps on controls (goal <= 40) "
        f"and {keys:.0f} on keyboard keys; walked in {seconds:.1f} s by the script"
    )
    for name, spent in device_s.items():
        print(f"  device time, {name}: median {statistics.median(spent):.2f} s")


if __name__ == "__main__":
    main()
