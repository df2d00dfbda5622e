"""Working days, holidays (lunar ones included), published notices and appointment dates."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk.catalog import Processing, shipped_catalog
from kiosk.errors import ConfigError
from kiosk.workdays import (
    CenterHours,
    WorkCalendar,
    clock_start,
    due,
    friday_eligible,
    load_notices,
    parse_hours,
    parse_notice,
    shipped_hours,
)

CALENDAR = WorkCalendar.shipped()
HOURS = shipped_hours()
# The center lists the procedures the rule covers: here a same-day certification
# (2.000815), a 1-working-day procedure (the tests give 1.999001 that time) and,
# wrongly, the 10-day criminal-record certificate (2.000488) and the 7-day
# permanent residence (1.004222), which the rule must leave alone.
ONE_DAY = "1.999001"  # a synthetic code
FRIDAY_CODES = ("2.000815", ONE_DAY, "2.000488", "1.004222")
FRIDAY_HOURS = HOURS.model_copy(
    update={
        "no_waiting_friday": HOURS.no_waiting_friday.model_copy(
            update={"enabled": True, "procedures": FRIDAY_CODES}
        )
    }
)
SAME_DAY = Processing(kind="same_day", cutoff=time(15, 0))


def days(n: int) -> Processing:
    return Processing(kind="working_days", amount=n)


def ready(processing: Processing, received: datetime, hours: CenterHours = HOURS) -> datetime:
    return due(processing, received, CALENDAR, hours).ready_at


# -- the calendar --------------------------------------------------------------


@pytest.mark.parametrize(
    "day",
    [date(2025, 1, 27), date(2025, 1, 28), date(2025, 1, 31), date(2025, 5, 2), date(2025, 9, 1)],
)
def test_2025_tet_and_holidays_are_days_off(day: date) -> None:
    assert not CALENDAR.is_working_day(day)


def test_2025_swapped_saturday_is_worked() -> None:
    assert CALENDAR.is_working_day(date(2025, 4, 26))
    assert CALENDAR.next_working_day(date(2025, 1, 24)) == date(2025, 2, 3)


def test_2026_tet_is_16_to_20_february() -> None:
    off = [d for d in (date(2026, 2, 13) + timedelta(days=i) for i in range(12))]
    assert [d for d in off if not CALENDAR.is_working_day(d)] == [
        date(2026, 2, day) for day in (14, 15, 16, 17, 18, 19, 20, 21, 22)
    ]
    assert CALENDAR.day_off_reason(date(2026, 2, 17)) == "Lunar New Year"


def test_2026_national_day_swap_works_saturday_22_august() -> None:
    assert CALENDAR.is_working_day(date(2026, 8, 22))  # a Saturday, worked
    assert not CALENDAR.is_working_day(date(2026, 8, 31))  # the Monday it pays for
    assert not CALENDAR.is_working_day(date(2026, 9, 1))
    assert not CALENDAR.is_working_day(date(2026, 9, 2))
    assert CALENDAR.next_working_day(date(2026, 8, 21)) == date(2026, 8, 22)


def test_2026_vietnam_culture_day_is_in_the_notice_data_with_its_source() -> None:
    assert CALENDAR.day_off_reason(date(2026, 11, 24)) == "Vietnam Culture Day"  # the notice's name
    entry = next(e for e in CALENDAR.notices[2026].days_off if e.date_ == date(2026, 11, 24))
    assert entry.basis is not None and "28/2026/QH16" in entry.basis
    assert entry.sources and entry.note
    assert entry.verified is False  # no official text was found: the data says so
    assert ready(days(1), datetime(2026, 11, 23, 10, 0)) == datetime(2026, 11, 25, 10, 0)


def test_a_days_off_entry_with_its_own_basis_needs_sources() -> None:
    entry = {"date": "2026-11-24", "name": {"vi": "x", "en": "x"}, "basis": "Nghị quyết X"}
    notice = {
        "schema": 1,
        "year": 2026,
        "notice": "1/TB (synthetic)",
        "issued": "2026-01-01",
        "issuer": "x",
        "applies_to": "x",
        "days_off": [entry],
        "sources": [{"title": "synthetic", "url": "https://example.gov.vn/z"}],
    }
    with pytest.raises(ConfigError) as caught:
        parse_notice(json.dumps(notice).encode(), "2026.json")
    assert caught.value.key.startswith("days_off")


@pytest.mark.parametrize(
    ("day", "name"),
    [
        (date(2030, 2, 4), "Lunar New Year"),  # mùng 3 Tết 2030 (Tết falls on Sat 2 Feb)
        (date(2030, 4, 12), "Hung Kings"),  # 10/3 lunar 2030
        (date(2026, 4, 27), "Hung Kings"),  # 10/3 lunar is Sunday 26 April: Monday in lieu
    ],
)
def test_lunar_holidays_are_computed_for_any_year(day: date, name: str) -> None:
    reason = CALENDAR.day_off_reason(day)
    assert reason is not None and name in reason


def test_vietnamese_not_chinese_lunar_calendar() -> None:
    # Tết 2007 was 17 February in Viet Nam (18 in China): UTC+7 against UTC+8.
    assert CALENDAR.day_off_reason(date(2007, 2, 17)) is not None


def test_a_published_notice_adds_days_off_and_working_saturdays(tmp_path: Path) -> None:
    notice = {
        "schema": 1,
        "year": 2027,
        "notice": "123/TB-BNV (synthetic)",
        "issued": "2026-10-01",
        "issuer": "Bộ Nội vụ",
        "applies_to": "cán bộ, công chức",
        "days_off": [{"date": "2027-03-05", "name": {"vi": "Nghỉ bù", "en": "Bridging day"}}],
        "working_days": [{"date": "2027-03-13", "name": {"vi": "Làm bù", "en": "Worked"}}],
        "sources": [{"title": "synthetic notice for the test", "url": "https://example.gov.vn/x"}],
    }
    (tmp_path / "2027.json").write_text(json.dumps(notice), encoding="utf-8")
    calendar = WorkCalendar.shipped(load_notices(tmp_path))
    assert not calendar.is_working_day(date(2027, 3, 5))
    assert calendar.is_working_day(date(2027, 3, 13))
    assert CALENDAR.is_working_day(date(2027, 3, 5))  # without the notice: a Friday


def test_a_bad_notice_names_the_file_and_key(tmp_path: Path) -> None:
    (tmp_path / "bad.json").write_text(
        json.dumps({"schema": 1, "year": 2027, "days_off": [{"date": "2027-02-30"}]}),
        encoding="utf-8",
    )
    with pytest.raises(ConfigError) as caught:
        load_notices(tmp_path)
    assert caught.value.source.endswith("bad.json")
    assert caught.value.key == "notice"


def test_center_hours_are_checked() -> None:
    with pytest.raises(ConfigError) as caught:
        parse_hours('[office]\nmorning = ["11:30", "07:30"]\n', "center_hours.toml")
    assert caught.value.key == "office"


# -- appointment dates -----------------------------------------------------------


def test_2025_tet_pushes_a_10_day_procedure() -> None:
    assert ready(days(10), datetime(2025, 1, 24, 10, 0)) == datetime(2025, 2, 14, 10, 0)


def test_2026_tet_pushes_same_day_and_10_day_procedures() -> None:
    assert ready(SAME_DAY, datetime(2026, 2, 13, 10, 0)) == datetime(2026, 2, 13, 17, 0)
    assert ready(SAME_DAY, datetime(2026, 2, 13, 15, 5)) == datetime(2026, 2, 23, 17, 0)
    assert ready(days(10), datetime(2026, 2, 13, 10, 0)) == datetime(2026, 3, 6, 10, 0)


def test_2026_swapped_saturday_counts_and_bridging_monday_does_not() -> None:
    assert ready(SAME_DAY, datetime(2026, 8, 21, 16, 0)) == datetime(2026, 8, 22, 17, 0)
    assert ready(days(7), datetime(2026, 8, 28, 10, 0)) == datetime(2026, 9, 11, 10, 0)


@pytest.mark.parametrize(
    ("received", "expected", "rule"),
    [
        (datetime(2026, 3, 6, 15, 29), datetime(2026, 3, 6, 17, 0), "No-waiting Friday"),
        (datetime(2026, 3, 6, 15, 31), datetime(2026, 3, 9, 9, 0), "No-waiting Friday"),
        (datetime(2026, 8, 21, 15, 31), datetime(2026, 8, 22, 9, 0), "No-waiting Friday"),
        (datetime(2026, 2, 20, 10, 0), datetime(2026, 2, 24, 7, 30), "1 working day(s)"),
    ],
)
def test_no_waiting_friday(received: datetime, expected: datetime, rule: str) -> None:
    result = due(days(1), received, CALENDAR, FRIDAY_HOURS, ONE_DAY)
    assert (result.ready_at, result.rule.split(";")[0]) == (expected, rule)
    # Off by default: the procedure's own rule.
    assert ready(days(1), received) == working_days_later(received, 1)


def working_days_later(received: datetime, count: int) -> datetime:
    start = clock_start(received, CALENDAR, HOURS)
    return datetime.combine(CALENDAR.add_working_days(start.date(), count), start.time())


def test_friday_rule_never_shortens_a_longer_legal_time() -> None:
    friday = datetime(2026, 3, 6, 10, 0)
    # The criminal-record certificate: 10 working days, even when (wrongly) listed.
    result = due(days(10), friday, CALENDAR, FRIDAY_HOURS, "2.000488")
    assert result.ready_at == datetime(2026, 3, 20, 10, 0) and "Friday" not in result.rule
    assert due(days(7), friday, CALENDAR, FRIDAY_HOURS, "1.004222").ready_at == datetime(
        2026, 3, 17, 10, 0
    )
    eight_hours = Processing(kind="working_hours", amount=8)  # more than a 7 h 30 office day
    assert not friday_eligible(eight_hours, HOURS)
    assert friday_eligible(Processing(kind="working_hours", amount=4), HOURS)
    assert friday_eligible(SAME_DAY, HOURS) and friday_eligible(days(1), HOURS)
    assert not friday_eligible(days(2), HOURS)


def test_friday_rule_covers_only_the_listed_procedures() -> None:
    friday = datetime(2026, 3, 6, 15, 10)  # after the same-day cut-off, before 15:30
    listed = due(SAME_DAY, friday, CALENDAR, FRIDAY_HOURS, "2.000815")
    unlisted = due(SAME_DAY, friday, CALENDAR, FRIDAY_HOURS, "2.000884")
    assert listed.ready_at == datetime(2026, 3, 6, 17, 0)
    assert unlisted.ready_at == datetime(2026, 3, 9, 17, 0)
    # Shipped: off, and no procedure listed.
    assert not HOURS.no_waiting_friday.enabled and HOURS.no_waiting_friday.procedures == ()
    assert CenterHours().no_waiting_friday.procedures == ()


def test_friday_rule_refuses_a_wildcard() -> None:
    text = '[no_waiting_friday]\nenabled = true\nprocedures = ["*"]\n'
    with pytest.raises(ConfigError) as caught:
        parse_hours(text, "center_hours.toml")
    assert caught.value.key == "no_waiting_friday.procedures"
    assert "'*' is not accepted" in str(caught.value)


@pytest.mark.parametrize(
    ("received", "counted_from"),
    [
        (datetime(2026, 4, 27, 9, 0), datetime(2026, 4, 28, 7, 30)),  # Hùng Kings in lieu
        (datetime(2026, 9, 2, 9, 0), datetime(2026, 9, 3, 7, 30)),  # National Day
        (datetime(2026, 3, 7, 9, 0), datetime(2026, 3, 9, 7, 30)),  # a Saturday
        (datetime(2026, 3, 9, 17, 30), datetime(2026, 3, 10, 7, 30)),  # after hours
        (datetime(2026, 3, 9, 6, 45), datetime(2026, 3, 9, 7, 30)),  # before opening
        (datetime(2026, 3, 9, 12, 10), datetime(2026, 3, 9, 13, 30)),  # lunch break
    ],
)
def test_received_outside_office_hours_counts_from_the_next_opening(
    received: datetime, counted_from: datetime
) -> None:
    assert clock_start(received, CALENDAR, HOURS) == counted_from


def test_working_hours_skip_lunch_and_nights() -> None:
    eight_hours = Processing(kind="working_hours", amount=8)
    # 30 min + 3 h 30 (Monday) + 4 h (Tuesday morning): an office day is 7 h 30 here.
    assert ready(eight_hours, datetime(2026, 3, 9, 11, 0)) == datetime(2026, 3, 10, 11, 30)


def test_aware_times_are_read_in_vietnam_time() -> None:
    received = datetime(2026, 3, 9, 1, 0, tzinfo=UTC)  # 08:00 in Hà Nội
    result = due(SAME_DAY, received, CALENDAR, HOURS)
    assert result.ready_at.isoformat() == "2026-03-09T17:00:00+07:00"


def test_every_shipped_procedure_gets_a_working_day() -> None:
    received = datetime(2026, 2, 13, 16, 0)
    for procedure in shipped_catalog().procedures:
        result = due(procedure.processing, received, CALENDAR, HOURS, procedure.code)
        assert CALENDAR.is_working_day(result.ready_at.date()), procedure.code


# -- years without an official notice ------------------------------------------------


def synthetic_2027_notice(folder: Path) -> Path:
    notice = {
        "schema": 1,
        "year": 2027,
        "notice": "999/TB-BNV (synthetic)",
        "issued": "2026-11-20",
        "issuer": "Bộ Nội vụ",
        "applies_to": "cán bộ, công chức",
        "days_off": [{"date": "2027-01-04", "name": {"vi": "Nghỉ bù", "en": "Bridging day"}}],
        "sources": [{"title": "synthetic notice for the test", "url": "https://example.gov.vn/y"}],
    }
    (folder / "2027.json").write_text(json.dumps(notice), encoding="utf-8")
    return folder


def test_a_date_in_a_year_without_a_notice_is_provisional() -> None:
    result = due(days(10), datetime(2027, 3, 1, 10, 0), CALENDAR, HOURS)
    assert result.provisional
    assert "2027" in result.provisional_reason and "Labor Code" in result.provisional_reason
    in_2026 = due(days(10), datetime(2026, 3, 2, 10, 0), CALENDAR, HOURS)
    assert not in_2026.provisional and in_2026.provisional_reason == ""


def test_counting_into_a_year_without_a_notice_is_provisional() -> None:
    # Received in 2026 (noticed), ready in January 2027 (not yet).
    result = due(days(10), datetime(2026, 12, 28, 10, 0), CALENDAR, HOURS)
    assert result.ready_at == datetime(2027, 1, 12, 10, 0) and result.provisional


def test_the_published_notice_replaces_the_estimate(tmp_path: Path) -> None:
    calendar = WorkCalendar.shipped(load_notices(synthetic_2027_notice(tmp_path)))
    result = due(days(10), datetime(2026, 12, 28, 10, 0), calendar, HOURS)
    # The notice's bridging Monday 4 January pushes the date by a day, and it is firm.
    assert result.ready_at == datetime(2027, 1, 13, 10, 0)
    assert not result.provisional and result.provisional_reason == ""


# -- properties ----------------------------------------------------------------

moments = st.datetimes(min_value=datetime(2025, 1, 1), max_value=datetime(2027, 12, 31)).map(
    lambda moment: moment.replace(second=0, microsecond=0)
)
rules = st.one_of(
    st.just(SAME_DAY),
    st.integers(1, 20).map(days),
    st.integers(1, 40).map(lambda n: Processing(kind="working_hours", amount=n)),
)


@settings(max_examples=300, deadline=None)
@given(received=moments, processing=rules)
def test_the_date_is_a_working_day_in_office_hours(
    received: datetime, processing: Processing
) -> None:
    result = ready(processing, received)
    assert CALENDAR.is_working_day(result.date())
    assert HOURS.office.opens <= result.time() <= HOURS.office.closes


@settings(max_examples=300, deadline=None)
@given(received=moments, processing=rules)
def test_never_earlier_than_the_rule(received: datetime, processing: Processing) -> None:
    result = ready(processing, received)
    assert result > received
    if processing.kind == "working_days":
        assert CALENDAR.working_days_between(received.date(), result.date()) >= processing.amount
    if processing.kind == "working_hours":
        assert result - received >= timedelta(hours=processing.amount)


@settings(max_examples=300, deadline=None)
@given(first=moments, later_by=st.timedeltas(timedelta(0), timedelta(days=20)), processing=rules)
def test_monotone_in_received_time(
    first: datetime, later_by: timedelta, processing: Processing
) -> None:
    assert ready(processing, first) <= ready(processing, first + later_by)


@settings(max_examples=200, deadline=None)
@given(received=moments, processing=rules)
def test_friday_rule_never_makes_it_later(received: datetime, processing: Processing) -> None:
    with_rule = ready(processing, received, FRIDAY_HOURS)
    assert with_rule <= ready(processing, received)
    assert CALENDAR.is_working_day(with_rule.date())
