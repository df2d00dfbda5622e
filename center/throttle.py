"""A per-kiosk request budget for the kiosk status routes, counted in the database.

A fixed window per (route, kiosk): at most ``limit`` requests in ``window_s``
seconds, then 429 with ``Retry-After`` until the window turns. The count is a
row of ``rate_limits`` (:mod:`center.ratelimit`, the same counter the back
office's logins use), so several center processes behind one balancer share
one budget per kiosk instead of each granting its own.
"""

from __future__ import annotations

from center import ratelimit
from center.db import Database


def wait_s(
    db: Database,
    route: str,
    kiosk_id: str,
    limit: int,
    now_s: int,
    *,
    window_s: int = 60,
) -> int | None:
    """Count one request at ``now_s``; None when allowed, else seconds until the window turns."""
    with db.transaction() as tx:
        allowed = ratelimit.hit(tx, f"kiosk:{route}:{kiosk_id}", limit, window_s, now_s)
    return None if allowed else max(1, window_s - now_s % window_s)
