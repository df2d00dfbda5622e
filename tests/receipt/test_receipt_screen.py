"""The receipt step on Qt offscreen: printing, "take your receipt", and the fallback screens.

Paper out, cover open and a printer that is off each leave the citizen with
the receipt on screen (its QR readable from a screenshot), the kiosk flagged
for a technician, no job on the printer, and exactly one job after a retry.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
import shiboken6
from PIL import Image
from PySide6.QtCore import Qt, QThreadPool
from pytestqt.qtbot import QtBot
from receipt_checks import qr_texts

from drivers.printer.loopback import LoopbackPrinter
from drivers.printer.port import PrinterStatus
from kiosk.config import Config, Language, Timeouts
from kiosk.journey import DEFAULT_JOURNEY
from kiosk.receipt import RECEIPT_FACTS_KEY
from kiosk.receipt.attention import ServiceFlag
from kiosk.receipt.desk import ReceiptDesk
from kiosk.receipt.facts import ReceiptFacts
from kiosk.receipt.settings import ReceiptSettings
from kiosk.session import KioskSession
from ui.app import KIOSK_SIZE, application
from ui.receipt import ReceiptScreen, ReceiptState, receipt_screen_factory
from ui.screens.base import Navigator, ScreenContext
from ui.screenshots import save_screenshot

WAIT_MS = 5000


@pytest.fixture(autouse=True)
def _no_worker_left_behind() -> Iterator[None]:
    yield
    QThreadPool.globalInstance().waitForDone(5000)


class Steps:
    """What the screen asked the window to do."""

    def __init__(self) -> None:
        self.calls: list[str] = []

    def navigator(self) -> Navigator:
        return Navigator(
            advance=lambda: self.calls.append("advance"),
            back=lambda: self.calls.append("back"),
            cancel=lambda: self.calls.append("cancel"),
            set_language=lambda language: self.calls.append(f"language {language}"),
        )


def context(steps: Steps, language: Language = "en") -> ScreenContext:
    application()
    session = KioskSession(Timeouts(), language)
    return ScreenContext(Config(), session, DEFAULT_JOURNEY, steps.navigator())


def show(qtbot: QtBot, screen: ReceiptScreen) -> ReceiptScreen:
    qtbot.addWidget(screen)
    screen.resize(*KIOSK_SIZE)
    screen.show()
    qtbot.waitExposed(screen)
    return screen


def tap(qtbot: QtBot, widget: object) -> None:
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def test_printed_says_take_your_receipt_and_finish_moves_on(
    qtbot: QtBot,
    desk: ReceiptDesk,
    facts: ReceiptFacts,
    loopback_printer: LoopbackPrinter,
    screenshots_dir: Path,
) -> None:
    steps = Steps()
    screen = ReceiptScreen(context(steps), desk, facts)
    # The result can only arrive through the event loop, which has not run yet.
    assert screen.state is ReceiptState.PRINTING
    assert not screen.progress.isHidden() and screen.finish_button.isHidden()
    show(qtbot, screen)
    qtbot.waitUntil(lambda: screen.state is ReceiptState.PRINTED, timeout=WAIT_MS)
    assert screen.title.text() == "Please take your receipt"
    assert screen.code.text() == facts.code
    assert "Monday, 7 December 2026" in screen.ready.text()
    assert not screen.picture.isVisible() and not screen.retry_button.isVisible()
    save_screenshot(screen, screenshots_dir / "receipt-printed-en.png")
    assert len(loopback_printer.wait_for_jobs(1)) == 1
    tap(qtbot, screen.finish_button)
    assert steps.calls == ["advance"]


@pytest.mark.parametrize(
    ("condition", "status", "reason"),
    [
        ("paper_out", PrinterStatus.PAPER_OUT, "The printer has run out of paper."),
        ("cover_open", PrinterStatus.COVER_OPEN, "The printer's cover is open."),
        ("offline", PrinterStatus.OFFLINE, "The printer is not responding."),
    ],
    ids=["paper_out", "cover_open", "offline"],
)
def test_a_printer_that_cannot_print_shows_the_receipt_and_flags_the_kiosk(
    qtbot: QtBot,
    desk: ReceiptDesk,
    facts: ReceiptFacts,
    flag: ServiceFlag,
    loopback_printer: LoopbackPrinter,
    screenshots_dir: Path,
    condition: str,
    status: PrinterStatus,
    reason: str,
) -> None:
    loopback_printer.set_condition(condition)
    screen = show(qtbot, ReceiptScreen(context(Steps()), desk, facts))
    qtbot.waitUntil(lambda: screen.state is ReceiptState.FAILED, timeout=WAIT_MS)
    assert screen.title.text() == "Your receipt could not be printed"
    assert screen.message.text() == "Your dossier has been received and is safe."
    assert screen.reason.text() == reason
    assert "one-stop counter: Bộ phận Một cửa" in screen.counter_hint.text()
    assert screen.picture.isVisible() and screen.picture.image is not None
    assert screen.retry_button.isVisible() and screen.finish_button.isVisible()
    call = flag.current
    assert call is not None and call.status is status and call.unprinted == (facts.code,)
    assert loopback_printer.jobs == []

    shot = save_screenshot(screen, screenshots_dir / f"receipt-{condition}-en.png")
    assert qr_texts(Image.open(shot)) == [desk.settings.lookup_link(facts.code)]

    loopback_printer.set_condition("ready")  # a technician loaded paper, closed the cover
    tap(qtbot, screen.retry_button)
    qtbot.waitUntil(lambda: screen.state is ReceiptState.PRINTED, timeout=WAIT_MS)
    assert not screen.retry_button.isVisible()
    assert flag.current is None
    assert len(loopback_printer.wait_for_jobs(1)) == 1
    screen.start_printing()  # a stray second request prints nothing more
    QThreadPool.globalInstance().waitForDone(5000)
    assert len(loopback_printer.jobs) == 1


class Broken:
    """A printer whose driver fails in a way nobody foresaw."""

    def status(self) -> PrinterStatus:
        return PrinterStatus.READY

    def print_raster(self, image: Image.Image, cut: bool = True) -> None:
        raise RuntimeError("bug")


def test_a_fault_in_printing_still_shows_the_receipt(
    qtbot: QtBot, settings: ReceiptSettings, facts: ReceiptFacts, flag: ServiceFlag
) -> None:
    desk = ReceiptDesk(Broken(), settings, flag)
    screen = show(qtbot, ReceiptScreen(context(Steps()), desk, facts))
    qtbot.waitUntil(lambda: screen.state is ReceiptState.FAILED, timeout=WAIT_MS)
    assert screen.reason.text() == "The printer has a problem."
    assert screen.picture.image is not None
    assert flag.current is not None and "RuntimeError" in flag.current.detail


def test_when_even_drawing_fails_the_code_and_date_are_shown_as_text(
    qtbot: QtBot,
    settings: ReceiptSettings,
    facts: ReceiptFacts,
    flag: ServiceFlag,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    desk = ReceiptDesk(Broken(), settings, flag)

    def no_font(facts: ReceiptFacts, reprint: bool = False) -> Image.Image:
        raise OSError("no font")

    monkeypatch.setattr(desk, "render", no_font)
    screen = show(qtbot, ReceiptScreen(context(Steps()), desk, facts))
    qtbot.waitUntil(lambda: screen.state is ReceiptState.FAILED, timeout=WAIT_MS)
    assert screen.code.isVisible() and screen.code.text() == facts.code
    assert screen.ready.isVisible()
    assert not screen.picture.isVisible() and not screen.photo_hint.isVisible()
    assert screen.counter_hint.isVisible()
    assert flag.current is not None


class Slow:
    """A printer that takes as long as the test says."""

    def __init__(self) -> None:
        self.release = threading.Event()
        self.jobs = 0

    def status(self) -> PrinterStatus:
        return PrinterStatus.READY

    def print_raster(self, image: Image.Image, cut: bool = True) -> None:
        self.release.wait(5)
        self.jobs += 1


def test_double_taps_and_a_session_that_ends_mid_print_are_harmless(
    qtbot: QtBot, settings: ReceiptSettings, facts: ReceiptFacts
) -> None:
    printer = Slow()
    screen = ReceiptScreen(context(Steps()), ReceiptDesk(printer, settings), facts)
    screen.start_printing()
    screen.start_printing()
    screen.deleteLater()  # the citizen walked away: the window drops the screen
    qtbot.waitUntil(lambda: not shiboken6.isValid(screen), timeout=WAIT_MS)
    printer.release.set()
    QThreadPool.globalInstance().waitForDone(5000)
    qtbot.wait(50)  # the late result reaches the GUI thread and finds no screen
    assert printer.jobs == 1


def test_printing_shows_progress_until_the_printer_is_done(
    qtbot: QtBot, settings: ReceiptSettings, facts: ReceiptFacts, screenshots_dir: Path
) -> None:
    printer = Slow()
    screen = show(qtbot, ReceiptScreen(context(Steps()), ReceiptDesk(printer, settings), facts))
    assert screen.state is ReceiptState.PRINTING
    assert screen.progress.isVisible() and not screen.finish_button.isVisible()
    assert screen.title.text() == "Printing your receipt…"
    save_screenshot(screen, screenshots_dir / "receipt-printing-en.png")
    printer.release.set()
    qtbot.waitUntil(lambda: screen.state is ReceiptState.PRINTED, timeout=WAIT_MS)
    assert printer.jobs == 1


def test_the_factory_builds_the_screen_from_what_the_session_holds(
    qtbot: QtBot, desk: ReceiptDesk, facts: ReceiptFacts
) -> None:
    build = receipt_screen_factory(desk)
    screen_context = context(Steps(), "vi")
    with pytest.raises(LookupError, match=RECEIPT_FACTS_KEY):
        build(screen_context)
    screen_context.session.hold(RECEIPT_FACTS_KEY, facts)
    screen = build(screen_context)
    qtbot.addWidget(screen)
    assert isinstance(screen, ReceiptScreen)
    qtbot.waitUntil(lambda: screen.state is ReceiptState.PRINTED, timeout=WAIT_MS)
    assert "thứ Hai, 07/12/2026" in screen.ready.text()
