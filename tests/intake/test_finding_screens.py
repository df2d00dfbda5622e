"""Finding the procedure and answering its questions, on Qt offscreen (issue 16, items 4-5).

Everyday words large, the official name small; "I don't know which procedure"
asks plain questions one per screen with a working Back; a count is a − / +
stepper from 1 to the catalog's maximum; options show their price and papers;
a refused answer's message sits right above its field, which is marked. Every
screen is saved in both languages, at normal and larger text, and no text on
them is cut.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication, QHBoxLayout, QPushButton, QWidget
from pytestqt.qtbot import QtBot

from kiosk.catalog import shipped_catalog
from kiosk.config import Config, Language, Timeouts
from kiosk.dossier import Dossier, Identity, IdentitySource, PaperRef, Verdict
from kiosk.intake import FieldError, IntakeFlow, Reception, shipped_notice
from kiosk.journey import Journey
from kiosk.session import KioskSession
from kiosk.workdays import WorkCalendar, shipped_hours
from ui.accessibility import instruction_of
from ui.app import KIOSK_SIZE, application
from ui.i18n import Translations
from ui.intake.browse import DETAILS_PAGE, GUIDE_PAGE, LIST_PAGE, ProcedureScreen
from ui.intake.choice import ChoiceButton
from ui.intake.context import IntakeServices, PaperRequest
from ui.intake.host import IntakeHost
from ui.intake.views import QuestionView, StepActions
from ui.intake.wiring import INTAKE_JOURNEY, register_intake_screens
from ui.main_window import KioskWindow
from ui.registry import ScreenRegistry
from ui.screens.base import ScreenContext
from ui.screenshots import save_screenshot
from ui.text_fit import clipped_texts
from ui.theme import LARGE_TEXT_SCALE, MIN_TOUCH_PX, stylesheet

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


class IdentityView(QWidget):
    """Stands in for the chip read (tests/journey walks the real one): confirms CITIZEN."""

    def __init__(
        self, context: ScreenContext, confirm: Callable[[Identity], list[FieldError]]
    ) -> None:
        super().__init__()
        row = QHBoxLayout(self)
        self.continue_button = QPushButton("confirm")
        self.continue_button.setMinimumHeight(MIN_TOUCH_PX)
        self.continue_button.clicked.connect(lambda: confirm(CITIZEN))
        row.addWidget(self.continue_button)


def paper_view(request: PaperRequest) -> QWidget:
    def done() -> None:
        digest = hashlib.sha256(request.paper.id.encode()).hexdigest()
        name = request.paper.name.vi
        ref = PaperRef(
            requirement_id=request.paper.id, title_vi=name, pages=1, sha256=digest, size_bytes=900
        )
        request.on_done(ref)

    view = QPushButton("captured")
    view.clicked.connect(done)
    return view


@pytest.fixture(params=[False, True], ids=["normal-text", "larger-text"])
def larger(request: pytest.FixtureRequest) -> Iterator[bool]:
    app = application()
    app.setStyleSheet(stylesheet(LARGE_TEXT_SCALE if request.param else 1.0))
    yield bool(request.param)
    app.setStyleSheet(stylesheet())  # the next test starts with the normal look


@pytest.fixture
def window(qtbot: QtBot) -> KioskWindow:
    application()
    catalog = shipped_catalog()

    def commit(dossier: Dossier) -> None:
        return None

    services = IntakeServices(
        catalog=catalog,
        reception=Reception(
            "KIOSK-TEST-01", catalog.version, WorkCalendar.shipped(), shipped_hours(), "Quầy 3"
        ),
        notice=shipped_notice(),
        clock=lambda: NOW,
        on_submitted=commit,
        identity_view=IdentityView,
        paper_view=paper_view,
    )
    registry = ScreenRegistry()
    register_intake_screens(registry, services)
    session = KioskSession(Timeouts(), "vi", lambda: 0.0)
    built = KioskWindow(Config(), session, Journey.of(INTAKE_JOURNEY), registry, Translations())
    built.resize(*KIOSK_SIZE)
    built.idle_timer.stop()
    qtbot.addWidget(built)
    built.show()
    qtbot.waitExposed(built)
    return built


def tap(qtbot: QtBot, widget: QWidget) -> None:
    qtbot.waitUntil(widget.isVisible, timeout=2000)
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)
    qtbot.wait(10)


def settle(qtbot: QtBot) -> None:
    qtbot.wait(60)  # a rebuilt page lays out in queued events
    QApplication.processEvents()


def procedures(window: KioskWindow) -> ProcedureScreen:
    """From the attract screen's Start to the procedure screen."""
    if not isinstance(window.current, ProcedureScreen):
        window.attract.start_button.click()
    screen = window.current
    assert isinstance(screen, ProcedureScreen)
    return screen


