"""The intake screens on Qt offscreen: one procedure from choice to confirmation, by taps.

Synthetic citizen; the card reader and the camera are stand-ins that return
what those capabilities would.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget
from pytestqt.qtbot import QtBot

from kiosk.catalog import Paper, shipped_catalog
from kiosk.config import Config, Timeouts
from kiosk.dossier import Dossier, Identity, IdentitySource, PaperRef, Verdict
from kiosk.intake import FieldError, Reception, flow_of, shipped_notice
from kiosk.journey import Journey
from kiosk.session import ATTRACT, KioskSession
from kiosk.workdays import WorkCalendar, shipped_hours
from offline_queue.errors import OutboxFull
from ui.app import KIOSK_SIZE, application
from ui.i18n import Translations
from ui.intake.browse import ProcedureScreen
from ui.intake.context import IntakeServices, PaperRequest
from ui.intake.finish import ConsentView, DoneView, ReviewView, SavingView
from ui.intake.host import IntakeHost
from ui.intake.views import QuestionView
from ui.intake.wiring import INTAKE_JOURNEY, register_intake_screens
from ui.main_window import KioskWindow
from ui.registry import ScreenRegistry
from ui.screens.base import ScreenContext
from ui.screenshots import save_screenshot
from ui.theme import MIN_TOUCH_PX

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


def capture(paper: Paper) -> PaperRef:
    digest = hashlib.sha256(paper.id.encode()).hexdigest()
    return PaperRef(
        requirement_id=paper.id, title_vi=paper.name.vi, pages=1, sha256=digest, size_bytes=900
    )


class IdentityView(QWidget):
    """Stands in for the chip read (tests/journey walks the real one): confirms CITIZEN."""

    def __init__(
        self, context: ScreenContext, confirm: Callable[[Identity], list[FieldError]]
    ) -> None:
        super().__init__()
        row = QHBoxLayout(self)
        self.back_button = QPushButton("back")
        self.back_button.clicked.connect(context.navigator.back)  # as the real step: to the list
        self.continue_button = QPushButton("confirm")
        self.continue_button.clicked.connect(lambda: confirm(CITIZEN))
        for widget in (self.back_button, self.continue_button):
            widget.setMinimumHeight(MIN_TOUCH_PX)
            row.addWidget(widget)


class PaperView(QWidget):
    """Stands in for the camera (tests/capture_ui drives the real one): one page per paper."""

    def __init__(self, request: PaperRequest) -> None:
        super().__init__()
        self.paper = request.paper
        self.continue_button = QPushButton("captured", self)
        self.continue_button.setMinimumHeight(MIN_TOUCH_PX)
        self.continue_button.clicked.connect(lambda: request.on_done(capture(request.paper)))


@pytest.fixture
def submitted() -> list[Dossier]:
    return []


@pytest.fixture
def failures() -> list[Exception]:
    """Errors the outbox raises on the next commits, in order (none: it takes them)."""
    return []


@pytest.fixture
def window(qtbot: QtBot, submitted: list[Dossier], failures: list[Exception]) -> KioskWindow:
    def commit(dossier: Dossier) -> None:
        if failures:
            raise failures.pop(0)
        submitted.append(dossier)

    application()
    catalog = shipped_catalog()
    services = IntakeServices(
        catalog=catalog,
        reception=Reception(
            "KIOSK-TEST-01", catalog.version, WorkCalendar.shipped(), shipped_hours(), "Quầy 3"
        ),
        notice=shipped_notice(),
        clock=lambda: NOW,
        on_submitted=commit,
        identity_view=IdentityView,
        paper_view=PaperView,
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
    qtbot.waitUntil(widget.isVisible, timeout=2000)  # new buttons show on the next loop turn
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def assert_touch_sized(widget: QWidget) -> None:
    for found in widget.findChildren(QPushButton):
        if found.isVisible():
            assert found.height() >= MIN_TOUCH_PX, found.text()


def view_of(window: KioskWindow) -> QWidget:
    host = window.current
    assert isinstance(host, IntakeHost) and host.view is not None
    return host.view


def test_certified_copy_from_choice_to_confirmation(
    qtbot: QtBot, window: KioskWindow, submitted: list[Dossier], screenshots_dir: Path
) -> None:
    shots = iter(range(1, 100))

    def shot(name: str) -> None:
        qtbot.wait(20)
        save_screenshot(window, screenshots_dir / f"{next(shots):02d}-{name}.png")

    tap(qtbot, window.attract.start_button)
    screen = window.current
    assert isinstance(screen, ProcedureScreen)
    assert set(screen.sector_buttons) == {s.id for s in shipped_catalog().sectors}
    assert screen.result_buttons == []  # fields first
    shot("procedures")
    qtbot.keyClicks(screen.search, "sao y ban chinh")
    assert screen.listed()[0].code == "2.000815"
    assert "Chứng thực bản sao" in screen.result_buttons[0].text()  # Vietnamese first
    shot("search")
    tap(qtbot, screen.result_buttons[0])
    qtbot.waitUntil(screen.start_button.isVisible)
    shot("details")
    assert_touch_sized(screen)
    tap(qtbot, screen.start_button)

    assert isinstance(view_of(window), IdentityView)
    shot("identity")
    tap(qtbot, view_of(window).continue_button)  # type: ignore[attr-defined]

    answers = {"document_title": "Bằng tốt nghiệp", "pages": "3", "copies": "2", "phone": ""}
    while isinstance(view := view_of(window), QuestionView):
        assert_touch_sized(view)
        if view.question.id == "pages":
            view.line.setText("ba")
            tap(qtbot, view.continue_button)
            assert view.error.isVisible() and view.error.text() == "Nhập một số, ví dụ 2."
            shot("question-error")
        view.line.setText(answers[view.question.id])
        shot(f"question-{view.question.id}")
        tap(qtbot, view.continue_button)

    while isinstance(view := view_of(window), PaperView):
        shot(f"paper-{view.paper.id}")
        tap(qtbot, view.continue_button)

    review = view_of(window)
    assert isinstance(review, ReviewView)
    assert "10.000 ₫" in review.money.text()  # 2 copies x (2 x 2,000 + 1,000)
    shot("review")
    change_copies = review.change_buttons["question:copies"]
    review.area.ensureWidgetVisible(change_copies)  # a finger scrolls to it first
    tap(qtbot, change_copies)
    change = view_of(window)
    assert isinstance(change, QuestionView) and change.line.text() == "2"
    change.line.setText("1")
    tap(qtbot, change.continue_button)
    review = view_of(window)
    assert isinstance(review, ReviewView) and "5.000 ₫" in review.money.text()
    tap(qtbot, review.continue_button)

    consent = view_of(window)
    assert isinstance(consent, ConsentView)
    assert not consent.agree.isChecked()  # never pre-ticked
    assert not consent.continue_button.isEnabled(), "Submit stays disabled until the box is ticked"
    assert not consent.qr.pixmap().isNull() and consent.full_notice.isVisibleTo(consent)
    scroll = consent.notice_area.verticalScrollBar()
    if scroll.maximum() > 0:  # the notice is longer than its room: the screen says so
        assert consent.more_below.text().strip()
        scroll.setValue(scroll.maximum())
    assert not consent.more_below.text().strip(), "read to the end: no cue left"
    tap(qtbot, consent.continue_button)
    assert not submitted and isinstance(view_of(window), ConsentView)
    shot("consent-unticked")
    tap(qtbot, consent.agree)
    assert consent.continue_button.isEnabled()
    tap(qtbot, consent.agree)  # unticked again: disabled again
    assert not consent.continue_button.isEnabled()
    tap(qtbot, consent.agree)
    shot("consent")
    tap(qtbot, consent.continue_button)

    # "Received" only once the dossier was committed in the background.
    qtbot.waitUntil(lambda: isinstance(view_of(window), DoneView), timeout=5000)
    done = view_of(window)
    assert isinstance(done, DoneView)
    assert len(submitted) == 1
    dossier = submitted[0]
    assert dossier.procedure_code == "2.000815" and dossier.fee_vnd == 5_000
    assert dossier.answers["copies"] == 1 and len(dossier.papers) == 2
    assert dossier.provisional_code in done.code.text()
    assert "17:00 02/03/2026" in done.when.text()
    shot("done")
    flow = flow_of(window.session)
    assert flow is not None
    tap(qtbot, done.finish_button)
    assert window.session.step == ATTRACT
    assert flow.identity is None  # wiped with the session


def test_back_from_the_first_question_and_to_the_list(qtbot: QtBot, window: KioskWindow) -> None:
    tap(qtbot, window.attract.start_button)
    screen = window.current
    assert isinstance(screen, ProcedureScreen)
    tap(qtbot, screen.sector_buttons["cu-tru"])
    assert {p.sector for p in screen.listed()} == {"cu-tru"}
    assert len(screen.result_buttons) == 4
    tap(qtbot, screen.sector_buttons[None])  # back to the fields
    assert screen.result_buttons == [] and "ho-tich" in screen.sector_buttons
    screen.show_details(shipped_catalog().procedure("1.004222"))
    tap(qtbot, screen.start_button)
    tap(qtbot, view_of(window).continue_button)  # type: ignore[attr-defined]
    question = view_of(window)
    assert isinstance(question, QuestionView)
    assert question.question.id == "applicant_residence"  # the name is locked from the chip
    window.set_language("en")
    qtbot.waitUntil(lambda: question.title.text() == "Applicant's place of residence")
    flow = flow_of(window.session)
    assert flow is not None and flow.language == "en"
    tap(qtbot, question.back_button)
    assert isinstance(view_of(window), IdentityView)
    tap(qtbot, view_of(window).back_button)  # type: ignore[attr-defined]
    assert isinstance(window.current, ProcedureScreen)


def test_details_mark_what_the_catalog_has_not_confirmed(qtbot: QtBot, window: KioskWindow) -> None:
    tap(qtbot, window.attract.start_button)
    screen = window.current
    assert isinstance(screen, ProcedureScreen)
    tap(qtbot, screen.sector_buttons["ly-lich-tu-phap"])
    listed = [choice.text() for choice in screen.result_buttons]
    # 2.000488 was the Ministry of Justice's code; the police's is not confirmed: not shown.
    assert listed and not any("2.000488" in text for text in listed)
    screen.show_details(shipped_catalog().procedure("2.000488"))
    texts = [widget.text() for widget in screen.details_area.findChildren(QLabel) if widget.text()]
    agency = next(text for text in texts if "Công an cấp tỉnh" in text)
    assert "chưa xác nhận" in agency  # the police's office: not seen on an official page
    time = next(text for text in texts if "10 ngày làm việc" in text)
    assert "chưa xác nhận" not in time  # Art. 48, checked on the Ministry of Justice's page
    assert "15 ngày làm việc trong một số trường hợp" in time  # the answers decide which
    assert any("200.000" in text for text in texts if text.startswith("Phí"))
    assert all("chưa xác nhận" in text for text in texts if text.startswith("Phí"))


def test_a_dossier_the_disk_refuses_is_not_received_and_try_again_saves_it_once(
    qtbot: QtBot, window: KioskWindow, submitted: list[Dossier], failures: list[Exception]
) -> None:
    failures.append(OutboxFull("The kiosk's disk is full", "free space"))
    tap(qtbot, window.attract.start_button)
    screen = window.current
    assert isinstance(screen, ProcedureScreen)
    screen.show_details(shipped_catalog().procedure("2.000815"))
    tap(qtbot, screen.start_button)
    host = window.current
    assert isinstance(host, IntakeHost)
    tap(qtbot, view_of(window).continue_button)  # type: ignore[attr-defined]  # identity
    answers = {"document_title": "Bằng tốt nghiệp", "pages": "1", "copies": "1", "phone": ""}
    while isinstance(view := view_of(window), QuestionView):
        view.line.setText(answers[view.question.id])
        tap(qtbot, view.continue_button)
    while isinstance(view := view_of(window), PaperView | ReviewView):
        tap(qtbot, view.continue_button)
    consent = view_of(window)
    assert isinstance(consent, ConsentView)
    tap(qtbot, consent.agree)
    tap(qtbot, consent.continue_button)
    qtbot.waitUntil(lambda: isinstance(view_of(window), SavingView) and view_of(window).failed)
    saving = view_of(window)
    assert isinstance(saving, SavingView)
    assert not submitted and not host.saved
    assert saving.retry_button.isVisible()
    code = host.dossier.provisional_code if host.dossier else ""
    tap(qtbot, saving.retry_button)
    qtbot.waitUntil(lambda: isinstance(view_of(window), DoneView), timeout=5000)
    assert [d.provisional_code for d in submitted] == [code]
