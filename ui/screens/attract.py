"""The attract screen: what a passer-by sees, and how to start."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QVBoxLayout

from drivers.status import DeviceStatus
from kiosk.config import Language
from ui.screens.base import Screen, ScreenContext, button, label

# Each language's button is written in that language, so it is readable before choosing.
LANGUAGE_NAMES: dict[Language, str] = {"vi": "Tiếng Việt", "en": "English"}


class AttractScreen(Screen):
    """Title, how to start (touch or place the ID card), language choice, staff status."""

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
        self.status = label("status")
        self.status.setAlignment(Qt.AlignmentFlag.AlignCenter)

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

    def show_device_statuses(self, statuses: list[DeviceStatus]) -> None:
        """A small line for staff: which devices are ready (no citizen data)."""
        marks = "   ".join(
            f"{'●' if status.operational else '○'} {status.device}" for status in statuses
        )
        self.status.setText(marks)