class Shots:
    """Saves the window in Vietnamese and English under one name per screen."""

    def __init__(self, qtbot: QtBot, window: KioskWindow, folder: Path, tag: str) -> None:
        self.qtbot, self.window, self.folder, self.tag = qtbot, window, folder, tag
        self.count = 0
        self.cut: list[str] = []

    def __call__(self, name: str) -> None:
        first = self.window.session.language
        for language in (first, "en" if first == "vi" else "vi"):
            self.window.set_language(language)
            settle(self.qtbot)
            self.count += 1
            self.cut += [f"{name}-{language}: {text!r}" for text in clipped_texts(self.window)]
            path = self.folder / f"{self.count:02d}-{name}-{self.tag}-{language}.png"
            save_screenshot(self.window, path)
        self.window.set_language(first)
        settle(self.qtbot)


def test_search_lists_everyday_words_large_and_no_loose_match(
    qtbot: QtBot, window: KioskWindow, larger: bool, screenshots_dir: Path
) -> None:
    shots = Shots(qtbot, window, screenshots_dir, "large" if larger else "normal")
    screen = procedures(window)
    settle(qtbot)
    assert screen.guide_button.isVisible() and screen.guide_button.isEnabled()
    assert screen.guide_button.headline == "Tôi chưa biết chọn thủ tục nào"
    shots("procedures")
    qtbot.keyClicks(screen.search, "ly lich tu phap")
    settle(qtbot)
    first = screen.result_buttons[0]
    assert first.headline == "Xin phiếu lý lịch tư pháp để đi làm, đi học, xuất cảnh"
    assert first.detail.startswith("Cấp Phiếu lý lịch tư pháp")
    assert "2.000488" not in first.text(), "an unconfirmed code is not shown to citizens"
    assert first.headline_font().pixelSize() > first.detail_font().pixelSize()
    assert first.height() >= MIN_TOUCH_PX
    shots("search-everyday")
    screen.search.clear()
    qtbot.keyClicks(screen.search, "chung thuc chu ky")
    settle(qtbot)
    assert [p.code for p in screen.listed()] == ["2.000884"]
    assert len(screen.result_buttons) == 1, "no loose match such as 'Đăng ký kết hôn'"
    shots("search-signature")
    tap(qtbot, screen.result_buttons[0])
    settle(qtbot)
    assert screen.pages.currentIndex() == DETAILS_PAGE
    shots("details-everyday")
    assert shots.cut == [], f"text cut off: {shots.cut}"


def test_the_guide_asks_one_question_per_screen_back_works_and_ends_on_the_procedure(
    qtbot: QtBot, window: KioskWindow, larger: bool, screenshots_dir: Path
) -> None:
    shots = Shots(qtbot, window, screenshots_dir, "large" if larger else "normal")
    screen = procedures(window)
    tap(qtbot, screen.guide_button)
    settle(qtbot)
    assert screen.pages.currentIndex() == GUIDE_PAGE
    assert screen.guide_title.text() == "Việc bạn cần làm liên quan đến điều gì?"
    assert "1" in screen.guide_body.text()
    shots("guide-question-1")

    def answer(start: str) -> None:
        texts = [b.headline for b in screen.guide_buttons]
        tap(qtbot, screen.guide_buttons[[t.startswith(start) for t in texts].index(True)])
        settle(qtbot)

    answer("Xin giấy xác nhận")
    assert screen.guide_title.text() == "Bạn cần giấy xác nhận điều gì?"
    shots("guide-question-2")
    tap(qtbot, screen.guide_back)  # Back: the first question again
    assert screen.guide_title.text() == "Việc bạn cần làm liên quan đến điều gì?"
    answer("Nơi ở")
    answer("Ở tạm")
    assert screen.guide_title.text() == "Bạn đã đăng ký tạm trú ở đây chưa?"
    assert "3" in screen.guide_body.text()
    shots("guide-question-3")
    tap(qtbot, screen.guide_back)
    tap(qtbot, screen.guide_back)
    answer("Xin giấy xác nhận")
    answer("Tôi không có tiền án")
    listed = [b.headline for b in screen.guide_buttons]
    assert listed == ["Xin phiếu lý lịch tư pháp để đi làm, đi học, xuất cảnh"]
    shots("guide-result")
    tap(qtbot, screen.guide_buttons[0])
    settle(qtbot)
    assert screen.pages.currentIndex() == DETAILS_PAGE
    assert screen.chosen is not None and screen.chosen.code == "2.000488"
    tap(qtbot, screen.back_to_list)  # back to the guide's short list, not the whole list
    assert screen.pages.currentIndex() == GUIDE_PAGE and len(screen.guide_buttons) == 1
    tap(qtbot, screen.guide_back)  # the answer before
    tap(qtbot, screen.guide_back)
    tap(qtbot, screen.guide_back)  # from the first question: the list
    assert screen.pages.currentIndex() == LIST_PAGE
    assert shots.cut == [], f"text cut off: {shots.cut}"


