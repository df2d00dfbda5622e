"""The on-screen digit keypad and its fields: large keys, typing, moving on, deleting."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from ui.app import application
from ui.identity.keypad import KEY_PX, DigitField, DigitKeypad, KeypadEntry, format_digits


@pytest.fixture
def keypad(qtbot: QtBot) -> DigitKeypad:
    application()
    pad = DigitKeypad()
    qtbot.addWidget(pad)
    pad.show()
    qtbot.waitExposed(pad)
    return pad


def tap(qtbot: QtBot, keypad: DigitKeypad, *names: str) -> None:
    for name in names:
        qtbot.mouseClick(keypad.keys[name], Qt.MouseButton.LeftButton)


@pytest.mark.parametrize(
    ("digits", "template", "shown"),
    [
        ("", "##/##/####", ""),
        ("0", "##/##/####", "0"),
        ("01", "##/##/####", "01"),
        ("010", "##/##/####", "01/0"),
        ("01021990", "##/##/####", "01/02/1990"),
        ("123456", "######", "123456"),
    ],
)
def test_digits_fill_the_template(digits: str, template: str, shown: str) -> None:
    assert format_digits(digits, template) == shown


def test_every_key_is_a_large_touch_target_and_takes_no_focus(keypad: DigitKeypad) -> None:
    assert set(keypad.keys) == {*"0123456789", "clear", "erase"}
    for key in keypad.keys.values():
        assert key.height() >= 88 and key.width() >= 88
        assert key.height() >= KEY_PX and key.width() >= 2 * KEY_PX
        assert key.focusPolicy() is Qt.FocusPolicy.NoFocus
    assert keypad.keys["clear"].text() == "Clear"
    assert keypad.keys["erase"].accessibleName() == "Delete the last digit"


def test_keys_signal_digits_delete_and_clear(qtbot: QtBot, keypad: DigitKeypad) -> None:
    typed: list[str] = []
    keypad.digit.connect(typed.append)
    keypad.erased.connect(lambda: typed.append("<"))
    keypad.cleared.connect(lambda: typed.append("C"))
    tap(qtbot, keypad, "7", "0", "erase", "clear", "9")
    assert typed == ["7", "0", "<", "C", "9"]


def test_a_field_holds_only_its_digits(qtbot: QtBot) -> None:
    application()
    field = DigitField("##/##/####")
    qtbot.addWidget(field)
    assert field.length == 8 and field.isReadOnly()
    for digit in "3112199912":
        field.type_digit(digit)
    assert field.digits == "31121999" and field.text() == "31/12/1999" and field.is_complete()
    assert not field.type_digit("5") and not DigitField("##").type_digit("x")
    field.erase()
    assert field.text() == "31/12/199"
    qtbot.keyClicks(field, "9a")  # a technician's keyboard: digits only
    assert field.digits == "31121999"
    qtbot.keyClick(field, Qt.Key.Key_Backspace)
    assert field.digits == "3112199"


def test_the_entry_moves_to_the_next_field_and_back(qtbot: QtBot, keypad: DigitKeypad) -> None:
    first, second = DigitField("###"), DigitField("##")
    for field in (first, second):
        qtbot.addWidget(field)
    entry = KeypadEntry(keypad)
    entry.attach([first, second])
    assert entry.active is first and first.active and not second.active
    tap(qtbot, keypad, "1", "2", "3", "4")
    assert (first.digits, second.digits, entry.active) == ("123", "4", second)
    tap(qtbot, keypad, "erase", "erase")  # empty: Delete goes back into the first field
    assert (first.digits, second.digits, entry.active) == ("12", "", first)
    tap(qtbot, keypad, "clear")
    assert first.digits == ""
    qtbot.mouseClick(second, Qt.MouseButton.LeftButton)  # a tap chooses the field
    assert entry.active is second
    entry.attach([first, second])  # attaching again does not double the typing
    tap(qtbot, keypad, "5")
    assert (first.digits, second.digits) == ("5", "")
    stranger = DigitField("#")
    qtbot.addWidget(stranger)
    entry.activate(stranger)
    assert entry.active is first
