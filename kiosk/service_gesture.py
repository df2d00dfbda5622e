"""The technician's gesture: five taps on the attract screen's top-right corner in 3 s.

A passer-by taps a corner once or twice; five quick taps on an empty corner
are deliberate. The gesture only asks for the PIN: it opens nothing by itself.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable

TAPS = 5
WITHIN_S = 3.0


class CornerTaps:
    """Counts taps; :meth:`tap` is True on the one that completes the gesture."""

    def __init__(
        self,
        taps: int = TAPS,
        within_s: float = WITHIN_S,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.taps = taps
        self.within_s = within_s
        self.clock = clock
        self._times: deque[float] = deque(maxlen=taps)

    def tap(self) -> bool:
        now = self.clock()
        self._times.append(now)
        if len(self._times) == self.taps and now - self._times[0] <= self.within_s:
            self._times.clear()  # the next gesture starts from nothing
            return True
        return False
