"""Working days of a Vietnamese state agency: Monday to Friday, less public holidays.

The baseline for any year comes from the ``holidays`` library (Vietnam): the
Labor Code 2019 Art. 112 holidays — 1 January, five days of Tết Nguyên Đán,
the Hùng Kings' day (10/3 lunar), 30 April, 1 May, 2 September with a day next
to it — with the lunar dates on the Vietnamese calendar (UTC+7, which differs
from the Chinese one in some years, e.g. Tết 1985 and 2007), days off in lieu
when a holiday falls on a weekend (Art. 111), and the swaps it knows.

Published notices (:mod:`kiosk.workdays.notices`) override the baseline for
the dates they name: a notice's working day beats everything, then its days off.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

import holidays

from kiosk.workdays.notices import HolidayNotice, merge, shipped_notices

SATURDAY = 5
_SEARCH_LIMIT = 60  # no real calendar has this many days off in a row


@lru_cache(maxsize=64)
def _baseline(year: int) -> holidays.HolidayBase:
    return holidays.country_holidays("VN", years=year, language="en_US")


@dataclass(frozen=True)
class _Tables:
    """The notices in use and the days they name (English names)."""

    notices: dict[int, HolidayNotice]
    worked: dict[date, str]
    off: dict[date, str]

    @classmethod
    def of(cls, notices: Iterable[HolidayNotice]) -> _Tables:
        chosen = merge(notices)
        worked: dict[date, str] = {}
        off: dict[date, str] = {}
        for notice in chosen.values():
            for day, name in notice.off_days():
                off[day] = name.en
            for working in notice.working_days:
                worked[working.date_] = working.name.en
        return cls(chosen, worked, off)


class WorkCalendar:
    """Answers "is this a working day?" and counts working days."""

    def __init__(self, notices: Iterable[HolidayNotice] = ()) -> None:
        self._tables = _Tables.of(notices)

    @property
    def notices(self) -> dict[int, HolidayNotice]:
        """The one notice in use for each year that has one."""
        return self._tables.notices

    def adopt(self, notices: Iterable[HolidayNotice]) -> None:
        """Use ``notices`` from now on (the center published a newer set).

        The tables are built aside and swapped in one assignment, so that a
        date counted on another thread sees either the old notices or the new.
        """
        self._tables = _Tables.of(notices)

    @classmethod
    def shipped(cls, extra: Iterable[HolidayNotice] = ()) -> WorkCalendar:
        """The calendar of the shipped notices plus ``extra`` (published later, so they win)."""
        return cls([*shipped_notices(), *extra])

    def unannounced_years(self, start: date, end: date) -> tuple[int, ...]:
        """The years from ``start`` to ``end`` with no official notice in the data.

        Their days off are the Labor Code's, computed: the notice that fixes Tết
        and the swaps (each year, by the Prime Minister's decision) may move them.
        """
        return tuple(year for year in range(start.year, end.year + 1) if year not in self.notices)

    def day_off_reason(self, day: date) -> str | None:
        """Why ``day`` is not worked (English name), or ``None`` for a working day."""
        tables = self._tables
        if day in tables.worked:
            return None
        if day in tables.off:
            return tables.off[day]
        baseline = _baseline(day.year)
        if day in baseline.weekend_workdays:
            return None
        if day in baseline:
            return str(baseline.get(day))
        return "weekend" if day.weekday() >= SATURDAY else None

    def is_working_day(self, day: date) -> bool:
        return self.day_off_reason(day) is None

    def working_day_on_or_after(self, day: date) -> date:
        for offset in range(_SEARCH_LIMIT):
            candidate = day + timedelta(days=offset)
            if self.is_working_day(candidate):
                return candidate
        raise ValueError(f"no working day within {_SEARCH_LIMIT} days of {day}")

    def next_working_day(self, day: date) -> date:
        """The first working day strictly after ``day``."""
        return self.working_day_on_or_after(day + timedelta(days=1))

    def add_working_days(self, day: date, count: int) -> date:
        """The ``count``-th working day after ``day`` (``day`` itself is not counted)."""
        if count < 0:
            raise ValueError("count must not be negative")
        current = day
        for _ in range(count):
            current = self.next_working_day(current)
        return current

    def working_days_between(self, start: date, end: date) -> int:
        """Working days in the half-open interval (start, end]."""
        count, current = 0, start
        while current < end:
            current += timedelta(days=1)
            count += self.is_working_day(current)
        return count

    def days_off(self, year: int) -> list[tuple[date, str]]:
        """Every weekday off and every worked weekend day of ``year``, for a technician's check."""
        result: list[tuple[date, str]] = []
        day = date(year, 1, 1)
        while day.year == year:
            reason = self.day_off_reason(day)
            if reason is not None and reason != "weekend":
                result.append((day, reason))
            elif reason is None and day.weekday() >= SATURDAY:
                result.append((day, "working weekend day"))
            day += timedelta(days=1)
        return result
