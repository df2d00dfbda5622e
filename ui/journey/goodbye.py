"""Step ``goodbye``: "done — please take your card and your receipt", then the wipe.

The session ends when the citizen taps Finish, takes the card off the reader,
or after a short countdown: the next person must never find the last one's
screen.
"""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QVBoxLayout

from kiosk.receipt import RECEIPT_FACTS_KEY, ReceiptFacts
from kiosk.receipt.values import ready
from kiosk.session import EndReason
from ui.screens.base import Screen, ScreenContext, button, label

GOODBYE_S = 20


class GoodbyeScreen(Screen):
    """Thanks, what happens next, and a reminder to take the card."""

    def __init__(self, context: ScreenContext, seconds: int = GOODBYE_S) -> None:
        super().__init__(context)
        facts = context.session.held(RECEIPT_FACTS_KEY)
        self.facts = facts if isinstance(facts, ReceiptFacts) else None
        self.seconds_left = seconds
        self.title = label("title")
        self.card = label("subtitle")
        self.next_steps = label("step")
        self.countdown = label("body")
        self.finish_button = button("primary", self.finish)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(60, 120, 60, 40)
        layout.setSpacing(36)
        for widget in (self.title, self.card, self.next_steps, self.countdown):
            layout.addWidget(widget)
        layout.addStretch(1)
        layout.addWidget(self.finish_button)
        self.timer = QTimer(self)
        self.timer.setInterval(1000)
        self.timer.timeout.connect(self._tick)
        self.timer.start()
        self.retranslate()

    def spoken_instruction(self) -> str:
        """Read aloud: the thanks and the reminder, not the countdown."""
        return f"{self.title.text()}. {self.card.text()}"

    def finish(self) -> None:
        """End the session now (wiped, back to the attract screen)."""
        self.timer.stop()
        self.context.session.end(EndReason.FINISHED)

    def card_removed(self) -> None:
        """The citizen took the card: nothing more to do here."""
        self.finish()

    def _tick(self) -> None:
        self.seconds_left -= 1
        if self.seconds_left <= 0:
            self.finish()
        else:
            self._show_countdown()

    def _show_countdown(self) -> None:
        self.countdown.setText(
            self.tr("This screen closes in %n second(s).", "", self.seconds_left)
        )

    def retranslate(self) -> None:
        self.title.setText(self.tr("Thank you, you are done"))
        self.card.setText(self.tr("Please take your ID card and your receipt."))
        if self.facts is not None:
            when = ready(self.facts, self.context.session.language)
            self.next_steps.setText(
                self.tr(
                    "The center now checks your dossier {code}. Come back with your receipt and "
                    "your original papers from {when}, at {where}. If anything is missing, "
                    "you will be contacted."
                ).format(code=self.facts.code, when=when, where=self.facts.collect_at)
            )
        self.next_steps.setVisible(self.facts is not None)
        self.finish_button.setText(self.tr("Finish"))
        self._show_countdown()
