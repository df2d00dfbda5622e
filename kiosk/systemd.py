"""Talk to systemd: readiness, status and watchdog pings (the sd_notify protocol).

The protocol is one datagram of ``KEY=value`` lines sent to the AF_UNIX socket
named by ``$NOTIFY_SOCKET`` (an abstract socket when the name starts with
``@``), so it is written out here instead of pulling in a package. Outside
systemd (``kiosk demo``, tests, a developer's shell) ``$NOTIFY_SOCKET`` is unset
and every call is a no-op.

Start-up order for the application::

    notifier = SystemdNotifier()
    ...                                   # config, drivers, outbox, main window shown
    notifier.ready("Sẵn sàng tiếp nhận hồ sơ")
    # then ui.watchdog.MainThreadWatchdog.from_environment(notifier) on the Qt thread
    ...
    notifier.stopping()                   # first thing on SIGTERM / quit
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import time
from collections.abc import Mapping

__all__ = ["SystemdNotifier", "watchdog_interval"]

log = logging.getLogger(__name__)

# A datagram to systemd should never stall the Qt main thread for long.
_SEND_TIMEOUT_S = 0.5


class SystemdNotifier:
    """Sends sd_notify messages; a silent no-op when not run by systemd.

    Safe to call from any thread. A failed send is logged once (per outage)
    and otherwise ignored: losing a status line must never crash the kiosk.
    """

    def __init__(self, environ: Mapping[str, str] | None = None) -> None:
        """Read ``NOTIFY_SOCKET`` from ``environ`` (default: the process environment)."""
        env = os.environ if environ is None else environ
        self._address = _socket_address(env.get("NOTIFY_SOCKET", ""))
        self._lock = threading.Lock()
        self._sock: socket.socket | None = None
        self._failing = False

    @property
    def enabled(self) -> bool:
        """True when systemd gave us a socket to talk to."""
        return self._address is not None

    def ready(self, status: str | None = None) -> bool:
        """Start-up is complete: systemd marks the unit active and starts the watchdog."""
        lines = ["READY=1"]
        if status is not None:
            lines.append(_status_line(status))
        return self.notify(*lines)

    def status(self, text: str) -> bool:
        """Free-form one-line status shown by ``systemctl status kiosk``."""
        return self.notify(_status_line(text))

    def watchdog(self) -> bool:
        """Ping the watchdog: the kiosk is alive."""
        return self.notify("WATCHDOG=1")

    def stopping(self) -> bool:
        """The kiosk is shutting down on purpose."""
        return self.notify("STOPPING=1")

    def reloading(self) -> bool:
        """Configuration reload started; send ``ready()`` again when it is done."""
        # systemd >= 253 requires the monotonic timestamp with RELOADING=1;
        # older versions ignore the unknown key.
        usec = time.clock_gettime_ns(time.CLOCK_MONOTONIC) // 1000
        return self.notify("RELOADING=1", f"MONOTONIC_USEC={usec}")

    def notify(self, *assignments: str) -> bool:
        """Send ``KEY=value`` assignments as one datagram; True if it was sent."""
        if self._address is None:
            return False
        payload = "\n".join(assignments).encode("utf-8")
        with self._lock:
            try:
                self._socket().sendto(payload, self._address)
            except (OSError, ValueError) as exc:
                self._report_failure(exc)
                return False
            self._failing = False
        return True

    def close(self) -> None:
        """Release the socket (it is reopened on the next message)."""
        with self._lock:
            if self._sock is not None:
                self._sock.close()
                self._sock = None

    def __enter__(self) -> SystemdNotifier:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def _socket(self) -> socket.socket:
        # Opened once and kept: the watchdog pings every few seconds.
        if self._sock is None:
            sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
            sock.settimeout(_SEND_TIMEOUT_S)
            self._sock = sock
        return self._sock

    def _report_failure(self, exc: Exception) -> None:
        # Log the first failure of an outage loudly, the repeats (a ping every
        # few seconds) quietly, so the journal is not flooded.
        level = logging.DEBUG if self._failing else logging.WARNING
        self._failing = True
        log.log(level, "cannot notify systemd at %r: %s", self._address, exc)


def watchdog_interval(
    environ: Mapping[str, str] | None = None, pid: int | None = None
) -> float | None:
    """Seconds between watchdog pings (half of ``WatchdogSec=``), or None if none are wanted.

    ``WATCHDOG_PID``, when set, must name this process: a child that inherited
    the environment must not ping on behalf of its parent.
    """
    env = os.environ if environ is None else environ
    usec_text = env.get("WATCHDOG_USEC", "")
    if not usec_text:
        return None
    pid_text = env.get("WATCHDOG_PID", "")
    if pid_text and _parse_uint(pid_text) != (os.getpid() if pid is None else pid):
        return None
    usec = _parse_uint(usec_text)
    if not usec:
        log.warning("ignoring invalid WATCHDOG_USEC=%r", usec_text)
        return None
    # Half the timeout, as sd_watchdog_enabled(3) recommends: one late or lost
    # ping does not get the kiosk killed.
    return usec / 2_000_000


def _parse_uint(text: str) -> int | None:
    """A plain non-negative decimal integer, else None."""
    return int(text) if text.isascii() and text.isdigit() else None


def _socket_address(name: str) -> str | None:
    """The address to ``sendto``: a path, an abstract name, or None when absent."""
    if name.startswith("@"):
        # Abstract namespace: a leading NUL instead of the '@'.
        return "\0" + name[1:] if len(name) > 1 else None
    if name.startswith("/"):
        return name
    if name:
        # vsock:// and other transports are not used on a kiosk.
        log.warning("ignoring unsupported NOTIFY_SOCKET=%r", name)
    return None


def _status_line(text: str) -> str:
    # A newline would end the STATUS= assignment and start another one.
    return "STATUS=" + " ".join(text.splitlines())
