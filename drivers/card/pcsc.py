"""The card reader port over PC/SC: pcscd through pyscard.

Which pcscd: the one whose socket ``PCSCLITE_CSOCK_NAME`` names at the first
PC/SC call of the process (default /run/pcscd/pcscd.comm); see ``pcsclite``.
"""

from __future__ import annotations

import logging
import threading
from typing import Any

from drivers.card import pcsclite
from drivers.card.apdu import ResponseApdu, complete_exchange
from drivers.card.monitor import ReaderMonitor
from drivers.card.port import CardObserver
from drivers.status import DeviceState, DeviceStatus
from kiosk.errors import DeviceAbsent, DeviceError, DeviceNeedsAttention

logger = logging.getLogger(__name__)

DEVICE_NAME = "card reader"


class PcscCardConnection:
    """A shared-mode session with the card on one reader; owns its PC/SC context."""

    def __init__(self, context: pcsclite.Context, hcard: Any, protocol: int, reader: str) -> None:
        self._context = context
        self._hcard: Any = hcard
        self._protocol = protocol
        self._reader = reader
        self._lock = threading.Lock()
        self._atr = pcsclite.card_atr(hcard, reader)

    def __enter__(self) -> PcscCardConnection:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    @property
    def reader(self) -> str:
        return self._reader

    @property
    def atr(self) -> bytes:
        return self._atr

    def transmit(self, apdu: bytes) -> ResponseApdu:
        """Send one command APDU; GET RESPONSE (61xx) and Le fix-ups (6Cxx) are done here."""
        with self._lock:
            if self._hcard is None:
                raise DeviceError(
                    "This card session was already closed", "connect to the card again"
                )
            response = complete_exchange(self._send, apdu)
        return response

    def close(self) -> None:
        with self._lock:
            hcard, self._hcard = self._hcard, None
        if hcard is not None:
            pcsclite.disconnect(hcard)
            self._context.release()

    def _send(self, apdu: bytes) -> ResponseApdu:
        raw = pcsclite.transmit(self._hcard, self._protocol, apdu, self._reader)
        try:
            response = ResponseApdu.from_bytes(raw)
        except ValueError as exc:
            # vpcd (and some readers) report a card that vanished mid-exchange as an
            # empty answer rather than an error.
            raise DeviceNeedsAttention(
                f"Could not talk to the card: the card on the reader {self._reader!r} gave "
                f"no complete answer ({len(raw)} byte(s); moved or taken off?)",
                "place the card on the reader again, keep it still, and start reading again",
            ) from exc
        # Header and lengths only: APDU data can carry personal data and keys.
        logger.debug(
            "APDU ins=%02X len=%d -> sw=%04X len=%d",
            apdu[1] if len(apdu) > 1 else 0,
            len(apdu),
            response.sw,
            len(response.data),
        )
        return response


class PcscCardReader:
    """``CardReader`` over pcscd. ``close()`` stops the monitor thread, if one was started.

    ``preferred_reader`` (from configuration) makes ``status()`` insist on that
    reader rather than any reader.
    """

    def __init__(self, preferred_reader: str | None = None) -> None:
        self._preferred = preferred_reader
        self._monitor = ReaderMonitor()

    def __enter__(self) -> PcscCardReader:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def readers(self) -> list[str]:
        with pcsclite.Context() as context:
            return context.readers()

    def status(self) -> DeviceStatus:
        try:
            readers = self.readers()
        except DeviceAbsent as exc:
            where = f" (socket {pcsclite.socket_path_in_use()})"
            return DeviceStatus(DEVICE_NAME, DeviceState.ABSENT, exc.message + where, exc.fix)
        except DeviceError as exc:
            return DeviceStatus(DEVICE_NAME, DeviceState.NEEDS_ATTENTION, exc.message, exc.fix)
        if not readers:
            return DeviceStatus(
                DEVICE_NAME,
                DeviceState.ABSENT,
                "pcscd is running but no smart-card reader is connected",
                "plug the card reader's USB cable in; `pcsc_scan` should then list it",
            )
        if self._preferred is not None and self._preferred not in readers:
            return DeviceStatus(
                DEVICE_NAME,
                DeviceState.NEEDS_ATTENTION,
                f"The configured reader {self._preferred!r} is not connected;"
                f" connected: {', '.join(readers)}",
                "plug the configured reader in, or set its name in kiosk.toml to one above",
            )
        return DeviceStatus(DEVICE_NAME, DeviceState.READY, f"Readers: {', '.join(readers)}")

    def connect(self, reader: str) -> PcscCardConnection:
        context = pcsclite.Context()
        try:
            hcard, protocol = context.connect(reader)
            try:
                connection = PcscCardConnection(context, hcard, protocol, reader)
            except DeviceError:
                pcsclite.disconnect(hcard)
                raise
        except DeviceError:
            context.release()
            raise
        logger.info("connected to the card on %r (%s)", reader, pcsclite.protocol_name(protocol))
        return connection

    def add_observer(self, observer: CardObserver) -> None:
        """Subscribe; starts the monitor thread on first use (``close()`` stops it)."""
        self._monitor.add(observer)

    def remove_observer(self, observer: CardObserver) -> None:
        self._monitor.remove(observer)

    def close(self) -> None:
        """Stop the monitor thread; observers hear nothing after this."""
        self._monitor.stop()
