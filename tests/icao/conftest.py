"""Fixtures for the ICAO tests on the real parts: the simulated CCCD on the session's pcscd.

The session-scoped ``pcscd_daemon`` lives in ``tests/conftest.py`` (one pcscd per
test process: libpcsclite binds a process to the first one it talks to).
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

import pytest
from icao_support import PlaceCard

from drivers.card.pcsc import PcscCardReader
from drivers.card.pcscd import PcscDaemon
from drivers.card.simulator import SimulatedCardStation
from drivers.card.softcard import SoftCard


@pytest.fixture
def place_card(pcscd_daemon: PcscDaemon) -> Iterator[PlaceCard]:
    """Put a card on the session daemon's vpcd reader; it is taken off after the test."""
    if not pcscd_daemon.running:
        pcscd_daemon.start()  # a failed test may have left it stopped
    with contextlib.ExitStack() as stack:

        def place(card: SoftCard) -> SimulatedCardStation:
            station = stack.enter_context(SimulatedCardStation(card, daemon=pcscd_daemon))
            stack.callback(lambda: station.remove() if station.link.inserted else None)
            return station

        yield place


@pytest.fixture
def pcsc_reader() -> Iterator[PcscCardReader]:
    with PcscCardReader() as reader:
        yield reader
