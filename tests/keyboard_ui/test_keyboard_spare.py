"""The spare keyboard: built ahead, handed over once, never one that typed before."""

from __future__ import annotations

from PySide6.QtWidgets import QLineEdit
from pytestqt.qtbot import QtBot
from shiboken6 import isValid

from ui.app import application
from ui.i18n import Translations
from ui.keyboard import OnScreenKeyboard, attach_input
from ui.keyboard.keyboard import SPACE
from ui.keyboard.spare import SpareKeyboard


def test_the_spare_is_built_later_and_handed_over_once(qtbot: QtBot) -> None:
    application()
    spares = SpareKeyboard()
    first = spares.take()  # none ready yet: built on the spot
    qtbot.addWidget(first)
    qtbot.waitUntil(lambda: spares._spare is not None)  # the next one, a moment later
    second = spares.take()
    qtbot.addWidget(second)
    assert second is not first
    assert second.target is None  # never attached to anything


def test_a_keyboard_that_typed_is_never_handed_over_again(qtbot: QtBot) -> None:
    application()
    field = QLineEdit()
    qtbot.addWidget(field)
    keyboard = attach_input(field, "text")
    assert isinstance(keyboard, OnScreenKeyboard)
    keyboard.type_keys("Vieetj")
    assert field.text() == "Việt"
    for _ in range(3):
        other = QLineEdit()
        qtbot.addWidget(other)
        fresh = attach_input(other, "text")
        assert isinstance(fresh, OnScreenKeyboard)
        assert fresh is not keyboard
        assert fresh.target is other
        fresh.type_keys("a")
        assert other.text() == "a"  # nothing of the first field's word carried over


def test_a_spare_deleted_meanwhile_is_replaced(qtbot: QtBot) -> None:
    application()
    spares = SpareKeyboard()
    spares.prepare()
    qtbot.waitUntil(lambda: spares._spare is not None)
    assert spares._spare is not None
    spares._spare.deleteLater()
    qtbot.waitUntil(lambda: not _alive(spares))
    keyboard = spares.take()
    qtbot.addWidget(keyboard)
    assert isValid(keyboard)
    assert keyboard.keys["a"].text() == "a"


def _built(spares: SpareKeyboard) -> bool:
    return _alive(spares) and spares._spare is not None and spares._spare.built


def test_the_spare_is_built_a_row_per_turn_and_finished_when_taken(qtbot: QtBot) -> None:
    application()
    spares = SpareKeyboard()
    spares.prepare()
    qtbot.waitUntil(lambda: _alive(spares))
    partial = spares._spare
    assert partial is not None and not partial.built
    assert len(partial.keys) < len(OnScreenKeyboard().keys)  # no keys yet, or a row or two
    keyboard = spares.take()  # taken half built: the taker gets every key
    qtbot.addWidget(keyboard)
    assert keyboard is partial and keyboard.built
    assert set(keyboard.keys) == set(OnScreenKeyboard().keys)
    assert keyboard.keys[SPACE].text() in ("Space", "Dấu cách")
    qtbot.waitUntil(lambda: _built(spares))  # and the next one is built in turn
    assert spares._spare is not keyboard


def _alive(spares: SpareKeyboard) -> bool:
    return spares._spare is not None and isValid(spares._spare)


def test_a_spare_built_in_one_language_speaks_the_next_citizens(qtbot: QtBot) -> None:
    application()
    translations = Translations()
    translations.apply("vi")
    spares = SpareKeyboard()
    spares.prepare()
    qtbot.waitUntil(lambda: _built(spares))
    assert spares._spare is not None
    assert spares._spare.keys[SPACE].text() == "Dấu cách"
    translations.apply("en")
    keyboard = spares.take()
    qtbot.addWidget(keyboard)
    qtbot.waitUntil(lambda: keyboard.keys[SPACE].text() == "Space")
    translations.apply("vi")
