"""Focus shows for keys, never for taps; placeholder text is readable in both themes."""

from __future__ import annotations

import re

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QHBoxLayout, QLineEdit, QPushButton, QWidget
from pytestqt.qtbot import QtBot

from tests.accessibility_ui.test_accessibility_theme import colour, contrast, parse
from ui.accessibility import FOCUS_VISIBLE, FocusVisible
from ui.app import application
from ui.input_watch import InputWatch
from ui.theme import stylesheet

PLACEHOLDER = re.compile(r"placeholder-text-color:\s*(#[0-9a-fA-F]{6})")


@pytest.mark.parametrize(("high_contrast", "least"), [(False, 4.5), (True, 7.0)])
def test_placeholder_text_reaches_the_themes_contrast(high_contrast: bool, least: float) -> None:
    sheet = stylesheet(high_contrast=high_contrast)
    field = parse(sheet)["QLineEdit"]
    hint = colour(PLACEHOLDER.search(sheet).group(1))  # type: ignore[union-attr]
    background, typed = colour(field["background"]), colour(field["color"])
    assert hint is not None and background is not None and typed is not None
    assert contrast(hint, background) >= least
    assert hint != typed, "a hint must not look like an answer already typed"


def test_a_field_draws_its_placeholder_in_the_theme_colour_opaque(qtbot: QtBot) -> None:
    """Qt's default is the text colour at half opacity (about 3:1): the sheet replaces it."""
    application()
    field = QLineEdit()
    qtbot.addWidget(field)
    field.setPlaceholderText("ngày/tháng/năm")
    field.ensurePolished()
    drawn = field.palette().color(QPalette.ColorRole.PlaceholderText)
    hint = PLACEHOLDER.search(stylesheet())
    assert hint is not None and drawn.alpha() == 255 and drawn.name() == hint.group(1).lower()


class Window(QWidget):
    def __init__(self) -> None:
        super().__init__()
        row = QHBoxLayout(self)
        self.first, self.second = QPushButton("Back"), QPushButton("Continue")
        self.second.setObjectName("primary")
        row.addWidget(self.first)
        row.addWidget(self.second)
        app = QApplication.instance()
        assert isinstance(app, QApplication)
        self.focus = FocusVisible(app, parent=self)
        self.watch = InputWatch(self, lambda: None, self.focus.input_seen)  # as the kiosk's


def ring(button: QPushButton) -> bool:
    return bool(button.property(FOCUS_VISIBLE))


def tap(window: Window, button: QPushButton) -> None:
    handle = window.windowHandle()
    assert handle is not None
    centre = button.mapTo(window, button.rect().center())
    QTest.mouseClick(handle, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, centre)


def test_a_tap_leaves_no_ring_and_keys_show_one_until_the_next_tap(qtbot: QtBot) -> None:
    application()
    window = Window()
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.watch.follow()  # as the kiosk's window does on every show
    window.activateWindow()
    window.first.setFocus(Qt.FocusReason.OtherFocusReason)  # where Qt puts it on a new screen
    assert not ring(window.first), "focus nobody chose draws no ring"
    tap(window, window.second)
    assert window.second.hasFocus() and not ring(window.second), "a tap never looks selected"
    handle = window.windowHandle()
    assert handle is not None
    QTest.keyClick(handle, Qt.Key.Key_Tab)
    focused = QApplication.focusWidget()
    assert isinstance(focused, QPushButton) and ring(focused), "keys show where the focus is"
    other = window.first if focused is window.second else window.second
    assert not ring(other)
    # The ring is a border of its own colour, not the selected look (a filled button).
    sheet = parse(stylesheet())
    focus = sheet['QPushButton[focusVisible="true"]']
    assert "background" not in focus and colour(focus["border"]) == (0x1A, 0x4F, 0x9C)
    tap(window, other)
    assert not ring(window.first) and not ring(window.second)
