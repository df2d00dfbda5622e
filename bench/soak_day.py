"""A day in the lobby: the real kiosk through N scripted citizens back to back; what grows.

The kiosk's own window (Qt offscreen) on the simulated lobby: the chip card on
pcscd + vpcd, the simulated camera, the loopback printer, the embedded center.
Citizens come one after the other, as :class:`ui.scripted.ScriptedCitizen`
plays them, in a fixed mix: most finish (two procedures, Vietnamese and
English), some cancel, some walk away and are timed out, some take their card
off the reader mid-journey and leave. Once the printer runs out of paper (for
one citizen); for a stretch of citizens the center cannot be reached (stopped),
then it is back and the outbox must reach it.

Waiting is not slept through: the session's clock is one the soak moves
forward, so an idle time-out or a card-removed countdown takes a second of
real time, not minutes, while the kiosk runs its own rules on it.

After every ten citizens nobody comes for a few seconds (a lull longer than
the kiosk waits before its full garbage collection on the attract screen).

It prints resident memory at the start, after the first 20 citizens, after
100, at the end and after every ten (goal: at most 10% growth after the first
20), open file descriptors and threads (goal: no growth), the longest stall of
the GUI thread over the last 100 citizens (seen by the kiosk's main-thread
watchdog) and, apart, during the lulls, the garbage collections on the GUI
thread, the dossiers sealed against those the center holds (each exactly
once), and any file left in /dev/shm or the session scratch folders. The
simulated printer and the embedded center run in this process: their memory
counts in its RSS (the printer keeps every byte it received; it says how much).

    .venv/bin/python bench/soak_day.py [--citizens 300] [--census] [--trace] [--default-arenas]

It runs with the malloc arenas kiosk.service sets (MALLOC_ARENA_MAX), as the
kiosk runs in the lobby; ``--default-arenas`` keeps glibc's.

``--census`` adds the live objects by type whose count grew after the first
20 citizens; ``--trace`` adds where memory was allocated (tracemalloc: slow).
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import statistics
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from soak_gauges import (
    Census,
    GcWatch,
    ProcessFigures,
    StallGauge,
    is_kiosks,
    process_figures,
    scratch_left,
    shm_names,
    start_stall_gauge,
)

from drivers.card.pcscd import PcscDaemon
from kiosk.app import open_kiosk
from kiosk.config import Config, Paths
from kiosk.delivery import Delivery
from kiosk.session import KioskSession
from kiosk.simulated import SimulatedWorld
from ui.app import DeviceWatch, application, build_citizen_window
from ui.intake.host import IntakeHost
from ui.main_window import KioskWindow
from ui.scripted import (
    CRIMINAL_RECORD,
    SIGNATURE,
    ScriptedCitizen,
    Visit,
    settle,
    wait_for_delivery,
    wait_until,
)
from ui.warmup import FULL_COLLECT_IDLE_MS

# Citizens who leave before the end pick one of these (they never reach its questions).
ABANDONED = (
    Visit(citizen=0, search="dang ky khai sinh", procedure="1.001193", answers={}),
    Visit(citizen=1, search="dang ky tam tru", procedure="1.004194", answers={}, language="en"),
    Visit(citizen=0, search="ket hon", procedure="1.000894", answers={}, start_with_card=False),
)
FINISHED = (
    CRIMINAL_RECORD,
    SIGNATURE,
    dataclasses.replace(SIGNATURE, language="vi", comment=""),
    dataclasses.replace(CRIMINAL_RECORD, language="en", start_with_card=False),
)
# Ten citizens in a row: six finish, then one cancels, one idles out, one pulls the card.
MIX = (
    "finish",
    "finish",
    "cancel",
    "finish",
    "idle",
    "finish",
    "finish",
    "card",
    "finish",
    "finish",
)
CHECKPOINTS = (20, 100)
# After each ten citizens, the lobby is quiet a little longer than the kiosk waits
# before its full garbage collection.
LULL_MS = FULL_COLLECT_IDLE_MS + 1_000


class SkipClock:
    """``time.monotonic`` plus the time the soak skipped (instead of waiting it out)."""

    def __init__(self) -> None:
        self.skipped = 0.0

    def __call__(self) -> float:
        return time.monotonic() + self.skipped

    def skip(self, seconds: float) -> None:
        self.skipped += seconds


class Lobby:
    """The kiosk's window on the simulated lobby, and the citizens that come to it."""

    def __init__(
        self, config: Config, window: KioskWindow, world: SimulatedWorld, clock: SkipClock
    ) -> None:
        self.config = config
        self.window = window
        self.world = world
        self.clock = clock
        self.citizen = ScriptedCitizen(window, world, None, both_languages=False)
        self.sealed: list[str] = []
        self.outcomes: Counter[str] = Counter()

    def visit(self, number: int) -> None:
        """Citizen ``number`` (from 0) comes, does what the mix says, and the kiosk wipes."""
        kind = MIX[number % len(MIX)]
        if kind == "finish":
            visit = FINISHED[(number // len(MIX) + number) % len(FINISHED)]
            record = self.citizen.play(visit)
            self.sealed.append(record.facts.code)
        else:
            visit = ABANDONED[number % len(ABANDONED)]
            self.citizen.begin(visit)
            {"cancel": self._cancel, "idle": self._idle, "card": self._pull_card}[kind](visit)
            self._gone()
        self.outcomes[kind] += 1

    def _cancel(self, visit: Visit) -> None:
        self.citizen.identify(visit)
        view = self._host().view
        self.citizen.tap(view.cancel_button)  # type: ignore[union-attr]
        self.citizen.tap(self.window.overlay.secondary)  # "Yes, cancel"

    def _idle(self, visit: Visit) -> None:
        timeouts = self.config.timeouts
        self.clock.skip(timeouts.idle_warning_s + 1)
        wait_until(lambda: self.window.session.warning_shown, what="the idle warning")
        settle(200)
        self.clock.skip(timeouts.idle_countdown_s + 1)

    def _pull_card(self, visit: Visit) -> None:
        self.citizen.identify(visit)
        self.citizen.act(self.world.remove_card)
        wait_until(lambda: self.window.session.card_away, what="the card-away countdown")
        settle(200)
        self.clock.skip(self.config.timeouts.card_removed_s + 1)

    def _gone(self) -> None:
        window = self.window
        wait_until(lambda: not window.session.active, what="the wipe")
        if window.card_on_reader:
            self.citizen.act(self.world.remove_card)
        settle(100)

    def _host(self) -> IntakeHost:
        host = self.window.current
        assert isinstance(host, IntakeHost)
        return host


@dataclasses.dataclass
class Run:
    """What the soak saw."""

    figures: dict[str, ProcessFigures]
    stalls_ms: list[float]
    """The longest GUI-thread stall of each citizen, in order."""
    idle_stalls_ms: list[float]
    """The longest stall of each lull on the attract screen (the full collections)."""
    rss_series_mb: list[float]
    """After every ten citizens."""
    seconds: list[float]
    sealed: list[str]
    at_center: int
    missing: list[str]
    status: str
    outcomes: Counter[str]
    scratch: list[str]
    shm_new: list[str]
    census: list[str]
    printer_mb: float
    collections: str
    """The garbage collections on the GUI thread, by kind and when."""
    """What the simulated printer keeps of all it received (the bench's, not the kiosk's)."""


@dataclasses.dataclass(frozen=True)
class DayPlan:
    """When the printer runs out of paper (one citizen) and the center is unreachable."""

    paper_out_at: int
    center_down: range

    @classmethod
    def of(cls, citizens: int) -> DayPlan:
        start = citizens // 2
        return cls(max(1, citizens // 3), range(start, start + max(2, citizens // 6)))

    def before(self, number: int, world: SimulatedWorld, log: Callable[[str], None]) -> None:
        assert world.printer is not None and world.center is not None
        if number == self.paper_out_at:
            world.printer.set_condition("paper_out")
        if number == self.center_down.start:
            world.center.stop()
            log(f"  citizen {number + 1}: the center is unreachable")
        if number == self.center_down.stop:
            world.center.start()
            log(f"  citizen {number + 1}: the center is back")

    def after(self, number: int, world: SimulatedWorld) -> None:
        assert world.printer is not None
        if number == self.paper_out_at:
            world.printer.set_condition("ready")

    def end(self, world: SimulatedWorld) -> None:
        assert world.center is not None
        world.center.start()  # back, if the day ended while it was down


class Watch:
    """The figures at the checkpoints, each citizen's longest stall and time."""

    def __init__(
        self, gauge: StallGauge, census: Census | None, log: Callable[[str], None]
    ) -> None:
        self.gauge = gauge
        self.census = census
        self.log = log
        self.figures: dict[str, ProcessFigures] = {}
        self.collections: GcWatch | None = None
        self.stalls: list[float] = []
        self.idle_stalls: list[float] = []
        self.rss_mb: list[float] = []
        """After each lull (every ten citizens)."""
        self.seconds: list[float] = []

    def checkpoint(self, name: str) -> None:
        self.figures[name] = process_figures()
        if self.census is not None and name in ("start", f"after {CHECKPOINTS[0]}", "end"):
            if self.collections is not None:
                self.collections.ignoring = True
            self.census.take(name)
            if self.collections is not None:
                self.collections.ignoring = False
        seen = self.figures[name]
        self.log(f"  {name}: {seen.rss_mb:.0f} MB, {seen.fds} fds, {seen.threads} threads")

    def citizen(self, lobby: Lobby, number: int) -> None:
        started = time.monotonic()
        lobby.visit(number)
        self.seconds.append(time.monotonic() - started)
        self.stalls.append(self.gauge.take())

    def lull(self) -> None:
        """Nobody comes for a while: the attract screen idles. Its longest stall, apart."""
        self.gauge.take()
        settle(LULL_MS)
        self.idle_stalls.append(self.gauge.take())
        self.rss_mb.append(process_figures().rss_mb)
        self.log(f"  {len(self.seconds)} citizens: {self.rss_mb[-1]:.0f} MB")

    def growth(self) -> list[str]:
        """What grew after the first citizens (from the start, on a shorter day)."""
        if self.census is None:
            return []
        first = f"after {CHECKPOINTS[0]}"
        since = first if first in self.census.snapshots else "start"
        return [f"what grew between {since} and the end:", *self.census.growth(since, "end")]


def soak(
    citizens: int,
    census: bool = False,
    trace: bool = False,
    log: Callable[[str], None] = print,
    daemon: PcscDaemon | None = None,
) -> Run:
    """The day; ``daemon``: the pcscd to use (a test process's one), else its own."""
    application()
    shm_before = shm_names()
    state = Path(tempfile.mkdtemp(prefix="bench-soak-"))
    config = Config(paths=Paths(state_dir=state))
    clock = SkipClock()
    session = KioskSession(config.timeouts, config.languages.default, clock=clock)
    plan = DayPlan.of(citizens)
    with open_kiosk(config, daemon=daemon, realtime_camera=True) as (devices, delivery):
        window, desk = build_citizen_window(config, devices, delivery, session)
        device_watch = DeviceWatch(window, desk.parts)
        window.show()
        world = devices.world
        assert world is not None and world.center is not None
        gauge, watchdog = start_stall_gauge()
        settle(1500)  # the start-up warm-up and the freeze of start-up's objects
        lobby = Lobby(config, window, world, clock)
        watch = Watch(gauge, Census(trace) if census or trace else None, log)
        collections = GcWatch(lambda: window.session.active)
        watch.collections = collections
        watch.checkpoint("start")
        for number in range(citizens):
            plan.before(number, world, log)
            watch.citizen(lobby, number)
            plan.after(number, world)
            done = number + 1
            if done % len(MIX) == 0 or done == citizens:
                watch.lull()
            if done in CHECKPOINTS:
                watch.checkpoint(f"after {done}")
        scratch = scratch_left(os.getpid())
        plan.end(world)
        missing, at_center, status = _delivered(delivery, world, lobby.sealed)
        watch.lull()
        watch.checkpoint("end")
        assert world.printer is not None
        printer_mb = len(world.printer.received) / 1e6
        collections.close()
        watchdog.stop()
        device_watch.close()
        window.close()
    return Run(
        watch.figures,
        watch.stalls,
        watch.idle_stalls,
        watch.rss_mb,
        watch.seconds,
        lobby.sealed,
        at_center,
        missing,
        status,
        lobby.outcomes,
        scratch,
        sorted(shm_names() - shm_before),
        watch.growth(),
        printer_mb,
        collections.summary(),
    )


def _delivered(
    delivery: Delivery, world: SimulatedWorld, sealed: list[str]
) -> tuple[list[str], int, str]:
    """The codes the center does not hold, how many it holds, and the outbox's counts."""
    assert world.center is not None
    wait_for_delivery(delivery, len(sealed), timeout_s=300)
    service = world.center.service
    missing = [code for code in sealed if service.dossier_status(code) is None]
    status = delivery.status()
    counts = f"acknowledged {status.acknowledged}, queued {status.queued}, held {status.held}"
    return missing, service.dossier_count(), counts


def report(run: Run, citizens: int) -> None:
    figures = run.figures
    median = statistics.median(run.seconds)
    print(f"\n{citizens} citizens: {dict(run.outcomes)}; {median:.1f} s a citizen (median)")
    series = ", ".join(f"{mb:.0f}" for mb in run.rss_series_mb)
    print(f"RSS every ten citizens (MB): {series}")
    print("resident memory (RSS), open file descriptors, threads (native / Python):")
    for name, seen in figures.items():
        print(
            f"  {name:>10}: {seen.rss_mb:6.0f} MB  {seen.fds:4d} fds  "
            f"{seen.threads:3d} / {seen.python_threads:2d} threads"
        )
    base_name = f"after {CHECKPOINTS[0]}"
    if base_name in figures and "end" in figures:
        base, end = figures[base_name], figures["end"]
        growth = (end.rss_mb - base.rss_mb) / base.rss_mb * 100
        print(
            f"  growth after the first {CHECKPOINTS[0]}: RSS {growth:+.1f}% (goal <= 10%), "
            f"fds {end.fds - base.fds:+d}, threads {end.threads - base.threads:+d} (goal: none)"
        )
        print(f"  what differs: {base.changes(end)}")
        print(
            f"  (the simulated printer, in this process, keeps all it received: "
            f"{run.printer_mb:.1f} MB by the end)"
        )
    last = run.stalls_ms[-100:]
    worst = max(range(len(last)), key=last.__getitem__)
    number = len(run.stalls_ms) - len(last) + worst + 1
    print(
        f"longest GUI-thread stall over the last {len(last)} citizens: {last[worst]:.0f} ms "
        f"(citizen {number}); median of their longest {statistics.median(last):.0f} ms"
    )
    print(
        f"longest stall while the attract screen idled between citizens "
        f"(the full garbage collection runs then): {max(run.idle_stalls_ms):.0f} ms"
    )
    print(f"garbage collections on the GUI thread: {run.collections}")
    exact = not run.missing and run.at_center == len(run.sealed)
    print(
        f"dossiers sealed: {len(run.sealed)}; at the center: {run.at_center}; "
        f"missing there: {len(run.missing)}; outbox: {run.status} "
        f"-> {'each exactly once' if exact else 'NOT each exactly once'}"
    )
    print(f"session scratch folders left: {run.scratch or 'none'}")
    ours = [name for name in run.shm_new if is_kiosks(name, os.getpid())]
    others = sorted(set(run.shm_new) - set(ours))
    print(f"new files in /dev/shm from the kiosk after the run: {ours or 'none'}")
    if others:
        print(f"  (and from other programs on this machine meanwhile: {', '.join(others)})")
    if run.census:
        print("\n".join(run.census))


def unit_malloc_arenas() -> str | None:
    """The malloc arenas kiosk.service gives the kiosk (MALLOC_ARENA_MAX), if it sets them."""
    unit = Path(__file__).resolve().parents[1] / "kiosk.service"
    for line in unit.read_text(encoding="utf-8").splitlines():
        if line.startswith("Environment=MALLOC_ARENA_MAX="):
            return line.rpartition("=")[2]
    return None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--citizens", type=int, default=300, help="citizens back to back")
    parser.add_argument("--census", action="store_true", help="live objects by type that grew")
    parser.add_argument("--trace", action="store_true", help="and where memory grew (slow)")
    parser.add_argument(
        "--default-arenas",
        action="store_true",
        help="glibc's malloc arenas, not kiosk.service's MALLOC_ARENA_MAX",
    )
    args = parser.parse_args()
    sys.stdout.reconfigure(line_buffering=True)  # type: ignore[union-attr] # progress as it comes
    if args.citizens < 1:
        parser.error("--citizens must be at least 1")
    arenas = unit_malloc_arenas()
    if not args.default_arenas and arenas and "MALLOC_ARENA_MAX" not in os.environ:
        # glibc reads it when the process starts: run again as kiosk.service runs the kiosk.
        environ = {**os.environ, "MALLOC_ARENA_MAX": arenas}
        os.execve(sys.executable, [sys.executable, *sys.argv], environ)  # noqa: S606
    print(f"malloc arenas: {os.environ.get('MALLOC_ARENA_MAX', 'glibc default')}")
    report(soak(args.citizens, args.census, args.trace), args.citizens)


if __name__ == "__main__":
    main()
