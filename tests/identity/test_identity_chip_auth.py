"""read_identity with chip authentication: it proves the chip, a copy FAILS, AA is the fallback."""

from __future__ import annotations

import logging

import pytest
from identity_chip import chip_of

from drivers.card.emrtd_card import AaFault, CaFault, ChipBehaviour, EmrtdCard
from drivers.card.icao import AccessKeys, ChipAuthExchange, ChipAuthStatus
from drivers.card.softcard import DirectConnection
from kiosk.dossier import Verdict
from kiosk.identity.active import ActiveAuthResult
from kiosk.identity.chip_auth import ChipAuthResult, chip_auth_result
from kiosk.identity.lds import file_id
from kiosk.identity.read import read_identity
from kiosk.identity.synthetic import AaKind, CaKind, CardFiles, Citizen, TestPki, build_card_files
from kiosk.identity.synthetic.card_files import chip_auth_private_key, encode_dg14
from kiosk.identity.trust import TrustStore

INS_INTERNAL_AUTHENTICATE = 0x88


@pytest.fixture(scope="module")
def trust(pki: TestPki) -> TrustStore:
    return TrustStore([pki.csca])


@pytest.fixture(scope="module")
def ca_only(citizen: Citizen, pki: TestPki) -> CardFiles:
    return build_card_files(citizen, pki, active_auth=AaKind.NONE)


def internal_authenticates(connection: DirectConnection) -> int:
    return sum(1 for apdu in connection.sent if apdu[1] == INS_INTERNAL_AUTHENTICATE)


@pytest.mark.parametrize("pace", [True, False], ids=["PACE", "BAC"])
def test_chip_authentication_proves_the_chip_and_aa_is_not_needed(
    card: CardFiles, trust: TrustStore, pace: bool
) -> None:
    assert card.aa_key is not None  # DG15 too, as on the Vietnamese card
    connection = DirectConnection(chip_of(card, pace=pace))
    keys = AccessKeys(can=card.can) if pace else AccessKeys(mrz=card.mrz_keys)
    reading = read_identity(connection, keys, trust)
    assert (reading.verdict, reading.chip_auth, reading.proven_by) == (
        Verdict.GENUINE,
        ChipAuthResult.PASSED,
        "chip_auth",
    )
    assert reading.active_auth is ActiveAuthResult.NOT_SUPPORTED and reading.reasons == ()
    assert internal_authenticates(connection) == 0
    assert reading.chip_auth_apdus == 3 and reading.timings.chip_auth_s > 0
    assert "proven_by=chip_auth" in repr(reading)


@pytest.mark.parametrize("kind", list(CaKind), ids=[kind.name for kind in CaKind])
def test_every_kind_of_chip_authentication(
    citizen: Citizen, pki: TestPki, trust: TrustStore, kind: CaKind
) -> None:
    card = build_card_files(citizen, pki, chip_auth_kind=kind, active_auth=AaKind.NONE)
    reading = read_identity(DirectConnection(chip_of(card)), AccessKeys(can=card.can), trust)
    assert (reading.verdict, reading.proven_by) == (Verdict.GENUINE, "chip_auth")


@pytest.mark.parametrize("pace", [True, False], ids=["PACE", "BAC"])
def test_a_cloned_chip_fails(card: CardFiles, trust: TrustStore, pace: bool) -> None:
    clone = chip_of(card, behaviour=ChipBehaviour(chip_auth_fault=CaFault.WRONG_KEY), pace=pace)
    keys = AccessKeys(can=card.can) if pace else AccessKeys(mrz=card.mrz_keys)
    reading = read_identity(DirectConnection(clone), keys, trust)
    assert reading.chip_auth is ChipAuthResult.FAILED and reading.proven_by == ""
    assert reading.verdict is Verdict.FAILED and "chip_auth_failed" in reading.reasons
    assert reading.identity is not None and reading.identity.verdict is Verdict.FAILED


def test_a_clone_with_its_own_key_in_dg14_fails_passive_authentication(
    card: CardFiles, trust: TrustStore
) -> None:
    forged_key = chip_auth_private_key(CaKind.ECDH_AES128)
    files = dict(card.files)
    files[file_id(14)] = encode_dg14(forged_key, None)  # the SOD still holds the real DG14's hash
    clone_with_key = EmrtdCard(
        files, can=card.can, mrz=card.mrz_keys, chip_auth=forged_key, active_auth=card.aa_signer()
    )
    reading = read_identity(DirectConnection(clone_with_key), AccessKeys(can=card.can), trust)
    assert "dg14_hash_mismatch" in reading.reasons and reading.verdict is Verdict.FAILED
    assert reading.chip_auth is ChipAuthResult.FAILED  # CA with a key the SOD does not vouch for


