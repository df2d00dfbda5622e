"""The capture session without Qt: the loop's turns on a simulated desk, one at a time.

Each test drives :meth:`CaptureSession.step` by hand (no thread), so what
happens on which frame is exact: auto-capture, the button, retake, delete,
the paper full, the camera pulled out and back, Done, and the clean-up.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

import pikepdf
import pytest
from capture_ui_support import (
    blurred_page,
    camera,
    one_still_page,
    requirement,
    small_settings,
    two_pages,
)

from drivers.camera.scene import Scene, SceneKind
from drivers.camera.simulator import SimulatedCamera
from kiosk.capture import CaptureSession, CaptureState, Notice, Tick


def run_until(
    session: CaptureSession, done: Callable[[Tick], bool], limit: int = 200
) -> list[Tick]:
    """Step until ``done(tick)`` holds for a tick; every tick with news on the way."""
    ticks = []
    for _ in range(limit):
        tick = session.step()
        if tick is not None:
            ticks.append(tick)
            if done(tick):
                return ticks
    raise AssertionError(f"not reached in {limit} turns: {session.status}")


def added(tick: Tick) -> bool:
    return tick.notice is Notice.PAGE_ADDED


def test_two_pages_are_taken_by_themselves_and_done_writes_the_pdf(tmp_path: Path) -> None:
    session = CaptureSession(camera(two_pages()), requirement(2, 3), tmp_path, small_settings())
    assert session.status.state.value == "starting"
    first = run_until(session, added)
    assert session.status.state is CaptureState.LIVE
    assert first[-1].page is not None and first[-1].page.shape[:2] == (585, 414)
    assert not session.status.can_finish  # one page of at least two
    run_until(session, added)
    assert session.status.count == 2 and session.status.can_finish
    pages = [page.path for page in session.status.pages]
    assert all(path.is_file() for path in pages)

    session.finish()
    done = run_until(session, lambda tick: tick.paper is not None)[-1]
    assert done.status.state is CaptureState.DONE and done.paper is not None
    assert done.paper.requirement_id == "birth_certificate"
    assert done.paper.title_vi == "Giấy khai sinh" and done.paper.pages == 2
    with pikepdf.open(session.pdf_path) as pdf:
        assert len(pdf.pages) == 2
    session.close()
    assert not any(path.exists() for path in pages)  # the PDF holds them now
    assert session.pdf_path.is_file()


def test_the_button_takes_a_page_the_pipeline_would_not(tmp_path: Path) -> None:
    session = CaptureSession(camera(blurred_page(), loop=True), requirement(), tmp_path)
    run_until(session, lambda tick: tick.status.state is CaptureState.LIVE)
    for _ in range(20):
        assert session.step() is None or session.status.count == 0
    session.take_picture()
    tick = run_until(session, lambda tick: tick.notice is not None)[-1]
    assert tick.notice is Notice.PAGE_ADDED and session.status.count == 1


def test_the_button_with_an_empty_desk_says_no_page(tmp_path: Path) -> None:
    session = CaptureSession(
        camera([Scene(SceneKind.EMPTY, 5)], loop=True), requirement(), tmp_path
    )
    run_until(session, lambda tick: tick.status.state is CaptureState.LIVE)
    session.take_picture()
    tick = run_until(session, lambda tick: tick.notice is not None)[-1]
    assert tick.notice is Notice.NO_PAGE_TO_TAKE and session.status.count == 0


def test_retake_replaces_the_page_in_its_place_and_delete_drops_it(tmp_path: Path) -> None:
    session = CaptureSession(
        camera(one_still_page(), loop=True), requirement(1, 2), tmp_path, small_settings()
    )
    run_until(session, added)
    first = session.status.pages[0]
    session.retake(0)
    tick = run_until(session, lambda tick: tick.notice is not None)[-1]
    assert tick.notice is Notice.PAGE_REPLACED and tick.page_index == 0
    assert session.status.count == 1 and session.status.retake is None
    assert session.status.pages[0].path != first.path and not first.path.exists()

    session.delete(0)
    tick = run_until(session, lambda tick: tick.notice is not None)[-1]
    assert tick.notice is Notice.PAGE_DELETED and session.status.count == 0
    assert not session.status.can_finish


def test_a_full_paper_takes_no_more_pages(tmp_path: Path) -> None:
    session = CaptureSession(
        camera(one_still_page(), loop=True), requirement(1, 1), tmp_path, small_settings()
    )
    run_until(session, added)
    assert session.status.full
    session.take_picture()
    tick = run_until(session, lambda tick: tick.notice is not None)[-1]
    assert tick.notice is Notice.PAPER_FULL and session.status.count == 1


def test_an_unplugged_camera_keeps_the_pages_and_resumes_when_back(tmp_path: Path) -> None:
    desk = camera(one_still_page(), loop=True)
    session = CaptureSession(desk, requirement(1, 2), tmp_path, small_settings())
    run_until(session, added)
    desk.unplug()
    run_until(session, lambda tick: tick.status.state is CaptureState.CAMERA_MISSING)
    assert session.status.count == 1 and session.status.pages[0].path.is_file()
    assert session.status.can_finish  # the pages taken may still be handed in
    session.take_picture()  # ignored: there is no picture to take
    desk.replug()
    session.retry()
    back = run_until(session, lambda tick: tick.frame is not None)
    assert session.status.state is CaptureState.LIVE
    assert all(tick.notice is None for tick in back)  # the same page is not taken twice


def test_a_camera_missing_from_the_start_is_reported_then_found(tmp_path: Path) -> None:
    desk = camera(one_still_page(), loop=True)
    desk.unplug()
    session = CaptureSession(desk, requirement(), tmp_path, small_settings())
    run_until(session, lambda tick: tick.status.state is CaptureState.CAMERA_MISSING)
    desk.replug()
    session.retry()
    run_until(session, added)


def test_run_on_a_thread_stops_the_camera_and_deletes_unfinished_pages(tmp_path: Path) -> None:
    desk = camera(one_still_page(), loop=True)
    session = CaptureSession(desk, requirement(), tmp_path, small_settings())
    ticks: list[Tick] = []
    page_taken = threading.Event()

    def post(tick: Tick) -> None:
        ticks.append(tick)
        if tick.notice is Notice.PAGE_ADDED:
            page_taken.set()

    thread = threading.Thread(target=session.run, args=(post,))
    thread.start()
    assert page_taken.wait(10)
    page = session.status.pages[0].path
    session.stop()
    thread.join(10)
    assert not thread.is_alive()
    assert ticks[-1].status.state is CaptureState.STOPPED
    assert not page.exists() and not (tmp_path / "birth_certificate-pages").exists()
    with pytest.raises(Exception, match="before it was started"):
        desk.read()  # the session stopped the camera


def test_previews_are_paced(tmp_path: Path) -> None:
    now = [0.0]
    desk: SimulatedCamera = camera(blurred_page(), loop=True)
    session = CaptureSession(desk, requirement(), tmp_path, small_settings(), clock=lambda: now[0])
    previews = 0
    for _ in range(30):  # 30 frames in half a second of the fake clock: 60 fps
        tick = session.step()
        previews += tick is not None and tick.frame is not None
        now[0] += 1 / 60
    assert 7 <= previews <= 8  # 15 a second
