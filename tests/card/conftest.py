"""Fixtures for the card tests: a fresh card per test on the session's pcscd.

The session-scoped ``pcscd_daemon`` lives in ``tests/conftest.py``: libpcsclite
binds a process to one pcscd socket at its first PC/SC call, so every test
folder must share the one daemon.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from card_samples import EventLog, sample_card

from drivers.card.pcsc import PcscCardReader
from drivers.card.pcscd import PcscDaemon
from drivers.card.simulator import SimulatedCardStation


@pytest.fixture
def station(pcscd_daemon: PcscDaemon) -> Iterator[SimulatedCardStation]:
    """The sample card placed on the session daemon's reader; taken off afterwards."""
    if not pcscd_daemon.running:
        pcscd_daemon.start()  # a failed test may have left it stopped
    with SimulatedCardStation(sample_card(), daemon=pcscd_daemon) as sim:
        yield sim
        if sim.link.inserted:
            sim.remove()  # so the next test starts with an empty reader


@pytest.fixture
def empty_station(pcscd_daemon: PcscDaemon) -> Iterator[SimulatedCardStation]:
    """The session daemon's reader with no card on it (``insert()`` places the sample)."""
    if not pcscd_daemon.running:
        pcscd_daemon.start()
    with SimulatedCardStation(sample_card(), daemon=pcscd_daemon, inserted=False) as sim:
        yield sim
        if sim.link.inserted:
            sim.remove()


@pytest.fixture
def card_reader() -> Iterator[PcscCardReader]:
    with PcscCardReader() as reader:
        yield reader


@pytest.fixture
def event_log() -> EventLog:
    return EventLog()
