"""The on-screen keyboard typing into real Qt fields, offscreen."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

import pytest
from PySide6.QtCore import QCoreApplication, QTranslator
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QLineEdit, QPlainTextEdit, QPushButton, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from kiosk.textinput import ToneStyle, TypingMethod
from ui.app import application
from ui.keyboard import KeyboardMode, OnScreenKeyboard
from ui.keyboard.keyboard import BACKSPACE, DONE, SHIFT, SPACE
from ui.screenshots import save_screenshot
from ui.theme import MIN_TOUCH_PX


@pytest.fixture
def keyboard(qtbot: QtBot) -> OnScreenKeyboard:
    application()  # the kiosk's style sheet and font, as on the real screen
    board = OnScreenKeyboard()
    qtbot.addWidget(board)
    return board


@pytest.fixture
def line(qtbot: QtBot) -> QLineEdit:
    edit = QLineEdit()
    qtbot.addWidget(edit)
    return edit


def click(qtbot: QtBot, keyboard: OnScreenKeyboard, *names: str) -> None:
    """Tap keys the way a finger does: a mouse click on each button."""
    from PySide6.QtCore import Qt

    for name in names:
        QTest.mouseClick(keyboard.keys[name], Qt.MouseButton.LeftButton)


def test_tapping_nguyeenx_gives_nguyen(
    qtbot: QtBot, keyboard: OnScreenKeyboard, line: QLineEdit
) -> None:
    keyboard.attach(line)
    click(qtbot, keyboard, SHIFT, "n", "g", "u", "y", "e", "e", "n", "x")
    assert line.text() == "Nguyễn"
    assert line.cursorPosition() == len("Nguyễn")


def test_a_full_name_with_spaces(keyboard: OnScreenKeyboard, line: QLineEdit) -> None:
    keyboard.attach(line)
    keyboard.type_keys("Nguyeenx Vawn Ddaf")
    keyboard.tap(DONE)
    assert line.text() == "Nguyễn Văn Đà"


def test_vni(keyboard: OnScreenKeyboard, line: QLineEdit) -> None:
    keyboard.attach(line)
    keyboard.set_method(TypingMethod.VNI)
    keyboard.type_keys("Vie65t Nam")
    assert line.text() == "Việt Nam"


def test_off_types_the_keys(keyboard: OnScreenKeyboard, line: QLineEdit) -> None:
    keyboard.attach(line)
    keyboard.set_method(TypingMethod.OFF)
    keyboard.type_keys("viet.nam@example.vn")
    assert line.text() == "viet.nam@example.vn"


def test_the_method_buttons_switch(
    qtbot: QtBot, keyboard: OnScreenKeyboard, line: QLineEdit
) -> None:
    from PySide6.QtCore import Qt

    keyboard.attach(line)
    QTest.mouseClick(keyboard.method_buttons[TypingMethod.VNI], Qt.MouseButton.LeftButton)
    assert keyboard.composer.method is TypingMethod.VNI
    keyboard.type_keys("a1")
    assert line.text() == "á"
    QTest.mouseClick(keyboard.method_buttons[TypingMethod.TELEX], Qt.MouseButton.LeftButton)
    assert keyboard.method_buttons[TypingMethod.TELEX].isChecked()
    assert not keyboard.method_buttons[TypingMethod.VNI].isChecked()


def test_the_kiosk_keyboard_places_tones_as_the_screens_spell(
    keyboard: OnScreenKeyboard, line: QLineEdit
) -> None:
    keyboard.attach(line)
    keyboard.type_keys("huyr")
    assert line.text() == "hủy"  # docs/ui-words.md: Hủy, Ủy ban


def test_new_tone_style(line: QLineEdit, qtbot: QtBot) -> None:
    board = OnScreenKeyboard(style=ToneStyle.NEW)
    qtbot.addWidget(board)
    board.attach(line)
    board.type_keys("hoaf")
    assert line.text() == "hoà"


def test_digits_mode(keyboard: OnScreenKeyboard, line: QLineEdit, qtbot: QtBot) -> None:
    from PySide6.QtCore import Qt

    keyboard.attach(line, KeyboardMode.DIGITS)
    assert keyboard.mode is KeyboardMode.DIGITS
    for digit in "0912345678":
        QTest.mouseClick(keyboard.keys[f"pad:{digit}"], Qt.MouseButton.LeftButton)
    QTest.mouseClick(keyboard.keys[f"pad:{BACKSPACE}"], Qt.MouseButton.LeftButton)
    assert line.text() == "091234567"
    with qtbot.waitSignal(keyboard.done):
        QTest.mouseClick(keyboard.keys[f"pad:{DONE}"], Qt.MouseButton.LeftButton)


def test_backspace_removes_what_is_shown(keyboard: OnScreenKeyboard, line: QLineEdit) -> None:
    keyboard.attach(line)
    keyboard.type_keys("Vieetj")
    keyboard.tap(BACKSPACE)
    assert line.text() == "Việ"
    keyboard.tap("t")
    assert line.text() == "Việt"
    keyboard.type_keys(" Nam")
    for _ in range(4):
        keyboard.tap(BACKSPACE)
    assert line.text() == "Việt"
    keyboard.tap("j")  # the word before the cursor is picked up again: j undoes the nặng
    assert line.text() == "Viêtj"


def test_a_tap_elsewhere_starts_from_the_word_there(
    keyboard: OnScreenKeyboard, line: QLineEdit
) -> None:
    keyboard.attach(line)
    keyboard.type_keys("Nguyeen Vieet")
    line.setCursorPosition(len("Nguyên"))  # the citizen taps after the first word
    keyboard.tap("x")
    assert line.text() == "Nguyễn Viêt"
    line.end(False)
    keyboard.tap("j")
    assert line.text() == "Nguyễn Việt"


def test_text_set_by_the_program_is_picked_up(keyboard: OnScreenKeyboard, line: QLineEdit) -> None:
    keyboard.attach(line)
    keyboard.type_keys("ab")
    line.setText("Tra")
    keyboard.type_keys("anf")
    assert line.text() == "Trần"


def test_a_selection_is_replaced(keyboard: OnScreenKeyboard, line: QLineEdit) -> None:
    keyboard.attach(line)
    line.setText("Hello world")
    line.selectAll()
    keyboard.type_keys("Hoaf")
    assert line.text() == "Hòa"


def test_plain_text_edit(keyboard: OnScreenKeyboard, qtbot: QtBot) -> None:
    edit = QPlainTextEdit()
    qtbot.addWidget(edit)
    keyboard.attach(edit)
    keyboard.type_keys("Soos 12, dduwowngf Laang")
    keyboard.tap(BACKSPACE)
    keyboard.tap(BACKSPACE)
    keyboard.type_keys("ng")
    keyboard.tap(DONE)
    assert edit.toPlainText() == "Số 12, đường Lâng"


def test_done_finishes_the_word_and_signals(
    keyboard: OnScreenKeyboard, line: QLineEdit, qtbot: QtBot
) -> None:
    keyboard.attach(line)
    keyboard.type_keys("thuowr")
    assert line.text() == "thưở"
    with qtbot.waitSignal(keyboard.done):
        keyboard.tap(DONE)
    assert line.text() == "thuở"


def test_shift_once_then_caps(keyboard: OnScreenKeyboard, line: QLineEdit) -> None:
    keyboard.attach(line)
    keyboard.tap(SHIFT)
    assert keyboard.keys["a"].text() == "A"
    keyboard.tap("h")
    keyboard.tap("a")
    assert line.text() == "Ha"
    assert keyboard.keys["a"].text() == "a"
    keyboard.tap(SPACE)
    keyboard.tap(SHIFT)
    keyboard.tap(SHIFT)  # caps lock
    keyboard.type_keys("nooij")
    assert line.text() == "Ha NỘI"
    assert keyboard.keys[SHIFT].text() == "⇪"


def test_no_key_takes_the_focus(qtbot: QtBot) -> None:
    from PySide6.QtCore import Qt

    host = QWidget()
    qtbot.addWidget(host)
    keyboard = OnScreenKeyboard()  # the host owns it
    column = QVBoxLayout(host)
    edit = QLineEdit()
    column.addWidget(edit)
    column.addWidget(keyboard)
    host.show()
    host.activateWindow()
    edit.setFocus()
    keyboard.attach(edit)
    keys = [*keyboard.findChildren(QPushButton)]
    assert keys
    assert all(key.focusPolicy() == Qt.FocusPolicy.NoFocus for key in keys)
    click(qtbot, keyboard, "a", "a")
    assert edit.text() == "â"
    assert edit.hasFocus() or QWidget.focusWidget(host) in (None, edit)


def test_nothing_attached_does_nothing(keyboard: OnScreenKeyboard) -> None:
    keyboard.tap("a")
    keyboard.tap(BACKSPACE)
    keyboard.attach(None)
    keyboard.tap(DONE)


def all_keys(keyboard: OnScreenKeyboard) -> list[QPushButton]:
    return [key for key in keyboard.findChildren(QPushButton) if key.isVisible()]


@pytest.mark.parametrize("mode", list(KeyboardMode))
def test_every_key_is_a_large_target(
    keyboard: OnScreenKeyboard, mode: KeyboardMode, qtbot: QtBot
) -> None:
    keyboard.set_mode(mode)
    keyboard.resize(keyboard.sizeHint())
    keyboard.show()
    qtbot.waitExposed(keyboard)
    keys = all_keys(keyboard)
    assert len(keys) >= (12 if mode is KeyboardMode.DIGITS else 40)
    small = [(k.text(), k.width(), k.height()) for k in keys if min(k.width(), k.height()) < 88]
    assert not small
    assert MIN_TOUCH_PX == 88
    assert keyboard.width() <= 1080  # fits the portrait kiosk screen


class Vietnamese(QTranslator):
    """The keyboard's few labels in Vietnamese, without the compiled catalog."""

    WORDS: ClassVar[dict[str, str]] = {
        "Done": "Xong",
        "Space": "Dấu cách",
        "No accents": "Không dấu",
    }

    def translate(
        self, context: str, source: str, disambiguation: str | None = None, n: int = -1
    ) -> str:
        return self.WORDS.get(source, "") if context == "OnScreenKeyboard" else ""

    def isEmpty(self) -> bool:  # noqa: N802 (Qt's name)
        return False  # Qt skips a translator that says it holds nothing


