"""A date chosen with large + and − buttons: no typing, no tiny calendar grid.

Day, month and year each have their own column; the year also moves by ten
(a birth date is decades away). The date never leaves ``[minimum, maximum]``
and a button that could not change it is disabled, so nothing happens that
the citizen cannot see. The date reads as dd/mm/yyyy, as on Vietnamese papers.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date
from functools import partial

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import QGridLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from ui.theme import MIN_TOUCH_PX

DAY, MONTH, YEAR = "day", "month", "year"
DEFAULT_MINIMUM = date(1900, 1, 1)
_ROW_OF_DELTA = {10: 1, 1: 2, -1: 4, -10: 5}  # row 0 names the part, row 3 shows it


class DateRangeError(ValueError):
    """The minimum is after the maximum: give the picker a range that holds a date."""


@dataclass(frozen=True)
class Step:
    """One button: which part moves, by how much."""

    part: str
    delta: int

    @property
    def label(self) -> str:
        return f"{'+' if self.delta > 0 else '−'}{abs(self.delta) if abs(self.delta) > 1 else ''}"


def format_date(value: date) -> str:
    return f"{value:%d/%m/%Y}"


def moved(value: date, step: Step, minimum: date, maximum: date) -> date:
    """``value`` after ``step``: each part stays in its range, the date within the bounds."""
    year, month, day = value.year, value.month, value.day
    if step.part == DAY:
        day = min(max(day + step.delta, 1), calendar.monthrange(year, month)[1])
    elif step.part == MONTH:
        month = min(max(month + step.delta, 1), 12)
    else:
        year = min(max(year + step.delta, minimum.year), maximum.year)
    day = min(day, calendar.monthrange(year, month)[1])  # 31/01 → 28/02
    return min(max(date(year, month, day), minimum), maximum)


class DatePicker(QWidget):
    """Day / month / year with big +/− buttons; :meth:`value` is a ``datetime.date``."""

    date_changed = Signal(object)  # the new datetime.date

    def __init__(
        self,
        value: date | None = None,
        minimum: date = DEFAULT_MINIMUM,
        maximum: date | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self._minimum, self._maximum = minimum, maximum or date.today()
        if self._minimum > self._maximum:
            raise DateRangeError(f"minimum {minimum} is after maximum {self._maximum}")
        self._value = min(max(value or self._maximum, self._minimum), self._maximum)
        self.display = QLabel()
        self.display.setObjectName("title")
        self.display.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.headers: dict[str, QLabel] = {}
        self.values: dict[str, QLabel] = {}
        self.buttons: dict[Step, QPushButton] = {}
        grid = QGridLayout()
        grid.setHorizontalSpacing(24)
        grid.setVerticalSpacing(12)
        for column, part in enumerate((DAY, MONTH, YEAR)):
            header = QLabel()
            header.setObjectName("body")
            header.setAlignment(Qt.AlignmentFlag.AlignCenter)
            shown = QLabel()
            shown.setObjectName("title")
            shown.setAlignment(Qt.AlignmentFlag.AlignCenter)
            self.headers[part], self.values[part] = header, shown
            grid.addWidget(header, 0, column)
            grid.addWidget(shown, 3, column)
            # the year's ±10 sit outside its ±1; day and month have ±1 only
            deltas = (10, 1, -1, -10) if part == YEAR else (1, -1)
            for delta in deltas:
                step = Step(part, delta)
                button = QPushButton(step.label)
                button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
                button.setMinimumSize(MIN_TOUCH_PX * 2, MIN_TOUCH_PX)
                button.setAutoRepeat(True)  # hold to run through the values
                button.setAutoRepeatDelay(500)
                button.setAutoRepeatInterval(150)
                button.clicked.connect(partial(self.step, step))
                self.buttons[step] = button
                grid.addWidget(button, _ROW_OF_DELTA[delta], column)
        column_ = QVBoxLayout(self)
        column_.setSpacing(20)
        column_.addWidget(self.display)
        column_.addLayout(grid)
        self._refresh()
        self.retranslate()

    # -- value -----------------------------------------------------------------
    def value(self) -> date:
        return self._value

    def text(self) -> str:
        """The date as dd/mm/yyyy."""
        return format_date(self._value)

    def minimum(self) -> date:
        return self._minimum

    def maximum(self) -> date:
        return self._maximum

    def set_value(self, value: date) -> None:
        """Show ``value`` (brought inside the bounds)."""
        value = min(max(value, self._minimum), self._maximum)
        changed = value != self._value
        self._value = value
        self._refresh()
        if changed:
            self.date_changed.emit(value)

    def set_range(self, minimum: date, maximum: date) -> None:
        if minimum > maximum:
            raise DateRangeError(f"minimum {minimum} is after maximum {maximum}")
        self._minimum, self._maximum = minimum, maximum
        self.set_value(self._value)
        self._refresh()

    def step(self, step: Step) -> None:
        self.set_value(moved(self._value, step, self._minimum, self._maximum))

    def button(self, part: str, delta: int) -> QPushButton:
        return self.buttons[Step(part, delta)]

    def _refresh(self) -> None:
        value = self._value
        self.display.setText(self.text())
        self.values[DAY].setText(f"{value.day:02d}")
        self.values[MONTH].setText(f"{value.month:02d}")
        self.values[YEAR].setText(f"{value.year:04d}")
        for step, button in self.buttons.items():
            button.setEnabled(moved(value, step, self._minimum, self._maximum) != value)

    # -- language --------------------------------------------------------------
    def retranslate(self) -> None:
        self.headers[DAY].setText(self.tr("Day"))
        self.headers[MONTH].setText(self.tr("Month"))
        self.headers[YEAR].setText(self.tr("Year"))
        for step, button in self.buttons.items():
            # read aloud as "Year +10": the header's word and the button's sign
            button.setAccessibleName(f"{self.headers[step.part].text()} {step.label}")

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
