"""Watchdog pings from the Qt main thread, so a frozen UI trips systemd's ``WatchdogSec=``.

The pings come from a ``QTimer`` owned by the main thread: while its event
loop runs, systemd hears ``WATCHDOG=1`` every ``interval`` seconds; when the
loop is blocked (a slot stuck on hardware, a deadlock), the pings stop and
systemd kills and restarts the kiosk. Pinging from a worker thread instead
would keep a frozen screen alive forever.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QObject, QThread, QTimer, Slot

from kiosk.systemd import SystemdNotifier, watchdog_interval

__all__ = ["MainThreadWatchdog"]


class MainThreadWatchdog(QObject):
    """Sends ``notifier.watchdog()`` every ``interval`` seconds from the Qt event loop."""

    def __init__(
        self, notifier: SystemdNotifier, interval: float, parent: QObject | None = None
    ) -> None:
        """Create on the main thread (after the QApplication); call ``start()`` to ping."""
        if interval <= 0:
            raise ValueError(f"watchdog interval must be positive, got {interval!r}")
        app = QCoreApplication.instance()
        # A timer lives in the thread that creates it; anywhere else it would
        # prove nothing about the UI.
        if app is None or QThread.currentThread() is not app.thread():
            raise RuntimeError("MainThreadWatchdog must be created on the Qt main thread")
        super().__init__(parent)
        self._notifier = notifier
        self._timer = QTimer(self)
        self._timer.setInterval(max(1, round(interval * 1000)))
        self._timer.timeout.connect(self._ping)

    @classmethod
    def from_environment(
        cls, notifier: SystemdNotifier, parent: QObject | None = None
    ) -> MainThreadWatchdog | None:
        """A started watchdog if systemd asked for one (``WatchdogSec=``), else None."""
        interval = watchdog_interval()
        if interval is None or not notifier.enabled:
            return None
        watchdog = cls(notifier, interval, parent)
        watchdog.start()
        return watchdog

    @property
    def interval(self) -> float:
        """Seconds between pings."""
        return self._timer.interval() / 1000

    @property
    def active(self) -> bool:
        """True while pinging."""
        return self._timer.isActive()

    def start(self) -> None:
        """Ping now, then every interval."""
        self._ping()
        self._timer.start()

    def stop(self) -> None:
        """Stop pinging (systemd will kill the kiosk unless it stops first)."""
        self._timer.stop()

    @Slot()
    def _ping(self) -> None:
        self._notifier.watchdog()
