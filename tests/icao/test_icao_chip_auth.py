"""Chip authentication (ICAO 9303-11 §6.2), reader and simulated chip: DG14, key agreement,
the exchange over PACE and BAC in 3DES and AES, copies, refusals and restarts.

Standard numbers where they exist: the BSI TR-03105-5 reference DG14 (explicit
brainpoolP224r1 parameters) and the ECDH of ICAO 9303-11 Appendix G.1 (the
mapping keys are an ECDH on brainpoolP256r1's standard generator, as CA is).
"""

from __future__ import annotations

import pytest
from cryptography.hazmat.primitives.asymmetric import ec as lib_ec
from icao_support import CAN, MRZ, ScriptedRandom, h, stand_in_files
from test_icao_worked_pace import H_POINT, PK_MAP_IC, PK_MAP_IFD, SK_MAP_IC, SK_MAP_IFD

from drivers.card import emrtd_ca
from drivers.card.emrtd_ca import ChipAuthResponder, DhPrivateKey
from drivers.card.emrtd_card import CaFault, ChipBehaviour, EmrtdCard
from drivers.card.icao import AccessKeys, ReadOptions, read_emrtd
from drivers.card.icao import ca as reader_ca
from drivers.card.icao.ca import (
    ChipAuthError,
    ChipAuthKey,
    ChipAuthStatus,
    ca_protocol,
    chip_auth_options,
)
from drivers.card.icao.crypto import CipherKind
from drivers.card.icao.curves import CURVES, CURVES_BY_NAME
from drivers.card.softcard import DirectConnection
from kiosk.identity import ber, der
from kiosk.identity.synthetic.card_files import (
    RFC5114_G,
    RFC5114_P,
    RFC5114_Q,
    CaKind,
    chip_auth_private_key,
    encode_dg14,
)

# BSI TR-03105-5 reference data set, Datagroup14.bin: id-PK-ECDH with explicit
# brainpoolP224r1 parameters, id-CA-ECDH-3DES-CBC-CBC version 1, TerminalAuthenticationInfo.
BSI_DG14 = (
    "6E82014A3182014630820122060904007F000702020102308201133081D406072A8648CE3D02013081C8"
    "020101302806072A8648CE3D0101021D00D7C134AA264366862A18302575D1D787B09F075797DA89F57E"
    "C8C0FF303C041C68A5E62CA9CE6C1C299803A6C1530B514E182AD8B0042A59CAD29F43041C2580F63CCF"
    "E44138870713B1A92369E33E2135D266DBB372386C400B0439040D9029AD2C7E5CF4340823B2A87DC68C"
    "9E4CE3174C1E6EFDEE12C07D58AA56F772C0726F24C6B89E4ECDAC24354B9E99CAA3F6D3761402CD021D"
    "00D7C134AA264366862A18302575D0FB98D116BC4B6DDEBCA3A5A7939F020101033A0004A847F020F71D"
    "F33D386BE7C9223A354D6AC7727018B26E281C6FFB96A83B142AAF303C23F2BCF2CDE4706C14E45914A9"
    "BE42C15BCB67A01F300F060A04007F00070202030201020101300D060804007F0007020202020101"
)
DG14_FID = 0x010E
FILES_READ = ("EF.COM", "EF.SOD", "DG1", "DG2", "DG13", "DG14", "DG15")
CA = ReadOptions(chip_auth=True)


def test_the_bsi_reference_dg14_offers_ecdh_3des_on_brainpool_p224() -> None:
    options = chip_auth_options(h(BSI_DG14))
    assert len(options) == 1
    option = options[0]
    assert option.protocol.name == "id-CA-ECDH-3DES-CBC-CBC"
    assert (option.protocol.cipher, option.protocol.key_bits) == (CipherKind.TDES, 112)
    assert option.key.curve is CURVES_BY_NAME["brainpoolP224r1"]  # explicit parameters, matched
    assert option.key.public[:3] == h("04A847") and not option.send_key_id


