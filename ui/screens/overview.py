"""What will happen, before anything is asked: four steps and what to have at hand.

The first step of the citizen journey: many citizens are elderly and have never
used the kiosk; one screen of orientation costs a tap and saves hesitation later.
"""

from __future__ import annotations

from PySide6.QtWidgets import QVBoxLayout

from ui.screens.base import Screen, ScreenContext, button, button_row, label


class OverviewScreen(Screen):
    """The steps of a submission in plain words, with Continue and Cancel."""

    def __init__(self, context: ScreenContext) -> None:
        super().__init__(context)
        self.title = label("title")
        self.steps = [label("step") for _ in range(4)]
        self.bring = label("body")
        self.cancel_button = button("", context.navigator.cancel)
        self.continue_button = button("primary", context.navigator.advance)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(60, 80, 60, 40)
        layout.setSpacing(28)
        layout.addWidget(self.title)
        for step in self.steps:
            layout.addWidget(step)
        layout.addWidget(self.bring)
        layout.addStretch(1)
        actions = button_row()
        actions.addWidget(self.cancel_button)
        actions.addStretch(1)
        actions.addWidget(self.continue_button)
        layout.addLayout(actions)
        self.retranslate()

    def retranslate(self) -> None:
        self.title.setText(self.tr("How it works"))
        texts = (
            self.tr("1. Choose your procedure: the kiosk says which papers to bring."),
            self.tr("2. Show your chip ID card to the camera and lay it on the reader."),
            self.tr("3. Answer a few questions and put each paper under the camera."),
            self.tr("4. Check, agree, and take your receipt with the dossier code."),
        )
        for widget, text in zip(self.steps, texts, strict=True):
            widget.setText(text)
        self.bring.setText(
            self.tr("Have your ID card and the papers for your procedure ready. About 10 minutes.")
        )
        self.cancel_button.setText(self.tr("Cancel"))
        self.continue_button.setText(self.tr("Continue"))
