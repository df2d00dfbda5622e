"""Acceptance: the whole citizen journey on every simulator, in one process.

The card goes through the real pcscd + vpcd (the session's daemon), the camera
is the scripted desk, the receipt printer a loopback ESC/POS printer on TCP,
the center the reference server on loopback. A scripted citizen taps through
two procedures; the test then opens the dossiers at the center and reads the
receipts back from the printer's bytes. The idle and card-removed paths end
the session mid-journey and the test checks that nothing of it is left.
"""

from __future__ import annotations

import gc
import logging
import os
import re
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from PIL import Image, ImageChops
from pytestqt.qtbot import QtBot

from drivers.card.pcscd import PcscDaemon
from drivers.speech.recording import RecordingSpeaker
from kiosk.app import Devices, open_kiosk
from kiosk.config import Config, Paths, Timeouts
from kiosk.delivery import Delivery
from kiosk.dossier import Dossier
from kiosk.intake import flow_of
from kiosk.parts import SessionResources
from kiosk.receipt import ReceiptFacts, render_receipt
from kiosk.session import ATTRACT, EndReason, EventKind, KioskSession, SessionEvent
from kiosk.simulated import SimulatedWorld
from kiosk.textinput import type_text
from ui.app import DeviceWatch, build_citizen_window
from ui.capture import CaptureView
from ui.intake.host import IntakeHost
from ui.journey.wiring import RESOURCES_KEY, CitizenDesk
from ui.keyboard.keyboard import KIOSK_TONE_STYLE
from ui.main_window import KioskWindow
from ui.scripted import (
    CRIMINAL_RECORD,
    DEMO_VISITS,
    SIGNATURE,
    ScreenSeen,
    ScriptedCitizen,
    Visit,
    center_records,
    settle,
    wait_for_delivery,
    wait_until,
)

pytestmark = pytest.mark.realparts


