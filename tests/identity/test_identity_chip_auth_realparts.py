"""Chip authentication through the real pcscd and the vpcd reader, after PACE and after BAC."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

import pytest
from identity_chip import chip_of

from drivers.card.emrtd_card import CaFault, ChipBehaviour, EmrtdCard
from drivers.card.icao import AccessKeys
from drivers.card.pcsc import PcscCardReader
from drivers.card.pcscd import PcscDaemon
from drivers.card.simulator import SimulatedCardStation
from kiosk.dossier import Verdict
from kiosk.identity.chip_auth import ChipAuthResult
from kiosk.identity.read import IdentityReading, read_identity
from kiosk.identity.synthetic import CaKind, CardFiles, Citizen, TestPki, build_card_files
from kiosk.identity.trust import TrustStore

pytestmark = pytest.mark.realparts


@pytest.fixture
def stack(pcscd_daemon: PcscDaemon) -> Iterator[contextlib.ExitStack]:
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


@pytest.mark.parametrize(
    ("kind", "pace"),
    [(CaKind.ECDH_AES128, True), (CaKind.ECDH_3DES, False), (CaKind.DH_AES128, True)],
    ids=["ECDH-AES128-PACE", "ECDH-3DES-BAC", "DH-AES128-PACE"],
)
def test_chip_authentication_passes_through_pcscd(
    stack: contextlib.ExitStack,
    pcscd_daemon: PcscDaemon,
    citizen: Citizen,
    pki: TestPki,
    kind: CaKind,
    pace: bool,
) -> None:
    card = build_card_files(citizen, pki, chip_auth_kind=kind)
    chip = chip_of(card, pace=pace)
    keys = AccessKeys(can=card.can) if pace else AccessKeys(mrz=card.mrz_keys)
    reading = read_on_pcscd(stack, pcscd_daemon, chip, keys, pki)
    assert reading.protocol == ("PACE" if pace else "BAC")
    assert (reading.chip_auth, reading.proven_by, reading.verdict) == (
        ChipAuthResult.PASSED,
        "chip_auth",
        Verdict.GENUINE,
    )
    assert chip.chip_auth_runs == 1 and chip.aa_challenges == 0
    assert reading.identity is not None and reading.identity.id_number == citizen.id_number


@pytest.mark.parametrize("pace", [True, False], ids=["PACE", "BAC"])
def test_a_cloned_chip_is_failed_through_pcscd(
    stack: contextlib.ExitStack, pcscd_daemon: PcscDaemon, card: CardFiles, pki: TestPki, pace: bool
) -> None:
    clone = chip_of(card, behaviour=ChipBehaviour(chip_auth_fault=CaFault.WRONG_KEY), pace=pace)
    keys = AccessKeys(can=card.can) if pace else AccessKeys(mrz=card.mrz_keys)
    reading = read_on_pcscd(stack, pcscd_daemon, clone, keys, pki)
    assert (reading.chip_auth, reading.verdict) == (ChipAuthResult.FAILED, Verdict.FAILED)
    assert reading.identity is not None and reading.identity.verdict is Verdict.FAILED
