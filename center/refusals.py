"""A trail of refused requests in the log, which a flood cannot turn into a flood of lines.

Each refusal is one ``WARNING`` line with the route, a reason code, the kiosk
id the request claimed and the client's address: never a body, a name or a
token. Lines are counted per reason: past :data:`BURST` lines of one reason in
a :data:`WINDOW_S` window the rest are only counted, and the next window
opens with one line saying how many were left out.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

logger = logging.getLogger("center.refusals")

WINDOW_S = 60.0
BURST = 20
_MAX_FIELD = 80  # a claimed kiosk id or a path is the client's text: keep lines short


@dataclass
class _Window:
    started: float
    logged: int = 0
    dropped: int = 0


@dataclass
class RefusalLog:
    """Rate-limited refusal lines, ``burst`` per reason and window."""

    window_s: float = WINDOW_S
    burst: int = BURST
    clock: Callable[[], float] = time.monotonic
    _windows: dict[str, _Window] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def refused(
        self, route: str, reason: str, *, kiosk_id: str | None = None, client: str | None = None
    ) -> bool:
        """Log one refusal unless this reason is over its burst; True when a line was written."""
        now = self.clock()
        with self._lock:
            window = self._windows.get(reason)
            dropped = 0
            if window is None or now - window.started >= self.window_s:
                dropped = window.dropped if window is not None else 0
                window = self._windows[reason] = _Window(now)
            if window.logged >= self.burst:
                window.dropped += 1
                return False
            window.logged += 1
        if dropped:
            logger.warning("%d more refusals (%s) were not logged", dropped, reason)
        logger.warning(
            "refused %s: %s (kiosk %s, client %s)",
            _clip(route),
            reason,
            _clip(kiosk_id or "-"),
            client or "-",
        )
        return True


    def reset(self) -> None:
        """Open a new window for every reason (a test's clean start)."""
        with self._lock:
            self._windows.clear()


def _clip(text: str) -> str:
    printable = "".join(c if c.isprintable() else "?" for c in text)
    return printable if len(printable) <= _MAX_FIELD else printable[:_MAX_FIELD] + "…"


REFUSALS = RefusalLog()
"""The process's one refusal log (every center in a process shares the journal)."""