def test_protocol_oids() -> None:
    assert ca_protocol("0.4.0.127.0.7.2.2.3.2.1") is not None
    names = {kind: ca_protocol(kind.value).name for kind in CaKind}  # type: ignore[union-attr]
    assert names[CaKind.ECDH_3DES] == "id-CA-ECDH-3DES-CBC-CBC"
    assert names[CaKind.DH_AES128] == "id-CA-DH-AES-CBC-CMAC-128"
    assert names[CaKind.ECDH_AES256] == "id-CA-ECDH-AES-CBC-CMAC-256"
    for oid in ("0.4.0.127.0.7.2.2.4.2.2", "0.4.0.127.0.7.2.2.3.2.9", "0.4.0.127.0.7.2.2.3"):
        assert ca_protocol(oid) is None


def test_a_key_without_chip_authentication_info_means_3des() -> None:
    key = chip_auth_private_key(CaKind.ECDH_AES128)
    options = chip_auth_options(encode_dg14(key, None, ca_info=False))
    assert [option.protocol.name for option in options] == ["id-CA-ECDH-3DES-CBC-CBC"]


def test_dg14_without_chip_authentication_offers_nothing() -> None:
    assert chip_auth_options(encode_dg14(None, "0.4.0.127.0.7.1.1.4.1.3")) == []


@pytest.mark.parametrize(
    "dg14",
    [
        der.tlv(0x6E, der.set_of(der.sequence(der.oid("0.4.0.127.0.7.2.2.3.2.2"), der.integer(1)))),
        # a key on a curve that is not standardized (named by an unknown OID)
        der.tlv(
            0x6E,
            der.set_of(
                der.sequence(
                    der.oid("0.4.0.127.0.7.2.2.1.2"),
                    der.sequence(
                        der.algorithm("1.2.840.10045.2.1", der.oid("1.2.3.4")),
                        der.tlv(0x03, b"\x00\x04" + bytes(64)),
                    ),
                )
            ),
        ),
        der.tlv(0x6E, der.octets(b"x")),
        der.tlv(0x6D, b""),
        h("6E0531"),  # cut short
    ],
    ids=["no-key", "unknown-curve", "no-set", "wrong-tag", "truncated"],
)
def test_unusable_dg14_is_a_typed_error(dg14: bytes) -> None:
    with pytest.raises(ChipAuthError):
        chip_auth_options(dg14)


def test_a_point_off_the_curve_is_refused() -> None:
    key = chip_auth_private_key(CaKind.ECDH_AES128)
    dg14 = bytearray(encode_dg14(key, None))
    index = dg14.index(b"\x03\x42\x00\x04") + 10
    dg14[index] ^= 0x01
    with pytest.raises(ChipAuthError):
        chip_auth_options(bytes(dg14))


