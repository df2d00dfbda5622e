"""The Qt-free session: navigation, language, idle warning and the wipe."""

import pytest

from kiosk.config import Timeouts
from kiosk.session import ATTRACT, EndReason, EventKind, KioskSession, SessionEvent


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def session(clock: FakeClock) -> KioskSession:
    return KioskSession(Timeouts(idle_warning_s=60, idle_countdown_s=30), "vi", clock)


def record(session: KioskSession) -> list[SessionEvent]:
    events: list[SessionEvent] = []
    session.subscribe(events.append)
    return events


def test_start_go_back_and_finish(session: KioskSession) -> None:
    events = record(session)
    session.start("overview")
    session.go("identity")
    session.go("questions")
    session.back()
    assert session.step == "identity"
    session.end(EndReason.FINISHED)
    assert session.step == ATTRACT and not session.active
    assert [e.kind for e in events] == [
        EventKind.STARTED,
        EventKind.STEP,
        EventKind.STEP,
        EventKind.STEP,
        EventKind.ENDED,
    ]
    assert events[-1].reason is EndReason.FINISHED


def test_go_without_a_session_is_refused(session: KioskSession) -> None:
    with pytest.raises(RuntimeError):
        session.go("identity")


def test_the_wipe_drops_held_values_runs_cleanups_and_resets_language(
    session: KioskSession,
) -> None:
    cleaned: list[str] = []
    session.start("overview")
    session.set_language("en")
    session.hold("identity", {"name": "synthetic"})
    session.on_wipe(lambda: cleaned.append("temp files"))
    session.on_wipe(lambda: (_ for _ in ()).throw(OSError("disk")))  # a failing clean-up
    session.on_wipe(lambda: cleaned.append("camera preview"))
    session.end(EndReason.CANCELLED)
    assert session.held("identity") is None
    assert session.held_keys == frozenset()
    assert cleaned == ["camera preview", "temp files"]
    assert session.language == "vi"
    assert not session.can_go_back


def test_idle_warns_then_ends(session: KioskSession, clock: FakeClock) -> None:
    events = record(session)
    session.start("overview")
    clock.now += 59
    session.tick()
    assert events[-1].kind is EventKind.STARTED
    clock.now += 1
    session.tick()
    assert events[-1].kind is EventKind.IDLE_WARNING
    assert events[-1].seconds_left == 30
    clock.now += 29.5
    session.tick()
    assert events[-1].seconds_left == 1
    clock.now += 0.5
    session.tick()
    assert events[-1].kind is EventKind.ENDED
    assert events[-1].reason is EndReason.IDLE


def test_more_time_dismisses_the_warning_and_restarts_the_count(
    session: KioskSession, clock: FakeClock
) -> None:
    events = record(session)
    session.start("overview")
    clock.now += 70
    session.tick()
    assert session.warning_shown
    session.touch()
    assert events[-1].kind is EventKind.RESUMED
    clock.now += 59
    session.tick()
    assert session.active and not session.warning_shown


def test_the_attract_screen_never_times_out(session: KioskSession, clock: FakeClock) -> None:
    events = record(session)
    clock.now += 10_000
    session.tick()
    assert events == []


def test_a_card_taken_off_before_the_chip_read_changes_nothing(
    session: KioskSession, clock: FakeClock
) -> None:
    events = record(session)
    session.start("procedure")
    session.card_removed()
    clock.now += Timeouts().card_removed_s + 5  # well before the idle warning
    session.tick()
    assert session.active and not session.card_away
    assert EventKind.CARD_AWAY not in [e.kind for e in events]


def test_a_card_taken_off_mid_journey_pauses_then_ends_the_session(
    session: KioskSession, clock: FakeClock
) -> None:
    events = record(session)
    session.start("procedure")
    session.hold("identity", "someone")
    session.need_card(True)
    session.card_removed()
    assert session.card_away and events[-1].kind is EventKind.CARD_AWAY
    assert events[-1].seconds_left == Timeouts().card_removed_s
    clock.now += Timeouts().card_removed_s - 5
    session.tick()
    assert events[-1].kind is EventKind.CARD_AWAY and events[-1].seconds_left == 5
    clock.now += 5
    session.tick()
    assert not session.active and events[-1].reason is EndReason.CARD_REMOVED
    assert session.held_keys == frozenset() and not session.card_away


def test_the_card_put_back_resumes_and_the_idle_rule_starts_again(
    session: KioskSession, clock: FakeClock
) -> None:
    events = record(session)
    session.start("procedure")
    session.need_card(True)
    clock.now += 50  # close to the idle warning when the card leaves
    session.card_removed()
    clock.now += 15
    session.tick()
    session.card_returned()
    assert events[-1].kind is EventKind.RESUMED and not session.card_away
    clock.now += 59
    session.tick()
    assert session.active and not session.warning_shown


def test_after_the_receipt_the_card_may_leave(session: KioskSession, clock: FakeClock) -> None:
    session.start("procedure")
    session.need_card(True)
    session.need_card(False)
    session.card_removed()
    clock.now += Timeouts().card_removed_s + 5
    session.tick()
    assert session.active and not session.card_away
