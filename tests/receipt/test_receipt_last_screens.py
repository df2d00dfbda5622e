"""The last two screens on Qt offscreen: where to collect and pay, then "take your card".

The goodbye screen leads with the card (icon and headline), says the dossier
was received (not decided), reminds to bring the originals, and does not end
the session while the card is still on the reader: it beeps a reminder instead.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QThreadPool
from pytestqt.qtbot import QtBot

from kiosk.config import Config, Language, Timeouts
from kiosk.journey import DEFAULT_JOURNEY
from kiosk.receipt import RECEIPT_FACTS_KEY
from kiosk.receipt.desk import ReceiptDesk
from kiosk.receipt.facts import ReceiptFacts
from kiosk.session import EventKind, KioskSession, SessionEvent
from ui.app import KIOSK_SIZE, application
from ui.i18n import Translations
from ui.journey.goodbye import REMIND_S, REMINDERS, GoodbyeScreen
from ui.receipt import ReceiptScreen, ReceiptState
from ui.screens.base import Navigator, ScreenContext
from ui.screenshots import save_screenshot

WAIT_MS = 5000


@pytest.fixture(autouse=True)
def _no_worker_left_behind() -> Iterator[None]:
    yield
    QThreadPool.globalInstance().waitForDone(5000)
    Translations().apply("en")


def context(language: Language, facts: ReceiptFacts | None = None) -> ScreenContext:
    application()
    Translations().apply(language)
    session = KioskSession(Timeouts(), language)
    session.start("goodbye")
    if facts is not None:
        session.hold(RECEIPT_FACTS_KEY, facts)
    nothing = Navigator(lambda: None, lambda: None, lambda: None, lambda _: None)
    return ScreenContext(Config(), session, DEFAULT_JOURNEY, nothing)


def test_the_receipt_screen_says_where_to_collect_what_to_pay_and_where_the_slot_is(
    qtbot: QtBot, desk: ReceiptDesk, facts: ReceiptFacts, screenshots_dir: Path
) -> None:
    at_center = facts.model_copy(update={"collect_at": "Trung tâm Phục vụ hành chính công"})
    screen = ReceiptScreen(context("vi"), desk, at_center)
    qtbot.addWidget(screen)
    screen.resize(*KIOSK_SIZE)
    screen.show()
    qtbot.waitUntil(lambda: screen.state is ReceiptState.PRINTED, timeout=WAIT_MS)
    assert screen.collect.text() == (
        "Nơi nhận kết quả: Trung tâm Phục vụ hành chính công — Bộ phận Một cửa."
    )
    assert screen.payment.text() == (
        "Phí: 200.000 ₫, nộp tại: Bộ phận Một cửa. Ki-ốt không thu tiền."
    )
    assert "khe máy in phía dưới màn hình" in screen.slot_hint.text()
    assert all(w.isVisible() for w in (screen.collect, screen.payment, screen.slot_hint))
    save_screenshot(screen, screenshots_dir / "receipt-printed-vi.png")


class _Entry:
    official_code = "000.00.00.H00-261123-0007"


class _SyncedOutbox:
    def entry(self, code: str) -> _Entry:
        return _Entry()


def test_an_official_code_the_sync_brought_back_is_shown_and_kept_for_goodbye(
    qtbot: QtBot, desk: ReceiptDesk, facts: ReceiptFacts
) -> None:
    synced = ReceiptDesk(desk.printer, desk.settings, desk.flag, codes=_SyncedOutbox())
    screen_context = context("en", facts)
    screen = ReceiptScreen(screen_context, synced, facts)
    qtbot.addWidget(screen)
    qtbot.waitUntil(lambda: screen.state is ReceiptState.PRINTED, timeout=WAIT_MS)
    assert screen.code.text() == _Entry.official_code
    held = screen_context.session.held(RECEIPT_FACTS_KEY)
    assert isinstance(held, ReceiptFacts) and held.official_code == _Entry.official_code
    assert held.code == facts.code  # the provisional code stays the outbox's key
    goodbye = GoodbyeScreen(screen_context)
    qtbot.addWidget(goodbye)
    assert goodbye.next_steps.text().startswith(f"Dossier {_Entry.official_code}.")


class Reader:
    def __init__(self) -> None:
        self.card = True

    def __call__(self) -> bool:
        return self.card


def ended(session: KioskSession) -> list[SessionEvent]:
    events: list[SessionEvent] = []
    session.subscribe(lambda event: events.append(event) if event.kind is EventKind.ENDED else None)
    return events


def test_goodbye_leads_with_the_card_and_says_received_not_done(
    qtbot: QtBot, facts: ReceiptFacts, screenshots_dir: Path
) -> None:
    screen = GoodbyeScreen(context("vi", facts), card_on_reader=Reader())
    qtbot.addWidget(screen)
    screen.resize(*KIOSK_SIZE)
    screen.show()
    assert screen.title.text() == "Nhận lại thẻ căn cước"
    assert screen.icon.pixmap() is not None and not screen.icon.pixmap().isNull()
    assert screen.received.text().startswith("Hồ sơ đã được tiếp nhận.")
    assert "hoàn tất" not in screen.received.text() + screen.title.text()
    assert "bản chính các giấy tờ" in screen.next_steps.text()
    assert screen.countdown.text() == "Màn hình này sẽ đóng khi bạn nhận lại thẻ."
    assert screen.spoken_instruction().startswith("Nhận lại thẻ căn cước.")
    save_screenshot(screen, screenshots_dir / "goodbye-vi.png")


def test_goodbye_waits_for_the_card_with_a_reminder_and_ends_when_it_is_taken(
    qtbot: QtBot, facts: ReceiptFacts, screenshots_dir: Path
) -> None:
    reader = Reader()
    screen_context = context("en", facts)
    events = ended(screen_context.session)
    screen = GoodbyeScreen(screen_context, seconds=1, card_on_reader=reader)
    qtbot.addWidget(screen)
    screen.resize(*KIOSK_SIZE)
    screen.show()
    qtbot.mouseClick(screen.finish_button, Qt.MouseButton.LeftButton)
    assert screen_context.session.active and events == []  # the card is still there
    assert screen.reminders == 1 and screen.reminder.isVisible()
    assert screen.reminder.text() == "Your ID card is still on the reader. Please take it with you."
    assert screen.seconds_left == REMIND_S
    save_screenshot(screen, screenshots_dir / "goodbye-card-left-en.png")
    reader.card = False
    screen.card_removed()
    assert not screen_context.session.active and len(events) == 1


def test_goodbye_gives_up_after_the_reminders_so_the_next_person_never_sees_it(
    qtbot: QtBot, facts: ReceiptFacts
) -> None:
    screen_context = context("en", facts)
    screen = GoodbyeScreen(screen_context, card_on_reader=Reader())
    qtbot.addWidget(screen)
    for _ in range(REMINDERS):
        screen.finish()
    assert screen_context.session.active and screen.reminders == REMINDERS
    screen.finish()
    assert not screen_context.session.active


def test_without_a_card_on_the_reader_the_countdown_ends_the_session(
    qtbot: QtBot, facts: ReceiptFacts
) -> None:
    reader = Reader()
    reader.card = False
    screen_context = context("en", facts)
    screen = GoodbyeScreen(screen_context, seconds=1, card_on_reader=reader)
    qtbot.addWidget(screen)
    assert screen.countdown.text() == "This screen closes in 1 second."
    qtbot.waitUntil(lambda: not screen_context.session.active, timeout=WAIT_MS)
    assert screen.reminders == 0
