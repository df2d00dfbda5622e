"""When to try again: exponential backoff with full jitter, honouring Retry-After.

Full jitter (a uniform delay between zero and the exponential ceiling) keeps a
fleet of kiosks that lost the center at the same moment from coming back at
the same moment. A ``Retry-After`` from the center is a floor, never ignored.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field


@dataclass
class Backoff:
    """Delays for consecutive failures: ``uniform(0, min(cap, base * 2**n))``."""

    base_s: float = 1.0
    cap_s: float = 300.0
    max_retry_after_s: float = 3600.0
    rng: random.Random = field(default_factory=random.Random)
    failures: int = 0

    def next_delay(self, retry_after_s: float | None = None) -> float:
        """The delay before the next attempt, counting this failure."""
        self.failures += 1
        ceiling = min(self.cap_s, self.base_s * 2 ** min(self.failures - 1, 32))
        delay = self.rng.uniform(0.0, ceiling)
        if retry_after_s is not None:
            delay = max(delay, min(retry_after_s, self.max_retry_after_s))
        return delay

    def reset(self) -> None:
        """A success: the next failure starts from the base again."""
        self.failures = 0
