"""Active authentication through the real pcscd and the vpcd reader, after PACE and after BAC."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

import pytest
from identity_chip import chip_of

from drivers.card.emrtd_card import AaFault, ChipBehaviour, EmrtdCard
from drivers.card.icao import AccessKeys
from drivers.card.pcsc import PcscCardReader
from drivers.card.pcscd import PcscDaemon
from drivers.card.simulator import SimulatedCardStation
from kiosk.dossier import Verdict
from kiosk.identity.active import ActiveAuthResult
from kiosk.identity.read import IdentityReading, read_identity
from kiosk.identity.synthetic import CardFiles, Citizen, TestPki, build_card_files
from kiosk.identity.trust import TrustStore

pytestmark = pytest.mark.realparts


@pytest.fixture(scope="module")
def card(citizen: Citizen, pki: TestPki) -> CardFiles:
    """A card with DG15 and no chip authentication in DG14: AA is its anti-clone check."""
    return build_card_files(citizen, pki, chip_auth=False)


@pytest.fixture
def station(pcscd_daemon: PcscDaemon) -> Iterator[contextlib.ExitStack]:
    if not pcscd_daemon.running:
        pcscd_daemon.start()  # a failed test may have left it stopped
    with contextlib.ExitStack() as stack:
        yield stack


def read_on_pcscd(
    stack: contextlib.ExitStack, daemon: PcscDaemon, chip: EmrtdCard, keys: AccessKeys, pki: TestPki
) -> IdentityReading:
    station = stack.enter_context(SimulatedCardStation(chip, daemon=daemon))
    stack.callback(lambda: station.remove() if station.link.inserted else None)
    with PcscCardReader() as reader, reader.connect(station.reader_name) as connection:
        return read_identity(connection, keys, TrustStore([pki.csca]))


@pytest.mark.parametrize("protocol", ["PACE", "BAC"])
def test_active_authentication_passes_through_pcscd(
    station: contextlib.ExitStack,
    pcscd_daemon: PcscDaemon,
    card: CardFiles,
    pki: TestPki,
    protocol: str,
) -> None:
    if protocol == "PACE":
        chip, keys = chip_of(card), AccessKeys(can=card.can)
    else:
        chip, keys = chip_of(card, pace=False), AccessKeys(mrz=card.mrz_keys)
    reading = read_on_pcscd(station, pcscd_daemon, chip, keys, pki)
    assert reading.protocol == protocol
    assert (reading.active_auth, reading.verdict) == (ActiveAuthResult.PASSED, Verdict.GENUINE)
    assert chip.aa_challenges == 1


@pytest.mark.parametrize("pace", [True, False], ids=["PACE", "BAC"])
def test_a_copied_chip_is_failed_through_pcscd(
    station: contextlib.ExitStack,
    pcscd_daemon: PcscDaemon,
    card: CardFiles,
    pki: TestPki,
    pace: bool,
) -> None:
    clone = chip_of(
        card, behaviour=ChipBehaviour(active_auth_fault=AaFault.WRONG_SIGNATURE), pace=pace
    )
    keys = AccessKeys(can=card.can) if pace else AccessKeys(mrz=card.mrz_keys)
    reading = read_on_pcscd(station, pcscd_daemon, clone, keys, pki)
    assert (reading.active_auth, reading.verdict) == (ActiveAuthResult.FAILED, Verdict.FAILED)


def test_a_chip_that_does_not_support_it_through_pcscd(
    station: contextlib.ExitStack, pcscd_daemon: PcscDaemon, card: CardFiles, pki: TestPki
) -> None:
    chip = chip_of(card, behaviour=ChipBehaviour(active_auth_fault=AaFault.NOT_SUPPORTED))
    reading = read_on_pcscd(station, pcscd_daemon, chip, AccessKeys(can=card.can), pki)
    assert reading.active_auth is ActiveAuthResult.NOT_SUPPORTED
    assert reading.verdict is Verdict.NOT_VERIFIABLE  # a copy could refuse the challenge too
