"""Step ``rating``: how was your visit? One tap from 1 to 5, a comment if the citizen wants.

Skipping is as easy as rating. The rating is recorded in the background (it
touches the disk) and is anonymous: see :mod:`kiosk.ratings`.
"""

from __future__ import annotations

import logging
from datetime import date
from functools import partial

from PySide6.QtWidgets import QPlainTextEdit, QPushButton, QVBoxLayout, QWidget

from kiosk.intake import flow_of
from kiosk.logs import fields
from kiosk.ratings import MAX_COMMENT, SCORES, Rating, RatingBook
from ui.handoff import run_in_background
from ui.keyboard import attach_input
from ui.screens.base import Screen, ScreenContext, button, button_row, label
from ui.theme import MIN_TOUCH_PX

log = logging.getLogger(__name__)


class RatingScreen(Screen):
    """Five large buttons, an optional comment, and Skip."""

    def __init__(self, context: ScreenContext, book: RatingBook) -> None:
        super().__init__(context)
        self.book = book
        flow = flow_of(context.session)
        self.procedure_code = flow.procedure.code if flow is not None else ""
        self.title = label("title")
        self.message = label("body")
        self.score_buttons: dict[int, QPushButton] = {
            score: button("", partial(self.rate, score)) for score in SCORES
        }
        self.comment_button = button("", self.open_comment)
        self.comment = QPlainTextEdit()
        self.comment.setMinimumHeight(MIN_TOUCH_PX * 2)
        self.comment.textChanged.connect(self._limit_comment)
        self.comment.hide()
        self.comment_hint = label("body")
        self.comment_hint.hide()
        self.skip_button = button("", context.navigator.advance)
        # Built when the citizen asks to write: most do not, and a keyboard is
        # the costliest widget to build.
        self.keyboard: QWidget | None = None

        layout = QVBoxLayout(self)
        layout.setContentsMargins(60, 80, 60, 40)
        layout.setSpacing(24)
        layout.addWidget(self.title)
        layout.addWidget(self.message)
        for score in reversed(SCORES):  # the happiest first, where the eye lands
            layout.addWidget(self.score_buttons[score])
        layout.addWidget(self.comment_button)
        layout.addWidget(self.comment_hint)
        layout.addWidget(self.comment)
        self.keyboard_slot = QVBoxLayout()
        layout.addLayout(self.keyboard_slot)
        layout.addStretch(1)
        actions = button_row()
        actions.addStretch(1)
        actions.addWidget(self.skip_button)
        layout.addLayout(actions)
        self.retranslate()

    def open_comment(self) -> None:
        """Show the comment box; the next tap on a score sends both."""
        self.comment_button.hide()
        self.comment_hint.show()
        self.comment.show()
        if self.keyboard is None:
            self.keyboard = attach_input(self.comment, "long_text")
            self.keyboard_slot.addWidget(self.keyboard)
        self.keyboard.show()
        self.comment.setFocus()

    def _limit_comment(self) -> None:
        text = self.comment.toPlainText()
        if len(text) > MAX_COMMENT:
            self.comment.setPlainText(text[:MAX_COMMENT])

    def rate(self, score: int) -> None:
        """Record ``score`` (and the comment) and move on at once."""
        rating = Rating(
            score=score,
            procedure_code=self.procedure_code,
            day=date.today(),
            language=self.context.session.language,
            comment=self.comment.toPlainText().strip(),
        )
        book = self.book
        run_in_background(lambda: book.record(rating), lambda _: None, self._not_recorded)
        self.context.navigator.advance()

    @staticmethod
    def _not_recorded(error: Exception) -> None:
        # The citizen has moved on; a lost rating is only logged.
        log.warning("rating not recorded", extra=fields(error=type(error).__name__))

    def retranslate(self) -> None:
        self.title.setText(self.tr("How was your visit?"))
        self.message.setText(self.tr("Tap one answer. This is anonymous and optional."))
        texts = {
            5: self.tr("Very satisfied"),
            4: self.tr("Satisfied"),
            3: self.tr("Neither satisfied nor dissatisfied"),
            2: self.tr("Dissatisfied"),
            1: self.tr("Very dissatisfied"),
        }
        for score, text in texts.items():
            self.score_buttons[score].setText(f"{'★' * score}  {text}")
        self.comment_button.setText(self.tr("Add a comment first"))
        self.comment_hint.setText(
            self.tr("Write your comment, then tap an answer above. Please do not write your name.")
        )
        self.skip_button.setText(self.tr("Skip"))
