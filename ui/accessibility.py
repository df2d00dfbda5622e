"""Accessibility for the citizen at the kiosk: larger text, high contrast, read aloud.

- :class:`AccessibilityState`: the three choices and the style sheet they give;
- :class:`AccessibilityBar`: three large toggle buttons, always on screen;
- :class:`Accessibility`: ties them together: applies the theme, reads each
  screen's instruction aloud while "Read aloud" is on, and forgets every
  choice when the session ends (the next citizen may not want them);
- :func:`instruction_of`: the text a screen wants read aloud;
- :class:`FocusVisible`: the focus ring only for a citizen using keys, so that a
  tapped button never looks selected.

A screen provides its instruction with a ``spoken_instruction()`` method
(:class:`SpokenInstruction`); screens without one get their title and first
body text read.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, fields
from typing import Protocol, runtime_checkable

import shiboken6
from PySide6.QtCore import QEvent, QObject, QPointF, QRectF, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QIcon, QPainter, QPen, QPixmap, QPolygonF
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QWidget,
)

from drivers.speech.port import Speaker
from drivers.speech.settings import SpeechLanguage
from ui.theme import LARGE_TEXT_SCALE, apply_theme, button_text_colours, stylesheet

ICON_PX = 40


@dataclass
class AccessibilityState:
    """What the current citizen turned on; all off for every new session."""

    large_text: bool = False
    high_contrast: bool = False
    speech: bool = False

    @property
    def scale(self) -> float:
        return LARGE_TEXT_SCALE if self.large_text else 1.0

    def stylesheet(self) -> str:
        """The application style sheet for these choices."""
        return stylesheet(self.scale, self.high_contrast)

    def apply(self, app: QApplication) -> None:
        """Re-style the whole application (only when the look really changes)."""
        apply_theme(app, self.scale, self.high_contrast)

    def reset(self) -> None:
        """Back to the defaults (call :meth:`apply` to show it)."""
        for field in fields(self):
            setattr(self, field.name, field.default)


@runtime_checkable
class SpokenInstruction(Protocol):
    """A screen that says what it asks of the citizen, for "Read aloud"."""

    def spoken_instruction(self) -> str:
        """The main instruction in the current language, as plain sentences."""
        ...


def instruction_of(widget: QWidget | None) -> str:
    """The text to read aloud for ``widget`` ("" for none).

    ``spoken_instruction()`` when the screen has it; otherwise its visible
    ``title`` label followed by its first visible ``body`` label.
    """
    if widget is None or not shiboken6.isValid(widget):
        return ""
    if isinstance(widget, SpokenInstruction):
        return " ".join(widget.spoken_instruction().split())
    parts = []
    for name in ("title", "body"):
        found = [
            label
            for label in widget.findChildren(QLabel, name)
            if label.text().strip() and not label.isHidden()
        ]
        if found:
            parts.append(_sentence(found[0].text()))
    return " ".join(parts)


def _sentence(text: str) -> str:
    # A title has no full stop; without one espeak-ng runs it into the next sentence.
    words = " ".join(text.split())
    return words if words.endswith((".", "!", "?", ":")) else f"{words}."


class AccessibilityBar(QWidget):
    """Three large toggles: "A+ Larger text", "High contrast", "Read aloud".

    A tap updates ``state`` and emits :attr:`changed` with it; :meth:`sync`
    shows a state changed elsewhere (the reset after a session) without emitting.
    """

    changed = Signal(object)
    """Emitted with the :class:`AccessibilityState` after the citizen taps a toggle."""
    language_changed = Signal()
    """Emitted after the bar re-translated itself (the screens follow)."""

    def __init__(
        self,
        state: AccessibilityState,
        *,
        speech_available: bool = True,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.state = state
        self.setObjectName("accessibilityBar")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.larger_text = self._toggle("large_text")
        self.high_contrast = self._toggle("high_contrast")
        self.read_aloud = self._toggle("speech")
        # Without a configured speech engine the button would do nothing.
        self.read_aloud.setVisible(speech_available)
        self.row = QHBoxLayout(self)
        self.row.setContentsMargins(24, 16, 24, 16)
        self.row.setSpacing(16)
        for button in self.buttons:
            self.row.addWidget(button, 1)
        self.retranslate()
        self.sync()

    def add_button(self, button: QPushButton) -> None:
        """Put ``button`` at the end of the bar, inside its margins (the language button)."""
        self.row.addWidget(button)

    @property
    def buttons(self) -> tuple[QPushButton, QPushButton, QPushButton]:
        return (self.larger_text, self.high_contrast, self.read_aloud)

    def _toggle(self, attribute: str) -> QPushButton:
        button = QPushButton()
        button.setObjectName("accessibility")
        button.setCheckable(True)
        # A touch screen: no focus ring parked on the first toggle of every screen.
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        button.toggled.connect(lambda checked: self._toggled(attribute, checked))
        return button

    def _toggled(self, attribute: str, checked: bool) -> None:
        setattr(self.state, attribute, checked)
        self._draw_icons()
        self.changed.emit(self.state)

    def sync(self) -> None:
        """Show ``state`` on the buttons without emitting :attr:`changed`."""
        state = self.state
        checks = (state.large_text, state.high_contrast, state.speech)
        for button, checked in zip(self.buttons, checks, strict=True):
            button.blockSignals(True)
            button.setChecked(checked)
            button.blockSignals(False)
        self._draw_icons()

    def _draw_icons(self) -> None:
        size = round(ICON_PX * self.state.scale)
        off, on = button_text_colours(self.state.high_contrast)
        icon = QIcon()
        icon.addPixmap(speaker_pixmap(QColor(off), size), QIcon.Mode.Normal, QIcon.State.Off)
        icon.addPixmap(speaker_pixmap(QColor(on), size), QIcon.Mode.Normal, QIcon.State.On)
        self.read_aloud.setIcon(icon)
        self.read_aloud.setIconSize(QSize(size, size))

    def retranslate(self) -> None:
        self.setAccessibleName(self.tr("Accessibility"))
        self.larger_text.setText(self.tr("A+ Larger text"))
        self.larger_text.setAccessibleDescription(self.tr("Makes all text on the screen larger."))
        self.high_contrast.setText(self.tr("High contrast"))
        self.high_contrast.setAccessibleDescription(
            self.tr("White and yellow text on black, easier to read.")
        )
        self.read_aloud.setText(self.tr("Read aloud"))
        self.read_aloud.setAccessibleDescription(
            self.tr("Reads the instruction of each screen aloud.")
        )

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
            self.language_changed.emit()
        super().changeEvent(event)


def speaker_pixmap(colour: QColor, size: int) -> QPixmap:
    """A loudspeaker with two sound waves, drawn (no emoji font is needed on the kiosk)."""
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    unit = size / 48
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(colour)
    cone = [(4, 17), (14, 17), (26, 6), (26, 42), (14, 31), (4, 31)]
    painter.drawPolygon(QPolygonF([QPointF(x * unit, y * unit) for x, y in cone]))
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.setPen(QPen(colour, 3.5 * unit, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
    for radius in (8, 15):
        box = QRectF(
            (26 - radius) * unit, (24 - radius) * unit, 2 * radius * unit, 2 * radius * unit
        )
        painter.drawArc(box, -50 * 16, 100 * 16)
    painter.end()
    return pixmap


class Accessibility(QObject):
    """The citizen's accessibility choices, applied to the whole kiosk.

    ``speaker`` is ``None`` when speech is not configured (the "Read aloud"
    button is then hidden); ``language`` gives the session's language, in
    which instructions are read. Call :meth:`screen_shown` with each screen
    the window shows and :meth:`reset` when a session ends.
    """

    def __init__(
        self,
        app: QApplication,
        speaker: Speaker | None,
        language: Callable[[], SpeechLanguage],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.app = app
        self.speaker = speaker
        self.language = language
        self.state = AccessibilityState()
        self.bar = AccessibilityBar(self.state, speech_available=speaker is not None)
        self.bar.changed.connect(self._changed)
        self.bar.language_changed.connect(self._read_later)
        self._screen: QWidget | None = None
        self._speech_was_on = False

    def screen_shown(self, screen: QWidget) -> None:
        """``screen`` is now on view: read its instruction if "Read aloud" is on."""
        self._screen = screen
        self._read_later()

    def read_current(self) -> None:
        """Read the instruction of the screen on view now (if "Read aloud" is on)."""
        if self.speaker is None or not self.state.speech:
            return
        text = instruction_of(self._screen)
        if text:
            self.speaker.say(text, self.language())
        else:
            self.speaker.stop()

    def announce(self, text: str) -> None:
        """Read ``text`` (an overlay's question, the idle warning) if "Read aloud" is on."""
        if self.speaker is not None and self.state.speech and text.strip():
            self.speaker.say(text, self.language())

    def reset(self) -> None:
        """Forget the citizen's choices: normal theme, normal size, silence."""
        self.state.reset()
        self.bar.sync()
        self._speech_was_on = False
        self._screen = None  # no reference to the last citizen's screen outlives the session
        self.state.apply(self.app)
        if self.speaker is not None:
            self.speaker.stop()

    def _read_later(self) -> None:
        # A new screen fills its texts, and a language switch re-translates
        # them, in events still queued: read after they ran.
        if self.state.speech:
            QTimer.singleShot(0, self, self.read_current)

    def _changed(self, state: AccessibilityState) -> None:
        state.apply(self.app)
        turned_on, turned_off = (
            state.speech and not self._speech_was_on,
            self._speech_was_on and not state.speech,
        )
        self._speech_was_on = state.speech
        if self.speaker is None:
            return
        if turned_on:
            self.read_current()
        elif turned_off:
            self.speaker.stop()


FOCUS_VISIBLE = "focusVisible"
"""The button property the style sheet draws the focus ring on (see :class:`FocusVisible`)."""


class FocusVisible(QObject):
    """The focus ring on a button only while the citizen uses keys (a browser's :focus-visible).

    A tap gives a button the focus, and Qt moves the focus by itself when a screen
    changes; a ring drawn then would sit on a button nobody chose and read as "selected".
    A key press (a keypad, a keyboard, a switch device) turns the ring on for the button
    with the focus and the ones it moves to; the next tap turns it off. The window's
    :class:`ui.input_watch.InputWatch` says which kind each press was (:meth:`input_seen`);
    the application's ``focusChanged`` says where the focus went.
    """

    def __init__(self, app: QApplication, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.keys = False
        """The citizen's last press was a key."""
        app.focusChanged.connect(self._moved)

    def input_seen(self, key: bool) -> None:
        """A press: a key (True) or a touch or click (False)."""
        if key != self.keys:
            self.keys = key
            _mark(QApplication.focusWidget(), key)

    def _moved(self, old: QWidget | None, new: QWidget | None) -> None:
        _mark(old, False)
        _mark(new, self.keys)


def _mark(widget: QWidget | None, shown: bool) -> None:
    if not isinstance(widget, QAbstractButton) or not shiboken6.isValid(widget):
        return
    if bool(widget.property(FOCUS_VISIBLE)) == shown:
        return
    widget.setProperty(FOCUS_VISIBLE, shown)
    widget.style().unpolish(widget)
    widget.style().polish(widget)
