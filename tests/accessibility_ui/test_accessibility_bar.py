"""The accessibility bar in the kiosk window: larger text, high contrast, read aloud, reset."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt, QTranslator
from PySide6.QtWidgets import QApplication, QLabel, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from drivers.speech.recording import RecordingSpeaker
from kiosk.config import Config, Timeouts
from kiosk.session import KioskSession
from ui.accessibility import Accessibility, AccessibilityState, instruction_of
from ui.app import application, build_window
from ui.main_window import KioskWindow
from ui.screens.overview import OverviewScreen
from ui.screenshots import save_screenshot
from ui.theme import LARGE_TEXT_SCALE, MIN_TOUCH_PX, page_colours, stylesheet

VIETNAMESE_BAR = {
    "A+ Larger text": "A+ Chữ to hơn",
    "High contrast": "Tương phản cao",
    "Read aloud": "Đọc thành tiếng",
}


class BarTranslator(QTranslator):
    """The bar's Vietnamese strings (as in the catalogue), before the catalogue is rebuilt."""

    def translate(
        self, context: str, source: str, disambiguation: str | None = None, n: int = -1
    ) -> str:
        return VIETNAMESE_BAR.get(source, "") if context == "AccessibilityBar" else ""


@pytest.fixture
def app() -> Iterator[QApplication]:
    built = application()
    yield built
    # The style sheet is global: the next test must not inherit a citizen's choice.
    built.setStyleSheet(stylesheet())


@pytest.fixture
def speaker() -> RecordingSpeaker:
    return RecordingSpeaker()


class Kiosk:
    """The window with the bar under its screens, wired as KioskWindow will wire it."""

    def __init__(self, qtbot: QtBot, app: QApplication, speaker: RecordingSpeaker | None) -> None:
        session = KioskSession(Timeouts(), "vi", lambda: 0.0)
        self.window: KioskWindow = build_window(Config(), session=session)
        self.window.idle_timer.stop()
        self.access = Accessibility(app, speaker, lambda: session.language, parent=self.window)
        screens = self.window.takeCentralWidget()
        assert screens is not None
        container = QWidget()
        column = QVBoxLayout(container)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        column.addWidget(screens, 1)
        column.addWidget(self.access.bar)
        self.window.setCentralWidget(container)
        qtbot.addWidget(self.window)
        self.window.show()
        qtbot.waitExposed(self.window)
        self.qtbot = qtbot

    def tap(self, widget: QWidget) -> None:
        self.qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)

    def start(self) -> OverviewScreen:
        self.tap(self.window.attract.start_button)
        screen = self.window.current
        assert isinstance(screen, OverviewScreen)
        self.access.screen_shown(screen)
        return screen

    def settle(self) -> None:
        """Let the re-styled widgets lay themselves out again."""
        QApplication.processEvents()
        self.qtbot.wait(10)


@pytest.fixture
def kiosk(qtbot: QtBot, app: QApplication, speaker: RecordingSpeaker) -> Kiosk:
    built = Kiosk(qtbot, app, speaker)
    built.access.screen_shown(built.window.attract)
    return built


def inside_window(kiosk: Kiosk, widget: QWidget) -> bool:
    top_left = widget.mapTo(kiosk.window, QPoint(0, 0))
    return kiosk.window.rect().contains(top_left) and kiosk.window.rect().contains(
        top_left + QPoint(widget.width() - 1, widget.height() - 1)
    )


def most_seen_colour(window: QWidget) -> str:
    """The colour of most of the window as painted: its page (every 16th pixel)."""
    image = window.grab().toImage()
    seen = Counter(
        image.pixelColor(x, y).name()
        for x in range(0, image.width(), 16)
        for y in range(0, image.height(), 16)
    )
    return seen.most_common(1)[0][0]


