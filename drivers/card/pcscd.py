"""Run the real pcscd with the vpcd virtual reader, privately, for the demo and tests.

pcscd 1.9.9 always puts its socket in /run/pcscd. To run one of our own beside
(or instead of) the system's, we start it in a private mount namespace where a
temporary directory is bind-mounted over /run/pcscd; the socket then appears in
that directory, and the client library finds it through ``PCSCLITE_CSOCK_NAME``
(see ``pcsclite`` for why this must happen before the first PC/SC call of the
process). This needs root and ``unshare``.

Fallback (not root, or unshare refused): use the system pcscd and the vpcd port
from /etc/reader.conf.d/vpcd; that daemon is not ours and is never stopped.
"""

from __future__ import annotations

import contextlib
import logging
import os
import random
import re
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path
from typing import TypeVar

from drivers.card import pcsclite
from kiosk.errors import DeviceAbsent, DeviceError

logger = logging.getLogger(__name__)

_T = TypeVar("_T")

VPCD_DRIVER = Path("/usr/lib/pcsc/drivers/serial/libifdvpcd.so")
SYSTEM_VPCD_CONF = Path("/etc/reader.conf.d/vpcd")
SYSTEM_RUN_DIR = Path("/run/pcscd")
# Below Linux's ephemeral range, so an outgoing connection cannot take the port
# between our check and pcscd's bind.
_PORT_RANGE = (20000, 32000)
_PRIVATE_LAUNCH = 'mount --bind "$1" /run/pcscd && exec pcscd --foreground --config "$2"'
# pcscd lists reader.conf readers as soon as its socket is up; a reader still
# missing this long after is one whose driver failed (typically: port taken).
_READER_GRACE = 1.5
_PORT_ATTEMPTS = 3


class _ReaderMissing(DeviceError):
    """pcscd runs but never listed the vpcd reader."""


def pcscd_reachable(socket_path: str | Path | None = None, timeout: float = 1.0) -> bool:
    """Whether a pcscd accepts connections on ``socket_path`` (default: this process's one).

    Talks to the socket directly, so it never binds the process to a pcscd.
    """
    return pcsclite.service_reachable(str(socket_path) if socket_path else None, timeout)


def private_daemon_possible() -> bool:
    """Root, unshare, pcscd and the vpcd driver: what a private daemon needs."""
    return (
        os.geteuid() == 0
        and shutil.which("unshare") is not None
        and shutil.which("pcscd") is not None
        and VPCD_DRIVER.exists()
    )


def free_port_pair() -> int:
    """A TCP port p such that p and p + 1 are free (vpcd opens two readers)."""
    for _ in range(200):
        port = random.randrange(*_PORT_RANGE)  # noqa: S311 -- not security relevant
        if _port_free(port) and _port_free(port + 1):
            return port
    raise DeviceError("Found no free pair of TCP ports for vpcd", "free some ports in 20000-32000")


