"""ICAO Doc 9303 Part 11 (8th ed., 2021), Appendix D: the BAC worked example, byte for byte.

Every value below is copied from the document (pages 87-95), not computed by
our code: the reader and the simulated chip are each held to it separately.
"""

from __future__ import annotations

import hashlib

from icao_support import ScriptedConnection, ScriptedRandom, h

from drivers.card.apdu import CommandApdu, ResponseApdu
from drivers.card.emrtd_card import EmrtdCard
from drivers.card.emrtd_sm import ChipSession
from drivers.card.icao import crypto
from drivers.card.icao.bac import authenticate_bac
from drivers.card.icao.channel import ChipChannel
from drivers.card.icao.crypto import CipherKind
from drivers.card.icao.keys import MrzKey, bac_keys, check_digit
from drivers.card.icao.sm import SecureMessaging, SessionKeys
from drivers.card.softcard import DirectConnection

# D.2: TD1, document number of 9 characters.
MRZ = MrzKey("L898902C<", "690806", "940623")
MRZ_INFORMATION = "L898902C<369080619406236"
SHA1_OF_MRZ_INFORMATION = "239AB9CB282DAF66231DC5A4DF6BFBAEDF477565"
K_SEED = "239AB9CB282DAF66231DC5A4DF6BFBAE"
K_ENC = "AB94FDECF2674FDFB9B391F85D7F76F2"
K_MAC = "7962D9ECE03D1ACD4C76089DCE131543"
# D.3
RND_IC = "4608F91988702212"
RND_IFD = "781723860C06C226"
K_IFD = "0B795240CB7049B01C19B33E32804F0B"
S = "781723860C06C2264608F91988702212 0B795240CB7049B01C19B33E32804F0B"
E_IFD = "72C29C2371CC9BDB65B779B8E8D37B29 ECC154AA56A8799FAE2F498F76ED92F2"
M_IFD = "5F1448EEA8AD90A7"
K_IC = "0B4F80323EB3191CB04970CB4052790B"
SESSION_SEED = "0036D272F5C350ACAC50C3F572D23600"
KS_ENC = "979EC13B1CBFE9DCD01AB0FED307EAE5"
KS_MAC = "F1CB1F1FB5ADF208806B89DC579DC1F8"
SSC = "887022120C06C226"
R = "4608F91988702212781723860C06C226 0B4F80323EB3191CB04970CB4052790B"
E_IC = "46B9342A41396CD7386BF5803104D7CE DC122B9132139BAF2EEDC94EE178534F"
M_IC = "2F2D235D074D7449"
GET_CHALLENGE = ("0084000008", RND_IC + "9000")
EXTERNAL_AUTHENTICATE = ("0082000028" + E_IFD + M_IFD + "28", E_IC + M_IC + "9000")
# D.4: SELECT EF.COM, READ BINARY of 4 bytes, then of the remaining 18.
D4_EXCHANGES = [
    ("00A4020C02011E", "0CA4020C158709016375432908C044F68E08BF8B92D635FF24F800",
     "990290008E08FA855A5D4C50A8ED9000", ""),
    ("00B0000004", "0CB000000D9701048E08ED6705417E96BA5500",
     "8709019FF0EC34F9922651990290008E08AD55CC17140B2DED9000", "60145F01"),
    ("00B0000412", "0CB000040D9701128E082EA28A70F3C7B53500",
     "871901FB9235F4E4037F2327DCC8964F1F9B8C30F42C8E2FFF224A990290008E08C8B2787EAEA07D749000",
     "04303130365F36063034303030305C026175"),
]  # fmt: skip
EF_COM = "60145F0104303130365F36063034303030305C026175"
SELECT_APPLET = ("00A4040C07A0000002471001", "9000")


def test_d1_key_derivation_with_parity() -> None:
    seed = h(K_SEED)
    assert hashlib.sha1(seed + h("00000001")).hexdigest().upper() == (
        "AB94FCEDF2664EDFB9B291F85D7F77F27F2F4A9D"
    )
    assert crypto.adjust_des_parity(h("AB94FCEDF2664EDF B9B291F85D7F77F2")) == h(K_ENC)
    assert crypto.derive_key(seed, 1, CipherKind.TDES) == h(K_ENC)
    assert hashlib.sha1(seed + h("00000002")).hexdigest().upper() == (
        "7862D9ECE03C1BCD4D77089DCF131442814EA70A"
    )
    assert crypto.derive_key(seed, 2, CipherKind.TDES) == h("7962D9ECE03D1ACD 4C76089DCE131543")


