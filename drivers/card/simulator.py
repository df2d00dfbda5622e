"""A software card on the real pcscd's virtual reader, in one line.

    with SimulatedCardStation(FileSystemCard(...)) as station:
        reader = PcscCardReader()
        with reader.connect(station.reader_name) as card: ...

Starts a private pcscd (``PcscDaemon``) unless one is given, binds this
process to it, and places the card through vpcd (``VpcdLink``). ``insert()``
and ``remove()`` return once pcscd itself reports the change.
"""

from __future__ import annotations

import logging
import time

from drivers.card import pcsclite
from drivers.card.pcscd import PcscDaemon
from drivers.card.softcard import SoftCard
from drivers.card.vpcd import VpcdLink
from kiosk.errors import DeviceError

logger = logging.getLogger(__name__)


class SimulatedCardStation:
    """pcscd + vpcd reader + a software card, placed on enter unless ``inserted=False``."""

    def __init__(
        self,
        card: SoftCard,
        *,
        daemon: PcscDaemon | None = None,
        inserted: bool = True,
        timeout: float = 5.0,
    ) -> None:
        self._owns_daemon = daemon is None
        self.daemon = daemon or PcscDaemon()
        self._card = card
        self._insert_on_enter = inserted
        self._timeout = timeout
        self._link: VpcdLink | None = None

    def __enter__(self) -> SimulatedCardStation:
        try:
            if self._owns_daemon:
                self.daemon.start()
            self._link = VpcdLink(self._card, self.daemon.vpcd_port)
            if self._insert_on_enter:
                self.insert()
        except BaseException:
            self.__exit__()
            raise
        logger.info("card station ready on %r", self.reader_name)
        return self

    def __exit__(self, *exc_info: object) -> None:
        if self._link is not None:
            if self._link.inserted:
                # Off the reader before the link goes, and seen so by pcscd: the next
                # station on this daemon must not find a card left behind.
                try:
                    self.remove(wait=True)
                except DeviceError as error:
                    logger.warning("card left on the reader at shutdown: %s", error)
            self._link.close()
            self._link = None
        if self._owns_daemon:
            self.daemon.close()

    @property
    def reader_name(self) -> str:
        return self.daemon.reader_name

    @property
    def env(self) -> dict[str, str]:
        """Environment for child processes that should see this station."""
        return self.daemon.env

    @property
    def card(self) -> SoftCard:
        return self.link.card

    @property
    def link(self) -> VpcdLink:
        if self._link is None:
            raise DeviceError("The card station is not started", "use it in a with block")
        return self._link

    def insert(self, card: SoftCard | None = None) -> None:
        """Place the card (or another one) and wait until pcscd sees it."""
        # pcscd may not have noticed yet that a previous card (say, of a process that
        # just exited) went away: wait for a change from the state seen now, not for
        # "present", which could be that stale card.
        before = self._reader_state()
        # A restarted daemon keeps its port unless another program took it meanwhile.
        self.link.port = self.daemon.vpcd_port
        self.link.insert(card, timeout=self._timeout)
        self.wait_for_card(present=True, since=before)

    def remove(self, *, wait: bool = True) -> None:
        """Take the card off; with ``wait`` return once pcscd sees the reader empty."""
        self.link.remove()
        if wait:
            self.wait_for_card(present=False)

    def wait_for_card(
        self, present: bool, timeout: float | None = None, since: int | None = None
    ) -> None:
        """Block until pcscd reports a (responsive) card on the reader, or none.

        ``since`` is a reader state seen earlier: only a change from it counts.
        """
        limit = timeout or self._timeout
        deadline = time.monotonic() + limit
        known = pcsclite.STATE_UNAWARE if since is None else since
        with pcsclite.Context() as context:
            while (left_ms := int((deadline - time.monotonic()) * 1000)) > 0:
                changes = context.get_status_change(left_ms, [(self.reader_name, known)])
                if not changes:
                    continue
                state = changes[0]
                if state.gone:
                    raise pcsclite.translate(pcsclite.E_UNKNOWN_READER, "watch", self.reader_name)
                ready = state.card_present and not state.event_state & pcsclite.STATE_MUTE
                if ready == present:
                    return
                known = state.event_state & ~pcsclite.STATE_CHANGED
        raise DeviceError(
            f"pcscd did not see the card {'placed on' if present else 'taken off'} "
            f"{self.reader_name!r} within {limit:.0f} s",
            "check pcscd's log; the vpcd reader may be stuck",
        )

    def _reader_state(self) -> int:
        with pcsclite.Context() as context:
            changes = context.get_status_change(0, [(self.reader_name, pcsclite.STATE_UNAWARE)])
        if not changes:
            return pcsclite.STATE_UNAWARE
        return changes[0].event_state & ~pcsclite.STATE_CHANGED
