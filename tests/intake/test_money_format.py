"""One currency format per language: "200.000 ₫" in Vietnamese, "200,000 VND" in English."""

from __future__ import annotations

import pytest

from kiosk.catalog import format_vnd


@pytest.mark.parametrize(
    ("amount", "language", "shown"),
    [
        (200_000, "vi", "200.000 ₫"),
        (200_000, "en", "200,000 VND"),
        (0, "vi", "0 ₫"),
        (5_000, "en", "5,000 VND"),
        (1_234_567, "vi", "1.234.567 ₫"),
    ],
)
def test_amounts_are_written_the_way_each_language_writes_them(
    amount: int, language: str, shown: str
) -> None:
    assert format_vnd(amount, language) == shown
