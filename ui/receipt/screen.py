"""The receipt step: printing, "take your receipt", or the receipt on screen when paper fails.

Printing runs in the background (``run_in_background``); the screen only
shows what the :class:`~kiosk.receipt.desk.ReceiptDesk` reports. When the
printer cannot print, the dossier is already safe in the outbox: the screen
says so, shows the receipt with its QR to photograph, and sends the citizen
to the one-stop counter for a printed copy. The desk has flagged the kiosk
for a technician by then.
"""

from __future__ import annotations

import logging
from enum import StrEnum

import shiboken6
from PySide6.QtWidgets import QHBoxLayout, QProgressBar, QVBoxLayout, QWidget

from kiosk.catalog.fees import fee_word
from kiosk.logs import fields
from kiosk.receipt import RECEIPT_FACTS_KEY, PrinterStatus
from kiosk.receipt.desk import PrintOutcome, PrintResult, ReceiptDesk
from kiosk.receipt.facts import ReceiptFacts
from kiosk.receipt.values import BY_POST, fee, ready
from ui.handoff import run_in_background
from ui.receipt.picture import PictureView
from ui.screens.base import Screen, ScreenContext, button, label

log = logging.getLogger(__name__)


class ReceiptState(StrEnum):
    """What the receipt screen shows."""

    PRINTING = "printing"
    PRINTED = "printed"
    FAILED = "failed"


