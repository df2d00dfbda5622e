"""A per-kiosk request budget kept in memory: enough to stop one kiosk from hammering a route.

A fixed window per (route, kiosk): at most ``limit`` requests in ``window_s``
seconds, then 429 with ``Retry-After`` until the window turns. It is per
process; a center behind a balancer counts per process (a loose but safe bound).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

MAX_BUCKETS = 10_000  # one per kiosk and route: far more than a province's kiosks


@dataclass
class Throttle:
    """Counts hits per key in fixed windows."""

    limit: int
    window_s: float = 60.0
    clock: Callable[[], float] = time.monotonic
    _windows: dict[str, tuple[float, int]] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def hit(self, key: str) -> float | None:
        """Count one request for ``key``; None when allowed, else seconds until it would be."""
        now = self.clock()
        with self._lock:
            started, count = self._windows.get(key, (now, 0))
            if now - started >= self.window_s:
                started, count = now, 0
            if count >= self.limit:
                return max(0.0, self.window_s - (now - started))
            if key not in self._windows and len(self._windows) >= MAX_BUCKETS:
                self._forget_old(now)
            self._windows[key] = (started, count + 1)
            return None

    def _forget_old(self, now: float) -> None:
        for key in [k for k, (s, _) in self._windows.items() if now - s >= self.window_s]:
            del self._windows[key]
