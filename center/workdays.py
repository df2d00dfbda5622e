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


@lru_cache(maxsize=16)
def _holidays(year: int) -> frozenset[date]:
    return frozenset(holidays.country_holidays("VN", years=[year]).keys())


@lru_cache(maxsize=16)
def _weekend_workdays(year: int) -> frozenset[date]:
    """Saturdays worked to make up for a swapped day off (e.g. 22 August 2026)."""
    calendar = holidays.country_holidays("VN", years=[year])
    return frozenset(getattr(calendar, "weekend_workdays", set()))


def is_working_day(day: date) -> bool:
    if day in _weekend_workdays(day.year):
        return True
    return day.weekday() < 5 and day not in _holidays(day.year)


def working_days_left(today: date, due: date) -> int:
    """Working days after ``today`` up to ``due`` (0: due today; negative: overdue by so many)."""
    if due == today:
        return 0
    step = timedelta(days=1 if due > today else -1)
    count, day = 0, today
    while day != due:
        day += step
        if is_working_day(day):
            count += 1
    return count if due > today else -count
