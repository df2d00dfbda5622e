"""Backoff with full jitter, and Retry-After in both of its forms."""

from __future__ import annotations

import random
from datetime import UTC, datetime

from offline_queue.backoff import Backoff
from offline_queue.http_errors import retry_after_seconds


def test_full_jitter_grows_to_the_cap_and_resets() -> None:
    backoff = Backoff(base_s=1.0, cap_s=8.0, rng=random.Random(3))
    ceilings = [1, 2, 4, 8, 8, 8]
    for ceiling in ceilings:
        delay = backoff.next_delay()
        assert 0.0 <= delay <= ceiling
    assert backoff.failures == len(ceilings)
    backoff.reset()
    assert backoff.failures == 0
    assert backoff.next_delay() <= 1.0


def test_jitter_spreads_a_fleet() -> None:
    delays = {round(Backoff(rng=random.Random(seed)).next_delay(), 6) for seed in range(50)}
    assert len(delays) == 50


def test_retry_after_is_a_floor_within_reason() -> None:
    backoff = Backoff(base_s=0.01, cap_s=0.02, max_retry_after_s=60)
    assert backoff.next_delay(retry_after_s=5) == 5
    assert backoff.next_delay(retry_after_s=10_000) == 60


def test_retry_after_header_forms() -> None:
    now = datetime(2025, 11, 24, 8, 0, 0, tzinfo=UTC)
    assert retry_after_seconds("120") == 120
    assert retry_after_seconds("Mon, 24 Nov 2025 08:00:30 GMT", now) == 30
    assert retry_after_seconds("Mon, 24 Nov 2025 07:00:00 GMT", now) == 0
    assert retry_after_seconds("soon") is None
    assert retry_after_seconds(None) is None
