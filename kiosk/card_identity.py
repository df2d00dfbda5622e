"""Who is at the kiosk: the keys to the chip, the chip read, and the QR-only fallback.

The identity step of a session owns one :class:`CardIdentity`. The keys come,
in order of convenience (ARCHITECTURE.md, data flow step 3):

1. the card's QR seen by the document camera: the ID number gives the CAN
   (PACE) and, with the dates, the MRZ data (BAC);
2. the CAN or the MRZ data the citizen types on the screen.

Reading blocks on the card reader: call :meth:`CardIdentity.read` from a
background worker, never from the GUI thread. Nothing here is logged but
outcomes; the keys and the QR text are dropped with the object at the wipe.
"""

from __future__ import annotations

import logging
import threading
from datetime import date

from drivers.card.icao import AccessKeys
from drivers.card.icao.errors import ChipAccessDenied
from drivers.card.port import CardReader
from kiosk.errors import DeviceAbsent
from kiosk.identity.access import DEFAULT_CAN_RULE, CanRule, can_from_id_number, mrz_keys_from_qr
from kiosk.identity.card_qr import CardQr, parse_card_qr
from kiosk.identity.errors import IdentityError
from kiosk.identity.read import IdentityReading, read_identity
from kiosk.identity.trust import TrustStore
from kiosk.logs import fields

log = logging.getLogger(__name__)

NO_READER_FIX = "check the reader's cable, then run `kiosk doctor`"


class CardIdentity:
    """Reads the citizen's chip with the best keys known so far. Thread-safe."""

    def __init__(
        self,
        reader: CardReader,
        trust: TrustStore | None,
        can_rule: CanRule = DEFAULT_CAN_RULE,
        *,
        today: date | None = None,
    ) -> None:
        self._reader = reader
        self._trust = trust
        self._can_rule = can_rule
        self._today = today
        self._lock = threading.Lock()
        self._qr: CardQr | None = None

    # -- keys ------------------------------------------------------------------
    def offer_qr_text(self, text: str) -> bool:
        """A QR the camera decoded; True if it is a card QR (kept as the key source)."""
        try:
            qr = parse_card_qr(text, self._today)
        except IdentityError:
            return False
        with self._lock:
            self._qr = qr
        log.info("card qr read", extra=fields(state="accepted"))
        return True

    @property
    def has_qr(self) -> bool:
        with self._lock:
            return self._qr is not None

    @property
    def qr(self) -> CardQr | None:
        with self._lock:
            return self._qr

    def keys(self, typed_can: str | None = None) -> AccessKeys:
        """The keys to try: the typed CAN, else those derived from the card's QR.

        Raises :class:`ChipAccessDenied` (ask the citizen for the CAN) when none is known.
        """
        qr = self.qr
        mrz = mrz_keys_from_qr(qr)[0] if qr is not None else None
        if typed_can is not None:
            return AccessKeys(can=typed_can, mrz=mrz)
        if qr is None:
            raise ChipAccessDenied("CAN", "no QR seen and no CAN typed")
        return AccessKeys(can=can_from_id_number(qr.id_number, self._can_rule), mrz=mrz)

    # -- the chip --------------------------------------------------------------
    def read(self, typed_can: str | None = None) -> IdentityReading:
        """Read the chip on the first reader holding a card (blocks: a background worker)."""
        keys = self.keys(typed_can)
        reader = self._reader_with_card()
        connection = self._reader.connect(reader)
        try:
            reading = read_identity(connection, keys, self._trust, today=self._today)
        finally:
            connection.close()
        log.info(
            "chip read",
            extra=fields(protocol=reading.protocol, verdict=reading.verdict.value),
        )
        return reading

    def _reader_with_card(self) -> str:
        readers = self._reader.readers()
        if not readers:
            raise DeviceAbsent("No card reader is connected", NO_READER_FIX)
        return readers[0]
