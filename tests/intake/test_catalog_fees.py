"""Fees priced from the catalog and the answers."""

from __future__ import annotations

import pytest

from kiosk.catalog import fee_lines, format_vnd, shipped_catalog, total_vnd


@pytest.mark.parametrize(
    ("pages", "copies", "expected"),
    [
        (1, 1, 2_000),
        (2, 1, 4_000),
        (3, 1, 5_000),  # 2 x 2,000 + 1 x 1,000
        (10, 2, 2 * 12_000),
        (200, 1, 200_000),  # 4,000 + 198,000 = 202,000, capped at 200,000 a copy
        (200, 3, 600_000),
    ],
)
def test_certified_copies_follow_circular_226(pages: int, copies: int, expected: int) -> None:
    procedure = shipped_catalog().procedure("2.000815")
    assert total_vnd(procedure, {"pages": pages, "copies": copies}) == expected


@pytest.mark.parametrize(
    ("answers", "expected"),
    [
        ({"fee_group": "thuong", "copies": 1}, 200_000),
        ({"fee_group": "thuong", "copies": 2}, 200_000),
        ({"fee_group": "thuong", "copies": 4}, 210_000),  # 3rd and 4th: 5,000 each
        ({"fee_group": "giam", "copies": 1}, 100_000),
        ({"fee_group": "mien", "copies": 1}, 0),
    ],
)
def test_criminal_record_fee_groups_and_extra_copies(
    answers: dict[str, object], expected: int
) -> None:
    procedure = shipped_catalog().procedure("2.000488")
    assert total_vnd(procedure, answers) == expected


def test_free_registration_still_shows_its_line() -> None:
    procedure = shipped_catalog().procedure("1.001193")
    lines = fee_lines(procedure, {})
    assert [(line.fee_id, line.amount_vnd) for line in lines] == [("le-phi", 0)]


def test_vnd_is_written_the_vietnamese_way() -> None:
    assert format_vnd(200000) == "200.000 ₫"