class Clock:
    """The session's clock, moved by the test (the idle and card rules)."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def kiosk(tmp_path: Path, pcscd_daemon: PcscDaemon) -> Iterator[tuple[Config, Devices, Delivery]]:
    config = Config(paths=Paths(state_dir=tmp_path / "state"))
    with open_kiosk(config, daemon=pcscd_daemon) as (devices, delivery):
        yield config, devices, delivery


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def window(
    qtbot: QtBot, kiosk: tuple[Config, Devices, Delivery], clock: Clock
) -> Iterator[tuple[KioskWindow, CitizenDesk]]:
    config, devices, delivery = kiosk
    session = KioskSession(config.timeouts, config.languages.default, clock)
    built, desk = build_citizen_window(config, devices, delivery, session)
    watch = DeviceWatch(built, desk.parts)  # as the kiosk runs it
    qtbot.addWidget(built)
    built.show()
    qtbot.waitExposed(built)
    yield built, desk
    watch.close()
    built.session.end(EndReason.CANCELLED)
    settle()


def world_of(devices: Devices) -> SimulatedWorld:
    assert devices.world is not None
    return devices.world


def assert_every_screen_usable(citizen: ScriptedCitizen) -> None:
    """Nothing squeezed or hidden, no target under 44 px, on every screen the citizen saw."""
    assert citizen.overflows == [], f"screens that did not fit: {citizen.overflows}"
    assert citizen.small_targets == [], f"touch targets under 44 px: {citizen.small_targets}"
    assert citizen.tight_buttons == [], f"buttons under 16 px apart: {citizen.tight_buttons}"
    assert citizen.clipped == [], f"texts cut where they are drawn: {citizen.clipped}"


UNCOUNTED = ("overview", "rating", "goodbye")  # the overview lists the four steps itself


def _n_of_total(screen: ScreenSeen) -> tuple[int, int]:
    found = re.search(r"(\d+)\D+(\d+)\s*$", screen.indicator)
    assert found is not None, f"{screen.name}: no n of N in {screen.indicator!r}"
    return int(found.group(1)), int(found.group(2))


def assert_counted(screens: list[ScreenSeen]) -> None:
    """Screens of one kind say 1 of N, 2 of N, ... in turn; N is the count at the end.

    N may grow on the way (an answer calls for more questions), never shrink.
    """
    counts = [_n_of_total(screen) for screen in screens]
    assert [n for n, _ in counts] == list(range(1, len(screens) + 1)), counts
    totals = [total for _, total in counts]
    assert totals == sorted(totals) and totals[-1] == len(screens), counts


# Screens where the citizen picks one of equal choices (a procedure, an answer, a
# rating) or waits for a device: the pick moves the visit on, so no primary button.
PICKS = ("procedures", "search", "identity-show-qr", "rating")


def assert_signposted(screens: list[ScreenSeen], choices: frozenset[str]) -> None:
    """Every screen of a visit: where am I, a way to call staff, exactly one primary button
    (none where the citizen picks among ``choices``, the ids of the choice questions)."""
    assert screens, "the visit took no screenshots"
    for screen in screens:
        assert screen.help_shown, f"{screen.name}: no Call staff button"
        picks = screen.name in PICKS or screen.name.removeprefix("question-") in choices
        assert len(screen.primaries) == (0 if picks else 1), (
            f"{screen.name}: primaries {screen.primaries}"
        )
        if screen.name not in UNCOUNTED:
            assert screen.indicator, f"{screen.name}: no step indicator"
    questions = [s for s in screens if s.name.startswith("question-")]
    papers = [s for s in screens if s.name.startswith("paper-") and s.name.endswith("-camera")]
    assert questions and papers
    assert_counted(questions)
    assert_counted(papers)
    steps = [s.indicator for s in screens if s.name not in UNCOUNTED]
    stage_numbers = [int(re.findall(r"\d+", text)[0]) for text in steps]
    assert stage_numbers == sorted(stage_numbers), "the steps only go forward"
    assert stage_numbers[0] == 1 and stage_numbers[-1] == 4, steps


def same_picture(printed: Image.Image, rendered: Image.Image) -> bool:
    """The printed strip starts with the rendered receipt, dot for dot."""
    top = printed.crop((0, 0, rendered.width, rendered.height)).convert("L")
    return ImageChops.difference(top, rendered.convert("L")).getbbox() is None


def test_two_procedures_from_the_attract_screen_to_the_center_and_the_receipt(
    window: tuple[KioskWindow, CitizenDesk],
    kiosk: tuple[Config, Devices, Delivery],
    screenshots_dir: Path,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    built, desk = window
    config, devices, delivery = kiosk
    world = world_of(devices)
    citizen = ScriptedCitizen(built, world, screenshots_dir)
    citizen.shot("attract")
    records = []
    for visit in DEMO_VISITS:
        seen_before = len(citizen.screens)
        records.append(citizen.play(visit))
        asked = desk.parts.catalog.procedure(visit.procedure).questions
        choices = frozenset(q.id for q in asked if q.type in ("choice", "yes_no"))
        assert_signposted(citizen.screens[seen_before:], choices)
    assert_every_screen_usable(citizen)

    wait_for_delivery(delivery, len(records))
    assert world.center is not None
    opened = center_records(world.center, config.kiosk.id, [r.facts.code for r in records])
    for record, entry in zip(records, opened, strict=True):
        visit, who = record.visit, world.citizens[record.visit.citizen].citizen
        dossier = Dossier.model_validate(entry["dossier"])
        # The center holds what was entered: the procedure, the person off the chip, the answers.
        assert dossier.provisional_code == record.facts.code
        assert dossier.procedure_code == visit.procedure
        assert dossier.identity.id_number == who.id_number
        assert dossier.identity.full_name == who.full_name
        assert dossier.identity.verdict.value == "genuine"
        for key, value in visit.answers.items():
            if value == "":
                continue
            # Text was typed as Telex keystrokes on the on-screen keyboard.
            expected = type_text(value, style=KIOSK_TONE_STYLE) if isinstance(value, str) else value
            stored = dossier.answers[key]
            assert stored == expected or str(stored) == expected, (key, stored, expected)
        assert dossier.language == visit.language
        # Exactly one copy of each at the center, acknowledged on the kiosk.
        entry_status = entry["status"]
        assert isinstance(entry_status, dict) and entry_status["state"] == "received"
        outbox_entry = delivery.outbox.entry(record.facts.code)
        assert outbox_entry is not None and outbox_entry.official_code
        # The receipt read back from the printer's bytes is the receipt of that dossier.
        assert record.receipt_png is not None and record.receipt_picture is not None
        printed = Image.open(record.receipt_png)
        assert same_picture(printed, record.receipt_picture)
        procedure = desk.parts.catalog.procedure(dossier.procedure_code)
        facts = ReceiptFacts.from_dossier(dossier, desk.parts.desk.settings, procedure)
        assert facts == record.facts
        assert facts.ready_at == dossier.appointment.ready_at
        # The sync may have brought the official code back before the slip printed.
        acknowledged = facts.model_copy(update={"official_code": outbox_entry.official_code})
        assert any(
            same_picture(printed, render_receipt(shown, desk.parts.desk.settings, printed_at=at))
            for at in _minutes_around(record.facts.received_at)
            for shown in (facts, acknowledged)
        ), "the printed receipt is the rendering of the dossier's code and appointment"
    assert world.center.service.dossier_count() == len(records)

    # The session left nothing behind: no scans on disk, no personal data in the logs.
    assert not built.session.active and built.session.held_keys == frozenset()
    assert not list(Path("/dev/shm").glob(f"kiosk-session-{os.getpid()}-*"))
    for record in records:
        who = world.citizens[record.visit.citizen].citizen
        for record_line in caplog.records:
            message = record_line.getMessage()
            assert who.id_number not in message and who.full_name not in message
    # A demo-worthy number of taps for the criminal-record certificate with two papers.
    assert records[0].taps <= 40, records[0].taps


def _minutes_around(moment: datetime) -> list[datetime]:
    start = moment.replace(second=0, microsecond=0)
    return [start + timedelta(minutes=delta) for delta in range(-1, 4)]


def _to_a_paper(citizen: ScriptedCitizen, built: KioskWindow, visit: Visit) -> IntakeHost:
    """Walk ``visit`` to its first paper and capture one page of it."""
    citizen.begin(visit)
    citizen.identify(visit)
    host = built.current
    assert isinstance(host, IntakeHost)
    while not isinstance(host.view, CaptureView):
        citizen.answer_current(visit)
        settle()
    view = host.view
    citizen.act(citizen.world.put_papers_under_camera)  # the desk is empty after the card
    wait_until(lambda: view.status.count >= 1, timeout_s=30, what="a page")
    return host


def _assert_wiped(built: KioskWindow, resources: SessionResources) -> None:
    session = built.session
    assert session.step == ATTRACT and built.current is None
    assert session.held_keys == frozenset()
    assert not resources.scratch.exists(), "the session's scans are deleted"
    assert resources.card.qr is None, "the card's QR (ID number, name, address) is forgotten"
    assert built.stack.currentWidget() is built.attract
    settle()
    gc.collect()
    # No widget of the session is left alive anywhere in the window.
    assert not built.findChildren(IntakeHost)
    assert not built.findChildren(CaptureView)


def test_idle_mid_journey_warns_then_wipes_everything(
    window: tuple[KioskWindow, CitizenDesk],
    kiosk: tuple[Config, Devices, Delivery],
    clock: Clock,
) -> None:
    built, _ = window
    config, devices, _ = kiosk
    citizen = ScriptedCitizen(built, world_of(devices), None, both_languages=False)
    events: list[SessionEvent] = []
    built.session.subscribe(events.append)
    host = _to_a_paper(citizen, built, CRIMINAL_RECORD)
    resources = built.session.held(RESOURCES_KEY)
    assert isinstance(resources, SessionResources)
    flow = flow_of(built.session)
    assert flow is not None and flow.identity is not None
    assert any(resources.scratch.iterdir()), "a page waits in the scratch folder"
    capture = host.view
    assert isinstance(capture, CaptureView)

    timeouts: Timeouts = config.timeouts
    clock.now += timeouts.idle_warning_s + 1
    built.session.tick()
    assert built._idle_overlay_open and built.overlay.isVisible()
    assert built.overlay.primary.text() == "Tôi cần thêm thời gian"  # "I need more time"
    citizen.tap(built.overlay.primary)  # "I need more time"
    assert built.session.active and not built.overlay.isVisible()

    clock.now += timeouts.idle_warning_s + timeouts.idle_countdown_s + 1
    built.session.tick()
    settle()
    assert events[-1].kind is EventKind.ENDED and events[-1].reason is EndReason.IDLE
    _assert_wiped(built, resources)
    assert flow.identity is None, "the flow forgot the citizen"
    assert not capture.worker.alive, "the camera's worker stopped with the session"


def test_a_card_taken_off_mid_journey_pauses_then_ends_the_session(
    window: tuple[KioskWindow, CitizenDesk],
    kiosk: tuple[Config, Devices, Delivery],
    clock: Clock,
) -> None:
    built, _ = window
    config, devices, _ = kiosk
    world = world_of(devices)
    citizen = ScriptedCitizen(built, world, None, both_languages=False)
    _to_a_paper(citizen, built, CRIMINAL_RECORD)
    resources = built.session.held(RESOURCES_KEY)
    assert isinstance(resources, SessionResources)

    citizen.act(world.remove_card)
    wait_until(lambda: built.session.card_away, what="the pause")
    assert built.overlay.isVisible() and "lấy ra khỏi đầu đọc" in built.overlay.message.text()
    citizen.act(lambda: world.insert_card(CRIMINAL_RECORD.citizen))  # back in time: go on
    wait_until(lambda: not built.session.card_away, what="the resume")
    assert built.session.active and not built.overlay.isVisible()

    citizen.act(world.remove_card)
    wait_until(lambda: built.session.card_away, what="the pause")
    clock.now += config.timeouts.card_removed_s + 1
    built.session.tick()
    settle()
    _assert_wiped(built, resources)


def test_read_aloud_speaks_each_step_in_the_citizens_language(
    window: tuple[KioskWindow, CitizenDesk], kiosk: tuple[Config, Devices, Delivery]
) -> None:
    built, _ = window
    _, devices, _ = kiosk
    speaker = devices.speaker
    assert isinstance(speaker, RecordingSpeaker)
    citizen = ScriptedCitizen(built, world_of(devices), None, both_languages=False)
    citizen.tap(built.accessibility.bar.read_aloud)
    citizen.begin(CRIMINAL_RECORD)  # Vietnamese; the procedure chosen, the card's step shown
    settle(100)
    said = [(u.text, u.language) for u in speaker.said]
    assert any("Chọn thủ tục" in text and language == "vi" for text, language in said), said
    assert any("camera" in text for text, _ in said), "the identity step is read out"
    citizen.tap(built.language_button)  # English from here on
    settle(100)
    assert speaker.said[-1].language == "en"
    built.session.end(EndReason.CANCELLED)
    settle()
    assert not built.accessibility.state.speech, "the next citizen starts without read-aloud"


def test_larger_text_and_high_contrast_keep_every_screen_usable(
    window: tuple[KioskWindow, CitizenDesk],
    kiosk: tuple[Config, Devices, Delivery],
    screenshots_dir: Path,
) -> None:
    built, _ = window
    _, devices, _ = kiosk
    citizen = ScriptedCitizen(built, world_of(devices), screenshots_dir, both_languages=False)
    bar = built.accessibility.bar
    citizen.tap(bar.larger_text)
    citizen.tap(bar.high_contrast)
    record = citizen.play(SIGNATURE)
    assert record.facts.procedure_code == SIGNATURE.procedure
    assert_every_screen_usable(citizen)
    assert not built.accessibility.state.large_text, "the next citizen starts with normal text"


def test_a_call_for_staff_reaches_the_center_at_once_and_the_visit_goes_on(
    window: tuple[KioskWindow, CitizenDesk], kiosk: tuple[Config, Devices, Delivery]
) -> None:
    built, _ = window
    config, devices, _ = kiosk
    world = world_of(devices)
    assert world.center is not None
    service = world.center.service
    citizen = ScriptedCitizen(built, world, None, both_languages=False)
    citizen.begin(CRIMINAL_RECORD)  # on the identity step

    def center_call() -> object:
        record = service.kiosk_record(config.kiosk.id)
        return record.heartbeat.status.get("help_call") if record is not None else "none yet"

    citizen.tap(built.header.help_button)
    assert built.overlay.isVisible() and built.session.idle_paused
    # Not the 30 s poll: the call goes out as soon as it is raised.
    wait_until(lambda: isinstance(center_call(), dict), timeout_s=10, what="the call at the center")
    call = center_call()
    assert isinstance(call, dict) and call["screen"] == "intake:identity"
    assert datetime.fromisoformat(str(call["requested_at"])).utcoffset() == timedelta(0)
    citizen.tap(built.overlay.primary)  # go on while waiting
    assert isinstance(built.current, IntakeHost) and built.session.active

    citizen.tap(built.header.help_button)  # the staff member came: the call closes
    wait_until(lambda: center_call() is None, timeout_s=10, what="the call closed at the center")
    assert not built.session.idle_paused
