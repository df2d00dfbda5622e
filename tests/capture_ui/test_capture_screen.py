"""The capture screen on Qt offscreen, driven by the simulated document camera.

From "put the first page" to a finished PDF by auto-capture; the button;
retake and delete; the camera pulled out mid-paper and pushed back; and no
worker thread left once the screen is gone. Screenshots of the main states,
in English and Vietnamese, go to ``artifacts/test-screens/``.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pikepdf
import pytest
import shiboken6
from capture_ui_support import (
    blurred_page,
    camera,
    one_still_page,
    requirement,
    small_settings,
    two_pages,
)
from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from drivers.camera.simulator import SimulatedCamera
from drivers.camera.verdict import Verdict
from kiosk.capture import CaptureState
from kiosk.catalog import Paper
from kiosk.config import Language
from kiosk.dossier import PaperRef
from ui.app import KIOSK_SIZE, application
from ui.capture import CaptureView
from ui.i18n import Translations
from ui.screenshots import save_screenshot
from ui.theme import MIN_TOUCH_PX

WAIT_MS = 10_000


@pytest.fixture(autouse=True)
def _no_capture_thread_left() -> Iterator[None]:
    yield
    assert not [t for t in threading.enumerate() if t.name == "capture-loop"]


class Host:
    """What the kiosk's host would do with the view's callbacks: remember them."""

    def __init__(self) -> None:
        self.done: list[PaperRef] = []
        self.skipped = self.back = self.cancelled = 0

    def skip(self) -> None:
        self.skipped += 1

    def go_back(self) -> None:
        self.back += 1

    def cancel(self) -> None:
        self.cancelled += 1


def open_view(
    qtbot: QtBot,
    desk: SimulatedCamera,
    paper: Paper,
    folder: Path,
    host: Host,
    language: Language = "en",
    progress: tuple[int, int] | None = (1, 3),
) -> CaptureView:
    application()
    Translations().apply(language)
    view = CaptureView(
        desk,
        paper,
        language,
        folder,
        on_done=host.done.append,
        on_skip=host.skip if not paper.required else None,
        on_back=host.go_back,
        on_cancel=host.cancel,
        progress=progress,
        settings=small_settings(),
    )
    qtbot.addWidget(view)
    view.resize(*KIOSK_SIZE)
    view.show()
    qtbot.waitExposed(view)
    return view


def snap(qtbot: QtBot, view: QWidget, path: Path) -> None:
    qtbot.wait(30)  # let Qt lay out the new state
    save_screenshot(view, path)


def tap(qtbot: QtBot, widget: QWidget) -> None:
    # A new thumbnail is shown on the next turn of the event loop: on a loaded
    # machine the test can see it in the list before the citizen could see it.
    qtbot.waitUntil(lambda: widget.isVisible() and widget.isEnabled(), timeout=WAIT_MS)
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)  # type: ignore[no-untyped-call]


def pages_taken(qtbot: QtBot, view: CaptureView, count: int) -> None:
    qtbot.waitUntil(lambda: view.status.count == count, timeout=WAIT_MS)


@pytest.mark.parametrize("language", ["en", "vi"])
def test_two_pages_are_taken_by_themselves_and_done_hands_over_the_pdf(
    qtbot: QtBot, tmp_path: Path, screenshots_dir: Path, language: Language
) -> None:
    host = Host()
    view = open_view(qtbot, camera(two_pages()), requirement(2, 3), tmp_path, host, language)
    assert view.title.text() == ("Giấy khai sinh" if language == "vi" else "Birth certificate")
    assert view.progress_line.isVisible() and "1" in view.progress_line.text()
    assert not view.done_button.isEnabled()
    qtbot.waitUntil(lambda: view.preview.image is not None, timeout=WAIT_MS)
    snap(qtbot, view, screenshots_dir / f"{language}-1-live.png")

    pages_taken(qtbot, view, 1)
    qtbot.waitUntil(lambda: len(view.page_thumbs) == 1, timeout=WAIT_MS)
    assert not view.done_button.isEnabled()  # at least two pages
    assert view.page_thumbs[0].picture.pixmap() is not None
    pages_taken(qtbot, view, 2)
    qtbot.waitUntil(lambda: view.preview.outline is not None, timeout=WAIT_MS)
    snap(qtbot, view, screenshots_dir / f"{language}-2-two-pages.png")
    assert view.done_button.isEnabled()
    if language == "en":
        assert view.counter.text() == "Pages taken: 2 (2 to 3 pages)"
        # The page still lies there: good, or "hold still" while the tracker settles again.
        assert view.verdict_line.text() in ("The page is good.", "Hold the page still.")

    tap(qtbot, view.done_button)
    qtbot.waitUntil(lambda: bool(host.done), timeout=WAIT_MS)
    reference = host.done[0]
    assert reference.requirement_id == "birth_certificate" and reference.pages == 2
    pdf = tmp_path / "birth_certificate.pdf"
    assert pdf.read_bytes().startswith(b"%PDF")
    assert reference.size_bytes == pdf.stat().st_size
    with pikepdf.open(pdf) as document:
        assert len(document.pages) == 2
    assert not view.worker.alive and view.preview.image is None
    assert not (tmp_path / "birth_certificate-pages").exists()


def test_take_picture_captures_a_page_the_pipeline_would_not(
    qtbot: QtBot, tmp_path: Path, screenshots_dir: Path
) -> None:
    host = Host()
    view = open_view(qtbot, camera(blurred_page(), loop=True), requirement(1, 1), tmp_path, host)
    qtbot.waitUntil(lambda: view.verdict is Verdict.BLURRY, timeout=WAIT_MS)
    assert view.verdict_line.text() == "Hold still: the page is not sharp yet."
    snap(qtbot, view, screenshots_dir / "en-blurry.png")
    assert view.status.count == 0
    assert view.take_button.height() >= MIN_TOUCH_PX
    tap(qtbot, view.take_button)
    pages_taken(qtbot, view, 1)
    qtbot.waitUntil(lambda: not view.take_button.isEnabled(), timeout=WAIT_MS)  # 1 of 1
    assert view.done_button.isEnabled()
    assert view.counter.text() == "Pages taken: 1 of 1"


def test_retake_replaces_a_page_and_delete_removes_it(
    qtbot: QtBot, tmp_path: Path, screenshots_dir: Path
) -> None:
    host = Host()
    view = open_view(qtbot, camera(one_still_page(), loop=True), requirement(1, 2), tmp_path, host)
    pages_taken(qtbot, view, 1)
    qtbot.waitUntil(lambda: len(view.page_thumbs) == 1, timeout=WAIT_MS)
    first = view.status.pages[0].path
    tap(qtbot, view.page_thumbs[0].retake_button)
    qtbot.waitUntil(lambda: view.status.pages[0].path != first, timeout=WAIT_MS)
    assert view.status.count == 1 and not first.exists()
    assert not view.retake_line.isVisible()

    qtbot.waitUntil(lambda: len(view.page_thumbs) == 1, timeout=WAIT_MS)
    snap(qtbot, view, screenshots_dir / "en-page-taken.png")
    tap(qtbot, view.page_thumbs[0].delete_button)
    pages_taken(qtbot, view, 0)
    qtbot.waitUntil(lambda: not view.page_thumbs, timeout=WAIT_MS)
    assert not view.done_button.isEnabled()
    assert view.notice_line.text() == "The page was deleted."


@pytest.mark.parametrize("language", ["en", "vi"])
def test_an_unplugged_camera_keeps_the_pages_and_replug_resumes(
    qtbot: QtBot, tmp_path: Path, screenshots_dir: Path, language: Language
) -> None:
    host = Host()
    desk = camera(one_still_page(), loop=True)
    view = open_view(qtbot, desk, requirement(1, 2), tmp_path, host, language)
    pages_taken(qtbot, view, 1)
    desk.unplug()
    qtbot.waitUntil(view.missing.isVisible, timeout=WAIT_MS)
    snap(qtbot, view, screenshots_dir / f"{language}-camera-missing.png")
    if language == "en":
        assert view.missing.text().startswith("The camera is not working.")
    assert not view.preview.isVisible() and not view.take_button.isVisible()
    assert view.status.count == 1 and view.status.pages[0].path.is_file()
    assert len(view.page_thumbs) == 1 and view.done_button.isEnabled()

    desk.replug()
    tap(qtbot, view.retry_button)
    qtbot.waitUntil(lambda: view.status.state is CaptureState.LIVE, timeout=WAIT_MS)
    assert view.preview.isVisible() and not view.missing.isVisible()
    frame = desk.truth(0)  # the desk plays on where it stopped
    assert frame.corners is not None
    assert view.status.count == 1  # the page lying there is not taken twice


def test_destroying_the_view_stops_the_worker_and_the_camera(qtbot: QtBot, tmp_path: Path) -> None:
    host = Host()
    desk = camera(one_still_page(), loop=True)
    view = open_view(qtbot, desk, requirement(), tmp_path, host)
    qtbot.waitUntil(lambda: view.preview.image is not None, timeout=WAIT_MS)
    worker = view.worker
    assert worker.alive
    view.deleteLater()
    qtbot.waitUntil(lambda: not shiboken6.isValid(view), timeout=WAIT_MS)
    assert not worker.alive
    with pytest.raises(Exception, match="before it was started"):
        desk.read()


def test_close_and_stop_end_the_worker(qtbot: QtBot, tmp_path: Path) -> None:
    host = Host()
    view = open_view(qtbot, camera(one_still_page(), loop=True), requirement(), tmp_path, host)
    qtbot.waitUntil(lambda: view.preview.image is not None, timeout=WAIT_MS)
    view.close()
    assert not view.worker.alive and view.preview.image is None
    view.stop()  # twice is harmless


def test_optional_paper_skip_back_and_cancel(qtbot: QtBot, tmp_path: Path) -> None:
    host = Host()
    view = open_view(
        qtbot,
        camera(one_still_page(), loop=True),
        requirement(required=False),
        tmp_path,
        host,
        progress=None,
    )
    assert not view.progress_line.isVisible()
    for button in (view.back_button, view.cancel_button, view.skip_button, view.done_button):
        assert button.height() >= MIN_TOUCH_PX, button.text()
    assert view.skip_button.text() == "I do not have this paper"
    tap(qtbot, view.skip_button)
    assert host.skipped == 1 and not view.worker.alive

    required = open_view(
        qtbot, camera(one_still_page(), loop=True), requirement(), tmp_path / "b", host
    )
    assert not required.skip_button.isVisible()
    tap(qtbot, required.back_button)
    assert host.back == 1 and not required.worker.alive

    third = open_view(
        qtbot, camera(one_still_page(), loop=True), requirement(), tmp_path / "c", host
    )
    tap(qtbot, third.cancel_button)
    assert host.cancelled == 1 and not third.worker.alive


def test_language_change_retranslates_the_paper_name(qtbot: QtBot, tmp_path: Path) -> None:
    host = Host()
    view = open_view(qtbot, camera(blurred_page(), loop=True), requirement(), tmp_path, host)
    assert view.title.text() == "Birth certificate"
    view.language = "vi"
    Translations().apply("vi")  # sends LanguageChange: the view retranslates itself
    QCoreApplication.processEvents()
    assert view.title.text() == "Giấy khai sinh"
