"""The reader's line to the chip: plain or under secure messaging, counted.

Every APDU of a read goes through one ``ChipChannel``: it counts them (for the
benchmarks and the integrator's figures), turns a card taken off mid-read into
one clear ``DeviceNeedsAttention``, and once secure messaging is on it never
sends a plain APDU (a chip leaves SM on a plain APDU: ICAO 9303-11 §9.8).
"""

from __future__ import annotations

import logging

from drivers.card.apdu import CommandApdu, ResponseApdu
from drivers.card.icao.errors import ReaderTransmitFailed, SecureMessagingAborted, card_removed
from drivers.card.icao.sm import SecureMessaging
from drivers.card.port import CardConnection
from kiosk.errors import DeviceError, DeviceNeedsAttention

logger = logging.getLogger(__name__)


class ChipChannel:
    """Send commands to the chip on ``connection``; ``secure`` switches secure messaging on."""

    def __init__(self, connection: CardConnection) -> None:
        self._connection = connection
        self.apdu_count = 0
        self.sm: SecureMessaging | None = None

    @property
    def atr(self) -> bytes:
        return self._connection.atr

    def secure(self, sm: SecureMessaging | None) -> None:
        """Use ``sm`` for every command from now on (None: back to plain, after a new start)."""
        self.sm = sm

    def send(self, command: CommandApdu, *, extended: bool = False) -> ResponseApdu:
        """One exchange; protected when secure messaging is on.

        Raises ``SecureMessagingAborted`` when the chip answers in plain (it has
        left secure messaging), and before sending once it has: the caller must
        authenticate again.
        """
        sm = self.sm
        if sm is None:
            return self._transmit(command.to_bytes())
        if sm.aborted:
            raise SecureMessagingAborted()
        protected = sm.wrap(command, extended=extended)
        response = sm.unwrap(self._transmit(protected.to_bytes()))
        if sm.aborted:  # a bare status word: the chip has left SM (and says why)
            raise SecureMessagingAborted(response.sw)
        return response

    def _transmit(self, apdu: bytes) -> ResponseApdu:
        self.apdu_count += 1
        try:
            response = self._connection.transmit(apdu)
        except DeviceNeedsAttention as exc:
            raise card_removed() from exc
        except DeviceError as exc:
            if self.sm is not None:
                self.sm.aborted = True  # the counters may now differ: this session is over
            raise ReaderTransmitFailed(exc.message, exc.fix) from exc
        # Header and status only: bodies carry keys and personal data.
        logger.debug("APDU ins=%02X -> sw=%04X", apdu[1], response.sw)
        return response