@pytest.mark.parametrize("library", [True, False], ids=["cryptography", "icao.ec"])
def test_key_agreement_pinned_by_the_worked_example(
    library: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Appendix G.1's mapping step is plain ECDH on brainpoolP256r1: H = SK_map,IFD · PK_map,IC."""
    monkeypatch.setattr(reader_ca, "USE_LIBRARY", library)
    key = ChipAuthKey("ECDH", h(PK_MAP_IC), curve=CURVES[13])
    private, public = key.ephemeral(ScriptedRandom(SK_MAP_IFD))
    assert public == h(PK_MAP_IFD)
    assert key.agree(private) == h(H_POINT)[1:33]  # K is H's x coordinate


def test_the_simulated_chip_agrees_on_the_worked_example() -> None:
    static = lib_ec.derive_private_key(
        int.from_bytes(h(SK_MAP_IC), "big"), lib_ec.BrainpoolP256R1()
    )
    chip = ChipAuthResponder(static)
    assert chip._agree(h(PK_MAP_IFD)) == h(H_POINT)[1:33]
    assert chip._agree(h(PK_MAP_IFD)[:-1] + b"\x00") is None  # off the curve


def test_the_rfc5114_group_is_what_it_claims() -> None:
    assert (RFC5114_P - 1) % RFC5114_Q == 0 and pow(RFC5114_G, RFC5114_Q, RFC5114_P) == 1
    assert RFC5114_P.bit_length() == 1024 and RFC5114_Q.bit_length() == 160


def test_dh_agreement_matches_the_chip() -> None:
    chip_key = chip_auth_private_key(CaKind.DH_AES128)
    assert isinstance(chip_key, DhPrivateKey)
    option = chip_auth_options(encode_dg14(chip_key, None, ca_oid=CaKind.DH_AES128.value))[0]
    private, public = option.key.ephemeral(ScriptedRandom("11" * 20))
    assert option.key.agree(private) == ChipAuthResponder(chip_key)._agree(public)


# -- the exchange, in process -----------------------------------------------------------


def ca_card(
    kind: CaKind = CaKind.ECDH_AES128, **behaviour: object
) -> tuple[EmrtdCard, dict[int, bytes]]:
    files = stand_in_files(dg2_size=3_000)
    key = chip_auth_private_key(kind)
    files[DG14_FID] = encode_dg14(key, None, ca_oid=kind.value)
    chip = EmrtdCard(
        files,
        can=CAN,
        mrz=MRZ,
        chip_auth=key,
        behaviour=ChipBehaviour(**behaviour),  # type: ignore[arg-type]
    )
    return chip, files


def expected(files: dict[int, bytes]) -> dict[str, bytes]:
    names = {0x011E: "EF.COM", 0x011D: "EF.SOD", 0x0101: "DG1", 0x0102: "DG2",
             0x010D: "DG13", 0x010E: "DG14", 0x010F: "DG15"}  # fmt: skip
    return {names[fid]: data for fid, data in files.items() if fid in names}


@pytest.mark.parametrize("kind", list(CaKind), ids=[kind.name for kind in CaKind])
@pytest.mark.parametrize("pace", [True, False], ids=["PACE", "BAC"])
def test_chip_authentication_passes_and_the_files_come_under_its_keys(
    kind: CaKind, pace: bool
) -> None:
    chip, files = ca_card(kind)
    keys = AccessKeys(can=CAN) if pace else AccessKeys(mrz=MRZ)
    options = ReadOptions(chip_auth=True, try_pace=pace)
    result = read_emrtd(DirectConnection(chip), keys, FILES_READ, options)
    exchange = result.chip_auth
    assert exchange is not None and exchange.status is ChipAuthStatus.PASSED
    assert exchange.protocol == ca_protocol(kind.value).name  # type: ignore[union-attr]
    # 3DES: MSE:Set KAT; AES: MSE:Set AT and GA. Then one READ BINARY under the new keys.
    assert exchange.apdu_count == (2 if "3DES" in kind.name else 3)
    assert result.files == expected(files)
    assert chip.chip_auth_runs == 1
    cipher = CipherKind.TDES if "3DES" in kind.name else CipherKind.AES
    assert chip.session is not None and chip.session.cipher is cipher
    assert chip.session.ssc > 0  # the new session, counted from 0, carried the rest


def test_dg14_is_read_first_and_the_rest_under_the_new_keys() -> None:
    chip, _ = ca_card()
    result = read_emrtd(DirectConnection(chip), AccessKeys(can=CAN), FILES_READ, CA)
    assert next(iter(result.files)) == "DG14"
    instructions = [command.ins for command, _ in chip.history]
    assert instructions.count(0x86) == 4 + 1  # PACE's four GENERAL AUTHENTICATE, then CA's
    after_ca = instructions[len(instructions) - 1 - instructions[::-1].index(0x86) :]
    assert after_ca.count(0xA4) == len(FILES_READ) - 1  # every other file, under the new keys


@pytest.mark.parametrize("pace", [True, False], ids=["PACE", "BAC"])
@pytest.mark.parametrize("kind", [CaKind.ECDH_AES128, CaKind.ECDH_3DES, CaKind.DH_AES128])
def test_a_copied_chip_fails_and_the_read_goes_on(kind: CaKind, pace: bool) -> None:
    chip, files = ca_card(kind, chip_auth_fault=CaFault.WRONG_KEY)
    keys = AccessKeys(can=CAN) if pace else AccessKeys(mrz=MRZ)
    result = read_emrtd(
        DirectConnection(chip), keys, FILES_READ, ReadOptions(chip_auth=True, try_pace=pace)
    )
    assert result.chip_auth is not None and result.chip_auth.status is ChipAuthStatus.FAILED
    assert result.files == expected(files)  # read again under PACE or BAC keys


def test_a_chip_that_refuses_keeps_its_session() -> None:
    chip, files = ca_card(chip_auth_fault=CaFault.NOT_SUPPORTED)
    result = read_emrtd(DirectConnection(chip), AccessKeys(can=CAN), FILES_READ, CA)
    exchange = result.chip_auth
    assert exchange is not None and exchange.status is ChipAuthStatus.REFUSED
    assert exchange.sw == 0x6A88 and exchange.apdu_count == 1
    assert result.files == expected(files)


def test_chip_authentication_runs_again_after_a_restart() -> None:
    def drop_session(reads: int) -> None:
        if reads == 4:  # after DG14 and CA's check: the chip resets its SM state
            chip.session = None

    files = stand_in_files(dg2_size=3_000)
    key = chip_auth_private_key(CaKind.ECDH_AES128)
    files[DG14_FID] = encode_dg14(key, None)
    behaviour = ChipBehaviour(extended_length=False)
    chip = EmrtdCard(
        files, can=CAN, mrz=MRZ, chip_auth=key, behaviour=behaviour, on_read=drop_session
    )
    result = read_emrtd(DirectConnection(chip), AccessKeys(can=CAN), FILES_READ, CA)
    assert result.chip_auth is not None and result.chip_auth.passed
    assert chip.chip_auth_runs == 2 and result.files == expected(files)


def test_a_chip_answering_with_a_nonce_and_token_is_not_judged() -> None:
    chip, files = ca_card(chip_auth_fault=CaFault.VERSION_2)
    result = read_emrtd(DirectConnection(chip), AccessKeys(can=CAN), FILES_READ, CA)
    assert result.chip_auth is not None and result.chip_auth.status is ChipAuthStatus.UNUSABLE
    assert result.files == expected(files)  # read again under PACE keys


def test_only_version_1_is_offered() -> None:
    key = chip_auth_private_key(CaKind.ECDH_AES128)
    version_2 = der.sequence(der.oid(CaKind.ECDH_AES128.value), der.integer(2))
    dg14 = encode_dg14(key, None, ca_info=False)
    with_v2 = der.tlv(0x6E, der.tlv(0x31, _set_content(dg14) + version_2))
    with pytest.raises(ChipAuthError):
        chip_auth_options(with_v2)
    version_1 = der.sequence(der.oid(CaKind.ECDH_AES128.value), der.integer(1))
    both = der.tlv(0x6E, der.tlv(0x31, _set_content(dg14) + version_2 + version_1))
    assert [o.protocol.name for o in chip_auth_options(both)] == ["id-CA-ECDH-AES-CBC-CMAC-128"]


def _set_content(dg14: bytes) -> bytes:
    """The SecurityInfos inside DG14's SET."""
    return ber.decode(dg14).children()[0].value


def test_an_unusable_dg14_does_not_stop_the_read() -> None:
    files = stand_in_files(dg2_size=3_000)  # DG14 is filler bytes
    chip = EmrtdCard(files, can=CAN, mrz=MRZ)
    result = read_emrtd(DirectConnection(chip), AccessKeys(can=CAN), FILES_READ, CA)
    assert result.chip_auth is not None and result.chip_auth.status is ChipAuthStatus.UNUSABLE
    assert result.files == expected(files)


def test_without_the_option_nothing_changes() -> None:
    chip, files = ca_card()
    result = read_emrtd(DirectConnection(chip), AccessKeys(can=CAN), FILES_READ)
    assert result.chip_auth is None and chip.chip_auth_runs == 0
    assert result.files == expected(files)


def test_the_chip_refuses_ca_outside_secure_messaging_and_with_a_wrong_oid() -> None:
    chip, _ = ca_card()
    connection = DirectConnection(chip)
    assert connection.transmit(h("00A4040C07A0000002471001")).ok
    plain = connection.transmit(h("002241A40C800A04007F00070202030202")).sw
    assert plain == 0x6A86  # Set AT for CA before any session: not accepted
    assert emrtd_ca._objects(h("8001")) is None
