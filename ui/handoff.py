"""Hand-off from worker threads to the Qt GUI thread — the one way results come back.

Drivers call plain callbacks on their own threads (pyscard's monitor, the sync
worker); a widget must never be touched there. :class:`GuiCallback` wraps a
callback so that calling it from any thread runs it on the GUI thread, and
:func:`run_in_background` runs blocking device or network work on a pool and
delivers the result or the error back the same way.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from functools import partial
from typing import Any, TypeVar, cast

from PySide6.QtCore import QObject, QThreadPool, QTimer, Signal, Slot

from kiosk.logs import fields

log = logging.getLogger(__name__)

T = TypeVar("T")

# Deliveries waiting for their result; each leaves the set only after its own
# slot has returned (a QObject must not be destroyed inside its own slot).
_in_flight: set[_Delivery] = set()


class GuiCallback(QObject):
    """A callable that may be called from any thread and runs on the GUI thread.

    Create it on the GUI thread. The signal's sender and receiver are this
    object, which lives on the GUI thread, so an emit from a worker thread is
    queued and delivered by the GUI event loop.
    """

    _delivered = Signal(object)

    def __init__(self, callback: Callable[[object], None]) -> None:
        super().__init__()
        self._callback = callback
        self._delivered.connect(self._deliver)

    def __call__(self, value: object) -> None:
        self._delivered.emit(value)

    @Slot(object)
    def _deliver(self, value: object) -> None:
        self._callback(value)


class _Delivery(GuiCallback):
    """Carries one background result to its callbacks on the GUI thread, once."""

    def __init__(
        self, on_success: Callable[[T], None], on_failure: Callable[[Exception], None]
    ) -> None:
        super().__init__(self._finish)
        self._on_success: Callable[[Any], None] = on_success
        self._on_failure = on_failure

    def _finish(self, outcome: object) -> None:
        QTimer.singleShot(0, partial(_in_flight.discard, self))
        succeeded, value = cast(tuple[bool, object], outcome)
        if succeeded:
            self._on_success(value)
        else:
            self._on_failure(cast(Exception, value))


def _log_failure(error: Exception) -> None:
    log.warning("background operation failed", extra=fields(error=type(error).__name__))


def run_in_background(
    work: Callable[[], T],
    on_success: Callable[[T], None],
    on_failure: Callable[[Exception], None] = _log_failure,
    pool: QThreadPool | None = None,
) -> None:
    """Run ``work`` off the GUI thread; deliver its result or error on the GUI thread.

    The pool owns the runnable it makes from the function, so nothing here is
    destroyed while a worker thread may still touch it.
    """
    delivery = _Delivery(on_success, on_failure)
    _in_flight.add(delivery)

    def job() -> None:
        outcome: tuple[bool, object]
        try:
            outcome = (True, work())
        except Exception as exc:
            outcome = (False, exc)
        delivery(outcome)

    (pool or QThreadPool.globalInstance()).start(job)
