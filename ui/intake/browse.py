"""Choosing the procedure: search as you type, open a field (lĩnh vực), or be guided.

Each procedure shows what it is for in everyday words, large, and its official
name (and its code, once confirmed) small under it. "I don't know which
procedure" asks two or three plain questions, one per screen, and ends on the
few procedures that fit (:class:`~kiosk.catalog.guide.GuideWalk`). The details
page says what to bring, what it costs and how long it takes before anything
is asked, so a citizen without the right papers learns it now.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import (
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from kiosk.catalog import Procedure, format_vnd, processing_text, unconfirmed_words
from kiosk.catalog.guide import GuideWalk
from kiosk.intake import IntakeFlow, attach
from ui.intake.choice import ChoiceButton, choice_button
from ui.intake.common import clear, scrolling_column, touch_line_edit
from ui.intake.context import IntakeServices
from ui.keyboard import attach_input
from ui.screens.base import Screen, ScreenContext, button, button_row, label

MAX_LISTED = 30
LIST_PAGE, DETAILS_PAGE, GUIDE_PAGE = 0, 1, 2


def official_line(procedure: Procedure, language: str) -> str:
    """The official name, and the code only once an official page confirmed it."""
    code = "" if "code" in procedure.unconfirmed else f" · {procedure.code}"
    return f"{procedure.name.get(language)}{code}"


def procedure_button(
    procedure: Procedure, language: str, on_click: Callable[[], None]
) -> ChoiceButton:
    """Everyday words large, the official name small; no everyday label: the name alone."""
    if procedure.everyday is None:
        return choice_button(official_line(procedure, language), "", on_click)
    return choice_button(
        procedure.everyday.get(language), official_line(procedure, language), on_click
    )


class ProcedureScreen(Screen):
    """Step ``procedure``: the list (with search and fields) and one procedure's details."""

    def __init__(self, context: ScreenContext, services: IntakeServices) -> None:
        super().__init__(context)
        self.services = services
        self.index = services.index
        self.sector: str | None = None
        self.sector_buttons: dict[str | None, QPushButton] = {}
        self.result_buttons: list[ChoiceButton] = []
        self.guide_buttons: list[ChoiceButton] = []
        """The current guide question's answers, or the procedures it ended on."""
        self.chosen: Procedure | None = None
        self.walk: GuideWalk | None = None
        self._details_from = LIST_PAGE
        self.pages = QStackedWidget()
        self.pages.addWidget(self._list_page())
        self.pages.addWidget(self._details_page())
        self.pages.addWidget(self._guide_page())
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
        self.guide_button = ChoiceButton("result", self.open_guide)
        self.typing = False  # the keyboard is up
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
        column.addWidget(self.guide_button)
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
        self.typing = True
        self._offer_guide()

    def hide_keyboard(self) -> None:
        if self.keyboard is not None:
            self.keyboard.hide()
        self.typing = False
        self._offer_guide()

    def _offer_guide(self) -> None:
        """The guide's button, unless the keyboard needs its room for results that exist."""
        found = bool(self.search.text().strip()) and bool(self.result_buttons)
        has_guide = self.index.catalog.guide is not None
        self.guide_button.setVisible(has_guide and not (self.typing and found))

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
            choice = procedure_button(procedure, language, partial(self.show_details, procedure))
            self.results.addWidget(choice)
            self.result_buttons.append(choice)
        self.results.addStretch(1)
        self.empty.setVisible(searching and not self.result_buttons)
        self._offer_guide()  # nothing found: the questions may find it

    # -- the details -----------------------------------------------------------
    def _details_page(self) -> QWidget:
        page = QWidget()
        self.details_area, self.details = scrolling_column()
        self.back_to_list = button("", self._back_from_details)
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
        self._details_from = self.pages.currentIndex()
        self.chosen = procedure
        self._fill_details()
        self.pages.setCurrentIndex(DETAILS_PAGE)
        self.context.navigator.changed()

    def _back_from_details(self) -> None:
        """Back to where the citizen chose it: the list, or the guide's short list."""
        self.pages.setCurrentIndex(self._details_from)
        self.context.navigator.changed()

    def _fill_details(self) -> None:
        procedure = self.chosen
        if procedure is None:
            return
        language = self.context.session.language
        catalog = self.index.catalog
        clear(self.details)
        title = label("title")
        everyday = procedure.everyday.get(language) if procedure.everyday else ""
        title.setText(everyday or procedure.name.get(language))
        self.details.addWidget(title)
        if everyday:  # the official name, and a confirmed code, under the everyday words
            official = label("subtitle")
            official.setText(official_line(procedure, language))
            self.details.addWidget(official)
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
            amount = fee.note.get(language) if fee.note else format_vnd(fee.amount_vnd, language)
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

    # -- "I don't know which procedure" -------------------------------------------
    def _guide_page(self) -> QWidget:
        page = QWidget()
        self.guide_title = label("title")
        self.guide_body = label("body")
        self.guide_area, self.guide_column = scrolling_column()
        self.guide_back = button("", self.guide_back_step)
        self.guide_cancel = button("", self.context.navigator.cancel)
        actions = button_row()
        actions.addWidget(self.guide_back)
        actions.addWidget(self.guide_cancel)
        actions.addStretch(1)
        column = QVBoxLayout(page)
        column.setSpacing(20)
        column.addWidget(self.guide_title)
        column.addWidget(self.guide_body)
        column.addWidget(self.guide_area, 1)
        column.addLayout(actions)
        return page

    def open_guide(self) -> None:
        """Start the plain questions from the first one."""
        self.hide_keyboard()
        self.walk = GuideWalk(self.index.catalog)
        self._show_guide()

    def guide_answer(self, index: int) -> None:
        assert self.walk is not None
        self.walk.choose(index)
        self._show_guide()

    def guide_back_step(self) -> None:
        """Back: the question before, or the list from the first question."""
        if self.walk is None or not self.walk.back():
            self.walk = None
            self.pages.setCurrentIndex(LIST_PAGE)
            self.context.navigator.changed()
            return
        self._show_guide()

    def _show_guide(self) -> None:
        self._fill_guide()
        self.pages.setCurrentIndex(GUIDE_PAGE)
        self.guide_area.verticalScrollBar().setValue(0)
        self.context.navigator.changed()

    def _fill_guide(self) -> None:
        walk = self.walk
        if walk is None:
            return
        language = self.context.session.language
        clear(self.guide_column)
        self.guide_buttons = []
        question = walk.question
        if question is not None:
            self.guide_title.setText(question.text.get(language))
            self.guide_body.setText(
                self.tr("Question %1. Tap the answer that fits best.").replace(
                    "%1", str(walk.number)
                )
            )
            for index, answer in enumerate(question.answers):
                choice = choice_button(
                    answer.label.get(language), "", partial(self.guide_answer, index)
                )
                self.guide_buttons.append(choice)
        else:
            self.guide_title.setText(self.tr("These procedures fit your answers"))
            self.guide_body.setText(
                self.tr("Tap one to see the papers to bring. Not what you need? Call staff.")
            )
            for procedure in walk.matches():
                choice = procedure_button(
                    procedure, language, partial(self.show_details, procedure)
                )
                self.guide_buttons.append(choice)
        for shown in self.guide_buttons:
            self.guide_column.addWidget(shown)
        self.guide_column.addStretch(1)

    def spoken_instruction(self) -> str:
        """What read-aloud says: the page shown (the list, a guide question, the details)."""
        page = self.pages.currentIndex()
        if page == GUIDE_PAGE:
            answers = ", ".join(b.text().replace("\n", ", ") for b in self.guide_buttons)
            return f"{self.guide_title.text()}. {self.guide_body.text()} {answers}."
        if page == DETAILS_PAGE and self.chosen is not None:
            language = self.context.session.language
            everyday = self.chosen.everyday.get(language) if self.chosen.everyday else ""
            return f"{everyday or self.chosen.name.get(language)}."
        return f"{self.title.text()}. {self.search.placeholderText()}."

    def retranslate(self) -> None:
        self.title.setText(self.tr("Choose your procedure"))
        self.search.setPlaceholderText(self.tr("Type a few words, e.g. khai sinh"))
        self.empty.setText(self.tr("Nothing found. Try other words, or ask at the counter."))
        self.guide_button.set_texts(
            self.tr("I don't know which procedure to choose"),
            self.tr("Answer two or three short questions"),
        )
        self.cancel_button.setText(self.tr("Cancel"))
        self.back_to_list.setText(self.tr("Back"))
        self.start_button.setText(self.tr("Start this procedure"))
        self.guide_back.setText(self.tr("Back"))
        self.guide_cancel.setText(self.tr("Cancel"))
        self._fill_results()
        self._fill_details()
        self._fill_guide()
