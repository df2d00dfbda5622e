"""The appointment date (ngày hẹn trả kết quả) of a dossier.

1. The clock starts when the dossier is received, if that is inside office
   hours on a working day; received during the lunch break it starts when the
   afternoon opens; before opening, at opening; after hours or on a day off,
   at the opening of the next working day.
2. ``working_days`` n: ready on the n-th working day after the day the clock
   started, at the same time of day (the day of receipt is not counted).
   ``working_hours`` n: n hours of office time later.
   ``same_day``: ready at closing time if the clock started before the
   cut-off, else by ``late_ready_at`` on the next working day.
3. "No-waiting Friday" (a center's option): a dossier of a procedure the center
   lists, whose own time is at most one working day, received on a working
   Friday before its cut-off is ready that day at closing, after it by 09:00 the
   next working day — but never later than the procedure's own rule. It never
   applies to a longer procedure: the law's time is the promise.

4. A date counted through a year with no official holiday notice in the data
   (:meth:`WorkCalendar.unannounced_years`) is *provisional*: shown and printed
   as "dự kiến — sẽ được xác nhận" until the center publishes that year's notice.

Times are Vietnam wall-clock time (UTC+7, no daylight saving). An aware
``received`` gives an aware result in UTC+7; a naive one is taken as local.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone

from kiosk.catalog.model import Processing, Text
from kiosk.workdays.calendar import WorkCalendar
from kiosk.workdays.hours import CenterHours

VIETNAM = timezone(timedelta(hours=7), "ICT")
FRIDAY = 4


PROVISIONAL_WORDS = Text(vi="dự kiến — sẽ được xác nhận", en="estimated — to be confirmed")
"""How a provisional date is marked wherever it is shown or printed."""


@dataclass(frozen=True)
class Due:
    """When the result will be ready, and how that was worked out.

    ``provisional``: counted through a year without an official holiday notice;
    ``provisional_reason`` says which year and why.
    """

    ready_at: datetime
    counted_from: datetime
    rule: str
    provisional: bool = False
    provisional_reason: str = ""


def _provisional_reason(years: tuple[int, ...]) -> str:
    if not years:
        return ""
    named = ", ".join(str(year) for year in years)
    return (
        f"no official holiday notice for {named} in the data: the days off are computed "
        "from the Labor Code 2019 (Art. 111-112); that year's notice (Tết, the 30/4-1/5 "
        "and 2/9 swaps) may move the date"
    )


def clock_start(received: datetime, calendar: WorkCalendar, hours: CenterHours) -> datetime:
    """When the processing time starts counting (rule 1 of the module docstring)."""
    office = hours.office
    day, moment = received.date(), received.time()
    if calendar.is_working_day(day) and moment < office.closes:
        if moment < office.opens:
            return _at(day, office.opens)
        if office.morning[1] <= moment < office.afternoon[0]:
            return _at(day, office.afternoon[0])
        return received
    return _at(calendar.next_working_day(day), office.opens)


def _at(day: date, moment: time) -> datetime:
    return datetime.combine(day, moment)


def _add_office_hours(
    start: datetime, hours_: int, calendar: WorkCalendar, hours: CenterHours
) -> datetime:
    remaining = timedelta(hours=hours_)
    current = start
    while True:
        for opens, closes in hours.office.sessions():
            session_start = max(current, _at(current.date(), opens))
            session_end = _at(current.date(), closes)
            if session_start >= session_end:
                continue
            available = session_end - session_start
            if remaining <= available:
                return session_start + remaining
            remaining -= available
            current = session_end
        current = _at(calendar.next_working_day(current.date()), hours.office.opens)


def _by_rule(
    processing: Processing, start: datetime, calendar: WorkCalendar, hours: CenterHours
) -> datetime:
    if processing.kind == "working_days":
        return _at(calendar.add_working_days(start.date(), processing.amount), start.time())
    if processing.kind == "working_hours":
        return _add_office_hours(start, processing.amount, calendar, hours)
    cutoff = processing.cutoff or hours.same_day.cutoff
    if start.time() < cutoff:
        return _at(start.date(), hours.office.closes)
    return _at(calendar.next_working_day(start.date()), hours.same_day.late_ready_at)


def friday_eligible(processing: Processing, hours: CenterHours) -> bool:
    """Whether "No-waiting Friday" may shorten this time: at most one working day."""
    if processing.kind == "working_days":
        return processing.amount <= 1
    if processing.kind == "working_hours":
        day = sum(
            (
                datetime.combine(date.min, closes) - datetime.combine(date.min, opens)
                for opens, closes in hours.office.sessions()
            ),
            timedelta(),
        )
        return timedelta(hours=processing.amount) <= day
    return True


def _friday(
    received: datetime, start: datetime, calendar: WorkCalendar, hours: CenterHours
) -> datetime | None:
    day = received.date()
    if day.weekday() != FRIDAY or not calendar.is_working_day(day):
        return None
    rule = hours.no_waiting_friday
    if start.date() == day and start.time() < rule.cutoff:
        return _at(day, hours.office.closes)
    return _at(calendar.next_working_day(day), rule.late_ready_at)


def due(
    processing: Processing,
    received: datetime,
    calendar: WorkCalendar,
    hours: CenterHours,
    procedure_code: str | None = None,
) -> Due:
    """The appointment for a complete dossier received at ``received``."""
    local = received.astimezone(VIETNAM).replace(tzinfo=None) if received.tzinfo else received
    start = clock_start(local, calendar, hours)
    ready = _by_rule(processing, start, calendar, hours)
    rule = processing.describe("en")
    if hours.no_waiting_friday.applies_to(procedure_code) and friday_eligible(processing, hours):
        friday = _friday(local, start, calendar, hours)
        if friday is not None and friday < ready:
            ready, rule = friday, "No-waiting Friday"
    if start != local:
        rule += f"; counted from {start:%Y-%m-%d %H:%M}"
    reason = _provisional_reason(calendar.unannounced_years(start.date(), ready.date()))
    if received.tzinfo:
        ready, start = ready.replace(tzinfo=VIETNAM), start.replace(tzinfo=VIETNAM)
    return Due(ready, start, rule, provisional=bool(reason), provisional_reason=reason)