def _port_free(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        # Same option as vpcd, so a port in TIME_WAIT counts as free, as it is for vpcd.
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind(("0.0.0.0", port))  # noqa: S104 -- vpcd binds all interfaces too
        except OSError:
            return False
    return True


def read_vpcd_conf(path: Path = SYSTEM_VPCD_CONF) -> tuple[str, int]:
    """(FRIENDLYNAME, port) of a vpcd reader.conf entry."""
    text = path.read_text(encoding="utf-8")
    name = re.search(r'^\s*FRIENDLYNAME\s+"([^"]+)"', text, re.MULTILINE)
    channel = re.search(r"^\s*CHANNELID\s+(0x[0-9A-Fa-f]+|\d+)", text, re.MULTILINE)
    if name is None or channel is None:
        raise DeviceError(f"{path} has no FRIENDLYNAME or CHANNELID", "reinstall vsmartcard-vpcd")
    return name.group(1), int(channel.group(1), 0)


class PcscDaemon:
    """A pcscd with a vpcd reader, started on enter and stopped (by PID) on exit.

    ``socket_path`` and ``vpcd_port`` stay the same across ``stop()`` and
    ``start()``, so a process bound to this daemon can see it go and come back.
    A private pcscd gets SIGTERM when the thread that started it ends (Linux
    parent-death signal), so start it from the main or another long-lived thread.
    """

    def __init__(
        self,
        reader_name: str = "Kiosk Virtual Reader",
        *,
        private: bool | None = None,
        start_timeout: float = 10.0,
    ) -> None:
        self._friendly_name = reader_name
        self._private = private_daemon_possible() if private is None else private
        self._private_requested = private
        self._start_timeout = start_timeout
        self._tmp: Path | None = None
        self._port: int | None = None
        self._socket: Path | None = None
        self._proc: subprocess.Popen[bytes] | None = None
        self._log_file: Path | None = None

    def __enter__(self) -> PcscDaemon:
        try:
            self.start()
        except BaseException:
            self.close()
            raise
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    # -- what clients need ---------------------------------------------------

    @property
    def socket_path(self) -> Path:
        return self._require(self._socket, "socket_path")

    @property
    def vpcd_port(self) -> int:
        """TCP port (on 127.0.0.1) where a software card connects to the first reader."""
        return self._require(self._port, "vpcd_port")

    @property
    def reader_name(self) -> str:
        """PC/SC name of the first vpcd reader (pcscd appends slot numbers)."""
        return f"{self._friendly_name} 00 00"

    @property
    def env(self) -> dict[str, str]:
        """Environment for a child process that should use this daemon."""
        return {pcsclite.SOCKET_ENV: str(self.socket_path)}

    @property
    def private(self) -> bool:
        """True when we run our own pcscd; False when we borrow the system's."""
        return self._private

    @property
    def pid(self) -> int | None:
        return self._proc.pid if self._proc is not None else None

    @property
    def running(self) -> bool:
        if self._private:
            return self._proc is not None and self._proc.poll() is None
        return pcscd_reachable(self._socket)

    # -- lifecycle -----------------------------------------------------------

    def start(self) -> None:
        """Start (or attach to) pcscd, bind this process to it, wait for the reader."""
        if self._private and self._proc is not None and self._proc.poll() is None:
            return
        previous_env = os.environ.get(pcsclite.SOCKET_ENV)
        try:
            self._start_any()
        except DeviceError:
            # Leave child processes' view of pcscd as it was before the failed start.
            if previous_env is None:
                os.environ.pop(pcsclite.SOCKET_ENV, None)
            else:
                os.environ[pcsclite.SOCKET_ENV] = previous_env
            raise

    def _start_any(self) -> None:
        if not self._private:
            self._start_system("a private pcscd needs root, unshare, pcscd and vpcd")
            return
        try:
            self._start_private_on_a_free_port()
        except DeviceError as exc:
            self.stop()
            if self._private_requested:
                raise
            logger.warning("private pcscd failed (%s); trying the system pcscd", exc.message)
            self._private = False
            try:
                self._start_system(exc.message)
            except DeviceError as fallback_exc:
                raise fallback_exc from exc

    def _start_private_on_a_free_port(self) -> None:
        for attempt in range(1, _PORT_ATTEMPTS + 1):
            self._start_private()
            try:
                self._wait_ready()
            except _ReaderMissing:
                if attempt == _PORT_ATTEMPTS:
                    raise
                # Another program may have taken the port between our check and pcscd.
                logger.warning("vpcd reader missing on port %s; trying another", self._port)
                self.stop()
                self._port = None
            else:
                return

    def _start_system(self, why_not_private: str) -> None:
        self._attach_system(why_not_private)
        pcsclite.bind_client(str(self.socket_path))
        self._wait_ready()

    def stop(self) -> None:
        """Stop our pcscd by its PID; a borrowed system pcscd is left alone."""
        proc, self._proc = self._proc, None
        if proc is None:
            return
        if proc.poll() is None:
            proc.terminate()
            try:
                proc.wait(5.0)
            except subprocess.TimeoutExpired:
                logger.warning("pcscd (pid %d) ignored SIGTERM; killing it", proc.pid)
                proc.kill()
                proc.wait(5.0)
        if self._socket is not None:
            # pcscd removes it on a clean exit; a stale one would look alive to stat().
            with contextlib.suppress(FileNotFoundError):
                self._socket.unlink()
        logger.info("pcscd (pid %d) stopped", proc.pid)

    def close(self) -> None:
        """Stop and remove the temporary directories."""
        self.stop()
        if self._tmp is not None:
            shutil.rmtree(self._tmp, ignore_errors=True)
            self._tmp = None

    # -- private daemon ------------------------------------------------------

    def _start_private(self) -> None:
        tmp = self._tmp or Path(tempfile.mkdtemp(prefix="kiosk-pcscd-"))
        self._tmp = tmp
        run_dir, conf_dir = tmp / "run", tmp / "reader.conf.d"
        run_dir.mkdir(exist_ok=True)
        conf_dir.mkdir(exist_ok=True)
        if self._port is None or not (_port_free(self._port) and _port_free(self._port + 1)):
            self._port = free_port_pair()
        (conf_dir / "vpcd").write_text(self._reader_conf(self._port), encoding="utf-8")
        SYSTEM_RUN_DIR.mkdir(parents=True, exist_ok=True)
        self._socket = run_dir / "pcscd.comm"
        self._log_file = tmp / "pcscd.log"
        # Before spawning: refuses when this process is already bound to another pcscd.
        pcsclite.bind_client(str(self._socket))
        command = ["unshare", "--mount", "--propagation", "private"]
        if shutil.which("setpriv"):
            # pcscd dies with us even if we are killed or abort, so no daemon is orphaned.
            command += ["setpriv", "--pdeathsig", "TERM"]
        command += ["sh", "-c", _PRIVATE_LAUNCH, "sh", str(run_dir), str(conf_dir)]
        with self._log_file.open("ab") as log:
            # unshare, setpriv and sh exec in turn, so this PID is pcscd's own.
            self._proc = subprocess.Popen(
                command, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT
            )
        logger.info("pcscd started (pid %d), vpcd on port %d", self._proc.pid, self._port)

    def _reader_conf(self, port: int) -> str:
        return (
            f'FRIENDLYNAME "{self._friendly_name}"\n'
            f"DEVICENAME   /dev/null:0x{port:04X}\n"
            f"LIBPATH      {VPCD_DRIVER}\n"
            f"CHANNELID    0x{port:04X}\n"
        )

    # -- system daemon -------------------------------------------------------

    def _attach_system(self, why_not_private: str) -> None:
        try:
            self._friendly_name, self._port = read_vpcd_conf()
        except OSError as exc:
            raise DeviceAbsent(
                f"No pcscd with a vpcd reader: {SYSTEM_VPCD_CONF} is missing"
                f" (no private pcscd: {why_not_private})",
                "install vsmartcard-vpcd, or run as root with unshare available",
            ) from exc
        self._socket = SYSTEM_RUN_DIR / "pcscd.comm"
        if not pcscd_reachable(self._socket):
            raise DeviceAbsent(
                "The smart-card service pcscd is not running"
                f" (no private pcscd: {why_not_private})",
                "start it: systemctl start pcscd, or run as root with unshare available",
            )
        logger.info("using the system pcscd, vpcd on port %d", self._port)

    # -- readiness -----------------------------------------------------------

    def _wait_ready(self) -> None:
        deadline = time.monotonic() + self._start_timeout
        socket_seen: float | None = None
        last_error: DeviceError | None = None
        while time.monotonic() < deadline:
            if self._private and self._proc is not None and self._proc.poll() is not None:
                raise DeviceError(
                    f"pcscd exited at start (code {self._proc.returncode}): {self._log_tail()}",
                    "check that this runs as root and that unshare may create mount namespaces",
                )
            if self.socket_path.exists():
                socket_seen = socket_seen or time.monotonic()
                try:
                    with pcsclite.Context() as context:
                        if self.reader_name in context.readers():
                            return
                except DeviceError as exc:
                    last_error = exc
                if self._private and time.monotonic() - socket_seen > _READER_GRACE:
                    raise _ReaderMissing(
                        f"pcscd runs but does not list {self.reader_name!r}: {self._log_tail()}",
                        f"check that vsmartcard-vpcd is installed and port {self._port} is free",
                    )
            time.sleep(0.05)
        detail = f" ({last_error})" if last_error else ""
        raise DeviceError(
            f"pcscd did not list {self.reader_name!r} within {self._start_timeout:.0f} s"
            f"{detail}: {self._log_tail()}",
            "check that vsmartcard-vpcd is installed and its port is free",
        )

    def _log_tail(self) -> str:
        if self._log_file is None or not self._log_file.exists():
            return "no log"
        lines = self._log_file.read_text(encoding="utf-8", errors="replace").splitlines()
        return " | ".join(lines[-5:]) or "empty log"

    @staticmethod
    def _require(value: _T | None, name: str) -> _T:
        if value is None:
            raise DeviceError(f"PcscDaemon.{name} is not known before start()", "call start()")
        return value
