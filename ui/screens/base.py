"""What every screen shares: the context it is given and how it follows the language."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

from kiosk.config import Config, Language
from kiosk.journey import Journey
from kiosk.session import KioskSession


@dataclass(frozen=True)
class Navigator:
    """What a screen may ask of the window: move on, go back, cancel, switch language."""

    advance: Callable[[], None]
    back: Callable[[], None]
    cancel: Callable[[], None]
    set_language: Callable[[Language], None]
    changed: Callable[[], None] = lambda: None
    """A screen changed what it shows within its step (read its new instruction aloud)."""


@dataclass(frozen=True)
class ScreenContext:
    """Everything a screen receives; no screen reaches for globals."""

    config: Config
    session: KioskSession
    journey: Journey
    navigator: Navigator
    host: QWidget | None = None
    """Where screens are shown: each is made inside it from the start."""


class Screen(QWidget):
    """Base of every screen: rebuilds its texts when the language changes."""

    def __init__(self, context: ScreenContext) -> None:
        # Made inside its host, a screen takes the application's style once, as each
        # widget is added; made alone and moved in later, Qt would restyle all of it.
        super().__init__(context.host)
        self.context = context

    def retranslate(self) -> None:
        """Set every visible text in the current language."""
        raise NotImplementedError

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)


def label(object_name: str, parent: QWidget | None = None) -> QLabel:
    """A word-wrapped label styled by ``object_name`` (title, subtitle, body, step)."""
    widget = QLabel(parent)
    widget.setObjectName(object_name)
    widget.setWordWrap(True)
    widget.setTextFormat(Qt.TextFormat.PlainText)
    return widget


def wrap_text(text: str, widget: QWidget, width: int) -> str:
    """``text`` with line breaks so that each line fits ``width`` px in ``widget``'s font.

    A push button never wraps its text: a long official name would run off the screen.
    """
    metrics = QFontMetrics(widget.font())
    lines: list[str] = []
    for paragraph in text.split("\n"):
        line = ""
        for word in paragraph.split():
            candidate = f"{line} {word}".strip()
            if line and metrics.horizontalAdvance(candidate) > width:
                lines.append(line)
                line = word
            else:
                line = candidate
        lines.append(line)
    return "\n".join(lines)


BUTTON_GAP_PX = 24
"""Between two buttons side by side: at least 16 px, so a finger meant for one never
presses its neighbour (Back and Cancel, Delete and Cancel)."""


def button_row() -> QHBoxLayout:
    """A row of buttons with :data:`BUTTON_GAP_PX` between them."""
    row = QHBoxLayout()
    row.setSpacing(BUTTON_GAP_PX)
    return row


def button(object_name: str = "", on_click: Callable[[], None] | None = None) -> QPushButton:
    """A large touch button; ``primary`` is the one main action of a screen."""
    widget = QPushButton()
    if object_name:
        widget.setObjectName(object_name)
    if on_click is not None:
        widget.clicked.connect(on_click)
    return widget
