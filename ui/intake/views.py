"""The question step's view (one question per screen) and what every step view shares.

A view shows what :class:`~kiosk.intake.IntakeFlow` says is current and
hands what the citizen did to :class:`StepActions`; it validates nothing
itself and shows the errors the flow returns, in the citizen's language —
on a question, right above the field, which is marked in the error colour.
A small count (copies) is a − / + stepper; each option says what it costs and
which papers it calls for (:func:`~kiosk.intake.steps.option_facts`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from functools import partial

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QFrame, QHBoxLayout, QPlainTextEdit, QVBoxLayout, QWidget

from kiosk.catalog import Question, fee_word, format_vnd
from kiosk.catalog.model import UNCONFIRMED
from kiosk.config import Language
from kiosk.intake import FieldError, IntakeFlow
from kiosk.intake.review import show
from kiosk.intake.steps import OptionFacts, count_fees, option_facts
from kiosk.intake.validate import Stepper, stepper
from kiosk.textinput import TypingMethod
from ui.intake.choice import ChoiceButton
from ui.intake.common import touch_line_edit
from ui.keyboard import OnScreenKeyboard, attach_input
from ui.keyboard.fields import FieldType
from ui.screens.base import button, button_row, label
from ui.theme import MIN_TOUCH_PX

# Formats typed with digits only: the digit pad, not the letters keyboard.
DIGIT_FORMATS = frozenset({"id_number", "phone", "tax_code"})
STEP_BUTTON_PX = 160  # the − and + targets: wide as well as tall, for an unsteady finger
MARK_PX = 10  # the error colour's bar beside a refused field (GOV.UK's form-group mark)
SELECTED = "✓ "  # before the option held (back, or Change from the review)
COUNT_STYLE = "font-size: 56px; font-weight: 700;"
SIGN_STYLE = "font-size: 64px; font-weight: 700; padding: 0px 12px;"


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
        self.error_slot = QVBoxLayout()  # a question moves its error beside its field
        self.error_slot.addWidget(self.error)
        self.column.addLayout(self.error_slot)
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
        self.mark_field(False)

    def mark_field(self, refused: bool) -> None:
        """Show (or clear) that the field was refused, beside its message; a step
        without a field of its own has nothing to mark."""

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
            self.mark_field(True)

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
        self.option_buttons: list[ChoiceButton] = []
        self.facts: list[OptionFacts] = []
        held = flow.value(question.id)
        # The field with its message right above it, in one frame marked when refused.
        self.field = QFrame()
        self.field.setObjectName("field")
        self.field_column = QVBoxLayout(self.field)
        self.field_column.setContentsMargins(0, 0, 0, 0)
        self.field_column.setSpacing(16)
        self.error_slot.removeWidget(self.error)
        self.field_column.addWidget(self.error)
        self.content.addWidget(self.field)
        self.fee_note = label("body")  # prices of the options or of the count
        self.fee_note.hide()
        self.stepper: Stepper | None = stepper(question, held)
        self.minus_button = button("", lambda: self.step_by(-1))
        self.plus_button = button("", lambda: self.step_by(1))
        self.bounds = label("body")
        self._adopt_unused_stepper()
        if question.type in ("choice", "yes_no"):
            self.facts = option_facts(flow.procedure, question, flow.answers)
            for value, _ in self._choices(question, language):
                choice = ChoiceButton("result", partial(self.send, value))
                choice.setProperty("selected", held == value)
                self.option_buttons.append(choice)
                self.field_column.addWidget(choice)
            self.continue_button.hide()  # a tap on a choice is the answer
        elif question.type == "long_text":
            self.editor = QPlainTextEdit()
            self.editor.setMinimumHeight(MIN_TOUCH_PX * 2)
            self.editor.setPlainText("" if held is None else str(held))
            self.editor.textChanged.connect(self.clear_error)
            self.field_column.addWidget(self.editor)
        elif self.stepper is not None:
            self.field_column.addLayout(self._stepper_row(self.stepper))
        else:
            self.line.setText("" if held is None else show(question, held, language))
            self.line.returnPressed.connect(self.submit)
            self.line.textChanged.connect(lambda _: self.clear_error())
            self.field_column.addWidget(self.line)
        self.content.addWidget(self.fee_note)
        self.input: QWidget | None = None
        if question.type not in ("choice", "yes_no") and self.stepper is None:
            self.input = self._attach_input(question)
            self.content.addWidget(self.input)
        self.retranslate()

    # -- the − / + stepper ----------------------------------------------------------
    def _adopt_unused_stepper(self) -> None:
        """Without a count, the − / + parts are hidden children, so Qt deletes them with it.

        A parentless button outlives the view, and its lambda (which Qt holds) keeps
        the view, its keyboard and the citizen's answer alive for good.
        """
        if self.stepper is not None:
            return  # the stepper's row holds them
        for unused in (self.minus_button, self.plus_button, self.bounds):
            unused.setParent(self)
            unused.hide()

    def _stepper_row(self, shape: Stepper) -> QHBoxLayout:
        self.line.setReadOnly(True)  # − and + set it; no keyboard comes up
        self.line.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.line.setMaximumWidth(STEP_BUTTON_PX * 2)
        self.line.setText(str(shape.start))
        self.line.textChanged.connect(lambda _: self._count_changed())
        # The count and its signs larger than body text (their own small sheets: the
        # theme's colours, borders and disabled look still apply).
        self.line.setStyleSheet(COUNT_STYLE)
        for target, words in ((self.minus_button, "−"), (self.plus_button, "+")):
            target.setText(words)
            target.setMinimumWidth(STEP_BUTTON_PX)
            target.setStyleSheet(SIGN_STYLE)
        row = button_row()
        row.addWidget(self.minus_button)
        row.addWidget(self.line)
        row.addWidget(self.plus_button)
        row.addWidget(self.bounds, 1)
        return row

    def count(self) -> int:
        """The count the stepper shows (its lowest if the text is not a count)."""
        assert self.stepper is not None
        text = self.line.text().strip()
        return self.stepper.clamp(int(text)) if text.isdigit() else self.stepper.lowest

    def step_by(self, delta: int) -> None:
        if self.stepper is not None:
            self.line.setText(str(self.stepper.clamp(self.count() + delta)))

    def _count_changed(self) -> None:
        self.clear_error()
        self._refresh_count()

    def _refresh_count(self) -> None:
        if self.stepper is None:
            return
        value = self.count()
        self.minus_button.setEnabled(value > self.stepper.lowest)
        self.plus_button.setEnabled(value < self.stepper.highest)
        self._show_count_fees(value)

    def _show_count_fees(self, value: int) -> None:
        lines = count_fees(self.flow.procedure, self.question, self.flow.answers, value)
        shown = [
            f"{line.label.get(self.language)}: {format_vnd(line.amount_vnd, self.language)}"
            for line in lines
        ]
        if shown and "fees" in self.flow.procedure.unconfirmed:
            shown.append(self._unconfirmed_amounts())
        self.fee_note.setText("\n".join(shown))
        self.fee_note.setVisible(bool(shown))

    # -- marking a refused field ------------------------------------------------------
    def mark_field(self, refused: bool) -> None:
        colour = self.error.palette().color(QPalette.ColorRole.WindowText).name()
        # One frame's own sheet (the theme's colour for errors, whichever theme is on):
        # the bar beside the field, and the field's border in the same colour.
        sheet = (
            f"QFrame#field {{ border-left: {MARK_PX}px solid {colour}; padding-left: 20px;"
            " background: transparent; }"  # a border with no background is not drawn
            f" QLineEdit, QPlainTextEdit {{ border-color: {colour}; }}"
            if refused
            else ""
        )
        if self.field.styleSheet() != sheet:
            self.field.setStyleSheet(sheet)
        self.field.setProperty("refused", refused)

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

    # -- what each option brings ----------------------------------------------------------
    def option_detail(self, facts: OptionFacts) -> str:
        """The price and the papers under an option's words, one line each."""
        language = self.language
        lines = []
        if facts.fee_vnd is not None:
            word = fee_word(facts.fee_kinds or ("phi",), language)
            if facts.fee_vnd:
                lines.append(f"{word}: {format_vnd(facts.fee_vnd, language)}")
            else:
                lines.append(self.tr("No %1").replace("%1", word.lower()))
        if facts.papers:
            names = "; ".join(paper.name.get(language) for paper in facts.papers)
            lines.append(self.tr("Bring: %1").replace("%1", names))
        if facts.maybe_papers:
            names = "; ".join(paper.name.get(language) for paper in facts.maybe_papers)
            lines.append(self.tr("You may also need: %1").replace("%1", names))
        return "\n".join(lines)

    def _unconfirmed_amounts(self) -> str:
        return self.tr("These amounts are %1.").replace("%1", UNCONFIRMED.get(self.language))

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
        for choice, (_, text), facts in zip(self.option_buttons, choices, self.facts, strict=True):
            mark = SELECTED if choice.property("selected") else ""
            choice.set_texts(f"{mark}{text}", self.option_detail(facts))
        priced = any(facts.fee_vnd is not None for facts in self.facts)
        if priced and "fees" in self.flow.procedure.unconfirmed:
            self.fee_note.setText(self._unconfirmed_amounts())
            self.fee_note.show()
        if self.stepper is not None:
            self.bounds.setText(
                self.tr("From %1 to %2")
                .replace("%1", str(self.stepper.lowest))
                .replace("%2", str(self.stepper.highest))
            )
            self.minus_button.setAccessibleName(self.tr("One fewer"))
            self.plus_button.setAccessibleName(self.tr("One more"))
            self._refresh_count()
        if self.question.type == "date":
            self.line.setPlaceholderText(self.tr("day/month/year"))