def test_labels_follow_the_language(keyboard: OnScreenKeyboard) -> None:
    assert keyboard.keys[DONE].text() == "Done"
    translator = Vietnamese()
    app = QCoreApplication.instance()
    assert app is not None
    app.installTranslator(translator)
    QCoreApplication.processEvents()  # Qt posts LanguageChange to the widgets
    try:
        assert keyboard.keys[DONE].text() == "Xong"
        assert keyboard.keys[SPACE].text() == "Dấu cách"
        assert keyboard.method_buttons[TypingMethod.OFF].text() == "Không dấu"
    finally:
        app.removeTranslator(translator)
        QCoreApplication.processEvents()
    assert keyboard.keys[DONE].text() == "Done"


@pytest.mark.parametrize("mode", list(KeyboardMode))
def test_keyboard_screenshot(mode: KeyboardMode, qtbot: QtBot, screenshots_dir: Path) -> None:
    application()
    host = QWidget()
    qtbot.addWidget(host)
    keyboard = OnScreenKeyboard()  # the host owns it
    host.resize(1080, 900)
    column = QVBoxLayout(host)
    edit = QLineEdit()
    edit.setMinimumHeight(MIN_TOUCH_PX)
    edit.setStyleSheet("font-size: 34px; padding: 8px;")
    column.addWidget(edit)
    column.addStretch(1)
    column.addWidget(keyboard)
    keyboard.attach(edit, mode)
    keyboard.type_keys("Nguyeenx Thij Hoaf" if mode is KeyboardMode.TEXT else "0912")
    host.show()
    qtbot.waitExposed(host)
    name = "letters-telex" if mode is KeyboardMode.TEXT else "digits"
    path = save_screenshot(host, screenshots_dir / f"keyboard-{name}.png")
    assert path.stat().st_size > 0
