"""The question step's view (one question per screen) and what every step view shares.

A view shows what :class:`~kiosk.intake.IntakeFlow` says is current and
hands what the citizen did to :class:`StepActions`; it validates nothing
itself and shows the errors the flow returns, in the citizen's language.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from functools import partial

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QPlainTextEdit, QPushButton, QVBoxLayout, QWidget

from kiosk.catalog import Question
from kiosk.config import Language
from kiosk.intake import FieldError, IntakeFlow
from kiosk.intake.review import show
from kiosk.textinput import TypingMethod
from ui.intake.common import touch_line_edit
from ui.keyboard import OnScreenKeyboard, attach_input
from ui.keyboard.fields import FieldType
from ui.screens.base import button, button_row, label, wrap_text
from ui.theme import MIN_TOUCH_PX

# Formats typed with digits only: the digit pad, not the letters keyboard.
DIGIT_FORMATS = frozenset({"id_number", "phone", "tax_code"})
# A line of an option button: the screen's 1080 px less the margins and the button's
# padding. A push button never wraps by itself: a long option would run off the screen.
OPTION_TEXT_WIDTH = 860


@dataclass(frozen=True)
class StepActions:
    """What a view may ask of the host."""

    answer: Callable[[object], list[FieldError]]
    back: Callable[[], None]
    cancel: Callable[[], None]


class StepView(QWidget):
    """Title, body, error line and the Back / Cancel / Continue row every step shares."""

    def __init__(
        self,
        flow: IntakeFlow,
        actions: StepActions,
        language: Language,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)  # made inside its host: styled once (see Screen)
        self.flow, self.step_actions, self.language = flow, actions, language
        self.title = label("title")
        self.body = label("body")
        self.error = label("error")
        self.error.hide()
        self.back_button = button("", actions.back)
        self.cancel_button = button("", actions.cancel)
        self.continue_button = button("primary", self.submit)
        self.column = QVBoxLayout(self)
        self.column.setSpacing(28)
        self.column.addWidget(self.title)
        self.column.addWidget(self.body)
        self.content = QVBoxLayout()
        self.column.addLayout(self.content)
        self.column.addWidget(self.error)
        self.column.addStretch(1)
        self._content_at, self._spacer_at = 2, 4
        row = button_row()
        row.addWidget(self.back_button)
        row.addWidget(self.cancel_button)
        row.addStretch(1)
        row.addWidget(self.continue_button)
        self.column.addLayout(row)

    def expand_content(self) -> None:
        """Give the free height to the content (a scrolling list), not to the gap below it."""
        self.column.setStretch(self._content_at, 1)
        self.column.setStretch(self._spacer_at, 0)

    def clear_error(self) -> None:
        self.error.hide()

    def submit(self) -> None:
        """Continue: give the flow this step's value."""
        self.send(self.value())

    def value(self) -> object:
        return None

    def send(self, value: object) -> None:
        errors = self.step_actions.answer(value)
        if errors:  # on success the host replaces this view
            self.error.setText(errors[0].text(self.language))
            self.error.show()

    def retranslate(self) -> None:
        # An explicit context: self.tr() here would look the text up under the
        # subclass's name, where lupdate never puts it.
        self.back_button.setText(QCoreApplication.translate("StepView", "Back"))
        self.cancel_button.setText(QCoreApplication.translate("StepView", "Cancel"))
        self.continue_button.setText(QCoreApplication.translate("StepView", "Continue"))


class QuestionView(StepView):
    """One question on its own screen (GOV.UK "one thing per page")."""

    def __init__(
        self,
        flow: IntakeFlow,
        actions: StepActions,
        language: Language,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(flow, actions, language, parent)
        question = flow.current.question
        assert question is not None
        self.question = question
        self.editor: QPlainTextEdit | None = None
        self.line = touch_line_edit()
        self.option_buttons: list[QPushButton] = []
        held = flow.value(question.id)
        if question.type in ("choice", "yes_no"):
            for value, _ in self._choices(question, language):
                choice = button("", partial(self.send, value))
                choice.setProperty("selected", held == value)
                self.option_buttons.append(choice)
                self.content.addWidget(choice)
            self.continue_button.hide()  # a tap on a choice is the answer
        elif question.type == "long_text":
            self.editor = QPlainTextEdit()
            self.editor.setMinimumHeight(MIN_TOUCH_PX * 2)
            self.editor.setPlainText("" if held is None else str(held))
            self.content.addWidget(self.editor)
        else:
            self.line.setText("" if held is None else show(question, held, language))
            self.line.returnPressed.connect(self.submit)
            self.line.textChanged.connect(lambda _: self.clear_error())
            self.content.addWidget(self.line)
        self.input: QWidget | None = None
        if question.type not in ("choice", "yes_no"):
            self.input = self._attach_input(question)
            self.content.addWidget(self.input)
        self.retranslate()

    def _attach_input(self, question: Question) -> QWidget:
        """The on-screen keyboard, digit pad or date picker this question needs."""
        rules = question.validation
        if question.type == "date":
            return attach_input(
                self.line,
                "date",
                minimum=rules.not_before,
                maximum=date.today() if rules.not_future else None,
            )
        digits = question.type == "number" or rules.format in DIGIT_FORMATS
        field_type: FieldType = (
            "digits" if digits else "long_text" if question.type == "long_text" else "text"
        )
        target = self.editor if self.editor is not None else self.line
        keyboard = attach_input(target, field_type, on_done=self.submit)
        if isinstance(keyboard, OnScreenKeyboard) and rules.format == "email":
            keyboard.set_method(TypingMethod.OFF)  # no tone marks in an address
        return keyboard

    @staticmethod
    def _choices(question: Question, language: Language) -> list[tuple[object, str]]:
        if question.type == "yes_no":
            return [
                (True, show(question, True, language)),
                (False, show(question, False, language)),
            ]
        return [(option.value, option.label.get(language)) for option in question.options]

    def value(self) -> object:
        return self.editor.toPlainText() if self.editor is not None else self.line.text()

    def retranslate(self) -> None:
        super().retranslate()
        self.title.setText(self.question.label.get(self.language))
        help_text = self.question.help.get(self.language) if self.question.help else ""
        if not self.question.required:
            optional = self.tr("(optional)")
            help_text = f"{help_text} {optional}".strip()
        self.body.setText(help_text)
        self.body.setVisible(bool(help_text))
        choices = self._choices(self.question, self.language) if self.option_buttons else []
        for choice, (_, text) in zip(self.option_buttons, choices, strict=True):
            choice.ensurePolished()  # measure in the style sheet's font (larger text too)
            choice.setText(wrap_text(text, choice, OPTION_TEXT_WIDTH))
        if self.question.type == "date":
            self.line.setPlaceholderText(self.tr("day/month/year"))
