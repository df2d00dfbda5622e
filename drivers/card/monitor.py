"""Watch pcscd for readers and cards on one background thread; tell observers.

One thread blocks in SCardGetStatusChange (woken by SCardCancel on stop or when
an observer joins) and turns state differences into ``CardEvent``s. When pcscd
goes away every known reader is reported removed, and the thread retries until
pcscd is back. Observers are called on this thread, never on a GUI thread.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Iterable

from drivers.card import pcsclite
from drivers.card.port import CardEvent, CardEventKind, CardObserver
from kiosk.errors import DeviceError

logger = logging.getLogger(__name__)

_COUNTER_SHIFT = 16  # pcsc-lite counts card events in the high word of the state


def card_events(reader: str, before: int, after: int) -> list[CardEvent]:
    """Card events between two reader states (``before`` may be STATE_UNAWARE)."""
    was = bool(before & pcsclite.STATE_PRESENT)
    now = bool(after & pcsclite.STATE_PRESENT)
    # Present both times but the event count moved: one card went and another came
    # while we were not looking (a new citizen's card must never pass unnoticed).
    swapped = was and now and before >> _COUNTER_SHIFT != after >> _COUNTER_SHIFT
    events: list[CardEvent] = []
    if was and (not now or swapped):
        events.append(CardEvent(CardEventKind.REMOVED, reader))
    if now and (not was or swapped):
        events.append(CardEvent(CardEventKind.INSERTED, reader))
    return events


class ReaderMonitor:
    """Reports reader and card changes to observers from its own thread."""

    def __init__(self, wait_ms: int = 1000, retry_seconds: float = 0.25) -> None:
        self._wait_ms = wait_ms
        self._retry = retry_seconds
        self._lock = threading.Lock()
        self._observers: list[CardObserver] = []
        self._pending: list[CardObserver] = []
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._context: pcsclite.Context | None = None
        # reader -> last event state (presence bits and event counter)
        self._known: dict[str, int] = {}

    def add(self, observer: CardObserver) -> None:
        """Subscribe; the observer is first told what is already there."""
        with self._lock:
            self._pending.append(observer)
            context = self._context
        self._start()
        if context is not None:
            context.cancel()

    def remove(self, observer: CardObserver) -> None:
        with self._lock:
            for group in (self._observers, self._pending):
                if observer in group:
                    group.remove(observer)

    def stop(self, timeout: float = 5.0) -> None:
        self._stop.set()
        thread = self._thread
        if thread is None or thread is threading.current_thread():
            return
        deadline = time.monotonic() + timeout
        while thread.is_alive() and time.monotonic() < deadline:
            # SCardCancel only wakes a wait already under way: repeat until the thread
            # has seen the stop, in case it was between two waits.
            with self._lock:
                context = self._context
            if context is not None:
                context.cancel()
            thread.join(0.02)

    def _start(self) -> None:
        with self._lock:
            if self._thread is not None or self._stop.is_set():
                return
            self._thread = threading.Thread(target=self._run, name="card-monitor", daemon=True)
        self._thread.start()

    # -- the monitor thread --------------------------------------------------

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                context = pcsclite.Context()
            except DeviceError as exc:
                logger.debug("card monitor waiting for pcscd: %s", exc.message)
                self._welcome_pending()
                self._stop.wait(self._retry)
                continue
            with self._lock:
                self._context = context
            try:
                self._watch(context)
            except DeviceError as exc:
                logger.warning("card monitor lost pcscd: %s", exc.message)
            except Exception:
                # A bug here must not end card events for the life of the kiosk.
                logger.exception("card monitor failed; restarting it")
            finally:
                with self._lock:
                    self._context = None
                context.release()
                if self._stop.is_set():
                    self._known.clear()  # closing: nothing was really unplugged
                else:
                    self._forget(list(self._known))
            self._stop.wait(self._retry)

    def _watch(self, context: pcsclite.Context) -> None:
        pnp_state = pcsclite.STATE_UNAWARE
        while not self._stop.is_set():
            self._sync_readers(context.readers())
            self._welcome_pending()
            query = [(pcsclite.PNP_READER, pnp_state)]
            query += [(reader, state) for reader, state in self._known.items()]
            with self._lock:
                # A newcomer that arrived since _welcome_pending must not wait a full round.
                wait_ms = 0 if self._pending or self._stop.is_set() else self._wait_ms
            changes = context.get_status_change(wait_ms, query)
            for change in changes or ():
                if change.reader == pcsclite.PNP_READER:
                    pnp_state = change.event_state & ~pcsclite.STATE_CHANGED
                elif change.reader in self._known and not change.gone:
                    self._update_card(change)

    def _sync_readers(self, readers: list[str]) -> None:
        self._forget([reader for reader in self._known if reader not in readers])
        for reader in readers:
            if reader not in self._known:
                self._known[reader] = pcsclite.STATE_UNAWARE
                self._emit(CardEvent(CardEventKind.READER_ADDED, reader))

    def _forget(self, readers: Iterable[str]) -> None:
        for reader in readers:
            state = self._known.pop(reader)
            if state & pcsclite.STATE_PRESENT:
                self._emit(CardEvent(CardEventKind.REMOVED, reader))
            self._emit(CardEvent(CardEventKind.READER_REMOVED, reader))

    def _update_card(self, change: pcsclite.ReaderState) -> None:
        before = self._known[change.reader]
        after = change.event_state & ~pcsclite.STATE_CHANGED
        self._known[change.reader] = after
        for event in card_events(change.reader, before, after):
            self._emit(event)

    def _welcome_pending(self) -> None:
        """Tell newcomers the current picture, then let them hear changes."""
        with self._lock:
            newcomers, self._pending = self._pending, []
        for observer in newcomers:
            for reader, state in self._known.items():
                self._call(observer, CardEvent(CardEventKind.READER_ADDED, reader))
                if state & pcsclite.STATE_PRESENT:
                    self._call(observer, CardEvent(CardEventKind.INSERTED, reader))
            with self._lock:
                self._observers.append(observer)

    def _emit(self, event: CardEvent) -> None:
        logger.debug("card event %s on %r", event.kind, event.reader)
        with self._lock:
            observers = list(self._observers)
        for observer in observers:
            self._call(observer, event)

    @staticmethod
    def _call(observer: CardObserver, event: CardEvent) -> None:
        try:
            observer(event)
        except Exception:
            # One faulty observer must not silence the others or kill the monitor.
            logger.exception("card observer failed on %s", event.kind)
