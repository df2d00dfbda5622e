"""What the soak watches in its own process: memory, descriptors, threads, GUI stalls, leftovers.

The stall gauge is the kiosk's own main-thread watchdog
(:class:`ui.watchdog.MainThreadWatchdog`) pinging a notifier that, instead of
telling systemd, remembers the longest gap between two pings: what systemd
would see of a frozen screen.
"""

from __future__ import annotations

import collections
import gc
import os
import threading
import time
import tracemalloc
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import shiboken6
from PySide6.QtWidgets import QApplication
from shiboken6 import Shiboken

from kiosk.parts import RAM_FOLDER, SCRATCH_PREFIX
from kiosk.systemd import SystemdNotifier
from ui.watchdog import MainThreadWatchdog

ROOT = f"{Path(__file__).resolve().parents[1]}/"
TRACE_FRAMES = 3
# The watchdog's ping interval here: a stall shorter than this is not seen.
PING_S = 0.005


@dataclass(frozen=True)
class ProcessFigures:
    """The process at one moment: resident memory, open descriptors, threads."""

    rss_mb: float
    fds: int
    threads: int
    """Native threads (Qt's and Python's), from the kernel."""
    python_threads: int
    fd_kinds: collections.Counter[str]
    """What the descriptors are: socket, pipe, a file's folder..."""
    thread_kinds: collections.Counter[str]
    """The kernel's names of the threads (Qt names its own)."""

    def changes(self, later: ProcessFigures) -> str:
        """The kinds of descriptors and threads that differ at ``later``."""
        parts = []
        for what, before, after in (
            ("fds", self.fd_kinds, later.fd_kinds),
            ("threads", self.thread_kinds, later.thread_kinds),
        ):
            moved = {k: after[k] - before[k] for k in before | after if after[k] != before[k]}
            if moved:
                parts.append(f"{what} {', '.join(f'{k} {n:+d}' for k, n in sorted(moved.items()))}")
        return "; ".join(parts) or "the same kinds"


def _status_field(name: str) -> str:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(f"{name}:"):
            return line.split(":", 1)[1].strip()
    raise LookupError(name)


def _fd_kind(fd: str) -> str:
    try:
        target = os.readlink(f"/proc/self/fd/{fd}")
    except OSError:
        return "gone"
    if ":" in target and not target.startswith("/"):
        return target.split(":", 1)[0]  # socket, pipe, anon_inode
    return str(Path(target).parent)


def _thread_name(task: Path) -> str:
    try:
        name = (task / "comm").read_text().strip()
    except OSError:
        return "gone"
    return name.rstrip("0123456789") or name  # "Thread (pooled)", not each number


def process_figures() -> ProcessFigures:
    fds = os.listdir("/proc/self/fd")
    tasks = list(Path("/proc/self/task").iterdir())
    return ProcessFigures(
        rss_mb=int(_status_field("VmRSS").split()[0]) / 1024,
        fds=len(fds),
        threads=len(tasks),
        python_threads=threading.active_count(),
        fd_kinds=collections.Counter(_fd_kind(fd) for fd in fds),
        thread_kinds=collections.Counter(
            [_thread_name(task) for task in tasks]
            + [f"py:{t.name.rstrip('0123456789')}" for t in threading.enumerate()]
        ),
    )


class StallGauge(SystemdNotifier):
    """A notifier whose watchdog pings measure the GUI thread's longest gap, in ms."""

    def __init__(self) -> None:
        super().__init__(environ={})
        self._last = 0.0
        self.longest_ms = 0.0
        """Since the last :meth:`take`."""

    def watchdog(self) -> bool:
        now = time.monotonic()
        if self._last:
            self.longest_ms = max(self.longest_ms, (now - self._last) * 1000)
        self._last = now
        return True

    def take(self) -> float:
        """The longest gap since the last call; starts counting afresh."""
        longest, self.longest_ms = self.longest_ms, 0.0
        return longest


def start_stall_gauge() -> tuple[StallGauge, MainThreadWatchdog]:
    gauge = StallGauge()
    watchdog = MainThreadWatchdog(gauge, PING_S)
    watchdog.start()
    return gauge, watchdog


def scratch_left(pid: int) -> list[str]:
    """This process's session scratch folders still on disk (none once a session is wiped)."""
    parents = {RAM_FOLDER, Path(os.environ.get("TMPDIR", "/tmp"))}  # noqa: S108 - looked at only
    return sorted(
        str(folder)
        for parent in parents
        if parent.is_dir()
        for folder in parent.glob(f"{SCRATCH_PREFIX}{pid}-*")
    )


