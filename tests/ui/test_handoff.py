"""Background work never runs on the GUI thread; results always come back to it."""

from __future__ import annotations

import threading

from PySide6.QtCore import QThread
from pytestqt.qtbot import QtBot

from ui.app import application
from ui.handoff import GuiCallback, run_in_background


def test_work_runs_off_the_gui_thread_and_the_result_comes_back_on_it(qtbot: QtBot) -> None:
    app = application()
    seen: dict[str, object] = {}

    def work() -> int:
        seen["worker_is_gui"] = QThread.currentThread() is app.thread()
        return 42

    def done(value: int) -> None:
        seen["value"] = value
        seen["callback_is_gui"] = QThread.currentThread() is app.thread()

    run_in_background(work, done)
    qtbot.waitUntil(lambda: "value" in seen, timeout=5000)
    assert seen == {"worker_is_gui": False, "value": 42, "callback_is_gui": True}


def test_a_failure_is_delivered_to_the_failure_callback(qtbot: QtBot) -> None:
    application()
    errors: list[Exception] = []

    def work() -> None:
        raise OSError("reader unplugged")

    run_in_background(work, lambda _: errors.append(AssertionError("no")), errors.append)
    qtbot.waitUntil(lambda: bool(errors), timeout=5000)
    assert isinstance(errors[0], OSError)


def test_a_driver_thread_callback_runs_on_the_gui_thread(qtbot: QtBot) -> None:
    app = application()
    threads: list[bool] = []
    callback = GuiCallback(lambda _: threads.append(QThread.currentThread() is app.thread()))
    worker = threading.Thread(target=callback, args=("card inserted",))
    worker.start()
    worker.join()
    qtbot.waitUntil(lambda: bool(threads), timeout=5000)
    assert threads == [True]