def test_d2_mrz_information_and_basic_access_keys() -> None:
    assert [check_digit(f) for f in ("L898902C<", "690806", "940623")] == ["3", "1", "6"]
    assert MRZ.information() == MRZ_INFORMATION
    assert MRZ.seed() == h(SHA1_OF_MRZ_INFORMATION)
    assert bac_keys(MRZ) == (h(K_ENC), h(K_MAC))
    # D.2, document number longer than 9 characters (TD1 and TD2 alike).
    assert MrzKey("D23145890734", "340712", "950712").information() == (
        "D23145890734934071279507122"
    )


def test_d3_terminal_cryptogram_and_chip_answer() -> None:
    assert crypto.tdes_cbc_encrypt(h(K_ENC), h(S)) == h(E_IFD)
    assert crypto.retail_mac(h(K_MAC), crypto.pad(h(E_IFD), 8)) == h(M_IFD)
    assert crypto.tdes_cbc_decrypt(h(K_ENC), h(E_IC)) == h(R)
    assert crypto.retail_mac(h(K_MAC), crypto.pad(h(E_IC), 8)) == h(M_IC)
    seed = bytes(a ^ b for a, b in zip(h(K_IFD), h(K_IC), strict=True))
    assert seed == h(SESSION_SEED)
    assert crypto.derive_key(seed, 1, CipherKind.TDES) == h(KS_ENC)
    assert crypto.derive_key(seed, 2, CipherKind.TDES) == h(KS_MAC)


def test_d3_reader_runs_bac_exactly_as_published() -> None:
    connection = ScriptedConnection([GET_CHALLENGE, EXTERNAL_AUTHENTICATE])
    keys = authenticate_bac(ChipChannel(connection), MRZ, ScriptedRandom(RND_IFD, K_IFD))
    assert connection.finished()
    assert (keys.cipher, keys.k_enc, keys.k_mac) == (CipherKind.TDES, h(KS_ENC), h(KS_MAC))
    assert keys.ssc == int(SSC, 16)


def test_d4_reader_secure_messaging_byte_for_byte() -> None:
    sm = SecureMessaging(SessionKeys(CipherKind.TDES, h(KS_ENC), h(KS_MAC), int(SSC, 16)))
    for plain, protected, response, data in D4_EXCHANGES:
        assert sm.wrap(CommandApdu.parse(h(plain))).to_bytes() == h(protected)
        opened = sm.unwrap(ResponseApdu.from_bytes(h(response)))
        assert (opened.sw, opened.data) == (0x9000, h(data))
    assert sm.ssc == 0x887022120C06C22C


def test_d4_intermediate_values() -> None:
    """The padded header, DO'87', the MAC inputs N and K and the checksums of D.4."""
    assert crypto.pad(h("0CA4020C"), 8) == h("0CA4020C80000000")
    assert crypto.pad(h("011E"), 8) == h("011E800000000000")
    assert crypto.tdes_cbc_encrypt(h(KS_ENC), h("011E800000000000")) == h("6375432908C044F6")
    macs = [
        ("887022120C06C2270CA4020C80000000 8709016375432908C044F68000000000", "BF8B92D635FF24F8"),
        ("887022120C06C2289902900080000000", "FA855A5D4C50A8ED"),
        ("887022120C06C2290CB00000 800000009701048000000000", "ED6705417E96BA55"),
        ("887022120C06C22A8709019F F0EC34F99226519902900080", "AD55CC17140B2DED"),
        ("887022120C06C22B0CB00004 800000009701128000000000", "2EA28A70F3C7B535"),
    ]
    for n, cc in macs:
        assert crypto.retail_mac(h(KS_MAC), h(n)) == h(cc)
    k = h("887022120C06C22C871901FB9235F4E4037F2327DCC8964F1F9B8C30F42C8E2FFF224A99029000")
    assert crypto.retail_mac(h(KS_MAC), crypto.pad(k, 8)) == h("C8B2787EAEA07D74")


def test_simulated_chip_answers_d3_and_d4_exactly() -> None:
    """The chip side, held to the same transcript: its answers must be the published ones."""
    card = EmrtdCard({0x011E: h(EF_COM)}, can="123456", mrz=MRZ, rng=ScriptedRandom(RND_IC, K_IC))
    connection = DirectConnection(card)
    for command, response in [SELECT_APPLET, GET_CHALLENGE, EXTERNAL_AUTHENTICATE]:
        assert connection.transmit(h(command)).to_bytes() == h(response)
    assert isinstance(card.session, ChipSession)
    assert card.session.ssc == int(SSC, 16)
    for _, protected, response, _ in D4_EXCHANGES:
        assert connection.transmit(h(protected)).to_bytes() == h(response)
