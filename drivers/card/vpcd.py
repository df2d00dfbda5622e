"""Plug a software card into pcscd's vpcd virtual reader over TCP.

vpcd (package vsmartcard-vpcd) is a pcscd reader driver that listens on a TCP
port; a software card is its client. Every message in both directions is a
2-byte big-endian length followed by the payload. From the reader, a 1-byte
payload is a control code (``VpcdControl``), anything longer a command APDU.
The card answers GET ATR with its ATR and every APDU with a response APDU;
power and reset codes get no answer.

The card is "on the reader" while the TCP connection is open: ``remove()``
closes it, which pcscd sees as the card taken off (also in mid-exchange).
"""

from __future__ import annotations

import contextlib
import logging
import socket
import threading
import time
from enum import IntEnum

from drivers.card.apdu import ResponseApdu, StatusWord
from drivers.card.softcard import SoftCard
from kiosk.errors import DeviceAbsent, DeviceError

logger = logging.getLogger(__name__)

_QUICKACK: int | None = getattr(socket, "TCP_QUICKACK", None)

LOOPBACK = "127.0.0.1"
MAX_PAYLOAD = 0xFFFF


class VpcdControl(IntEnum):
    """The one-byte control codes vpcd sends."""

    POWER_OFF = 0
    POWER_ON = 1
    RESET = 2
    GET_ATR = 4


def encode_frame(payload: bytes) -> bytes:
    """Prefix ``payload`` with its 2-byte big-endian length."""
    if len(payload) > MAX_PAYLOAD:
        raise ValueError(f"a vpcd message carries at most {MAX_PAYLOAD} bytes")
    return len(payload).to_bytes(2, "big") + payload


class FrameDecoder:
    """Reassemble vpcd messages from TCP chunks cut anywhere."""

    def __init__(self) -> None:
        self._buffer = bytearray()

    def feed(self, chunk: bytes) -> list[bytes]:
        """Add received bytes; return every message now complete, in order."""
        self._buffer += chunk
        frames: list[bytes] = []
        while len(self._buffer) >= 2:
            size = int.from_bytes(self._buffer[:2], "big")
            if len(self._buffer) < 2 + size:
                break
            frames.append(bytes(self._buffer[2 : 2 + size]))
            del self._buffer[: 2 + size]
        return frames

    @property
    def pending(self) -> int:
        """Bytes received that do not yet make a whole message."""
        return len(self._buffer)


def answer(card: SoftCard, message: bytes) -> bytes | None:
    """What ``card`` replies to one vpcd message (None: no reply expected)."""
    if len(message) != 1:
        try:
            return card.transmit(message)
        except Exception:
            # A bug in a software card must look like a card error, not kill the link.
            logger.exception("software card failed on a %d-byte APDU", len(message))
            return ResponseApdu.status(StatusWord.NO_PRECISE_DIAGNOSIS).to_bytes()
    code = message[0]
    if code == VpcdControl.GET_ATR:
        return card.atr()
    if code == VpcdControl.POWER_ON:
        card.power_on()
    elif code == VpcdControl.POWER_OFF:
        card.power_off()
    elif code == VpcdControl.RESET:
        card.reset()
    else:
        logger.warning("unknown vpcd control code %d ignored", code)
    return None


class VpcdLink:
    """One software card and the vpcd port it is placed on.

    ``insert()`` connects and serves the reader from a background thread;
    ``remove()`` disconnects. Only ever connects to the loopback address,
    because pcscd listens for cards on every interface.
    """

    def __init__(self, card: SoftCard, port: int, host: str = LOOPBACK) -> None:
        self.card = card
        self.port = port
        self._host = host
        self._sock: socket.socket | None = None
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()

    def __enter__(self) -> VpcdLink:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    @property
    def inserted(self) -> bool:
        """Whether the card's connection to vpcd is open."""
        thread = self._thread
        return thread is not None and thread.is_alive()

    def insert(self, card: SoftCard | None = None, timeout: float = 5.0) -> None:
        """Place the card (or ``card`` instead) on the reader.

        Returns once connected; pcscd notices the card at its next poll.
        """
        with self._lock:
            if self.inserted:
                raise DeviceError("A card is already on this virtual reader", "remove() it first")
            if card is not None:
                self.card = card
            sock = self._connect(timeout)
            self._sock = sock
            self._thread = threading.Thread(
                target=self._serve, args=(sock, self.card), name=f"vpcd-{self.port}", daemon=True
            )
            self._thread.start()
        logger.info("software card placed on vpcd port %d", self.port)

    def remove(self, timeout: float = 5.0) -> None:
        """Take the card off: close the connection, even in mid-exchange."""
        with self._lock:
            sock, self._sock = self._sock, None
            thread, self._thread = self._thread, None
        if sock is not None:
            # shutdown() wakes the serving thread blocked in recv(); close() alone may not.
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
            sock.close()
        if thread is not None and thread is not threading.current_thread():
            thread.join(timeout)
        if sock is not None:
            logger.info("software card taken off vpcd port %d", self.port)

    def close(self) -> None:
        self.remove()

    def _connect(self, timeout: float) -> socket.socket:
        # pcscd may still be loading the driver: retry until the port accepts.
        deadline = time.monotonic() + timeout
        while True:
            try:
                sock = socket.create_connection((self._host, self.port), timeout=1.0)
            except OSError as exc:
                if time.monotonic() >= deadline:
                    raise DeviceAbsent(
                        f"The virtual reader (vpcd) does not accept cards on "
                        f"{self._host}:{self.port}",
                        "check that pcscd runs with the vsmartcard-vpcd driver on that port",
                    ) from exc
                time.sleep(0.05)
                continue
            sock.settimeout(None)
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            return sock

    def _serve(self, sock: socket.socket, card: SoftCard) -> None:
        decoder = FrameDecoder()
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        try:
            while True:
                # pcscd's side waits for our ACK before sending the next APDU
                # (Nagle); a delayed ACK would add ~40 ms to every exchange.
                # Linux re-arms delayed ACKs after each read, so ask every time.
                if _QUICKACK is not None:
                    sock.setsockopt(socket.IPPROTO_TCP, _QUICKACK, 1)
                chunk = sock.recv(4096)
                if not chunk:
                    # pcscd stopped, or remove() shut the socket down.
                    logger.debug("vpcd connection on port %d closed", self.port)
                    return
                for message in decoder.feed(chunk):
                    reply = answer(card, message)
                    if reply is not None:
                        sock.sendall(encode_frame(reply))
        except OSError as exc:
            # Expected when remove() closes the socket under us.
            logger.debug("vpcd link on port %d ended: %s", self.port, exc)
        finally:
            sock.close()
