"""read_identity runs active authentication and reports it; a copied chip is FAILED."""

from __future__ import annotations

import logging

import pytest
from identity_chip import chip_of

from drivers.card.emrtd_card import AaFault, ChipBehaviour
from drivers.card.icao import AccessKeys, ChipAccessDenied
from drivers.card.icao.keys import MrzKey
from drivers.card.softcard import DirectConnection
from kiosk.dossier import Verdict
from kiosk.identity.active import ActiveAuthResult, active_authenticate
from kiosk.identity.read import read_identity, read_identity_with_any
from kiosk.identity.synthetic import AaKind, CardFiles, Citizen, TestPki, build_card_files
from kiosk.identity.trust import TrustStore

INS_INTERNAL_AUTHENTICATE = 0x88


@pytest.fixture(scope="module")
def card(citizen: Citizen, pki: TestPki) -> CardFiles:
    """A card with DG15 and no chip authentication in DG14: AA is its anti-clone check."""
    return build_card_files(citizen, pki, chip_auth=False)


@pytest.fixture(scope="module")
def trust(pki: TestPki) -> TrustStore:
    return TrustStore([pki.csca])


@pytest.fixture(scope="module")
def ecdsa_card(citizen: Citizen, pki: TestPki) -> CardFiles:
    return build_card_files(citizen, pki, active_auth=AaKind.ECDSA, chip_auth=False)


@pytest.fixture(scope="module")
def no_aa_card(citizen: Citizen, pki: TestPki) -> CardFiles:
    return build_card_files(citizen, pki, active_auth=AaKind.NONE)


def internal_authenticates(connection: DirectConnection) -> int:
    return sum(1 for apdu in connection.sent if apdu[1] == INS_INTERNAL_AUTHENTICATE)


@pytest.mark.parametrize("kind", ["rsa", "ecdsa"])
def test_a_genuine_chip_passes_active_authentication(
    card: CardFiles, ecdsa_card: CardFiles, trust: TrustStore, kind: str
) -> None:
    files = card if kind == "rsa" else ecdsa_card
    connection = DirectConnection(chip_of(files))
    reading = read_identity(connection, AccessKeys(can=files.can), trust)
    assert reading.active_auth is ActiveAuthResult.PASSED and reading.active_auth == "passed"
    assert reading.verdict is Verdict.GENUINE and reading.reasons == ()
    assert reading.active_auth_apdus == 1 == internal_authenticates(connection)
    assert reading.timings.active_auth_s > 0
    assert "active_auth=passed" in repr(reading)


def test_bac_runs_active_authentication_too(card: CardFiles, trust: TrustStore) -> None:
    connection = DirectConnection(chip_of(card, pace=False))
    reading = read_identity(connection, AccessKeys(mrz=card.mrz_keys), trust)
    assert (reading.protocol, reading.active_auth) == ("BAC", ActiveAuthResult.PASSED)


@pytest.mark.parametrize("kind", ["rsa", "ecdsa"])
def test_a_copied_chip_fails_active_authentication_and_the_reading(
    card: CardFiles, ecdsa_card: CardFiles, trust: TrustStore, kind: str
) -> None:
    files = card if kind == "rsa" else ecdsa_card
    clone = chip_of(files, behaviour=ChipBehaviour(active_auth_fault=AaFault.WRONG_SIGNATURE))
    reading = read_identity(DirectConnection(clone), AccessKeys(can=files.can), trust)
    assert reading.active_auth is ActiveAuthResult.FAILED
    assert reading.verdict is Verdict.FAILED and "active_auth_failed" in reading.reasons
    assert reading.identity is not None and reading.identity.verdict is Verdict.FAILED


def test_a_chip_with_dg15_that_refuses_is_not_verifiable(
    card: CardFiles, trust: TrustStore
) -> None:
    refusing = chip_of(card, behaviour=ChipBehaviour(active_auth_fault=AaFault.NOT_SUPPORTED))
    reading = read_identity(DirectConnection(refusing), AccessKeys(can=card.can), trust)
    assert reading.active_auth is ActiveAuthResult.NOT_SUPPORTED
    # Passive authentication passed, but a copy could refuse too: not proven genuine.
    assert reading.verdict is Verdict.NOT_VERIFIABLE
    assert reading.reasons == ("active_auth_refused",)
    assert reading.identity is not None


def test_a_chip_without_dg15_is_not_challenged(no_aa_card: CardFiles, trust: TrustStore) -> None:
    connection = DirectConnection(chip_of(no_aa_card))
    reading = read_identity(connection, AccessKeys(can=no_aa_card.can), trust)
    assert reading.active_auth is ActiveAuthResult.NOT_SUPPORTED
    assert reading.verdict is Verdict.GENUINE and reading.reasons == ()
    assert internal_authenticates(connection) == 0 and reading.active_auth_apdus == 0


def test_without_trust_a_passed_chip_stays_not_verifiable(card: CardFiles) -> None:
    reading = read_identity(DirectConnection(chip_of(card)), AccessKeys(can=card.can), None)
    assert (reading.verdict, reading.active_auth) == (Verdict.NOT_VERIFIABLE, "passed")


def test_judging_an_exchange(card: CardFiles, no_aa_card: CardFiles) -> None:
    signer = card.aa_signer()
    assert signer is not None and no_aa_card.aa_signer() is None
    challenge = bytes(range(8))
    dg15, dg14 = card.group(15), card.files.get(0x010E)
    good = signer(challenge)
    assert active_authenticate(challenge, good, dg15, dg14) is ActiveAuthResult.PASSED
    assert active_authenticate(bytes(8), good, dg15, dg14) is ActiveAuthResult.FAILED
    assert active_authenticate(challenge, None, dg15, dg14) is ActiveAuthResult.NOT_SUPPORTED
    assert active_authenticate(challenge, good, None, dg14) is ActiveAuthResult.NOT_SUPPORTED
    assert active_authenticate(challenge, good, b"\x6f\x00", dg14) is ActiveAuthResult.FAILED


def test_only_the_outcome_is_logged(
    card: CardFiles, citizen: Citizen, trust: TrustStore, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    connection = DirectConnection(chip_of(card))
    reading = read_identity(connection, AccessKeys(can=card.can), trust)
    assert reading.active_auth is ActiveAuthResult.PASSED
    text = " ".join(f"{r.getMessage()} {r.__dict__}" for r in caplog.records)
    assert "active authentication passed" in text
    aa_command = next(apdu for apdu in connection.sent if apdu[1] == INS_INTERNAL_AUTHENTICATE)
    for secret in (citizen.id_number, citizen.full_name, card.can, aa_command[5:13].hex()):
        assert secret not in text


def test_the_first_key_that_opens_the_chip_is_used(card: CardFiles, trust: TrustStore) -> None:
    keys = card.mrz_keys
    wrong = MrzKey(keys.document_number, keys.date_of_birth, "<<<<<<")
    chip = chip_of(card, behaviour=ChipBehaviour(refuse_pace=True))
    candidates = [AccessKeys(mrz=wrong), AccessKeys(mrz=keys)]
    reading = read_identity_with_any(DirectConnection(chip), candidates, trust)
    assert (reading.protocol, reading.verdict) == ("BAC", Verdict.GENUINE)
    with pytest.raises(ChipAccessDenied) as caught:
        read_identity_with_any(DirectConnection(chip), [AccessKeys(mrz=wrong)] * 2, trust)
    assert caught.value.key == "MRZ"
    with pytest.raises(ValueError, match="at least one"):
        read_identity_with_any(DirectConnection(chip), [], trust)
