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
from kiosk.identity.access import (
    DEFAULT_CAN_RULE,
    CanRule,
    KeyChoice,
    can_from_id_number,
    mrz_keys_from_qr,
)
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

    def forget(self) -> None:
        """Drop the QR (it holds the citizen's ID number, name and address): the wipe."""
        with self._lock:
            self._qr = None

    @property
    def has_qr(self) -> bool:
        with self._lock:
            return self._qr is not None

    @property
    def qr(self) -> CardQr | None:
        with self._lock:
            return self._qr

    def keys(self, typed: KeyChoice | None = None) -> list[AccessKeys]:
        """The keys to try, in order: what the citizen typed, else what the card's QR gives.

        From the QR: the CAN by the configured rule, with the MRZ data for BAC
        (one expiry per candidate of the validity rules). Raises
        :class:`ChipAccessDenied` (ask the citizen for the CAN) when nothing is known.
        """
        if typed is not None:
            return typed.access_keys()
        qr = self.qr
        if qr is None:
            raise ChipAccessDenied("CAN", "no QR seen and no CAN typed")
        can = can_from_id_number(qr.id_number, self._can_rule)
        candidates = mrz_keys_from_qr(qr)
        first = AccessKeys(can=can, mrz=candidates[0] if candidates else None)
        return [first, *(AccessKeys(mrz=key) for key in candidates[1:])]

    # -- the chip --------------------------------------------------------------
    def read(self, typed: KeyChoice | None = None) -> IdentityReading:
        """Read the chip on the first reader (blocks: call from a background worker).

        Each key is tried on a fresh connection; the last refusal is raised.
        """
        refused: ChipAccessDenied | None = None
        for keys in self.keys(typed):
            try:
                return self._read_with(keys)
            except ChipAccessDenied as error:
                refused = error
        assert refused is not None
        raise refused

    def _read_with(self, keys: AccessKeys) -> IdentityReading:
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
