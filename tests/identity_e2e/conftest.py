"""Fixtures for the identity end-to-end tests: a synthetic citizen's card on the session's pcscd.

The session-scoped ``pcscd_daemon`` lives in ``tests/conftest.py`` (one pcscd per
test process).
"""

from __future__ import annotations

import contextlib
import random
from collections.abc import Callable, Iterator

import pytest

from drivers.card.pcsc import PcscCardReader
from drivers.card.pcscd import PcscDaemon
from drivers.card.simulator import SimulatedCardStation
from drivers.card.softcard import SoftCard
from kiosk.identity.synthetic import CardFiles, Citizen, TestPki, build_card_files, make_citizen
from kiosk.identity.synthetic import make_pki as new_pki
from kiosk.identity.trust import TrustStore

PlaceCard = Callable[[SoftCard], SimulatedCardStation]


@pytest.fixture(scope="module")
def citizen() -> Citizen:
    return make_citizen(random.Random(20251123))


@pytest.fixture(scope="module")
def pki() -> TestPki:
    return new_pki()


@pytest.fixture(scope="module")
def card_files(citizen: Citizen, pki: TestPki) -> CardFiles:
    return build_card_files(citizen, pki)


@pytest.fixture(scope="module")
def trust(pki: TestPki) -> TrustStore:
    return TrustStore([pki.csca])


@pytest.fixture
def place_card(pcscd_daemon: PcscDaemon) -> Iterator[PlaceCard]:
    """Put a card on the session daemon's vpcd reader; it is taken off after the test."""
    if not pcscd_daemon.running:
        pcscd_daemon.start()
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