def to_question(qtbot: QtBot, window: KioskWindow, code: str, answers: dict[str, str]) -> None:
    """Open ``code`` and answer its questions by typing until one not in ``answers``."""
    screen = procedures(window)
    screen.show_details(shipped_catalog().procedure(code))
    tap(qtbot, screen.start_button)
    host = window.current
    assert isinstance(host, IntakeHost) and host.view is not None
    tap(qtbot, host.view.continue_button)  # type: ignore[attr-defined]  # identity
    while isinstance(view := host.view, QuestionView) and view.question.id in answers:
        view.line.setText(answers[view.question.id])
        tap(qtbot, view.continue_button)


def question_view(window: KioskWindow) -> QuestionView:
    host = window.current
    assert isinstance(host, IntakeHost) and isinstance(host.view, QuestionView)
    return host.view


def test_copies_are_a_stepper_from_1_to_the_catalog_maximum(
    qtbot: QtBot, window: KioskWindow, larger: bool, screenshots_dir: Path
) -> None:
    shots = Shots(qtbot, window, screenshots_dir, "large" if larger else "normal")
    to_question(qtbot, window, "2.000815", {"document_title": "Bằng tốt nghiệp", "pages": "3"})
    view = question_view(window)
    assert view.question.id == "copies" and view.stepper is not None
    assert view.input is None, "no keyboard for a count"
    assert view.line.text() == "1" and view.line.isReadOnly()
    assert not view.minus_button.isEnabled(), "the count starts at its lowest, 1"
    assert view.minus_button.height() >= MIN_TOUCH_PX and view.minus_button.width() >= 150
    assert "10.000 ₫" not in view.fee_note.text() and "5.000 ₫" in view.fee_note.text()
    shots("question-copies-stepper")
    tap(qtbot, view.plus_button)
    assert view.line.text() == "2" and view.minus_button.isEnabled()
    assert "10.000 ₫" in view.fee_note.text()  # 2 copies x (2 x 2,000 + 1,000)
    for _ in range(60):  # more taps than the maximum allows
        if not view.plus_button.isEnabled():
            break
        tap(qtbot, view.plus_button)
    assert view.line.text() == "50" and not view.plus_button.isEnabled()
    tap(qtbot, view.minus_button)
    assert view.line.text() == "49"
    for _ in range(60):
        if not view.minus_button.isEnabled():
            break
        tap(qtbot, view.minus_button)
    assert view.line.text() == "1"
    tap(qtbot, view.plus_button)
    tap(qtbot, view.continue_button)
    host = window.current
    assert isinstance(host, IntakeHost)
    assert host.flow.value("copies") == 2  # the count reached the flow as a number
    assert shots.cut == [], f"text cut off: {shots.cut}"


def test_a_refused_answer_is_said_beside_its_field_which_is_marked(
    qtbot: QtBot, window: KioskWindow, larger: bool, screenshots_dir: Path
) -> None:
    shots = Shots(qtbot, window, screenshots_dir, "large" if larger else "normal")
    to_question(qtbot, window, "2.000815", {"document_title": "Bằng tốt nghiệp"})
    view = question_view(window)
    assert view.question.id == "pages"
    view.line.setText("ba")
    tap(qtbot, view.continue_button)
    settle(qtbot)
    assert view.error.isVisible() and view.error.text() == "Nhập một số, ví dụ 2."
    error = view.error.mapTo(window, QPoint(0, 0))
    field = view.line.mapTo(window, QPoint(0, 0))
    gap = field.y() - (error.y() + view.error.height())
    assert 0 <= gap <= 40, f"the message is {gap} px from its field"
    assert view.error.parentWidget() is view.field and view.line.parentWidget() is view.field
    assert view.field.property("refused") is True
    assert "border-left" in view.field.styleSheet(), "the field is marked"
    assert view.error.height() >= view.error.heightForWidth(view.error.width()) - 1
    shots("question-error-beside-field")
    view.line.setText("3")  # typing again takes the mark away
    assert not view.error.isVisible() and view.field.property("refused") is False
    assert view.field.styleSheet() == ""
    assert shots.cut == [], f"text cut off: {shots.cut}"


