"""Passive authentication: GENUINE, NOT_VERIFIABLE and FAILED, for each signature kind."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.serialization import Encoding
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kiosk.dossier import Verdict
from kiosk.identity import der, lds
from kiosk.identity.errors import MalformedData, TrustStoreError
from kiosk.identity.passive import passive_authenticate
from kiosk.identity.sod import LDS_SECURITY_OBJECT, parse_sod
from kiosk.identity.synthetic import (
    CardFiles,
    Citizen,
    KeyKind,
    TestPki,
    build_card_files,
    build_master_list,
    make_pki,
    tamper,
)
from kiosk.identity.synthetic.pki import new_key
from kiosk.identity.trust import TrustStore, load_master_list


def read(card: CardFiles, files: dict[int, bytes] | None = None) -> dict[int, bytes]:
    """The data groups a reader would hand over: {dg: bytes}."""
    source = files or card.files
    return {dg: source[lds.file_id(dg)] for dg in card.groups}


def check(
    card: CardFiles, trust: TrustStore | None, files: dict[int, bytes] | None = None
) -> tuple[Verdict, tuple[str, ...]]:
    result = passive_authenticate((files or card.files)[lds.EF_SOD], read(card, files), trust)
    return result.verdict, result.reasons


@pytest.fixture(scope="module", params=list(KeyKind))
def signed(
    request: pytest.FixtureRequest, pkis: dict[KeyKind, TestPki], citizen: Citizen
) -> tuple[CardFiles, TestPki]:
    pki = pkis[request.param]
    return build_card_files(citizen, pki), pki


def test_genuine_card(signed: tuple[CardFiles, TestPki]) -> None:
    card, pki = signed
    result = passive_authenticate(card.files[lds.EF_SOD], read(card), pki.trust_store())
    assert result.verdict is Verdict.GENUINE and result.reasons == ()
    assert result.groups_checked == card.groups
    assert result.document_signer == pki.dsc


def test_sod_contents(signed: tuple[CardFiles, TestPki]) -> None:
    card, pki = signed
    sod = parse_sod(card.files[lds.EF_SOD])
    assert sod.signed_data.content_type == LDS_SECURITY_OBJECT
    assert sorted(sod.security_object.hashes) == list(card.groups)
    assert sod.security_object.hash_algorithm.oid == "2.16.840.1.101.3.4.2.1"
    assert sod.document_signer == pki.dsc
    assert sod.signer.message_digest is not None and sod.signer.signed_attributes is not None


def test_no_trust_store_is_not_verifiable(signed: tuple[CardFiles, TestPki]) -> None:
    card, _ = signed
    assert check(card, None) == (Verdict.NOT_VERIFIABLE, ("no_csca_configured",))
    assert check(card, TrustStore()) == (Verdict.NOT_VERIFIABLE, ("no_csca_configured",))


def test_unknown_csca_is_not_verifiable(card: CardFiles, pkis: dict[KeyKind, TestPki]) -> None:
    other = make_pki(KeyKind.ECDSA_P256, csca_name="Another Synthetic CSCA")
    assert check(card, other.trust_store()) == (Verdict.NOT_VERIFIABLE, ("unknown_csca",))


def test_same_name_other_key_is_not_verifiable(card: CardFiles) -> None:
    """A CSCA of the right name but another key identifier: as after a CSCA key rollover
    when the store lacks the old certificate, so nothing says the chip is forged."""
    rollover = make_pki(KeyKind.ECDSA_P256)  # same name "Synthetic Test CSCA", new keys
    assert check(card, rollover.trust_store()) == (Verdict.NOT_VERIFIABLE, ("unknown_csca",))


def test_look_alike_csca_fails(card: CardFiles, pki: TestPki) -> None:
    """A CSCA claiming the issuer's name and key identifier whose key did not sign the DSC."""
    key = new_key(KeyKind.ECDSA_P256)
    ski = pki.csca.extensions.get_extension_for_class(x509.SubjectKeyIdentifier).value
    start = datetime.now(UTC) - timedelta(days=1)
    impostor = (
        x509.CertificateBuilder()
        .subject_name(pki.csca.subject)
        .issuer_name(pki.csca.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(start)
        .not_valid_after(start + timedelta(days=3650))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(ski, critical=False)
        .sign(key, hashes.SHA256())
    )
    assert check(card, TrustStore([impostor])) == (Verdict.FAILED, ("dsc_not_signed_by_csca",))


@pytest.mark.parametrize("dg", [1, 2, 13, 14, 15])
def test_tampered_group_fails(card: CardFiles, pki: TestPki, dg: int) -> None:
    changed = tamper(card.files, dg)
    assert changed[lds.file_id(dg)] != card.files[lds.file_id(dg)]
    verdict, reasons = check(card, pki.trust_store(), changed)
    assert verdict is Verdict.FAILED and reasons == (f"dg{dg}_hash_mismatch",)
    # Without a trust store the forgery is still FAILED, not merely NOT_VERIFIABLE.
    assert check(card, None, changed)[0] is Verdict.FAILED


def test_tampered_dg13_still_parses(card: CardFiles) -> None:
    from kiosk.identity.dg13 import parse_dg13

    assert parse_dg13(tamper(card.files, 13)[lds.file_id(13)]).problems == ()


def test_wrong_signature_fails(citizen: Citizen, pkis: dict[KeyKind, TestPki]) -> None:
    for kind, pki in pkis.items():
        card = build_card_files(citizen, pki, signer_key=new_key(kind))
        assert check(card, pki.trust_store()) == (Verdict.FAILED, ("signature_invalid",)), kind


def test_group_missing_from_the_sod_fails(card: CardFiles, pki: TestPki) -> None:
    groups = read(card) | {3: b"\x63\x00"}
    result = passive_authenticate(card.files[lds.EF_SOD], groups, pki.trust_store())
    assert result.verdict is Verdict.FAILED and result.reasons == ("dg3_not_in_sod",)


def test_sod_from_another_card_fails(card: CardFiles, pki: TestPki, citizen: Citizen) -> None:
    other = build_card_files(citizen, pki)  # same citizen, new AA and CA keys
    result = passive_authenticate(other.files[lds.EF_SOD], read(card), pki.trust_store())
    assert result.verdict is Verdict.FAILED
    assert set(result.reasons) == {"dg14_hash_mismatch", "dg15_hash_mismatch"}


@pytest.mark.parametrize("algorithm", [hashes.SHA384(), hashes.SHA512(), hashes.SHA1()])
def test_other_hash_algorithms(
    citizen: Citizen, pki: TestPki, algorithm: hashes.HashAlgorithm
) -> None:
    card = build_card_files(citizen, pki, hash_algorithm=algorithm)
    assert check(card, pki.trust_store())[0] is Verdict.GENUINE


def test_certificates_outside_their_validity(card: CardFiles, pki: TestPki) -> None:
    later = datetime.now(UTC) + timedelta(days=20 * 365)
    result = passive_authenticate(card.files[lds.EF_SOD], read(card), pki.trust_store(), at=later)
    assert (result.verdict, result.reasons) == (Verdict.NOT_VERIFIABLE, ("certificate_expired",))
    earlier = datetime.now(UTC) - timedelta(days=30)
    result = passive_authenticate(card.files[lds.EF_SOD], read(card), pki.trust_store(), at=earlier)
    assert result.reasons == ("certificate_not_yet_valid",)


def test_nothing_read_is_not_verifiable(card: CardFiles, pki: TestPki) -> None:
    result = passive_authenticate(card.files[lds.EF_SOD], {}, pki.trust_store())
    assert result.verdict is Verdict.NOT_VERIFIABLE and result.reasons == ("no_data_groups",)


def test_malformed_sod_fails(card: CardFiles, pki: TestPki) -> None:
    for sod in (b"", b"\x77\x00", card.files[lds.EF_SOD][:-10], der.tlv(0x77, der.sequence())):
        result = passive_authenticate(sod, read(card), pki.trust_store())
        assert (result.verdict, result.reasons) == (Verdict.FAILED, ("sod_malformed",))


def test_sod_whose_certificate_has_an_unknown_version_fails(card: CardFiles, pki: TestPki) -> None:
    # cryptography raises InvalidVersion (not a ValueError) for X.509 v2; found by fuzzing.
    sod = card.files[lds.EF_SOD]
    version_v3 = bytes.fromhex("a003020102")
    assert version_v3 in sod
    corrupted = sod.replace(version_v3, bytes.fromhex("a003020101"), 1)
    result = passive_authenticate(corrupted, read(card), pki.trust_store())
    assert (result.verdict, result.reasons) == (Verdict.FAILED, ("sod_malformed",))


def test_sod_whose_certificate_has_a_name_of_the_wrong_type_fails(
    card: CardFiles, pki: TestPki
) -> None:
    # commonName as a BIT STRING: cryptography raises TypeError, not ValueError; found by fuzzing.
    sod = card.files[lds.EF_SOD]
    common_name_utf8 = bytes.fromhex("0603550403") + b"\x0c"
    assert common_name_utf8 in sod
    corrupted = sod.replace(common_name_utf8, bytes.fromhex("0603550403") + b"\x03", 1)
    result = passive_authenticate(corrupted, read(card), pki.trust_store())
    assert (result.verdict, result.reasons) == (Verdict.FAILED, ("sod_malformed",))


def test_a_certificate_that_bends_rfc_5280_is_judged_by_its_signature_not_a_warning(
    card: CardFiles, pki: TestPki
) -> None:
    # A negative serial number makes cryptography warn (an error under this test run's
    # filterwarnings); the reading must go on to a verdict.
    sod = bytearray(card.files[lds.EF_SOD])
    serial_at = sod.index(bytes.fromhex("a003020102")) + 5  # the INTEGER after the version
    assert sod[serial_at] == 0x02
    sod[serial_at + 2] |= 0x80
    result = passive_authenticate(bytes(sod), read(card), pki.trust_store())
    # The signer's serial no longer matches the altered certificate: not proven genuine.
    assert result.verdict is not Verdict.GENUINE and result.reasons


@settings(max_examples=150, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(where=st.integers(min_value=0), byte=st.integers(0, 255))
def test_corrupted_sod_never_raises(card: CardFiles, pki: TestPki, where: int, byte: int) -> None:
    sod = bytearray(card.files[lds.EF_SOD])
    sod[where % len(sod)] = byte
    result = passive_authenticate(bytes(sod), read(card), pki.trust_store())
    assert result.verdict in (Verdict.GENUINE, Verdict.NOT_VERIFIABLE, Verdict.FAILED)


@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    dg=st.sampled_from([1, 2, 13, 14, 15]), where=st.integers(min_value=0), flip=st.integers(1, 255)
)
def test_any_changed_byte_of_a_group_fails(
    card: CardFiles, pki: TestPki, dg: int, where: int, flip: int
) -> None:
    groups = read(card)
    content = bytearray(groups[dg])
    content[where % len(content)] ^= flip
    groups[dg] = bytes(content)
    result = passive_authenticate(card.files[lds.EF_SOD], groups, pki.trust_store())
    assert result.verdict is Verdict.FAILED


@given(st.binary(max_size=400))
def test_arbitrary_sod_bytes_are_failed(data: bytes) -> None:
    result = passive_authenticate(data, {1: b"\x61\x00"}, None)
    assert result.verdict is Verdict.FAILED


# --- the trust store --------------------------------------------------------------------------


def test_trust_store_from_a_folder(
    tmp_path: Path, card: CardFiles, pkis: dict[KeyKind, TestPki]
) -> None:
    ecdsa, rsa_pki = pkis[KeyKind.ECDSA_P256], pkis[KeyKind.RSA]
    (tmp_path / "vn.pem").write_bytes(ecdsa.csca.public_bytes(Encoding.PEM))
    (tmp_path / "other.der").write_bytes(rsa_pki.csca.public_bytes(Encoding.DER))
    (tmp_path / "dsc.pem").write_bytes(ecdsa.dsc.public_bytes(Encoding.PEM))  # not a CA: skipped
    (tmp_path / "README.txt").write_text("ignored")
    store = TrustStore.from_folder(tmp_path)
    assert len(store) == 2
    assert check(card, store)[0] is Verdict.GENUINE


def test_bad_trust_store_files(tmp_path: Path) -> None:
    with pytest.raises(TrustStoreError, match="does not exist"):
        TrustStore.from_folder(tmp_path / "missing")
    (tmp_path / "broken.pem").write_text(
        "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n"
    )
    with pytest.raises(TrustStoreError, match="not a certificate"):
        TrustStore.from_folder(tmp_path)


def test_master_list(
    tmp_path: Path, card: CardFiles, pki: TestPki, pkis: dict[KeyKind, TestPki]
) -> None:
    cscas = [pki.csca, pkis[KeyKind.RSA].csca]
    data = build_master_list(cscas, pki.dsc_key, pki.dsc)
    assert load_master_list(data) == cscas
    (tmp_path / "icao.ml").write_bytes(data)
    assert check(card, TrustStore.from_folder(tmp_path))[0] is Verdict.GENUINE


def test_master_list_with_a_bad_signature_or_signer(
    pki: TestPki, pkis: dict[KeyKind, TestPki]
) -> None:
    data = bytearray(build_master_list([pki.csca], pki.dsc_key, pki.dsc))
    data[-5] ^= 0xFF  # inside the signature
    with pytest.raises(TrustStoreError):
        load_master_list(bytes(data))
    foreign = pkis[KeyKind.RSA]
    with pytest.raises(TrustStoreError, match="not issued by a CSCA in the list"):
        load_master_list(build_master_list([pki.csca], foreign.dsc_key, foreign.dsc))
    with pytest.raises(TrustStoreError):
        load_master_list(b"\x30\x00")


def test_sod_parse_errors_are_typed() -> None:
    with pytest.raises(MalformedData):
        parse_sod(der.tlv(0x77, der.sequence(der.oid("1.2.840.113549.1.7.1"), der.context(0, b""))))