def shm_names() -> set[str]:
    return set(os.listdir(RAM_FOLDER)) if RAM_FOLDER.is_dir() else set()


def is_kiosks(name: str, pid: int) -> bool:
    """Whether a file in /dev/shm is this process's (named with its pid, as its scratch is)."""
    return str(pid) in name.replace(SCRATCH_PREFIX, "").split("-", 1)[0] or name.startswith(
        f"{SCRATCH_PREFIX}{pid}-"
    )


class Census:
    """Live objects by type (Python's and Qt's widgets), to compare two moments."""

    def __init__(self, trace: bool) -> None:
        self.trace = trace
        if trace:
            # Few frames: more make the kiosk too slow for the script's waits.
            tracemalloc.start(TRACE_FRAMES)
        self.snapshots: dict[str, tuple[collections.Counter[str], tracemalloc.Snapshot | None]] = {}

    def take(self, name: str) -> None:
        gc.collect()
        counts: collections.Counter[str] = collections.Counter()
        for thing in gc.get_objects():
            kind = f"{type(thing).__module__}.{type(thing).__qualname__}"
            counts[f"py:{kind}"] += 1
            if isinstance(thing, Shiboken.Object) and not shiboken6.isValid(thing):
                # Qt deleted the object; the Python side is kept by something: a leak.
                counts[f"deleted-in-Qt:{kind}"] += 1
        counts.update(f"widget:{type(w).__module__}.{type(w).__name__}" for w in _widgets())
        snapshot = tracemalloc.take_snapshot() if self.trace else None
        self.snapshots[name] = (counts, snapshot)

    def growth(self, first: str, last: str, top: int = 15) -> list[str]:
        """The types whose live count grew most between two moments, and where memory grew."""
        before, old = self.snapshots[first]
        after, new = self.snapshots[last]
        grown = sorted(
            ((after[kind] - before[kind], kind) for kind in after if after[kind] > before[kind]),
            reverse=True,
        )[:top]
        lines = [f"  +{count:6d} {kind} (now {after[kind]})" for count, kind in grown]
        if old is not None and new is not None:
            lines.append("  memory allocated since (tracemalloc), by the project's innermost line:")
            by_ours: collections.Counter[str] = collections.Counter()
            for stat in new.compare_to(old, "traceback"):
                by_ours[_our_line(stat.traceback)] += stat.size_diff
            for where, size in by_ours.most_common(top):
                lines.append(f"    {size / 1024:+9.0f} KiB {where}")
        return lines


def _our_line(traceback: tracemalloc.Traceback) -> str:
    """The innermost frame in the project (not in a library), and the allocating one."""
    frames = list(traceback)
    innermost = frames[-1]
    ours = [f for f in frames if f.filename.startswith(ROOT) and "/.venv/" not in f.filename]
    frame = ours[-1] if ours else innermost
    where = f"{frame.filename.removeprefix(ROOT)}:{frame.lineno}"
    if frame is not innermost:
        where += f" (in {innermost.filename.rsplit('/', 1)[-1]}:{innermost.lineno})"
    return where


def _widgets() -> list[object]:
    app = QApplication.instance()
    return list(app.allWidgets()) if isinstance(app, QApplication) else []


class GcWatch:
    """Times each garbage collection on the GUI thread: which generation, during a visit or not."""

    def __init__(self, in_visit: Callable[[], bool]) -> None:
        self.in_visit = in_visit
        self.gui = threading.get_ident()
        self._started = 0.0
        self.longest_ms: dict[str, float] = {}
        self.counts: collections.Counter[str] = collections.Counter()
        self.ignoring = False
        """While the soak collects for its own census."""
        gc.callbacks.append(self._timed)

    def _timed(self, phase: str, info: dict[str, int]) -> None:
        if threading.get_ident() != self.gui or self.ignoring:
            return
        if phase == "start":
            self._started = time.perf_counter()
            return
        spent = (time.perf_counter() - self._started) * 1000
        kind = "full" if info["generation"] == 2 else "young"
        where = f"{kind} {'during a visit' if self.in_visit() else 'between visits'}"
        self.counts[where] += 1
        self.longest_ms[where] = max(self.longest_ms.get(where, 0.0), spent)

    def close(self) -> None:
        gc.callbacks.remove(self._timed)

    def summary(self) -> str:
        return "; ".join(
            f"{where}: {self.counts[where]}, longest {self.longest_ms[where]:.0f} ms"
            for where in sorted(self.counts)
        )
