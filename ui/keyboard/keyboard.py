"""An on-screen keyboard for the touch kiosk: Vietnamese letters (Telex / VNI) and digits.

Nothing here takes the focus: every key has ``Qt.NoFocus``, so the field
keeps its cursor and its blinking caret while the citizen taps. The word
under the cursor goes through :class:`~kiosk.textinput.WordComposer`; the
keyboard re-reads the field before every key, so a tap elsewhere in the
text, a paste or a programmatic ``setText`` simply starts a new word there.
"""

from __future__ import annotations

from collections.abc import Iterator
from enum import Enum
from functools import partial

from PySide6.QtCore import QEvent, QSize, Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QGridLayout,
    QHBoxLayout,
    QPushButton,
    QSizePolicy,
    QStackedLayout,
    QVBoxLayout,
    QWidget,
)

from kiosk.textinput import ToneStyle, TypingMethod, WordComposer
from ui.keyboard.target import Editable, TextTarget, trailing_word
from ui.theme import KEY_MIN_WIDTH, MIN_TOUCH_PX


class KeyboardMode(Enum):
    """Which keys a field needs."""

    TEXT = "text"
    DIGITS = "digits"


class Shift(Enum):
    OFF = "off"
    ONCE = "once"  # the next letter only
    CAPS = "caps"  # until tapped again


SHIFT, BACKSPACE, DONE, SPACE = "shift", "backspace", "done", " "
DIGIT_ROW = "1234567890"
LETTER_ROWS = ("qwertyuiop", "asdfghjkl", "zxcvbnm")
SYMBOLS = ("@", "-", "/")
KEY_GAP = 8
KEY_PX = 96  # a little above MIN_TOUCH_PX so the gaps never push a key below it
DEFAULT_SIZE = QSize(1080, 6 * KEY_PX + 5 * KEY_GAP + 2 * KEY_GAP)


def _key(text: str = "") -> QPushButton:
    key = QPushButton(text)
    key.setObjectName("key")
    key.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    key.setMinimumSize(KEY_MIN_WIDTH, MIN_TOUCH_PX)
    key.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
    return key


KIOSK_TONE_STYLE = ToneStyle.OLD
"""The screens spell "Hủy", "Ủy ban" (docs/ui-words.md), as names on ID cards and
Unikey's default do: typed answers follow the same placement."""


