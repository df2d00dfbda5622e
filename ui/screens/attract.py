"""The attract screen: what a passer-by sees, and how to start.

Its last line marks each device ready or faulty (colour and icon, in the
screen's language, each device once); what is wrong is for the technician's
service screen, asked for by five taps on the top-right corner (see
docs/deployment.md) and opened with the service PIN.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from drivers.status import DeviceStatus
from kiosk.config import Language
from kiosk.service_gesture import CornerTaps
from kiosk.service_status import Health, PublicDevice, PublicMark, public_marks
from ui.screens.base import Screen, ScreenContext, button, label

# Each language's button is written in that language, so it is readable before choosing.
LANGUAGE_NAMES: dict[Language, str] = {"vi": "Tiếng Việt", "en": "English"}

# The technician's corner: big enough to hit with a thumb, empty on the screen.
CORNER_PX = 140
MARKS_PER_ROW = 4  # the widest language's names fit a 1080 px screen four by four
ICONS = {Health.READY: "✓", Health.FAULT: "✕"}
# Each mark carries its own background, so it reads on the normal and the
# high-contrast theme alike (white on green 6.9:1, white on red 6.6:1).
MARK_STYLE = """
QLabel#mark { color: #ffffff; background: #1d6b2a; border-radius: 10px; padding: 4px 12px;
              font-size: 20px; font-weight: 700; }
QLabel#mark[health="fault"] { background: #b3261e; }
"""


class TechnicianCorner(QWidget):
    """An invisible square in the top-right corner that counts taps."""

    def __init__(self, parent: QWidget, on_gesture: Callable[[], None]) -> None:
        super().__init__(parent)
        self.taps = CornerTaps()
        self._on_gesture = on_gesture
        self.setFixedSize(CORNER_PX, CORNER_PX)
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents, False)
        parent.installEventFilter(self)

    def mousePressEvent(self, event: object) -> None:
        if self.taps.tap():
            self._on_gesture()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize and isinstance(event, QResizeEvent):
            self.move(event.size().width() - CORNER_PX, 0)
            self.raise_()
        return False


class AttractScreen(Screen):
    """Title, how to start (touch or place the ID card), language choice, device marks."""

    technician_asked = Signal()  # the corner gesture: the service door asks for the PIN

    def __init__(self, context: ScreenContext, on_start: Callable[[], None]) -> None:
        super().__init__(context)
        self.title = label("title")
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.center_name = label("subtitle")
        self.center_name.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.instruction = label("body")
        self.instruction.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.start_button = button("primary", on_start)
        self.language_buttons: dict[Language, QPushButton] = {}
        languages = QHBoxLayout()
        for language in context.config.languages.offered:
            choice = button("language")
            choice.setText(LANGUAGE_NAMES[language])
            choice.clicked.connect(lambda _=False, lang=language: self._choose(lang))
            self.language_buttons[language] = choice
            languages.addWidget(choice)
        self.status = QWidget()
        self.status.setStyleSheet(MARK_STYLE)
        self.status_grid = QGridLayout(self.status)
        self.status_grid.setContentsMargins(0, 0, 0, 0)
        self.status_grid.setSpacing(12)
        self.marks: list[PublicMark] = []
        self.mark_labels: list[QLabel] = []
        self.corner = TechnicianCorner(self, self.technician_asked.emit)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(60, 120, 60, 40)
        layout.setSpacing(36)
        layout.addWidget(self.title)
        layout.addWidget(self.center_name)
        layout.addStretch(1)
        layout.addWidget(self.instruction)
        layout.addWidget(self.start_button)
        layout.addStretch(1)
        layout.addLayout(languages)
        layout.addWidget(self.status)
        self.retranslate()

    def _choose(self, language: Language) -> None:
        self.context.navigator.set_language(language)
        self._mark_language()

    def _mark_language(self) -> None:
        for language, choice in self.language_buttons.items():
            choice.setProperty("selected", language == self.context.session.language)
            choice.style().unpolish(choice)
            choice.style().polish(choice)

    def retranslate(self) -> None:
        self.title.setText(self.tr("Self-service dossier reception"))
        self.center_name.setText(self.context.config.kiosk.center_name)
        self.instruction.setText(
            self.tr("Touch Start or place your chip ID card on the reader to begin.")
        )
        self.start_button.setText(self.tr("Start"))
        self._mark_language()
        self._name_marks()

    def show_device_statuses(self, statuses: list[DeviceStatus]) -> None:
        """One mark per device, ready or faulty; no detail, no citizen data."""
        self.marks = public_marks(statuses)
        while len(self.mark_labels) < len(self.marks):
            mark = QLabel()
            mark.setObjectName("mark")
            mark.setAlignment(Qt.AlignmentFlag.AlignCenter)
            index = len(self.mark_labels)
            self.status_grid.addWidget(mark, index // MARKS_PER_ROW, index % MARKS_PER_ROW)
            self.mark_labels.append(mark)
        for index, mark_label in enumerate(self.mark_labels):
            shown = index < len(self.marks)
            mark_label.setVisible(shown)
            if shown:
                mark_label.setProperty("health", self.marks[index].health.value)
                mark_label.style().unpolish(mark_label)
                mark_label.style().polish(mark_label)
        self._name_marks()

    def mark_texts(self) -> list[str]:
        """What each shown mark says, as on screen (tests read it)."""
        return [mark.text() for mark in self.mark_labels[: len(self.marks)]]

    def _name_marks(self) -> None:
        names = {
            PublicDevice.STORAGE: self.tr("Storage"),
            PublicDevice.CARD_READER: self.tr("Card reader"),
            PublicDevice.CAMERA: self.tr("Camera"),
            PublicDevice.PRINTER: self.tr("Printer"),
            PublicDevice.CENTER: self.tr("Center link"),
            PublicDevice.SPEECH: self.tr("Speech"),
            PublicDevice.OTHER: self.tr("Other"),
        }
        states = {Health.READY: self.tr("ready"), Health.FAULT: self.tr("fault")}
        for mark, mark_label in zip(self.marks, self.mark_labels, strict=False):
            mark_label.setText(f"{ICONS[mark.health]} {names[mark.device]}")
            mark_label.setAccessibleName(f"{names[mark.device]}: {states[mark.health]}")
