"""The call for staff: one open call, closed by the citizen, the staff or the end of the session."""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta, timezone

import pytest

from kiosk.config import Timeouts
from kiosk.delivery import heartbeat_status
from kiosk.help_call import STATUS_KEY, CloseReason, HelpDesk
from kiosk.session import ATTRACT, EndReason, EventKind, KioskSession, SessionEvent
from offline_queue.sync import SyncStatus

ICT = timezone(timedelta(hours=7))


def test_a_call_opens_once_keeps_its_time_and_reports_in_utc() -> None:
    times = iter(
        [datetime(2026, 12, 4, 16, 0, tzinfo=ICT), datetime(2026, 12, 4, 16, 5, tzinfo=ICT)]
    )
    desk = HelpDesk(clock=lambda: next(times))
    heard: list[bool] = []
    desk.subscribe(lambda: heard.append(desk.is_open))
    assert desk.status() is None
    first = desk.request("intake:question")
    again = desk.request("intake:paper")  # a second tap while waiting
    assert again is first and heard == [True]
    assert desk.status() == {
        "requested_at": "2026-12-04T09:00:00+00:00",
        "screen": "intake:question",
    }
    desk.close(CloseReason.STAFF)
    desk.close(CloseReason.CITIZEN)  # nothing open: nothing heard
    assert heard == [True, False] and desk.status() is None


def test_the_heartbeat_always_carries_the_key_null_when_no_call() -> None:
    desk = HelpDesk(clock=lambda: datetime(2026, 12, 4, 9, 0, tzinfo=UTC))
    quiet = heartbeat_status(SyncStatus(), {}, help_call=desk.status())
    assert STATUS_KEY in quiet and quiet[STATUS_KEY] is None
    desk.request("procedure")
    beat = heartbeat_status(SyncStatus(), {}, help_call=desk.status())
    assert beat[STATUS_KEY] == {"requested_at": "2026-12-04T09:00:00+00:00", "screen": "procedure"}


def test_the_log_names_the_screen_and_the_reason_only(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger="kiosk.help_call")
    desk = HelpDesk()
    desk.request("intake:consent")
    desk.close(CloseReason.SESSION_ENDED)
    messages = [r.getMessage() for r in caplog.records]
    assert messages == ["help call raised", "help call closed"]


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_the_idle_rule_waits_while_a_call_is_open_and_starts_afresh_after() -> None:
    clock = Clock()
    timeouts = Timeouts()
    session = KioskSession(timeouts, "vi", clock)
    events: list[SessionEvent] = []
    session.subscribe(events.append)
    session.start("overview")
    session.pause_idle(True)
    clock.now += timeouts.idle_warning_s + timeouts.idle_countdown_s + 10
    session.tick()
    assert session.active and not session.warning_shown, "nobody is timed out waiting for help"
    session.pause_idle(False)
    session.tick()
    assert session.active and not session.warning_shown, "the count starts when the call closes"
    clock.now += timeouts.idle_warning_s + 1
    session.tick()
    assert events[-1].kind is EventKind.IDLE_WARNING


def test_an_open_warning_closes_when_a_call_opens_and_the_wipe_unpauses() -> None:
    clock = Clock()
    timeouts = Timeouts()
    session = KioskSession(timeouts, "vi", clock)
    events: list[SessionEvent] = []
    session.subscribe(events.append)
    session.start("overview")
    clock.now += timeouts.idle_warning_s + 1
    session.tick()
    assert session.warning_shown
    session.pause_idle(True)
    assert events[-1].kind is EventKind.RESUMED and session.idle_paused
    session.end(EndReason.CANCELLED)
    assert session.step == ATTRACT and not session.idle_paused
