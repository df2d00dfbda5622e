"""Step ``goodbye``: "take your ID card back" first, then what happens next, then the wipe.

The dossier was received, not decided: the screen says so ("Hồ sơ đã được
tiếp nhận") and reminds the citizen to bring the original papers. The headline
is the card, with a picture of it, because a card left on the reader is the
one thing that cannot be fixed once the citizen has gone.

The session ends when the card leaves the reader. Finish, or the countdown
running out, while the card is still there does not end it: the kiosk beeps
and says the card is still on the reader, again every ``REMIND_S`` seconds, up
to ``REMINDERS`` times; then the session ends anyway (nobody is there, and the
next person must not find this screen). The session's idle rule still applies.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QRectF, Qt, QTimer
from PySide6.QtGui import QColor, QPainter, QPen, QPixmap
from PySide6.QtWidgets import QApplication, QHBoxLayout, QLabel, QVBoxLayout

from kiosk.logs import fields
from kiosk.receipt import RECEIPT_FACTS_KEY, ReceiptFacts
from kiosk.receipt.values import ready
from kiosk.session import EndReason
from ui.screens.base import Screen, ScreenContext, button, label

log = logging.getLogger(__name__)

GOODBYE_S = 20
REMIND_S = 10
REMINDERS = 6
ICON_PX = 120


class GoodbyeScreen(Screen):
    """Take your card; the dossier was received; bring the originals; then the wipe."""

    def __init__(
        self,
        context: ScreenContext,
        seconds: int = GOODBYE_S,
        card_on_reader: Callable[[], bool] = lambda: False,
    ) -> None:
        super().__init__(context)
        facts = context.session.held(RECEIPT_FACTS_KEY)
        self.facts = facts if isinstance(facts, ReceiptFacts) else None
        self.card_on_reader = card_on_reader
        self.seconds_left = seconds
        self.reminders = 0
        self.icon = QLabel()
        self.icon.setPixmap(card_pixmap(ICON_PX))
        self.icon.setFixedSize(ICON_PX, ICON_PX)
        self.title = label("title")
        self.reminder = label("error")
        self.received = label("subtitle")
        self.next_steps = label("step")
        self.countdown = label("body")
        self.finish_button = button("primary", self.finish)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(60, 100, 60, 40)
        layout.setSpacing(32)
        headline = QHBoxLayout()
        headline.setSpacing(24)
        headline.addWidget(self.icon, 0, Qt.AlignmentFlag.AlignVCenter)
        headline.addWidget(self.title, 1)
        layout.addLayout(headline)
        for widget in (self.reminder, self.received, self.next_steps, self.countdown):
            layout.addWidget(widget)
        layout.addStretch(1)
        layout.addWidget(self.finish_button)
        self.reminder.setVisible(False)
        self.timer = QTimer(self)
        self.timer.setInterval(1000)
        self.timer.timeout.connect(self._tick)
        self.timer.start()
        self.retranslate()

    def spoken_instruction(self) -> str:
        """Read aloud: the card first, then that the dossier was received."""
        return f"{self.title.text()}. {self.received.text()}"

    def finish(self) -> None:
        """End the session, unless the card is still on the reader (then remind)."""
        if self.card_on_reader() and self.reminders < REMINDERS:
            self.remind()
            return
        self._end()

    def remind(self) -> None:
        """A beep and a line in red: the card is still on the reader."""
        self.reminders += 1
        self.seconds_left = REMIND_S
        self.reminder.setVisible(True)
        QApplication.beep()
        self.context.session.touch()  # waiting for the card is not idling
        log.info("card still on the reader", extra=fields(count=self.reminders))
        self.retranslate()

    def card_removed(self) -> None:
        """The citizen took the card: nothing more to do here."""
        self._end()

    def _end(self) -> None:
        self.timer.stop()
        if self.card_on_reader():
            log.warning("session ended with the card left on the reader")
        self.context.session.end(EndReason.FINISHED)

    def _tick(self) -> None:
        self.seconds_left -= 1
        if self.seconds_left <= 0:
            self.finish()
        else:
            self._show_countdown()

    def _show_countdown(self) -> None:
        if self.card_on_reader():
            self.countdown.setText(self.tr("This screen closes when you take your card."))
        else:
            self.countdown.setText(
                self.tr("This screen closes in %n second(s).", "", self.seconds_left)
            )

    def retranslate(self) -> None:
        self.title.setText(self.tr("Take back your ID card"))
        self.reminder.setText(
            self.tr("Your ID card is still on the reader. Please take it with you.")
        )
        self.received.setText(
            self.tr(
                "Your dossier has been received. It is not decided yet: the center now checks it."
            )
        )
        if self.facts is not None:
            when = ready(self.facts, self.context.session.language)
            self.next_steps.setText(
                self.tr(
                    "Dossier {code}. Come back from {when} to {where}, with your receipt and "
                    "the original papers. If anything is missing, you will be contacted."
                ).format(code=self.facts.dossier_code, when=when, where=self.facts.collect_at)
            )
        self.next_steps.setVisible(self.facts is not None)
        self.finish_button.setText(self.tr("Finish"))
        self._show_countdown()


def card_pixmap(size: int) -> QPixmap:
    """An ID card with its chip and an arrow lifting it off, drawn (no emoji font on the kiosk)."""
    picture = QPixmap(size, size)
    picture.fill(Qt.GlobalColor.transparent)
    painter = QPainter(picture)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    ink = QColor("#0b3d91")
    unit = size / 12
    painter.setPen(QPen(ink, unit * 0.6))
    painter.setBrush(QColor("#e8eefc"))
    card = QRectF(unit * 1, unit * 5, unit * 10, unit * 6.2)
    painter.drawRoundedRect(card, unit * 0.8, unit * 0.8)
    painter.setBrush(QColor("#d4a017"))  # the chip's gold
    painter.drawRoundedRect(
        QRectF(unit * 2.2, unit * 6.6, unit * 2.4, unit * 1.9), unit * 0.3, unit * 0.3
    )
    painter.setPen(QPen(ink, unit * 0.5))
    for row in (7.0, 8.4, 9.8):
        painter.drawLine(int(unit * 5.6), int(unit * row), int(unit * 9.8), int(unit * row))
    painter.setPen(QPen(ink, unit * 0.9, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
    painter.drawLine(int(unit * 6), int(unit * 4), int(unit * 6), int(unit * 0.8))
    painter.drawLine(int(unit * 6), int(unit * 0.8), int(unit * 4.4), int(unit * 2.4))
    painter.drawLine(int(unit * 6), int(unit * 0.8), int(unit * 7.6), int(unit * 2.4))
    painter.end()
    return picture
