"""The strip at the top of every journey screen: where am I, and a call for staff.

- The step indicator repeats the overview's four steps, the current one
  marked, and says in large type where the citizen is within it ("Step 3 of 4:
  question 2 of 9"). What it shows comes from :func:`kiosk.progress.place_of`.
- "Call staff" raises a call (:mod:`kiosk.help_call`); while the call is
  open the button says so, and a tap on it closes the call (the staff member
  who came, or the citizen who no longer needs help).

The window owns one header for the whole run and refreshes it; every look is
in the application style sheet (:mod:`ui.theme`), keyed by object names and the
``state`` property.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLabel, QPushButton, QWidget

from kiosk.progress import Part, Place, Stage
from ui.screens.base import button, label


def _restyle(widget: QWidget, state: str) -> None:
    """Set the ``state`` property and have the one style sheet apply to this widget only."""
    if widget.property("state") == state:
        return
    widget.setProperty("state", state)
    widget.style().unpolish(widget)
    widget.style().polish(widget)


class JourneyHeader(QWidget):
    """The step indicator (hidden off the counted journey) and the "Call staff" button."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("journeyHeader")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.place: Place | None = None
        self.call_open = False
        self.where = label("where")
        self.stages: list[QLabel] = []
        for _ in Stage:
            stage = label("stage")
            stage.setAlignment(Qt.AlignmentFlag.AlignCenter)
            stage.setProperty("state", "todo")
            self.stages.append(stage)
        self.help_button: QPushButton = button("help")
        self.help_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.help_button.setProperty("state", "idle")

        # Two rows beside the button: the place in words, then the four steps. Kept
        # low: every screen below it loses the height it takes.
        grid = QGridLayout(self)
        grid.setContentsMargins(24, 8, 24, 8)
        grid.setHorizontalSpacing(16)
        grid.setVerticalSpacing(4)
        grid.addWidget(self.where, 0, 0)
        self.stage_row = QWidget()
        row = QHBoxLayout(self.stage_row)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(8)
        for stage in self.stages:
            row.addWidget(stage, 1)
        grid.addWidget(self.stage_row, 1, 0)
        grid.addWidget(self.help_button, 0, 1, 2, 1, Qt.AlignmentFlag.AlignVCenter)
        grid.setColumnStretch(0, 1)
        self.show_place(None)

    @property
    def indicator_text(self) -> str:
        """What the indicator says now ("" when it is hidden); tests read it."""
        return self.where.text() if self.place is not None else ""

    def show_place(self, place: Place | None) -> None:
        """Show ``place`` (``None``: no indicator, only the help button)."""
        self.place = place
        self.where.setVisible(place is not None)
        self.stage_row.setVisible(place is not None)
        if place is not None:
            for number, stage in enumerate(self.stages, start=1):
                state = "current" if number == place.stage else "done"
                _restyle(stage, state if number <= place.stage else "todo")
        self.retranslate()

    def show_call(self, call_open: bool) -> None:
        """The button says "Call staff", or that a call is open (tap to close it)."""
        self.call_open = call_open
        _restyle(self.help_button, "open" if call_open else "idle")
        self.retranslate()

    def retranslate(self) -> None:
        names = (
            self.tr("1 Procedure"),
            self.tr("2 ID card"),
            self.tr("3 Questions, papers"),
            self.tr("4 Check, receipt"),
        )
        for stage, name in zip(self.stages, names, strict=True):
            stage.setText(name)
        if self.call_open:
            self.help_button.setText(self.tr("Staff called · Cancel call"))
            self.help_button.setAccessibleDescription(self.tr("Tap to close the call for staff."))
        else:
            self.help_button.setText(self.tr("Call staff"))
            self.help_button.setAccessibleDescription(
                self.tr("A staff member comes to help you; what you entered is kept.")
            )
        if self.place is not None:
            self.where.setText(self._where_text(self.place))

    def _where_text(self, place: Place) -> str:
        texts = {
            Part.PROCEDURE: self.tr("Step 1 of 4: choose your procedure"),
            Part.CARD: self.tr("Step 2 of 4: your ID card"),
            Part.QUESTION: self.tr("Step 3 of 4: question %1 of %2"),
            Part.PAPER: self.tr("Step 3 of 4: paper %1 of %2"),
            Part.REVIEW: self.tr("Step 4 of 4: check your answers"),
            Part.CONSENT: self.tr("Step 4 of 4: your consent"),
            Part.SUBMIT: self.tr("Step 4 of 4: submitting"),
            Part.RECEIPT: self.tr("Step 4 of 4: your receipt"),
        }
        text = texts[place.part]
        return text.replace("%1", str(place.number)).replace("%2", str(place.total))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
