"""Fees priced from the catalog and the answers."""

from __future__ import annotations

from datetime import datetime

import pytest

from kiosk.catalog import fee_lines, format_vnd, shipped_catalog, total_vnd
from kiosk.intake import processing_for
from kiosk.workdays import WorkCalendar, due, shipped_hours

CATALOG = shipped_catalog()


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


# -- the time follows the answers that decide it ------------------------------------

FRIDAY = datetime(2026, 3, 6, 10, 0)


def appointment_for(code: str, answers: dict[str, object]) -> datetime:
    procedure = CATALOG.procedure(code)
    processing = processing_for(procedure, answers)
    return due(processing, FRIDAY, WorkCalendar.shipped(), shipped_hours(), code).ready_at


@pytest.mark.parametrize(
    ("answers", "working_days"),
    [
        (
            {
                "lived_in_several_provinces": False,
                "lived_abroad": False,
                "conviction_cleared": False,
            },
            10,
        ),
        (
            {
                "lived_in_several_provinces": True,
                "lived_abroad": False,
                "conviction_cleared": False,
            },
            15,
        ),
        (
            {
                "lived_in_several_provinces": False,
                "lived_abroad": True,
                "conviction_cleared": False,
            },
            15,
        ),
        (
            {
                "lived_in_several_provinces": False,
                "lived_abroad": False,
                "conviction_cleared": True,
            },
            15,
        ),
    ],
)
def test_criminal_record_takes_15_days_when_verification_is_needed(
    answers: dict[str, object], working_days: int
) -> None:
    # Law 28/2009 Art. 48: 10 working days; 15 for several provinces, abroad, a cleared conviction.
    expected = {10: datetime(2026, 3, 20, 10, 0), 15: datetime(2026, 3, 27, 10, 0)}
    assert appointment_for("2.000488", answers) == expected[working_days]


def test_large_certified_copy_requests_take_up_to_2_more_working_days() -> None:
    # Decree 23/2015 Art. 7: same day, or up to 2 more working days for a large request.
    assert appointment_for("2.000815", {"pages": 2, "copies": 1}) == datetime(2026, 3, 6, 17, 0)
    assert appointment_for("2.000815", {"pages": 40, "copies": 1}) == datetime(2026, 3, 10, 10, 0)
    assert appointment_for("2.000815", {"pages": 2, "copies": 12}) == datetime(2026, 3, 10, 10, 0)


def test_removing_permanent_residence_takes_5_working_days() -> None:
    assert appointment_for("1.003197", {}) == datetime(2026, 3, 13, 10, 0)