def test_a_chip_refusing_ca_is_proven_by_aa(card: CardFiles, trust: TrustStore) -> None:
    chip = chip_of(card, behaviour=ChipBehaviour(chip_auth_fault=CaFault.NOT_SUPPORTED))
    connection = DirectConnection(chip)
    reading = read_identity(connection, AccessKeys(can=card.can), trust)
    assert (reading.chip_auth, reading.active_auth) == (
        ChipAuthResult.REFUSED,
        ActiveAuthResult.PASSED,
    )
    assert (reading.verdict, reading.proven_by, reading.reasons) == (
        Verdict.GENUINE,
        "active_auth",
        (),
    )
    assert internal_authenticates(connection) == 1


def test_a_ca_this_kiosk_cannot_judge_falls_back_on_aa(card: CardFiles, trust: TrustStore) -> None:
    chip = chip_of(card, behaviour=ChipBehaviour(chip_auth_fault=CaFault.VERSION_2))
    reading = read_identity(DirectConnection(chip), AccessKeys(can=card.can), trust)
    assert (reading.chip_auth, reading.proven_by) == (ChipAuthResult.UNSUPPORTED, "active_auth")
    assert reading.verdict is Verdict.GENUINE and reading.reasons == ("chip_auth_unsupported",)


def test_a_chip_refusing_ca_and_aa_is_not_verifiable(card: CardFiles, trust: TrustStore) -> None:
    behaviour = ChipBehaviour(
        chip_auth_fault=CaFault.NOT_SUPPORTED, active_auth_fault=AaFault.NOT_SUPPORTED
    )
    reading = read_identity(
        DirectConnection(chip_of(card, behaviour=behaviour)), AccessKeys(can=card.can), trust
    )
    assert reading.verdict is Verdict.NOT_VERIFIABLE and reading.proven_by == ""
    assert reading.reasons == ("chip_auth_refused", "active_auth_refused")


def test_a_chip_refusing_ca_without_dg15_is_not_verifiable(
    ca_only: CardFiles, trust: TrustStore
) -> None:
    chip = chip_of(ca_only, behaviour=ChipBehaviour(chip_auth_fault=CaFault.NOT_SUPPORTED))
    reading = read_identity(DirectConnection(chip), AccessKeys(can=ca_only.can), trust)
    assert (reading.verdict, reading.reasons) == (Verdict.NOT_VERIFIABLE, ("chip_auth_refused",))


def test_without_trust_the_chip_is_proven_but_the_data_not_verifiable(ca_only: CardFiles) -> None:
    reading = read_identity(DirectConnection(chip_of(ca_only)), AccessKeys(can=ca_only.can), None)
    assert (reading.verdict, reading.proven_by) == (Verdict.NOT_VERIFIABLE, "chip_auth")


def test_judging_an_exchange() -> None:
    passed = ChipAuthExchange(ChipAuthStatus.PASSED, "id-CA-ECDH-AES-CBC-CMAC-128")
    assert chip_auth_result(passed, dg14_checked=True) is ChipAuthResult.PASSED
    assert chip_auth_result(passed, dg14_checked=False) is ChipAuthResult.FAILED
    assert chip_auth_result(None, dg14_checked=True) is ChipAuthResult.NOT_SUPPORTED
    for status, result in (
        (ChipAuthStatus.FAILED, ChipAuthResult.FAILED),
        (ChipAuthStatus.REFUSED, ChipAuthResult.REFUSED),
        (ChipAuthStatus.UNUSABLE, ChipAuthResult.UNSUPPORTED),
    ):
        assert chip_auth_result(ChipAuthExchange(status, ""), dg14_checked=True) is result


def test_only_outcomes_are_logged(
    card: CardFiles, citizen: Citizen, trust: TrustStore, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    reading = read_identity(DirectConnection(chip_of(card)), AccessKeys(can=card.can), trust)
    assert reading.proven_by == "chip_auth"
    text = " ".join(f"{r.getMessage()} {r.__dict__}" for r in caplog.records)
    assert "chip authentication id-CA-ECDH-AES-CBC-CMAC-128: passed" in text
    for secret in (citizen.id_number, citizen.full_name, card.can):
        assert secret not in text
