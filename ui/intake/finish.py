"""The last pages: check your answers (with Change links), consent, and what happens next."""

from __future__ import annotations

import threading
from collections.abc import Callable
from functools import lru_cache, partial

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QColor, QPainter, QPixmap, QShowEvent
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kiosk.catalog import fee_lines, format_vnd
from kiosk.config import Language
from kiosk.dossier import Appointment, Dossier
from kiosk.intake import IntakeFlow, appointment, rows
from kiosk.intake.review import PageMismatch, ReviewRow, page_mismatches
from kiosk.receipt.qr import QUIET_MODULES, qr_modules
from kiosk.words import pages_text
from kiosk.workdays import PROVISIONAL_WORDS
from ui.intake.common import scrolling_column
from ui.intake.context import IntakeServices
from ui.intake.views import StepActions, StepView
from ui.screens.base import button, button_row, label

DATE_TIME = "%H:%M %d/%m/%Y"
QR_PX = 200  # the full notice's QR: a phone reads it from an arm's length


# The review is built in slices: a screen's worth of rows with the page, the rest a few
# per turn of the event loop, so that no turn holds the GUI thread near 50 ms (28 rows
# at once took 65-85 ms of Qt's styling and layout; a row takes 2-3 ms). A tap on
# Continue may share its turn with a slice: slices stay small.
FIRST_ROWS = 5
ROWS_PER_TURN = 2