class OnScreenKeyboard(QWidget):
    """Large keys that type into the attached field; ``done`` when the citizen taps Done."""

    done = Signal()

    def __init__(
        self,
        mode: KeyboardMode = KeyboardMode.TEXT,
        method: TypingMethod = TypingMethod.TELEX,
        style: ToneStyle = KIOSK_TONE_STYLE,
        parent: QWidget | None = None,
        *,
        piecemeal: bool = False,
    ) -> None:
        """``piecemeal``: only the empty pages now; :meth:`build_next` adds a row of
        keys at a time and :meth:`finish` the rest (see :mod:`ui.keyboard.spare`)."""
        super().__init__(parent)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.composer = WordComposer(method, style)
        self.shift = Shift.OFF
        self._target: TextTarget | None = None
        self._expected: str | None = None  # the text before the cursor after our last edit
        self.keys: dict[str, QPushButton] = {}  # letters page; digits page under "pad:<key>"
        self.method_buttons: dict[TypingMethod, QPushButton] = {}
        self._pages = QStackedLayout(self)
        self._letters = QWidget()
        self._digits = QWidget()
        self._pages.addWidget(self._letters)
        self._pages.addWidget(self._digits)
        self._mode = mode
        self.built = False
        """True once every key is there (at once unless ``piecemeal``)."""
        self._rows = self._building(mode, method)
        if not piecemeal:
            self.finish()

    # -- building --------------------------------------------------------------
    def build_next(self) -> bool:
        """Build one more row of keys (a millisecond or two); True while some remain."""
        return next(self._rows, False)

    def finish(self) -> None:
        """Build whatever keys are still missing."""
        while self.build_next():
            pass

    def _building(self, mode: KeyboardMode, method: TypingMethod) -> Iterator[bool]:
        yield from self._letters_page(self._letters)
        yield from self._digits_page(self._digits)
        self.set_mode(mode)
        self.set_method(method)
        self.retranslate()
        self.built = True

    def _add(self, row: QHBoxLayout, name: str, text: str = "", stretch: int = 2) -> QPushButton:
        key = _key(text or name)
        key.clicked.connect(partial(self.tap, name))
        row.addWidget(key, stretch)
        self.keys[name] = key
        return key

    def _letters_page(self, page: QWidget) -> Iterator[bool]:
        column = QVBoxLayout(page)
        column.setSpacing(KEY_GAP)
        column.setContentsMargins(KEY_GAP, KEY_GAP, KEY_GAP, KEY_GAP)
        tools = QHBoxLayout()
        self._method_group = QButtonGroup(self)
        for method in TypingMethod:
            button = _key()
            button.setObjectName("method")  # smaller type: the names are words
            button.setCheckable(True)
            button.setMinimumWidth(KEY_MIN_WIDTH * 2)
            button.clicked.connect(partial(self.set_method, method))
            self._method_group.addButton(button)
            self.method_buttons[method] = button
            tools.addWidget(button, 4)
        tools.addSpacing(KEY_GAP * 2)
        for symbol in SYMBOLS:
            self._add(tools, symbol)
        column.addLayout(tools)
        yield True
        for keys in (DIGIT_ROW, *LETTER_ROWS):
            row = QHBoxLayout()
            if keys == LETTER_ROWS[-1]:
                self._add(row, SHIFT, "⇧", 3)
            for char in keys:
                self._add(row, char)
            if keys == LETTER_ROWS[-1]:
                self._add(row, BACKSPACE, "⌫", 3)
            column.addLayout(row)
            yield True
        bottom = QHBoxLayout()
        self._add(bottom, ",", stretch=2)
        self._add(bottom, SPACE, stretch=9)
        self._add(bottom, ".", stretch=2)
        done = self._add(bottom, DONE, stretch=4)
        done.setObjectName("done")  # a key, not the screen's one primary action
        column.addLayout(bottom)
        yield True

    def _digits_page(self, page: QWidget) -> Iterator[bool]:
        outer = QHBoxLayout(page)
        outer.setContentsMargins(KEY_GAP, KEY_GAP, KEY_GAP, KEY_GAP)
        grid = QGridLayout()
        grid.setSpacing(KEY_GAP)
        # 1-2-3 on top, as on a phone and on the identity step's pad: one layout everywhere.
        layout = ("123", "456", "789", (BACKSPACE, "0", DONE))
        for r, keys in enumerate(layout):
            for c, name in enumerate(keys):
                key = _key({BACKSPACE: "⌫"}.get(name, name))
                key.clicked.connect(partial(self.tap, name))
                if name == DONE:
                    key.setObjectName("done")
                grid.addWidget(key, r, c)
                self.keys[f"pad:{name}"] = key
        outer.addStretch(1)
        outer.addLayout(grid, 3)
        outer.addStretch(1)
        yield True

    def sizeHint(self) -> QSize:
        return QSize(DEFAULT_SIZE)

    # -- the field -------------------------------------------------------------
    @property
    def target(self) -> Editable | None:
        return self._target.widget if self._target is not None else None

    @property
    def mode(self) -> KeyboardMode:
        return self._mode

    def attach(self, widget: Editable | None, mode: KeyboardMode | None = None) -> None:
        """Type into ``widget`` from now on (None: into nothing), in ``mode`` if given."""
        self._target = TextTarget(widget) if widget is not None else None
        self._expected = None  # read the field afresh at the next key
        self.composer.reset()
        if mode is not None:
            self.set_mode(mode)

    def set_mode(self, mode: KeyboardMode) -> None:
        self._mode = mode
        self._pages.setCurrentWidget(self._digits if mode is KeyboardMode.DIGITS else self._letters)

    def set_method(self, method: TypingMethod) -> None:
        """Telex, VNI or off; the word being typed stays as it is shown."""
        self.composer.method = method
        self.method_buttons[method].setChecked(True)

    # -- keys ------------------------------------------------------------------
    def tap(self, name: str) -> None:
        """What a tap on the key ``name`` does (also the way tests and scripts type)."""
        if name == SHIFT:
            self._next_shift()
            return
        target = self._target
        if target is None:
            return
        if name == BACKSPACE:
            self._backspace(target)
        elif name == DONE:
            self._finish_word(target)
            self.done.emit()
        elif self._mode is KeyboardMode.DIGITS:
            self._sync(target)
            target.insert(name)
            self.composer.reset()
        else:
            self._type(target, self._shifted(name))
        self._expected = target.before_cursor()

    def type_keys(self, keys: str) -> None:
        """Tap each character of ``keys`` in turn (a capital taps Shift first)."""
        for char in keys:
            if char.isupper():
                self.shift = Shift.ONCE
                self._show_shift()
            self.tap(char.lower())

    def _type(self, target: TextTarget, char: str) -> None:
        self._sync(target)
        if self.composer.accepts(char):
            old = self.composer.text
            target.replace_before(old, self.composer.type(char))
            return
        self._finish_word(target)
        target.insert(char)
        self.composer.reset()

    def _finish_word(self, target: TextTarget) -> None:
        self._sync(target)
        old = self.composer.text
        target.replace_before(old, self.composer.commit())

    def _backspace(self, target: TextTarget) -> None:
        if target.has_selection():
            target.remove_selection()
            self.composer.seed(trailing_word(target.before_cursor()))
            return
        self._sync(target)
        old = self.composer.text
        if old:
            target.replace_before(old, self.composer.backspace())
        else:
            target.delete_before()
            self.composer.seed(trailing_word(target.before_cursor()))

    def _sync(self, target: TextTarget) -> None:
        """Start from what the field shows if it changed since our last key."""
        if target.has_selection():
            target.remove_selection()
            self._expected = None
        before = target.before_cursor()
        if before != self._expected or not before.endswith(self.composer.text):
            self.composer.seed(trailing_word(before))

    # -- shift -----------------------------------------------------------------
    def _shifted(self, char: str) -> str:
        if self.shift is Shift.OFF or not char.isalpha():
            return char
        if self.shift is Shift.ONCE:
            self.shift = Shift.OFF
            self._show_shift()
        return char.upper()

    def _next_shift(self) -> None:
        order = [Shift.OFF, Shift.ONCE, Shift.CAPS]
        self.shift = order[(order.index(self.shift) + 1) % len(order)]
        self._show_shift()

    def _show_shift(self) -> None:
        upper = self.shift is not Shift.OFF
        for keys in LETTER_ROWS:
            for char in keys:
                self.keys[char].setText(char.upper() if upper else char)
        shift = self.keys[SHIFT]
        shift.setCheckable(True)
        shift.setChecked(upper)
        shift.setText("⇪" if self.shift is Shift.CAPS else "⇧")

    # -- language --------------------------------------------------------------
    def retranslate(self) -> None:
        self.keys[SPACE].setText(self.tr("Space"))
        self.keys[DONE].setText(self.tr("Done"))
        self.keys["pad:" + DONE].setText(self.tr("Done"))
        self.keys[BACKSPACE].setAccessibleName(self.tr("Delete"))
        self.keys["pad:" + BACKSPACE].setAccessibleName(self.tr("Delete"))
        self.keys[SHIFT].setAccessibleName(self.tr("Capital letters"))
        names = {
            TypingMethod.TELEX: self.tr("Telex"),
            TypingMethod.VNI: self.tr("VNI"),
            TypingMethod.OFF: self.tr("No accents"),
        }
        for method, button in self.method_buttons.items():
            button.setText(names[method])

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange and self.built:
            self.retranslate()  # a keyboard still being built names its keys when done
        super().changeEvent(event)
