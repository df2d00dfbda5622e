"""ICAO Doc 9303 Part 11 (8th ed., 2021), Appendix G.1: PACE, generic mapping, ECDH on
brainpoolP256r1, AES-128, MRZ password (T22000129 / 640812 / 101031), byte for byte.

Every value is copied from the document (pages 103-111). The reader and the
simulated chip are each run against the published transcript on their own.
"""

from __future__ import annotations

from icao_support import ScriptedConnection, ScriptedRandom, h

from drivers.card.emrtd_auth import PaceConfig
from drivers.card.emrtd_card import EmrtdCard
from drivers.card.emrtd_sm import ChipSession
from drivers.card.icao import crypto, ec
from drivers.card.icao.cardaccess import encode_card_access, parse_card_access
from drivers.card.icao.channel import ChipChannel
from drivers.card.icao.crypto import CipherKind
from drivers.card.icao.curves import CURVES
from drivers.card.icao.keys import MrzKey
from drivers.card.icao.pace import PacePassword, auth_token, authenticate_pace
from drivers.card.softcard import DirectConnection

MRZ = MrzKey("T22000129", "640812", "101031")
K = "7E2D2A41 C74EA0B3 8CD36F86 3939BFA8 E9032AAD"
K_PI = "89DED1B2 6624EC1E 634C1989 302849DD"
PACE_INFO = "3012060A 04007F00 07020204 02020201 0202010D"
NONCE_S = "3F00C4D3 9D153F2B 2A214A07 8D899B22"
NONCE_Z = "95A3A016 522EE98D 01E76CB6 B98B42C3"
SK_MAP_IFD = "7F4EF07B 9EA82FD7 8AD689B3 8D0BC78C F21F249D 953BC46F 4C6E1925 9C010F99"
PK_MAP_IFD = (
    "04 7ACF3EFC 982EC455 65A4B155 129EFBC7 4650DCBF A6362D89 6FC70262 E0C2CC5E"
    "   544552DC B6725218 799115B5 5C9BAA6D 9F6BC3A9 618E70C2 5AF71777 A9C4922D"
)
SK_MAP_IC = "498FF497 56F2DC15 87840041 839A8598 2BE7761D 14715FB0 91EFA7BC E9058560"
PK_MAP_IC = (
    "04 824FBA91 C9CBE26B EF53A0EB E7342A3B F178CEA9 F45DE0B7 0AA60165 1FBA3F57"
    "   30D8C879 AAA9C9F7 3991E61B 58F4D52E B87A0A0C 709A49DC 63719363 CCD13C54"
)
H_POINT = (
    "04 60332EF2 450B5D24 7EF6D386 8397D398 852ED6E8 CAF6FFEE F6BF85CA 57057FD5"
    "   0840CA74 15BAF3E4 3BD414D3 5AA4608B 93A2CAF3 A4E3EA4E 82C9C13D 03EB7181"
)
MAPPED_G = (
    "04 8CED63C9 1426D4F0 EB1435E7 CB1D74A4 6723A0AF 21C89634 F65A9AE8 7A9265E2"
    "   8C879506 743F8611 AC33645C 5B985C80 B5F09A0B 83407C1B 6A4D857A E76FE522"
)
SK_DH_IFD = "A73FB703 AC1436A1 8E0CFA5A BB3F7BEC 7A070E7A 6788486B EE230C4A 22762595"
PK_DH_IFD = (
    "04 2DB7A64C 0355044E C9DF1905 14C625CB A2CEA487 54887122 F3A5EF0D 5EDD301C"
    "   3556F3B3 B186DF10 B857B58F 6A7EB80F 20BA5DC7 BE1D43D9 BF850149 FBB36462"
)
SK_DH_IC = "107CF586 96EF6155 053340FD 633392BA 81909DF7 B9706F22 6F32086C 7AFF974A"
PK_DH_IC = (
    "04 9E880F84 2905B8B3 181F7AF7 CAA9F0EF B743847F 44A306D2 D28C1D9E C65DF6DB"
    "   7764B222 77A2EDDC 3C265A9F 018F9CB8 52E111B7 68B32690 4B59A019 3776F094"
)
SHARED_SECRET = "28768D20 701247DA E81804C9 E780EDE5 82A9996D B4A31502 0B273319 7DB84925"
KS_ENC = "F5F0E35C 0D7161EE 6724EE51 3A0D9A7F"
KS_MAC = "FE251C78 58B356B2 4514B3BD 5F4297D1"
T_IFD_INPUT = "7F494F06 0A04007F 00070202 04020286 41" + PK_DH_IC
T_IC_INPUT = "7F494F06 0A04007F 00070202 04020286 41" + PK_DH_IFD
T_IFD = "C2B0BD78 D94BA866"
T_IC = "3ABB9674 BCE93C08"
TRANSCRIPT = [
    ("00 22 C1 A4 0F 80 0A 04 00 7F 00 07 02 02 04 02 02 83 01 01", "90 00"),
    ("10 86 00 00 02 7C 00 00", "7C 12 80 10" + NONCE_Z + "90 00"),
    ("10 86 00 00 45 7C 43 81 41" + PK_MAP_IFD + "00", "7C 43 82 41" + PK_MAP_IC + "90 00"),
    ("10 86 00 00 45 7C 43 83 41" + PK_DH_IFD + "00", "7C 43 84 41" + PK_DH_IC + "90 00"),
    ("00 86 00 00 0C 7C 0A 85 08" + T_IFD + "00", "7C 0A 86 08" + T_IC + "90 00"),
]
CURVE = CURVES[13]  # brainpoolP256r1