class ReceiptScreen(Screen):
    """Prints the receipt of ``facts`` on entry and shows how it went."""

    def __init__(self, context: ScreenContext, desk: ReceiptDesk, facts: ReceiptFacts) -> None:
        super().__init__(context)
        self.desk = desk
        self.facts = facts
        self.state = ReceiptState.PRINTING
        self.outcome: PrintOutcome | None = None
        self._busy = False
        self.title = label("title")
        self.message = label("body")
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)  # busy: a receipt takes seconds, with no steps to count
        self.progress.setTextVisible(False)
        self.progress.setMinimumHeight(36)
        self.code_label = label("body")
        self.code = label("code")  # bold, in the theme's colours (high contrast too)
        # On one line: a dossier code broken in two is copied wrong.
        self.code.setWordWrap(False)
        self.ready = label("subtitle")
        self.collect = label("body")  # where: the place, and the counter and floor
        self.payment = label("body")  # what is paid (phí or lệ phí) and where: not here
        self.slot_hint = label("step")  # where the paper comes out
        self.reason = label("subtitle")
        self.photo_hint = label("body")
        self.counter_hint = label("body")
        self.picture = PictureView()
        self.retry_button = button("", self.start_printing)
        self.finish_button = button("primary", context.navigator.advance)
        self._layout()
        self._show_state()
        self.start_printing()

    # -- printing ------------------------------------------------------------

    def start_printing(self) -> None:
        """Send the receipt to the printer in the background (again, after a failure)."""
        if self._busy or self.state is ReceiptState.PRINTED:
            return  # one job at a time, and never a second copy from this screen
        self._busy = True
        self.state = ReceiptState.PRINTING
        self._show_state()
        desk, facts = self.desk, self.facts
        run_in_background(lambda: _print(desk, facts), self._on_printed, self._on_error)

    def _on_printed(self, printed: tuple[ReceiptFacts, PrintOutcome]) -> None:
        if not shiboken6.isValid(self):
            return
        shown, outcome = printed
        if shown is not self.facts:  # the sync brought the official code back: show it too
            self.facts = shown
            self.context.session.hold(RECEIPT_FACTS_KEY, shown)
        self._on_outcome(outcome)

    def _on_outcome(self, outcome: PrintOutcome) -> None:
        if not shiboken6.isValid(self):  # the session ended while the printer worked
            return
        self._busy = False
        self.outcome = outcome
        self.state = ReceiptState.PRINTED if outcome.printed else ReceiptState.FAILED
        if not outcome.printed:
            self.picture.set_image(outcome.picture)
        log.info("receipt screen", extra=fields(state=self.state.value, code=outcome.code))
        self._show_state()

    def _on_error(self, error: Exception) -> None:
        """Not a printer condition but a fault: still show the receipt and call for help."""
        if not shiboken6.isValid(self):
            return
        log.error("printing the receipt failed", extra=fields(error=type(error).__name__))
        self.desk.flag.raise_for(
            self.facts.code,
            f"The receipt could not be printed ({type(error).__name__})",
            "See the kiosk's journal (journalctl -u kiosk) and report the fault",
        )
        try:
            picture = self.desk.render(self.facts)
        except Exception as exc:  # drawing itself failed: the code and date are shown as text
            log.error("drawing the receipt failed", extra=fields(error=type(exc).__name__))
            self._busy = False
            self.state = ReceiptState.FAILED
            self._show_state()
            return
        self._on_outcome(PrintOutcome(self.facts.code, PrintResult.NOT_PRINTED, picture))

    # -- what is shown ---------------------------------------------------------

    def _layout(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(60, 60, 60, 40)
        layout.setSpacing(16)
        for widget in (
            self.title,
            self.reason,
            self.message,
            self.progress,
            self.code_label,
            self.code,
            self.ready,
            self.collect,
            self.payment,
            self.slot_hint,
            self.photo_hint,
            self.counter_hint,
        ):
            layout.addWidget(widget)
        layout.addWidget(self.picture, 1)
        layout.addStretch(0)
        actions = QHBoxLayout()
        actions.addWidget(self.retry_button)
        actions.addStretch(1)
        actions.addWidget(self.finish_button)
        layout.addLayout(actions)

    def _show_state(self) -> None:
        printing = self.state is ReceiptState.PRINTING
        failed = self.state is ReceiptState.FAILED
        self.progress.setVisible(printing)
        shown_picture = failed and self.picture.image is not None
        # On failure the receipt picture carries the code and the date, larger on screen.
        facts_as_text = self.state is ReceiptState.PRINTED or (failed and not shown_picture)
        visible: list[tuple[QWidget, bool]] = [
            (self.reason, failed),
            (self.counter_hint, failed),
            (self.retry_button, failed),
            (self.finish_button, not printing),
            (self.code_label, facts_as_text),
            (self.code, facts_as_text),
            (self.ready, facts_as_text),
            (self.collect, facts_as_text),
            (self.payment, facts_as_text and self.facts.fee_vnd is not None),
            (self.slot_hint, not failed),
            (self.picture, shown_picture),
            (self.photo_hint, shown_picture),
        ]
        for widget, shown in visible:
            widget.setVisible(shown)
        self.retranslate()

    def retranslate(self) -> None:
        self.code_label.setText(self.tr("Your dossier code:"))
        self.code.setText(self.facts.dossier_code)
        when = ready(self.facts, self.context.session.language)
        self.ready.setText(self.tr("Your result will be ready at {when}.").format(when=when))
        self._where_and_fee()
        self.slot_hint.setText(
            self.tr("The receipt comes out of the printer slot below the screen.")
        )
        self.retry_button.setText(self.tr("Try printing again"))
        self.finish_button.setText(self.tr("Finish"))
        if self.state is ReceiptState.PRINTING:
            self.title.setText(self.tr("Printing your receipt…"))
            self.message.setText(self.tr("Your dossier has been received. Please wait a moment."))
        elif self.state is ReceiptState.PRINTED:
            self.title.setText(self.tr("Please take your receipt"))
            self.message.setText(
                self.tr(
                    "Your dossier has been received. Keep the receipt: you need it to "
                    "collect the result."
                )
            )
        else:
            self._failure_texts()

    def _where_and_fee(self) -> None:
        facts, settings = self.facts, self.desk.settings
        language = self.context.session.language
        where = facts.collect_at
        if where != BY_POST and settings.collect_at not in where:
            where = f"{where} — {settings.collect_at}"
        self.collect.setText(self.tr("Collect the result at: {where}.").format(where=where))
        if facts.fee_vnd is None:
            self.payment.setText("")
        elif facts.fee_vnd == 0:
            self.payment.setText(fee(0, language, facts.fee_kinds) + ".")
        else:
            self.payment.setText(
                self.tr("{word}: {amount}, paid at: {place}. The kiosk takes no money.").format(
                    word=fee_word(facts.fee_kinds, language),
                    amount=fee(facts.fee_vnd, language, facts.fee_kinds),
                    place=settings.pay_at,
                )
            )

    def _failure_texts(self) -> None:
        self.title.setText(self.tr("Your receipt could not be printed"))
        self.message.setText(self.tr("Your dossier has been received and is safe."))
        status = self.outcome.status if self.outcome else None
        reasons = {
            PrinterStatus.PAPER_OUT: self.tr("The printer has run out of paper."),
            PrinterStatus.COVER_OPEN: self.tr("The printer's cover is open."),
            PrinterStatus.OFFLINE: self.tr("The printer is not responding."),
        }
        self.reason.setText(
            reasons.get(status or PrinterStatus.UNKNOWN, self.tr("The printer has a problem."))
        )
        self.photo_hint.setText(
            self.tr("Take a photo of your receipt below: its QR code opens your dossier online.")
        )
        self.counter_hint.setText(
            self.tr("For a printed copy, please go to the one-stop counter: {counter}.").format(
                counter=self.desk.settings.copy_counter
            )
        )


def _print(desk: ReceiptDesk, facts: ReceiptFacts) -> tuple[ReceiptFacts, PrintOutcome]:
    """Print (off the GUI thread) with the official code if the center already gave it."""
    shown = desk.with_official_code(facts)
    return shown, desk.print_receipt(shown)
