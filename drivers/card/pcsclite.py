"""The one place that calls pyscard's ``smartcard.scard``; its errors stop here.

Every PC/SC return code is turned into a ``kiosk.errors.DeviceError`` subclass
whose message and fix a technician can act on (``translate``).

Which pcscd the process talks to: libpcsclite reads the environment variable
``PCSCLITE_CSOCK_NAME`` (path of pcscd's socket) once, at the first PC/SC call
of the process, and keeps it for the life of the process (checked with pcsc-lite
1.9.9: changing the variable afterwards has no effect). So one process talks to
one pcscd. ``bind_client`` sets the variable and refuses, with a clear error, to
re-point a process that is already bound elsewhere.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
from dataclasses import dataclass
from typing import Any

from smartcard import scard

from kiosk.errors import DeviceAbsent, DeviceError, DeviceNeedsAttention

logger = logging.getLogger(__name__)

SOCKET_ENV = "PCSCLITE_CSOCK_NAME"
DEFAULT_SOCKET = "/run/pcscd/pcscd.comm"
PNP_READER = "\\\\?PnP?\\Notification"

STATE_UNAWARE = int(scard.SCARD_STATE_UNAWARE)
STATE_CHANGED = int(scard.SCARD_STATE_CHANGED)
STATE_UNKNOWN = int(scard.SCARD_STATE_UNKNOWN)
STATE_UNAVAILABLE = int(scard.SCARD_STATE_UNAVAILABLE)
STATE_PRESENT = int(scard.SCARD_STATE_PRESENT)
STATE_EMPTY = int(scard.SCARD_STATE_EMPTY)
STATE_MUTE = int(scard.SCARD_STATE_MUTE)
STATE_INUSE = int(scard.SCARD_STATE_INUSE)


def _code(name: str) -> int:
    return int(getattr(scard, name)) & 0xFFFFFFFF


SUCCESS = 0
E_CANCELLED = _code("SCARD_E_CANCELLED")
E_TIMEOUT = _code("SCARD_E_TIMEOUT")
E_NO_SERVICE = _code("SCARD_E_NO_SERVICE")
E_SERVICE_STOPPED = _code("SCARD_E_SERVICE_STOPPED")
E_NO_READERS = _code("SCARD_E_NO_READERS_AVAILABLE")
E_UNKNOWN_READER = _code("SCARD_E_UNKNOWN_READER")
E_READER_UNAVAILABLE = _code("SCARD_E_READER_UNAVAILABLE")
E_NO_SMARTCARD = _code("SCARD_E_NO_SMARTCARD")
W_REMOVED_CARD = _code("SCARD_W_REMOVED_CARD")
W_RESET_CARD = _code("SCARD_W_RESET_CARD")
W_UNRESPONSIVE_CARD = _code("SCARD_W_UNRESPONSIVE_CARD")
W_UNPOWERED_CARD = _code("SCARD_W_UNPOWERED_CARD")
W_UNSUPPORTED_CARD = _code("SCARD_W_UNSUPPORTED_CARD")
E_SHARING_VIOLATION = _code("SCARD_E_SHARING_VIOLATION")
E_NOT_TRANSACTED = _code("SCARD_E_NOT_TRANSACTED")
F_COMM_ERROR = _code("SCARD_F_COMM_ERROR")
E_INVALID_HANDLE = _code("SCARD_E_INVALID_HANDLE")

_ErrorRule = tuple[frozenset[int], type[DeviceError], str, str]
# (codes, error type, what happened after "Could not {doing}: ", fix); {where} names the reader.
_RULES: tuple[_ErrorRule, ...] = (
    (
        frozenset({E_NO_SERVICE, E_SERVICE_STOPPED}),
        DeviceAbsent,
        "the smart-card service pcscd is not running",
        "start it: systemctl start pcscd",
    ),
    (
        frozenset({E_NO_READERS}),
        DeviceAbsent,
        "no smart-card reader is connected",
        "plug the card reader's USB cable in; `pcsc_scan` should then list it",
    ),
    (
        frozenset({E_UNKNOWN_READER, E_READER_UNAVAILABLE}),
        DeviceAbsent,
        "the card reader{where} is not connected",
        "plug the reader in again; check its name in kiosk.toml against `pcsc_scan`",
    ),
    (
        frozenset({E_NO_SMARTCARD, W_REMOVED_CARD}),
        DeviceNeedsAttention,
        "there is no card on the reader{where}",
        "place the card flat on the reader and keep it there until reading ends",
    ),
    (
        frozenset({W_UNRESPONSIVE_CARD, W_UNPOWERED_CARD, W_UNSUPPORTED_CARD}),
        DeviceNeedsAttention,
        "the card on the reader{where} does not answer",
        "take the card off, then place it flat on the reader again",
    ),
    (
        frozenset({E_NOT_TRANSACTED, F_COMM_ERROR, W_RESET_CARD, E_INVALID_HANDLE}),
        DeviceNeedsAttention,
        "the card on the reader{where} stopped answering (moved or taken off?)",
        "place the card on the reader again, keep it still, and start reading again",
    ),
    (
        frozenset({E_SHARING_VIOLATION}),
        DeviceError,
        "another program holds the reader{where}",
        "close the other program using the card reader, or restart pcscd",
    ),
)

_bind_lock = threading.Lock()
_bound_socket: str | None = None


def service_reachable(socket_path: str | None = None, timeout: float = 1.0) -> bool:
    """Whether a pcscd accepts connections on its socket (default: this process's one).

    Talks to the socket directly, so it never binds the process to a pcscd.
    """
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
        sock.settimeout(timeout)
        try:
            sock.connect(socket_path or socket_path_in_use())
        except OSError:
            return False
    return True


def socket_path_in_use() -> str:
    """The pcscd socket this process uses (or will use at its first PC/SC call)."""
    return _bound_socket or os.environ.get(SOCKET_ENV) or DEFAULT_SOCKET


def bind_client(socket_path: str) -> None:
    """Make this process talk to the pcscd at ``socket_path``; call before any PC/SC use."""
    with _bind_lock:
        if _bound_socket is not None and _bound_socket != socket_path:
            raise DeviceError(
                f"This process already talks to the pcscd at {_bound_socket}; "
                f"it cannot switch to {socket_path}",
                "start the private pcscd before any card reader is used, or use a new process",
            )
        os.environ[SOCKET_ENV] = socket_path


def _note_first_use() -> None:
    global _bound_socket  # noqa: PLW0603 -- mirrors libpcsclite's once-per-process state
    with _bind_lock:
        if _bound_socket is None:
            _bound_socket = os.environ.get(SOCKET_ENV) or DEFAULT_SOCKET


def translate(hresult: int, doing: str, reader: str = "") -> DeviceError:
    """Turn a PC/SC return code into our error; ``doing`` completes "Could not ..."."""
    code = hresult & 0xFFFFFFFF
    where = f" {reader!r}" if reader else ""
    for codes, error_type, happened, fix in _RULES:
        if code in codes:
            return error_type(f"Could not {doing}: {happened.format(where=where)}", fix)
    return DeviceError(
        f"Could not {doing}: PC/SC error 0x{code:08X} ({error_text(code)})",
        "if this repeats, unplug and replug the reader, then restart pcscd",
    )


def error_text(code: int) -> str:
    try:
        return str(scard.SCardGetErrorMessage(code))
    except Exception:  # the text only decorates a message: never fail because of it
        return "unknown"


def _check(hresult: Any, doing: str, reader: str = "") -> None:
    code = int(hresult) & 0xFFFFFFFF
    if code == SUCCESS:
        return
    if code in (F_COMM_ERROR, E_INVALID_HANDLE) and not service_reachable():
        # The link to pcscd broke because pcscd itself is gone, not the card.
        code = E_NO_SERVICE
    raise translate(code, doing, reader)


def _call(func: Any, doing: str, reader: str, *args: Any) -> Any:
    """Call a pyscard function; its own exceptions (bad arguments, SWIG) become ours."""
    try:
        return func(*args)
    except scard.error as exc:
        raise DeviceError(f"Could not {doing}: {exc}", "report this as a bug") from exc


def _quietly(func: Any, *args: Any) -> None:
    """For clean-up calls: a failure only means the thing is already gone."""
    try:
        hresult = func(*args)
    except scard.error as exc:
        logger.debug("%s: %s", func.__name__, exc)
        return
    if int(hresult) & 0xFFFFFFFF != SUCCESS:
        logger.debug("%s: %s", func.__name__, error_text(int(hresult)))


@dataclass(frozen=True)
class ReaderState:
    """One reader as SCardGetStatusChange reports it."""

    reader: str
    event_state: int
    atr: bytes

    @property
    def card_present(self) -> bool:
        return bool(self.event_state & STATE_PRESENT)

    @property
    def gone(self) -> bool:
        return bool(self.event_state & (STATE_UNKNOWN | STATE_UNAVAILABLE))


class Context:
    """A PC/SC resource-manager context; use from one thread (``cancel`` from any)."""

    def __init__(self) -> None:
        _note_first_use()
        result = _call(scard.SCardEstablishContext, "reach pcscd", "", scard.SCARD_SCOPE_USER)
        _check(result[0], "reach pcscd")
        self._handle: Any = result[1]
        self._lock = threading.Lock()

    def __enter__(self) -> Context:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.release()

    def release(self) -> None:
        with self._lock:
            handle, self._handle = self._handle, None
        if handle is not None:
            # A failure here means pcscd already dropped the context: nothing to do.
            _quietly(scard.SCardReleaseContext, handle)

    def readers(self) -> list[str]:
        hresult, names = _call(scard.SCardListReaders, "list the card readers", "", self._h, [])
        code = int(hresult) & 0xFFFFFFFF
        if code == E_NO_READERS:
            return []
        _check(code, "list the card readers")
        return [str(name) for name in names]

    def get_status_change(
        self, timeout_ms: int, known: list[tuple[str, int]]
    ) -> list[ReaderState] | None:
        """Wait for a change against ``known``; None on timeout or cancel."""
        hresult, states = _call(
            scard.SCardGetStatusChange, "watch the card readers", "", self._h, timeout_ms, known
        )
        code = int(hresult) & 0xFFFFFFFF
        if code in (E_TIMEOUT, E_CANCELLED):
            return None
        _check(code, "watch the card readers")
        return [ReaderState(str(r), int(s), bytes(atr)) for r, s, atr in states]

    def cancel(self) -> None:
        """Wake a blocked ``get_status_change`` from another thread."""
        handle = self._handle
        if handle is not None:
            _quietly(scard.SCardCancel, handle)

    def connect(self, reader: str) -> tuple[Any, int]:
        """Connect shared, T=0 or T=1; returns (card handle, active protocol)."""
        protocols = scard.SCARD_PROTOCOL_T0 | scard.SCARD_PROTOCOL_T1
        hresult, hcard, protocol = _call(
            scard.SCardConnect,
            "connect to the card",
            reader,
            self._h,
            reader,
            scard.SCARD_SHARE_SHARED,
            protocols,
        )
        _check(hresult, "connect to the card", reader)
        return hcard, int(protocol)

    @property
    def _h(self) -> Any:
        if self._handle is None:
            raise DeviceError("The PC/SC context was already released", "report this as a bug")
        return self._handle


def protocol_name(protocol: int) -> str:
    return "T=1" if protocol == scard.SCARD_PROTOCOL_T1 else "T=0"


def transmit(hcard: Any, protocol: int, apdu: bytes, reader: str) -> bytes:
    """One raw exchange on a connected card."""
    pci = scard.SCARD_PCI_T1 if protocol == scard.SCARD_PROTOCOL_T1 else scard.SCARD_PCI_T0
    hresult, response = _call(
        scard.SCardTransmit, "talk to the card", reader, hcard, pci, list(apdu)
    )
    _check(hresult, "talk to the card", reader)
    return bytes(response)


def disconnect(hcard: Any) -> None:
    """Leave the card powered for the next session; errors mean it is already gone."""
    _quietly(scard.SCardDisconnect, hcard, scard.SCARD_LEAVE_CARD)


def card_atr(hcard: Any, reader: str) -> bytes:
    hresult, _reader, _state, _protocol, atr = _call(
        scard.SCardStatus, "read the card status", reader, hcard
    )
    _check(hresult, "read the card status", reader)
    return bytes(atr)
