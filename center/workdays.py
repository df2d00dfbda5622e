"""Working days left before a dossier's appointment, for the officers' inbox.

The center does not import the kiosk (its calendar with the Prime Minister's
notices lives in ``kiosk/workdays``); here the public holidays come from the
``holidays`` package, which follows the yearly notices too (2026: the 22 August
swap, 24 November). Counting is only for the inbox's colour and sort: the
promise to the citizen is the appointment printed on the receipt.
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache

import holidays
import numpy as np


@lru_cache(maxsize=64)
def _calendar(year: int) -> tuple[frozenset[date], frozenset[date]]:
    """The year's public holidays, and the Saturdays worked to make up a swapped day."""
    days = holidays.country_holidays("VN", years=[year])
    return frozenset(days.keys()), frozenset(getattr(days, "weekend_workdays", set()))


@lru_cache(maxsize=64)
def _years(first_year: int, last_year: int) -> tuple[np.ndarray, tuple[date, ...]]:
    """Holidays (as numpy days) and worked Saturdays of the years from first to last."""
    off: list[date] = []
    worked: list[date] = []
    for year in range(first_year, last_year + 1):
        holidays_of_year, saturdays = _calendar(year)
        off += holidays_of_year
        worked += saturdays
    return np.array(sorted(off), dtype="datetime64[D]"), tuple(sorted(worked))


def is_working_day(day: date) -> bool:
    off, worked = _calendar(day.year)
    return day in worked or (day.weekday() < 5 and day not in off)


def working_days_left(today: date, due: date) -> int:
    """Working days in (today, due]; if overdue, minus the working days in (due, today].

    0: due today. Counted in C (numpy's business-day count): the inbox asks it
    for every row it shows.
    """
    if due == today:
        return 0
    first, last = (today, due) if due > today else (due, today)
    off, worked = _years(first.year, last.year)
    after = first + timedelta(days=1)
    count = int(np.busday_count(after, last + timedelta(days=1), holidays=off)) + sum(
        1 for d in worked if after <= d <= last
    )
    return count if due > today else -count
