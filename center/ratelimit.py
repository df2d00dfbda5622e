"""A fixed-window request counter in the database, shared by every center process.

Several center processes behind one balancer must count one client's requests
together, so the counter is a row (``rate_limits``), bumped in one upsert.
Old windows are overwritten in place: a bucket is one row whatever its age.
"""

from __future__ import annotations

from center.db import Tx


def hit(tx: Tx, bucket: str, limit: int, window_s: int, now_s: int) -> bool:
    """Count one hit on ``bucket``; True while the window has had at most ``limit``."""
    window = now_s - now_s % window_s
    rows = tx.execute(
        "INSERT INTO rate_limits (bucket, window_start, hits) VALUES (?, ?, 1) "
        "ON CONFLICT (bucket) DO UPDATE SET "
        "hits = CASE WHEN rate_limits.window_start = excluded.window_start "
        "THEN rate_limits.hits + 1 ELSE 1 END, window_start = excluded.window_start "
        "RETURNING hits",
        (bucket[:200], window),
    )
    return int(rows[0][0]) <= limit