class ReviewView(StepView):
    """Every answer and paper, each with Change; the fee and the date if submitted now.

    Each row names the answer in a few words (small, grey) above the answer itself
    (large, bold); an empty answer reads "Chưa trả lời" in italics. While part of
    the list is out of view a band under it says so. Papers captured with another
    number of pages than declared are warned about above the list.
    """

    def __init__(
        self,
        flow: IntakeFlow,
        actions: StepActions,
        language: Language,
        services: IntakeServices,
        change: Callable[[str], None],
        *,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(flow, actions, language, parent)
        self.services = services
        self._change = change
        if flow.notice.full_url:  # the consent page comes next: its QR is ready by then
            url = flow.notice.full_url
            threading.Thread(target=notice_qr, args=(url,), name="notice-qr", daemon=True).start()
        self.mismatches = page_mismatches(flow, language)
        self.warning = label("warning")
        self.warning.setVisible(bool(self.mismatches))
        self.content.addWidget(self.warning)
        self.area, self.rows = scrolling_column()
        self.rows.setSpacing(0)  # each row draws its own padding and rule
        self.content.addWidget(self.area, 1)
        self.more_below = label("more")
        self.content.addWidget(self.more_below)
        self.change_buttons: dict[str, QPushButton] = {}
        self.row_widgets: list[QWidget] = []
        self._pending = list(rows(flow, language))
        self.money = label("subtitle")
        self.money.setContentsMargins(0, 20, 0, 0)
        self.rows.addWidget(self.money)
        self.rows.addStretch(1)
        self._add_rows(FIRST_ROWS)
        # A timer of the page's own, not QTimer.singleShot(0, self, ...): PySide6 keeps
        # that call's slot, and so this page and the answers on it, forever when the
        # page is deleted before it fires (the citizen moved on, the session ended).
        self._more = QTimer(self)
        self._more.setSingleShot(True)
        self._more.setInterval(0)
        self._more.timeout.connect(self._add_more)
        bar = self.area.verticalScrollBar()
        bar.valueChanged.connect(lambda _: self._show_more_below())
        bar.rangeChanged.connect(lambda *_: self._show_more_below())
        self.expand_content()
        self.retranslate()

    def showEvent(self, event: QShowEvent) -> None:
        """The rest of the rows come once the page is on screen (its host puts it
        there a turn after building it), a slice per turn."""
        super().showEvent(event)
        if self._pending and not self._more.isActive():
            self._more.start()

    @property
    def complete(self) -> bool:
        """Every row is on the page (the last slices are added on later turns)."""
        return not self._pending

    def _add_more(self) -> None:
        if not self.isVisible():  # the citizen moved on: the page is about to go
            return
        self._add_rows(ROWS_PER_TURN)
        if self._pending:
            self._more.start()

    def _add_rows(self, count: int) -> None:
        taken, self._pending = self._pending[:count], self._pending[count:]
        change_text = self.tr("Change")
        for row in taken:
            line = self._row(row, change_text)
            self.row_widgets.append(line)
            self.rows.insertWidget(len(self.row_widgets) - 1, line)
            # Shown now, not on a later turn as Qt would: a hidden row counts for nothing
            # in the list's height, which then lags a turn behind and squeezes the rows.
            line.show()

    def _row(self, row: ReviewRow, change_text: str) -> QWidget:
        """One answer: its short name above it, Change beside; texts set once, before layout."""
        line = QFrame(self.area.widget())
        line.setObjectName("reviewRow")
        layout = QHBoxLayout(line)
        layout.setContentsMargins(0, 16, 0, 16)
        layout.setSpacing(24)
        texts = QVBoxLayout()
        texts.setSpacing(4)
        name = label("answerLabel")
        name.setText(row.short or row.label)
        answer = label("answer" if row.answered else "unanswered")
        answer.setText(row.value)
        texts.addWidget(name)
        texts.addWidget(answer)
        layout.addLayout(texts, 1)
        if row.changeable:
            change_button = button("", partial(self._change, row.step_id))
            change_button.setText(change_text)
            change_button.setAccessibleName(f"{change_text}: {row.short or row.label}")
            self.change_buttons[row.step_id] = change_button
            layout.addWidget(change_button, 0, Qt.AlignmentFlag.AlignVCenter)
        line.ensurePolished()  # measured in the style's fonts from the start
        return line

    def _show_more_below(self, *, again: bool = False) -> None:
        bar = self.area.verticalScrollBar()
        more = bar.value() < bar.maximum()
        # The scroll bar reports every row added and every pixel scrolled: restyle the
        # band only when it turns on or off (a polish is a few ms of the GUI thread).
        if more == self.more_below.property("shown") and not again:
            return
        # Hidden, not removed: its line stays reserved so the buttons never jump.
        self.more_below.setText(self.tr("More below: swipe up to see the rest.") if more else " ")
        self.more_below.setProperty("shown", more)
        self.more_below.style().unpolish(self.more_below)
        self.more_below.style().polish(self.more_below)

    def retranslate(self) -> None:
        super().retranslate()
        self.title.setText(self.tr("Check your answers"))
        self.body.setText(self.tr("Tap Change to correct an answer."))
        for change_button in self.change_buttons.values():
            change_button.setText(self.tr("Change"))
        self.warning.setText("\n".join(self._mismatch_text(m) for m in self.mismatches))
        lines = fee_lines(self.flow.procedure, self.flow.answers)
        total = sum(line.amount_vnd for line in lines)
        due = appointment(self.flow, self.services.reception, self.services.clock())
        self.money.setText(
            self.tr("To pay: %1. If you submit now, the result is ready at %2.")
            .replace("%1", format_vnd(total, self.language))
            .replace("%2", appointment_text(due, self.language))
        )
        self._show_more_below(again=True)  # its words in the new language
        self.continue_button.setText(self.tr("Continue"))

    def _mismatch_text(self, mismatch: PageMismatch) -> str:
        return (
            self.tr("You said %1, but %2 of “%3” were captured. Please check the number of pages.")
            .replace("%1", pages_text(mismatch.declared, self.language))
            .replace("%2", pages_text(mismatch.captured, self.language))
            .replace("%3", mismatch.paper)
        )


def appointment_text(appointment_: Appointment, language: Language) -> str:
    """The date and time, marked "dự kiến — sẽ được xác nhận" while it is an estimate."""
    when = f"{appointment_.ready_at:{DATE_TIME}}"
    return f"{when} ({PROVISIONAL_WORDS.get(language)})" if appointment_.provisional else when


class ConsentView(StepView):
    """The personal-data notice and an agreement that starts unticked."""

    def __init__(
        self,
        flow: IntakeFlow,
        actions: StepActions,
        language: Language,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(flow, actions, language, parent)
        # The notice scrolls (larger text makes it longer than the screen); the box and
        # the buttons stay below it, never pushed off.
        area, column = scrolling_column()
        self.notice = label("body")
        column.addWidget(self.notice)
        self.full_notice = QWidget()
        full_row = QHBoxLayout(self.full_notice)
        full_row.setContentsMargins(0, 0, 0, 0)
        full_row.setSpacing(24)
        self.qr = QLabel()
        self.qr.setObjectName("qr")
        url = flow.notice.full_url
        if url:
            self.qr.setPixmap(qr_pixmap(url, QR_PX))
        self.qr_caption = label("body")
        full_row.addWidget(self.qr)
        full_row.addWidget(self.qr_caption, 1)
        self.full_notice.setVisible(bool(url))
        column.addWidget(self.full_notice)
        column.addStretch(1)
        self.content.addWidget(area, 1)
        # Larger text makes the notice longer than its room: say so, not just a thin bar.
        self.more_below = label("body")
        self.content.addWidget(self.more_below)
        self.notice_area = area
        bar = area.verticalScrollBar()
        bar.valueChanged.connect(lambda _: self._show_more_below())
        bar.rangeChanged.connect(lambda *_: self._show_more_below())
        self.agree = button("language")
        self.agree.setCheckable(True)
        self.agree.setChecked(False)  # never pre-ticked (PDP Law 91/2025)
        self.agree.toggled.connect(lambda _: self._mark())
        self.content.addWidget(self.agree)
        self.continue_button.setEnabled(False)  # until the box is ticked, visibly
        self.expand_content()
        self.retranslate()

    def _mark(self) -> None:
        self.clear_error()
        self.agree.setProperty("selected", self.agree.isChecked())
        self.agree.style().unpolish(self.agree)
        self.agree.style().polish(self.agree)
        self.continue_button.setEnabled(self.agree.isChecked())
        self.retranslate()

    def _show_more_below(self) -> None:
        bar = self.notice_area.verticalScrollBar()
        # Hidden, not removed: its line stays reserved so the buttons never jump.
        more = bar.value() < bar.maximum()
        text = self.tr("More text below: swipe up to read it.") if more else " "
        if text != self.more_below.text():  # the bar reports every pixel and every relayout
            self.more_below.setText(text)

    def value(self) -> object:
        return self.agree.isChecked()

    def retranslate(self) -> None:
        super().retranslate()
        self.title.setText(self.tr("Your personal data"))
        self.body.setText(self.tr("Read this before you submit."))
        self.notice.setText(self.flow.notice.text(self.language))
        self._show_more_below()
        self.qr_caption.setText(self.tr("Scan this code to read the full notice on your phone."))
        mark = "☑" if self.agree.isChecked() else "☐"
        agree = self.tr("I have read this and I agree")
        self.agree.setText(f"{mark} {agree}")
        self.continue_button.setText(self.tr("Submit my dossier"))


@lru_cache(maxsize=4)
def notice_qr(data: str) -> tuple[tuple[bool, ...], ...]:
    """The QR modules of the notice's address: 30-40 ms of pure Python, so computed once
    (and early, from the review page, off the GUI thread: see :class:`ReviewView`)."""
    return tuple(tuple(row) for row in qr_modules(data))


def qr_pixmap(data: str, size: int) -> QPixmap:
    """``data`` as a QR, black on white with its quiet zone (in every theme: scanners need it)."""
    modules = notice_qr(data)
    count = len(modules) + 2 * QUIET_MODULES
    unit = max(1, size // count)
    pixmap = QPixmap(count * unit, count * unit)
    pixmap.fill(QColor("white"))
    painter = QPainter(pixmap)
    for y, row in enumerate(modules):
        for x, dark in enumerate(row):
            if dark:
                left, top = (x + QUIET_MODULES) * unit, (y + QUIET_MODULES) * unit
                painter.fillRect(left, top, unit, unit, QColor("black"))
    painter.end()
    return pixmap


class DoneView(QWidget):
    """What happens next: the dossier code, the date, where to collect, the receipt."""

    def __init__(self, dossier: Dossier, language: Language, on_finish: Callable[[], None]) -> None:
        super().__init__()
        self.dossier, self.language = dossier, language
        self.title = label("title")
        self.code = label("subtitle")
        self.when = label("body")
        self.next_steps = label("step")
        self.finish_button = button("primary", on_finish)
        area, column = scrolling_column()
        for widget in (self.title, self.code, self.when, self.next_steps):
            column.addWidget(widget)
        column.addStretch(1)

        layout = QVBoxLayout(self)
        layout.addWidget(area, 1)
        layout.addWidget(self.finish_button)
        self.retranslate()

    def retranslate(self) -> None:
        appointment_ = self.dossier.appointment
        self.title.setText(self.tr("Your dossier has been received"))
        self.code.setText(self.tr("Dossier code: %1").replace("%1", self.dossier.provisional_code))
        where = appointment_.collect_at or self.tr("the one-stop counter")
        self.when.setText(
            self.tr("Result ready from %1, at %2. To pay: %3.")
            .replace("%1", appointment_text(appointment_, self.language))
            .replace("%2", where)
            .replace("%3", format_vnd(self.dossier.fee_vnd, self.language))
        )
        self.next_steps.setText(
            self.tr(
                "What happens next: take your receipt. The center checks your dossier and "
                "gives it its official code; if anything is missing you will be called. "
                "Bring the original papers when you collect the result."
            )
        )
        self.finish_button.setText(self.tr("Take my receipt"))


class SavingView(QWidget):
    """While the dossier is committed: "saving", then, if the disk refused, what to do.

    The citizen is told "received" only by the next screen, after the commit.
    A failure offers Try again, which commits the *same* dossier (same code):
    the outbox never keeps two.
    """

    def __init__(self, on_retry: Callable[[], None], on_cancel: Callable[[], None]) -> None:
        super().__init__()
        self.title = label("title")
        self.message = label("body")
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)
        self.progress.setTextVisible(False)
        self.progress.setMinimumHeight(36)
        self.retry_button = button("primary", on_retry)
        self.cancel_button = button("", on_cancel)
        self.failed = False
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.message)
        layout.addWidget(self.progress)
        layout.addStretch(1)
        row = button_row()
        row.addWidget(self.cancel_button)
        row.addStretch(1)
        row.addWidget(self.retry_button)
        layout.addLayout(row)
        self.show_saving()

    def show_saving(self) -> None:
        self.failed = False
        self.retranslate()

    def show_failed(self) -> None:
        self.failed = True
        self.retranslate()

    def retranslate(self) -> None:
        self.progress.setVisible(not self.failed)
        self.retry_button.setVisible(self.failed)
        self.cancel_button.setVisible(self.failed)
        self.retry_button.setText(self.tr("Try again"))
        self.cancel_button.setText(self.tr("Cancel"))
        if self.failed:
            self.title.setText(self.tr("Your dossier could not be saved"))
            self.message.setText(
                self.tr(
                    "The kiosk could not store your dossier, so it was NOT submitted. Tap Try "
                    "again. If it fails again, please go to the one-stop counter; staff have "
                    "been alerted."
                )
            )
        else:
            self.title.setText(self.tr("Submitting your dossier…"))
            self.message.setText(self.tr("Please wait a moment and keep your card on the reader."))