def test_toggles_change_the_application_style_and_reset_restores_it(
    kiosk: Kiosk, app: QApplication
) -> None:
    bar = kiosk.access.bar
    assert app.styleSheet() == stylesheet()
    kiosk.tap(bar.larger_text)
    assert bar.larger_text.isChecked()
    assert app.styleSheet() == stylesheet(LARGE_TEXT_SCALE)
    kiosk.qtbot.waitUntil(
        lambda: kiosk.window.attract.start_button.height() >= round(MIN_TOUCH_PX * LARGE_TEXT_SCALE)
    )
    assert most_seen_colour(kiosk.window) == page_colours()[0]
    kiosk.tap(bar.high_contrast)
    assert app.styleSheet() == stylesheet(LARGE_TEXT_SCALE, high_contrast=True)
    assert kiosk.access.state == AccessibilityState(large_text=True, high_contrast=True)
    assert most_seen_colour(kiosk.window) == page_colours(high_contrast=True)[0]  # the page too

    kiosk.access.reset()  # the session ended
    assert app.styleSheet() == stylesheet()
    assert most_seen_colour(kiosk.window) == page_colours()[0]
    assert kiosk.access.state == AccessibilityState()
    assert not any(button.isChecked() for button in bar.buttons)


def test_the_bar_buttons_are_large_and_their_text_fits(kiosk: Kiosk) -> None:
    bar = kiosk.access.bar
    for toggles in ([], [bar.larger_text], [bar.high_contrast]):
        for button in toggles:
            kiosk.tap(button)
        kiosk.settle()
        for button in bar.buttons:
            assert button.isVisible() and button.isCheckable()
            assert button.height() >= MIN_TOUCH_PX and button.width() >= MIN_TOUCH_PX
            assert button.width() >= button.sizeHint().width(), button.text()
            assert inside_window(kiosk, button)


def test_larger_text_keeps_every_button_of_a_full_screen_on_view(kiosk: Kiosk) -> None:
    kiosk.tap(kiosk.access.bar.larger_text)
    kiosk.tap(kiosk.access.bar.high_contrast)
    screen = kiosk.start()
    kiosk.settle()
    for button in (screen.cancel_button, screen.continue_button):
        assert button.height() >= round(MIN_TOUCH_PX * LARGE_TEXT_SCALE)
        assert inside_window(kiosk, button)
    for step in screen.steps:
        assert step.height() >= step.heightForWidth(step.width()) - 1  # no clipped line


def test_read_aloud_reads_each_screen_in_the_session_language(
    kiosk: Kiosk, speaker: RecordingSpeaker
) -> None:
    bar = kiosk.access.bar
    kiosk.tap(bar.read_aloud)
    attract = kiosk.window.attract
    assert speaker.last is not None and speaker.last.language == "vi"
    assert speaker.last.text == f"{attract.title.text()}. {attract.instruction.text()}"
    assert speaker.last.text.startswith("Tiếp nhận hồ sơ tự động. Chạm")

    kiosk.tap(kiosk.window.attract.language_buttons["en"])
    kiosk.qtbot.waitUntil(lambda: speaker.last is not None and speaker.last.language == "en")
    assert speaker.last is not None
    assert speaker.last.text.startswith("Self-service dossier reception. Touch Start")

    kiosk.start()
    kiosk.qtbot.waitUntil(lambda: speaker.last is not None and "How it works" in speaker.last.text)

    kiosk.access.announce("Huỷ và xoá mọi thông tin bạn đã nhập?")
    assert speaker.current is not None and speaker.current.text.startswith("Huỷ")

    kiosk.tap(bar.read_aloud)  # off: silence at once
    assert speaker.current is None and speaker.stops >= 1
    said = len(speaker.said)
    kiosk.tap(bar.larger_text)
    kiosk.access.screen_shown(kiosk.window.attract)
    kiosk.access.announce("Bạn còn ở đây không?")
    kiosk.settle()
    assert len(speaker.said) == said  # nothing is read while it is off


def test_other_toggles_do_not_repeat_the_instruction(
    kiosk: Kiosk, speaker: RecordingSpeaker
) -> None:
    kiosk.tap(kiosk.access.bar.read_aloud)
    kiosk.tap(kiosk.access.bar.larger_text)
    kiosk.tap(kiosk.access.bar.high_contrast)
    assert len(speaker.said) == 1


