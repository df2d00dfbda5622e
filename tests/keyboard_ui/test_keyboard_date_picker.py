"""The date picker (big +/−, bounded) and attaching the right input to a field."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QLineEdit, QPlainTextEdit, QPushButton, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from ui.app import application
from ui.keyboard import (
    DatePicker,
    DateRangeError,
    FieldTypeError,
    KeyboardMode,
    OnScreenKeyboard,
    attach_input,
)
from ui.keyboard.date_picker import DAY, MONTH, YEAR, Step, moved
from ui.keyboard.keyboard import DONE
from ui.screenshots import save_screenshot
from ui.theme import MIN_TOUCH_PX

LOW, HIGH = date(1930, 1, 1), date(2025, 6, 15)


@pytest.fixture
def picker(qtbot: QtBot) -> DatePicker:
    application()
    widget = DatePicker(date(1975, 4, 30), LOW, HIGH)
    qtbot.addWidget(widget)
    return widget


def press(qtbot: QtBot, picker: DatePicker, part: str, delta: int, times: int = 1) -> None:
    for _ in range(times):
        QTest.mouseClick(picker.button(part, delta), Qt.MouseButton.LeftButton)


def test_buttons_make_the_date(qtbot: QtBot, picker: DatePicker) -> None:
    assert picker.value() == date(1975, 4, 30)
    assert picker.text() == "30/04/1975"
    press(qtbot, picker, YEAR, -10)
    press(qtbot, picker, YEAR, 1, times=2)
    press(qtbot, picker, MONTH, -1, times=2)
    press(qtbot, picker, DAY, -1, times=26)  # from 28/02: February 1967 has 28 days
    assert picker.value() == date(1967, 2, 2)
    assert picker.display.text() == "02/02/1967"


def test_the_date_changed_signal_carries_a_date(qtbot: QtBot, picker: DatePicker) -> None:
    with qtbot.waitSignal(picker.date_changed) as signal:
        press(qtbot, picker, DAY, -1)
    assert signal.args == [date(1975, 4, 29)]


def test_the_bounds_hold(qtbot: QtBot, picker: DatePicker) -> None:
    picker.set_value(date(2025, 6, 10))
    press(qtbot, picker, DAY, 1, times=10)
    assert picker.value() == HIGH
    assert not picker.button(DAY, 1).isEnabled()
    assert not picker.button(MONTH, 1).isEnabled()
    assert not picker.button(YEAR, 1).isEnabled()
    picker.set_value(date(1800, 1, 1))
    assert picker.value() == LOW
    assert not picker.button(YEAR, -10).isEnabled()
    assert picker.button(YEAR, 10).isEnabled()


def test_day_follows_the_month_length(picker: DatePicker) -> None:
    picker.set_value(date(2000, 1, 31))
    picker.step(Step(MONTH, 1))
    assert picker.value() == date(2000, 2, 29)  # a leap year
    picker.step(Step(YEAR, 1))
    assert picker.value() == date(2001, 2, 28)


@pytest.mark.parametrize(
    ("start", "step", "expected"),
    [
        (date(2000, 1, 1), Step(DAY, -1), date(2000, 1, 1)),  # no wrap to the 31st
        (date(2000, 12, 31), Step(DAY, 1), date(2000, 12, 31)),
        (date(2000, 12, 15), Step(MONTH, 1), date(2000, 12, 15)),
        (date(2000, 3, 31), Step(MONTH, -1), date(2000, 2, 29)),
        (date(2020, 5, 5), Step(YEAR, 10), date(2025, 5, 5)),  # the year stops at the bound
        (date(2025, 6, 1), Step(MONTH, 1), date(2025, 6, 15)),  # the date stops at the bound
        (date(1935, 1, 1), Step(YEAR, -10), date(1930, 1, 1)),
    ],
)
def test_moved(start: date, step: Step, expected: date) -> None:
    assert moved(start, step, LOW, HIGH) == expected


def test_range_checks(qtbot: QtBot, picker: DatePicker) -> None:
    with pytest.raises(DateRangeError):
        DatePicker(None, HIGH, LOW)
    with pytest.raises(DateRangeError):
        picker.set_range(HIGH, LOW)
    picker.set_range(date(1980, 1, 1), HIGH)
    assert picker.value() == date(1980, 1, 1)
    assert picker.minimum() == date(1980, 1, 1) and picker.maximum() == HIGH


def test_default_is_the_maximum_and_today(qtbot: QtBot) -> None:
    widget = DatePicker()
    qtbot.addWidget(widget)
    assert widget.value() == date.today() == widget.maximum()


def test_buttons_are_large_and_never_take_the_focus(qtbot: QtBot, picker: DatePicker) -> None:
    picker.resize(picker.sizeHint())
    picker.show()
    qtbot.waitExposed(picker)
    buttons = picker.findChildren(QPushButton)
    assert len(buttons) == 8
    for button in buttons:
        assert button.width() >= MIN_TOUCH_PX and button.height() >= MIN_TOUCH_PX
        assert button.focusPolicy() == Qt.FocusPolicy.NoFocus


def test_date_picker_screenshot(qtbot: QtBot, picker: DatePicker, screenshots_dir: Path) -> None:
    picker.resize(1000, picker.sizeHint().height())
    picker.show()
    qtbot.waitExposed(picker)
    path = save_screenshot(picker, screenshots_dir / "date-picker.png")
    assert path.stat().st_size > 0


# -- attach_input --------------------------------------------------------------


def test_attach_a_date_field(qtbot: QtBot) -> None:
    application()
    line = QLineEdit("01/02/1960")
    qtbot.addWidget(line)
    widget = attach_input(line, "date", minimum=LOW, maximum=HIGH)
    qtbot.addWidget(widget)
    assert isinstance(widget, DatePicker)
    assert widget.value() == date(1960, 2, 1)
    assert line.isReadOnly()
    widget.step(Step(DAY, 1))
    assert line.text() == "02/02/1960"


def test_an_empty_date_field_shows_the_starting_date(qtbot: QtBot) -> None:
    line = QLineEdit()
    qtbot.addWidget(line)
    widget = attach_input(line, "date", maximum=HIGH)
    qtbot.addWidget(widget)
    assert line.text() == "15/06/2025"


def test_attach_text_and_digits_share_one_keyboard(qtbot: QtBot) -> None:
    application()
    host = QWidget()
    qtbot.addWidget(host)
    column = QVBoxLayout(host)
    name, phone = QLineEdit(), QLineEdit()
    done: list[str] = []
    keyboard = attach_input(name, "text", on_done=lambda: done.append("name"))
    assert isinstance(keyboard, OnScreenKeyboard)
    column.addWidget(keyboard)  # the host owns it
    keyboard.type_keys("Ddaof")
    keyboard.tap(DONE)
    assert name.text() == "Đào" and done == ["name"]
    assert attach_input(phone, "number", keyboard) is keyboard
    assert keyboard.mode is KeyboardMode.DIGITS and keyboard.target is phone
    keyboard.tap("0")
    assert phone.text() == "0" and name.text() == "Đào"


def test_attach_long_text(qtbot: QtBot) -> None:
    edit = QPlainTextEdit()
    qtbot.addWidget(edit)
    keyboard = attach_input(edit, "long_text")
    qtbot.addWidget(keyboard)
    assert isinstance(keyboard, OnScreenKeyboard) and keyboard.mode is KeyboardMode.TEXT


def test_wrong_uses_say_what_to_do(qtbot: QtBot) -> None:
    edit = QPlainTextEdit()
    qtbot.addWidget(edit)
    with pytest.raises(FieldTypeError, match="QLineEdit"):
        attach_input(edit, "date")
