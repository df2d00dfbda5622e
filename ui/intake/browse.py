"""Choosing the procedure: open a field (lĩnh vực) or search as you type, then its details.

The details page says what to bring, what it costs and how long it takes
before anything is asked, so a citizen without the right papers learns it now.
"""

from __future__ import annotations

from functools import partial

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import (
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from kiosk.catalog import Procedure, format_vnd, processing_text, unconfirmed_words
from kiosk.intake import IntakeFlow, attach
from ui.intake.common import clear, scrolling_column, touch_line_edit
from ui.intake.context import IntakeServices
from ui.keyboard import attach_input
from ui.screens.base import Screen, ScreenContext, button, button_row, label, wrap_text

MAX_LISTED = 30
DEFAULT_LIST_WIDTH = 980  # the list on a 1080 px wide screen, before it is first laid out
RESULT_PADDING = 80  # a button's padding and border, both sides


class ProcedureScreen(Screen):
    """Step ``procedure``: the list (with search and fields) and one procedure's details."""

    def __init__(self, context: ScreenContext, services: IntakeServices) -> None:
        super().__init__(context)
        self.services = services
        self.index = services.index
        self.sector: str | None = None
        self.sector_buttons: dict[str | None, QPushButton] = {}
        self.result_buttons: list[QPushButton] = []
        self.chosen: Procedure | None = None
        self.pages = QStackedWidget()
        self.pages.addWidget(self._list_page())
        self.pages.addWidget(self._details_page())
        layout = QVBoxLayout(self)
        layout.setContentsMargins(48, 60, 48, 32)
        layout.addWidget(self.pages)
        self.retranslate()

    # -- the list ------------------------------------------------------------
    def _list_page(self) -> QWidget:
        page = QWidget()
        self.title = label("title")
        self.search = touch_line_edit()
        self.search.textChanged.connect(lambda _: self._fill_results())
        self.results_area, self.results = scrolling_column()
        self.empty = label("body")
        self.cancel_button = button("", self.context.navigator.cancel)
        # The keyboard is made when the citizen first taps the search field (many
        # never search: they open a field); Done puts it away.
        self.keyboard: QWidget | None = None
        self.search.installEventFilter(self)
        column = QVBoxLayout(page)
        column.setSpacing(20)
        column.addWidget(self.title)
        column.addWidget(self.search)
        self.keyboard_slot = QVBoxLayout()
        column.addLayout(self.keyboard_slot)
        column.addWidget(self.results_area, 1)
        column.addWidget(self.empty)
        column.addWidget(self.cancel_button)
        return page

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.search and event.type() == QEvent.Type.MouseButtonPress:
            self.show_keyboard()
        return False

    def show_keyboard(self) -> None:
        if self.keyboard is None:
            self.keyboard = attach_input(self.search, "text", on_done=self.hide_keyboard)
            self.keyboard_slot.addWidget(self.keyboard)
        self.keyboard.show()

    def hide_keyboard(self) -> None:
        if self.keyboard is not None:
            self.keyboard.hide()

    def choose_sector(self, sector: str | None) -> None:
        """Open a field (lĩnh vực), or go back to the fields with ``None``."""
        self.sector = sector
        self.search.clear()
        self._fill_results()

    def listed(self) -> list[Procedure]:
        """The procedures the list shows now: search hits, else the open field's."""
        if self.search.text().strip():
            hits = self.index.search(self.search.text(), limit=MAX_LISTED)
            return [hit.procedure for hit in hits]
        if self.sector is None:
            return []
        return self.index.browse(sector=self.sector)[:MAX_LISTED]

    def _fill_results(self) -> None:
        """Fields first (one per row: official names are long); a field's procedures; or hits."""
        language = self.context.session.language
        clear(self.results)
        self.result_buttons = []
        self.sector_buttons = {}
        searching = bool(self.search.text().strip())
        if not searching and self.sector is None:
            for sector in self.index.catalog.sectors:
                choice = button("", partial(self.choose_sector, sector.id))
                choice.setText(sector.name.get(language))
                self.sector_buttons[sector.id] = choice
                self.results.addWidget(choice)
        elif not searching:
            back = button("", partial(self.choose_sector, None))
            all_fields = self.tr("All fields")
            back.setText(f"‹ {all_fields}")
            self.sector_buttons[None] = back
            self.results.addWidget(back)
        for procedure in self.listed():
            choice = button("result", partial(self.show_details, procedure))  # text on the left
            choice.ensurePolished()  # the theme's font size, to measure the text with
            name = wrap_text(procedure.name.get(language), choice, self._text_width())
            # A code not confirmed on an official page is not shown as if it were.
            code = "" if "code" in procedure.unconfirmed else f"\n{procedure.code}"
            choice.setText(f"{name}{code}")
            self.results.addWidget(choice)
            self.result_buttons.append(choice)
        self.results.addStretch(1)
        self.empty.setVisible(searching and not self.result_buttons)

    def _text_width(self) -> int:
        """Room for a line of text in a result button (the list's width less the padding)."""
        shown = self.results_area.viewport().width()
        return (shown if shown > RESULT_PADDING * 2 else DEFAULT_LIST_WIDTH) - RESULT_PADDING

    # -- the details -----------------------------------------------------------
    def _details_page(self) -> QWidget:
        page = QWidget()
        self.details_area, self.details = scrolling_column()
        self.back_to_list = button("", lambda: self.pages.setCurrentIndex(0))
        self.start_button = button("primary", self._start)
        actions = button_row()
        actions.addWidget(self.back_to_list)
        actions.addStretch(1)
        actions.addWidget(self.start_button)
        column = QVBoxLayout(page)
        column.addWidget(self.details_area, 1)
        column.addLayout(actions)
        return page

    def show_details(self, procedure: Procedure) -> None:
        self.chosen = procedure
        self._fill_details()
        self.pages.setCurrentIndex(1)

    def _fill_details(self) -> None:
        procedure = self.chosen
        if procedure is None:
            return
        language = self.context.session.language
        catalog = self.index.catalog
        clear(self.details)
        title = label("title")
        title.setText(procedure.name.get(language))
        self.details.addWidget(title)
        # A fact the catalog has not confirmed on an official page says so.
        agency = catalog.agency(procedure.agency).name.get(language)
        time = processing_text(procedure, language)  # with the times some answers lead to
        facts = [
            (self.tr("Agency"), agency + unconfirmed_words(procedure, "agency", language)),
            (self.tr("Time"), time + unconfirmed_words(procedure, "processing", language)),
            (self.tr("Result"), procedure.result.get(language)),
        ]
        for fee in procedure.fees:
            # Every line, reductions and exemptions included; a fee priced per page
            # or copy reads better as its rule than as one sample sum.
            amount = fee.note.get(language) if fee.note else format_vnd(fee.amount_vnd)
            amount += unconfirmed_words(procedure, "fees", language)
            facts.append((fee.label.get(language), amount))
        for heading, value in facts:
            row = label("body")
            row.setText(f"{heading}: {value}")
            self.details.addWidget(row)
        papers = label("subtitle")
        papers.setText(self.tr("Papers to bring"))
        self.details.addWidget(papers)
        for paper in procedure.papers:
            row = label("step")
            suffix = self.tr(" (only in some cases)") if paper.show_if or not paper.required else ""
            row.setText(f"• {paper.name.get(language)}{suffix}")
            self.details.addWidget(row)
        self.details.addStretch(1)

    def _start(self) -> None:
        if self.chosen is None:
            return
        session = self.context.session
        chosen, catalog = self.chosen, self.services.catalog
        agency = catalog.agency(chosen.agency).name
        notice = self.services.notice.for_procedure(
            chosen.code,
            {"vi": agency.vi, "en": agency.en},
            self.context.config.outbox.retention_days,
        )
        flow = IntakeFlow(chosen, self.services.clock, notice, session.language)
        attach(session, flow)
        self.context.navigator.advance()

    def retranslate(self) -> None:
        self.title.setText(self.tr("Choose your procedure"))
        self.search.setPlaceholderText(self.tr("Type a few words, e.g. khai sinh"))
        self.empty.setText(self.tr("Nothing found. Try other words, or ask at the counter."))
        self.cancel_button.setText(self.tr("Cancel"))
        self.back_to_list.setText(self.tr("Back to the list"))
        self.start_button.setText(self.tr("Start this procedure"))
        self._fill_results()
        self._fill_details()