def test_reset_silences_and_forgets_read_aloud(kiosk: Kiosk, speaker: RecordingSpeaker) -> None:
    kiosk.tap(kiosk.access.bar.read_aloud)
    assert speaker.current is not None
    kiosk.access.reset()
    assert speaker.current is None
    assert not kiosk.access.bar.read_aloud.isChecked()
    kiosk.access.screen_shown(kiosk.window.attract)
    kiosk.settle()
    assert len(speaker.said) == 1


def test_without_a_speaker_read_aloud_is_not_offered(qtbot: QtBot, app: QApplication) -> None:
    kiosk = Kiosk(qtbot, app, None)
    bar = kiosk.access.bar
    assert not bar.read_aloud.isVisible()
    assert bar.larger_text.isVisible() and bar.high_contrast.isVisible()
    kiosk.access.screen_shown(kiosk.window.attract)  # nothing to read with: no error


@pytest.fixture
def vietnamese_bar(app: QApplication) -> Iterator[None]:
    translator = BarTranslator(app)
    app.installTranslator(translator)
    yield
    app.removeTranslator(translator)
    translator.deleteLater()


@pytest.mark.usefixtures("vietnamese_bar")
def test_the_bar_follows_the_language_and_vietnamese_fits(
    kiosk: Kiosk, screenshots_dir: Path
) -> None:
    bar = kiosk.access.bar
    kiosk.qtbot.waitUntil(lambda: bar.read_aloud.text() == "Đọc thành tiếng")
    assert [button.text() for button in bar.buttons] == list(VIETNAMESE_BAR.values())
    kiosk.tap(bar.larger_text)
    kiosk.settle()
    for button in bar.buttons:
        assert button.width() >= button.sizeHint().width(), button.text()
    save_screenshot(kiosk.window, screenshots_dir / "attract-larger-text-vi-bar.png")


class Spoken(QWidget):
    def __init__(self) -> None:
        super().__init__()
        title = QLabel("Not this", self)
        title.setObjectName("title")

    def spoken_instruction(self) -> str:
        return "  Đặt giấy tờ\n dưới camera. "


def test_a_screen_chooses_its_spoken_instruction(qtbot: QtBot) -> None:
    widget = Spoken()
    qtbot.addWidget(widget)
    assert instruction_of(widget) == "Đặt giấy tờ dưới camera."
    assert instruction_of(None) == ""
    plain = QWidget()
    qtbot.addWidget(plain)
    assert instruction_of(plain) == ""


@pytest.mark.parametrize(
    ("name", "large_text", "high_contrast"),
    [
        ("normal", False, False),
        ("larger-text", True, False),
        ("high-contrast", False, True),
        ("larger-text-high-contrast", True, True),
    ],
    ids=["normal", "larger-text", "high-contrast", "both"],
)
def test_screenshots_of_each_look(
    kiosk: Kiosk, screenshots_dir: Path, name: str, large_text: bool, high_contrast: bool
) -> None:
    bar = kiosk.access.bar
    if large_text:
        kiosk.tap(bar.larger_text)
    if high_contrast:
        kiosk.tap(bar.high_contrast)
    kiosk.settle()
    save_screenshot(kiosk.window, screenshots_dir / f"attract-{name}.png")
    kiosk.start()
    kiosk.settle()
    save_screenshot(kiosk.window, screenshots_dir / f"overview-{name}.png")


def test_the_cancel_dialog_in_high_contrast(kiosk: Kiosk, screenshots_dir: Path) -> None:
    kiosk.tap(kiosk.access.bar.high_contrast)
    screen = kiosk.start()
    kiosk.tap(screen.cancel_button)
    assert kiosk.window.overlay.isVisible()
    kiosk.settle()
    save_screenshot(kiosk.window, screenshots_dir / "cancel-high-contrast.png")
    # The bar stays usable under the dialog: the citizen may need larger text to read it.
    kiosk.tap(kiosk.access.bar.larger_text)
    assert kiosk.access.state.large_text
    assert kiosk.window.overlay.isVisible()