def flow_at(question_id: str, answers: dict[str, object]) -> IntakeFlow:
    procedure = shipped_catalog().procedure("2.000488")
    flow = IntakeFlow(procedure, lambda: NOW, shipped_notice())
    assert flow.answer(CITIZEN) == []
    while (step := flow.current).question is not None and step.question.id != question_id:
        held = flow.value(step.question.id)  # pre-filled from the card
        given = answers.get(step.question.id, held if held is not None else "Kinh")
        assert flow.answer(given) == [], step.id
    return flow


CRIMINAL_RECORD: dict[str, object] = {
    "certificate": "so-1",
    "authorised": False,
    "nationality": "viet-nam",
    "place_of_birth": "Hà Nội",
    "applicant_residence": "Số 1 phố Thử Nghiệm, Hà Nội",
    "subject_name": "Nguyễn Thị Thử",
    "other_name": "",
    "father_name": "",
    "mother_name": "",
    "spouse_name": "",
    "lived_in_several_provinces": False,
    "lived_abroad": False,
    "residence_history": "Ở Hà Nội",
    "conviction_cleared": False,
    "enterprise_ban_request": False,
    "purpose": "Xin việc",
    "copies": 1,
}


@pytest.mark.parametrize("language", ["vi", "en"])
def test_fee_group_options_show_their_amount_and_the_proof_they_need(
    qtbot: QtBot,
    larger: bool,
    language: Language,
    screenshots_dir: Path,
    request: pytest.FixtureRequest,
) -> None:
    translations = Translations()
    assert translations.apply(language)
    request.addfinalizer(lambda: translations.apply("en"))  # the source language: none
    flow = flow_at("fee_group", CRIMINAL_RECORD)
    host = QWidget()
    host.resize(*KIOSK_SIZE)
    qtbot.addWidget(host)
    actions = StepActions(answer=flow.answer, back=flow.back, cancel=lambda: None)
    view = QuestionView(flow, actions, language, parent=host)
    view.resize(*KIOSK_SIZE)
    host.show()
    qtbot.waitExposed(host)
    settle(qtbot)
    details = [button.detail for button in view.option_buttons]
    if language == "vi":
        assert details[0] == "Phí: 200.000 ₫"
        assert details[1].splitlines() == [
            "Phí: 100.000 ₫",
            "Cần mang: Giấy tờ chứng minh thuộc diện giảm, miễn phí",
        ]
        assert details[2].splitlines()[0] == "Miễn phí"
        assert "chưa xác nhận" in view.fee_note.text()  # the amounts are not yet confirmed
    else:
        assert details[0] == "Charge (phí): 200,000 VND"
        assert details[1].startswith("Charge (phí): 100,000 VND\nBring: ")
        assert details[2].startswith("No charge (phí)")
        assert "not yet confirmed" in view.fee_note.text()
    assert all(isinstance(b, ChoiceButton) and b.fits() for b in view.option_buttons)
    assert clipped_texts(view) == []
    tag = "large" if larger else "normal"
    save_screenshot(host, screenshots_dir / f"question-fee-group-{tag}-{language}.png")


def test_the_guide_is_offered_when_a_search_finds_nothing(
    qtbot: QtBot, window: KioskWindow
) -> None:
    screen = procedures(window)
    screen.show_keyboard()
    screen.search.setText("khai sinh")
    settle(qtbot)
    assert screen.result_buttons and not screen.guide_button.isVisible()  # room for results
    screen.search.setText("xyzzy")
    settle(qtbot)
    assert screen.empty.isVisible() and screen.guide_button.isVisible()
    screen.hide_keyboard()
    screen.search.setText("khai sinh")
    settle(qtbot)
    assert screen.guide_button.isVisible()


def test_read_aloud_says_the_guide_question_and_its_answers(
    qtbot: QtBot, window: KioskWindow
) -> None:
    screen = procedures(window)
    assert instruction_of(screen).startswith("Chọn thủ tục.")
    tap(qtbot, screen.guide_button)
    said = instruction_of(screen)
    assert said.startswith("Việc bạn cần làm liên quan đến điều gì?")
    assert "Mở cửa hàng, kinh doanh nhỏ" in said
