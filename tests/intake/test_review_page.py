"""The "check your answers" page on Qt offscreen, at the kiosk's size, in both languages.

A synthetic citizen's criminal-record certificate (the demo's longest review) and a
certified copy whose captured pages differ from the pages declared.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest
from PySide6.QtCore import QRect
from PySide6.QtWidgets import QLabel, QWidget
from pytestqt.qtbot import QtBot

from kiosk.catalog import shipped_catalog
from kiosk.config import Language
from kiosk.dossier import Identity, IdentitySource, PaperRef, Verdict
from kiosk.intake import IntakeFlow, Reception, rows, shipped_notice
from kiosk.intake.steps import StepKind
from kiosk.workdays import WorkCalendar, shipped_hours
from ui.app import KIOSK_SIZE, application
from ui.i18n import Translations
from ui.intake.context import IntakeServices
from ui.intake.finish import ReviewView
from ui.intake.views import StepActions
from ui.screenshots import save_screenshot

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=timezone(timedelta(hours=7)))
CITIZEN = Identity(
    id_number="001099012345",
    full_name="Nguyễn Thị Thử",
    date_of_birth=date(1990, 5, 17),
    sex="Nữ",
    place_of_residence="Số 1 phố Thử Nghiệm, Hà Nội",
    source=IdentitySource.CHIP,
    verdict=Verdict.GENUINE,
)
CRIMINAL_RECORD = {
    "certificate": "so-1",
    "authorised": True,
    "subject_name": "Trần Văn Thử",
    "subject_id_number": "001090000001",
    "relative_of_subject": False,
    "other_name": "",  # left empty: the page says "not answered"
    "place_of_birth": "Hà Nội",
    "nationality": "viet-nam",
    "ethnicity": "Kinh",
    "lived_in_several_provinces": False,
    "lived_abroad": False,
    "residence_history": "Ở Hà Nội từ năm 2004",
    "conviction_cleared": False,
    "purpose": "Bổ sung hồ sơ xin việc",
    "copies": 1,
    "fee_group": "thuong",
    "receive_by": "counter",
    "phone": "0900000000",
}
LONG_ADDRESS = "Số 133, ngõ 114, phố Lý Thường Kiệt, Phường Tân An, Tỉnh Đắk Lắk"  # two lines
CERTIFIED_COPY = {"document_title": "Bằng tốt nghiệp", "pages": 3, "copies": 1}


def walk_to_review(
    code: str, answers: dict[str, object], pages: int, language: Language
) -> IntakeFlow:
    """The flow of ``code`` at its review, every paper captured with ``pages`` pages."""
    procedure = shipped_catalog().procedure(code)
    flow = IntakeFlow(procedure, lambda: NOW, shipped_notice(), language)
    assert flow.answer(CITIZEN) == []
    while flow.current.kind is not StepKind.REVIEW:
        step = flow.current
        if step.question is not None:
            question = step.question
            value = answers.get(question.id, flow.value(question.id))
            if value is None and question.type == "choice":
                value = question.options[0].value
            elif value is None and question.type == "yes_no":
                value = False
            assert flow.answer("" if value is None else value) == [], question.id
        elif step.paper is not None:
            digest = hashlib.sha256(step.paper.id.encode()).hexdigest()
            ref = PaperRef(
                requirement_id=step.paper.id,
                title_vi=step.paper.name.vi,
                pages=pages,
                sha256=digest,
                size_bytes=900,
            )
            assert flow.answer(ref) == [], step.paper.id
    return flow


@pytest.fixture
def host(qtbot: QtBot) -> Iterator[QWidget]:
    application()
    widget = QWidget()
    widget.resize(*KIOSK_SIZE)
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitExposed(widget)
    yield widget
    Translations().apply("en")


def review(qtbot: QtBot, host: QWidget, flow: IntakeFlow, language: Language) -> ReviewView:
    Translations().apply(language)
    catalog = shipped_catalog()
    services = IntakeServices(
        catalog=catalog,
        reception=Reception(
            "KIOSK-TEST-01", catalog.version, WorkCalendar.shipped(), shipped_hours(), "Quầy 3"
        ),
        notice=shipped_notice(),
        clock=lambda: NOW,
        on_submitted=lambda _: None,
        identity_view=QWidget,  # type: ignore[arg-type]  # never shown here
        paper_view=QWidget,  # type: ignore[arg-type]
    )
    actions = StepActions(answer=lambda _: [], back=lambda: None, cancel=lambda: None)
    view = ReviewView(flow, actions, language, services, lambda _: None, parent=host)
    view.resize(host.size())
    view.show()
    qtbot.waitUntil(lambda: view.complete)  # the last rows come a few event-loop turns later
    qtbot.wait(30)
    return view


def rect_in(widget: QWidget, ancestor: QWidget) -> QRect:
    return QRect(widget.mapTo(ancestor, widget.rect().topLeft()), widget.size())


@pytest.mark.parametrize("language", ["vi", "en"])
def test_a_long_review_says_more_is_below_until_its_end_is_reached(
    qtbot: QtBot, host: QWidget, language: Language, screenshots_dir: Path
) -> None:
    answers = {**CRIMINAL_RECORD, "applicant_residence": LONG_ADDRESS}
    flow = walk_to_review("2.000488", answers, 1, language)
    view = review(qtbot, host, flow, language)
    # Every row has the height its wrapped answer needs (a row laid out before it was
    # shown or styled was squeezed, its second line cut).
    squeezed = [
        row.findChild(QLabel, "answerLabel").text()  # type: ignore[union-attr]
        for row in view.row_widgets
        if row.height() < row.heightForWidth(row.width())
    ]
    assert squeezed == []
    bar = view.area.verticalScrollBar()
    assert bar.maximum() > 0, "the criminal-record review is longer than the screen"
    assert view.more_below.text().strip(), "part of the list is out of view: the page says so"
    assert view.more_below.isVisible()
    save_screenshot(host, screenshots_dir / f"review-top-{language}.png")

    bar.setValue(bar.maximum())
    qtbot.wait(30)
    assert not view.more_below.text().strip(), "at the end: no cue left"
    viewport = view.area.viewport()
    inside = viewport.rect()
    # The last items are whole on screen once scrolled to the end, never cut at the edge.
    for last in (view.row_widgets[-1], view.money):
        assert inside.contains(rect_in(last, viewport)), last
    save_screenshot(host, screenshots_dir / f"review-end-{language}.png")
    # The cue's line is kept (the buttons below never jump) but says nothing now.
    assert view.more_below.isVisible()


@pytest.mark.parametrize("language", ["vi", "en"])
def test_answers_stand_out_from_their_short_labels_and_empty_ones_say_so(
    qtbot: QtBot, host: QWidget, language: Language
) -> None:
    flow = walk_to_review("2.000488", CRIMINAL_RECORD, 1, language)
    view = review(qtbot, host, flow, language)
    names = view.findChildren(QLabel, "answerLabel")
    answers = view.findChildren(QLabel, "answer")
    empty = view.findChildren(QLabel, "unanswered")
    assert len(names) == len(view.row_widgets) == len(answers) + len(empty)
    # Weight and colour tell the answer from its name.
    assert all(a.font().bold() for a in answers) and not any(n.font().bold() for n in names)
    assert answers[0].font().pixelSize() > names[0].font().pixelSize()
    assert answers[0].palette().windowText().color() != names[0].palette().windowText().color()
    # Short labels: a few words each, never the whole question.
    question = "Bạn cần Phiếu lý lịch tư pháp số mấy?" if language == "vi" else "Which certificate"
    assert not any(question in n.text() for n in names)
    # (papers keep their one name, without a closing remark in brackets)
    asked = [row.short for row in rows(flow, language) if not row.step_id.startswith("paper")]
    assert max(len(short) for short in asked) <= 34, asked
    assert not any(n.text().endswith(")") for n in names)
    # The other name, the parents' and the spouse's were left empty.
    assert [e.text() for e in empty] == 4 * ["Chưa trả lời" if language == "vi" else "Not answered"]
    assert empty[0].font().italic()


@pytest.mark.parametrize("language", ["vi", "en"])
def test_pages_captured_unlike_the_pages_declared_are_warned_about(
    qtbot: QtBot, host: QWidget, language: Language, screenshots_dir: Path
) -> None:
    flow = walk_to_review("2.000815", CERTIFIED_COPY, 1, language)  # 3 declared, 1 captured
    view = review(qtbot, host, flow, language)
    assert view.warning.isVisible()
    text = view.warning.text()
    if language == "vi":
        assert "3 trang" in text and "1 trang" in text and "Bản chính giấy tờ, văn bản" in text
    else:
        assert "3 pages" in text and "1 page " in text and "The original document" in text
    save_screenshot(host, screenshots_dir / f"review-pages-{language}.png")


def test_no_warning_when_the_pages_match(qtbot: QtBot, host: QWidget) -> None:
    flow = walk_to_review("2.000815", CERTIFIED_COPY, 3, "vi")
    view = review(qtbot, host, flow, "vi")
    assert not view.warning.isVisible() and view.mismatches == []