def scalar(text: str) -> int:
    return int.from_bytes(h(text), "big")


def test_password_key_and_nonce() -> None:
    assert MRZ.information() == "T22000129364081251010318"
    password = PacePassword.from_mrz(MRZ)
    assert password.value == h(K)
    info = parse_card_access(h("3114" + PACE_INFO))[0]
    assert info.protocol is not None
    assert password.key(info.protocol) == h(K_PI)
    assert crypto.aes_cbc_decrypt(h(K_PI), h(NONCE_Z)) == h(NONCE_S)
    assert crypto.aes_cbc_encrypt(h(K_PI), h(NONCE_S)) == h(NONCE_Z)


def test_pace_info_parses_and_encodes() -> None:
    info = parse_card_access(h("3114" + PACE_INFO))[0]
    assert (info.oid, info.version, info.parameter_id) == ("0.4.0.127.0.7.2.2.4.2.2", 2, 13)
    assert info.supported and info.curve is CURVE
    assert encode_card_access([info]) == h("3114" + PACE_INFO)
    assert encode_card_access([PaceConfig().info]) == h("3114" + PACE_INFO)


def test_generic_mapping_point_arithmetic() -> None:
    g = ec.generator(CURVE)
    pk_map_ifd = ec.multiply(CURVE, scalar(SK_MAP_IFD), g)
    pk_map_ic = ec.multiply(CURVE, scalar(SK_MAP_IC), g)
    assert pk_map_ifd is not None and pk_map_ic is not None
    assert ec.encode_point(CURVE, pk_map_ifd) == h(PK_MAP_IFD)
    assert ec.encode_point(CURVE, pk_map_ic) == h(PK_MAP_IC)
    shared = ec.multiply(CURVE, scalar(SK_MAP_IFD), ec.decode_point(CURVE, h(PK_MAP_IC)))
    assert shared == ec.multiply(CURVE, scalar(SK_MAP_IC), pk_map_ifd)
    assert shared is not None and ec.encode_point(CURVE, shared) == h(H_POINT)
    mapped = ec.map_generator(CURVE, scalar(NONCE_S), shared)
    assert ec.encode_point(CURVE, mapped) == h(MAPPED_G)


def test_key_agreement_session_keys_and_tokens() -> None:
    mapped = ec.decode_point(CURVE, h(MAPPED_G))
    pk_ifd = ec.multiply(CURVE, scalar(SK_DH_IFD), mapped)
    pk_ic = ec.multiply(CURVE, scalar(SK_DH_IC), mapped)
    assert pk_ifd is not None and pk_ic is not None
    assert ec.encode_point(CURVE, pk_ifd) == h(PK_DH_IFD)
    assert ec.encode_point(CURVE, pk_ic) == h(PK_DH_IC)
    secret = ec.multiply(CURVE, scalar(SK_DH_IFD), pk_ic)
    assert secret == ec.multiply(CURVE, scalar(SK_DH_IC), pk_ifd)
    assert secret is not None and secret[0].to_bytes(32, "big") == h(SHARED_SECRET)
    assert crypto.derive_key(h(SHARED_SECRET), 1, CipherKind.AES) == h(KS_ENC)
    assert crypto.derive_key(h(SHARED_SECRET), 2, CipherKind.AES) == h(KS_MAC)
    assert crypto.aes_cmac(h(KS_MAC), h(T_IFD_INPUT))[:8] == h(T_IFD)
    assert crypto.aes_cmac(h(KS_MAC), h(T_IC_INPUT))[:8] == h(T_IC)
    protocol = parse_card_access(h("3114" + PACE_INFO))[0].protocol
    assert protocol is not None
    assert auth_token(protocol, h(KS_MAC), h(PK_DH_IC)) == h(T_IFD)


def test_reader_runs_pace_exactly_as_published() -> None:
    connection = ScriptedConnection(TRANSCRIPT)
    info = parse_card_access(h("3114" + PACE_INFO))[0]
    keys = authenticate_pace(
        ChipChannel(connection),
        PacePassword.from_mrz(MRZ),
        info,
        rng=ScriptedRandom(SK_MAP_IFD, SK_DH_IFD),
    )
    assert connection.finished()
    assert (keys.cipher, keys.k_enc, keys.k_mac, keys.ssc) == (
        CipherKind.AES,
        h(KS_ENC),
        h(KS_MAC),
        0,
    )


def test_simulated_chip_answers_pace_exactly_as_published() -> None:
    card = EmrtdCard({}, can="000000", mrz=MRZ, rng=ScriptedRandom(NONCE_S, SK_MAP_IC, SK_DH_IC))
    connection = DirectConnection(card)
    assert connection.transmit(h("00A4020C02011C")).ok
    assert connection.transmit(h("00B0000000")).data == h("3114" + PACE_INFO)
    for command, response in TRANSCRIPT:
        assert connection.transmit(h(command)).to_bytes() == h(response)
    assert isinstance(card.session, ChipSession)
    assert (card.session.k_enc, card.session.k_mac, card.session.ssc) == (h(KS_ENC), h(KS_MAC), 0)
