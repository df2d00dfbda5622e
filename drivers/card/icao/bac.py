"""Basic Access Control, reader side (Part 11 §4.3 and Appendix D).

    GET CHALLENGE            -> RND.IC (8 bytes)
    EXTERNAL AUTHENTICATE    E_IFD || M_IFD  ->  E_IC || M_IC
        S = RND.IFD || RND.IC || K.IFD, E_IFD = 3DES(K_enc, S), M_IFD = MAC(K_mac, pad(E_IFD))
    session keys from K.IFD xor K.IC; SSC = RND.IC[4:8] || RND.IFD[4:8]

The applet must be selected first (plain). A chip that refuses the terminal's
cryptogram (6300, 6982, ...) is read as a wrong MRZ: the only secret here.
"""

from __future__ import annotations

import hmac
import os
from collections.abc import Callable

from drivers.card.apdu import CommandApdu
from drivers.card.icao import crypto
from drivers.card.icao.channel import ChipChannel
from drivers.card.icao.crypto import KDF_ENC, KDF_MAC, CipherKind
from drivers.card.icao.errors import ChipAccessDenied, ChipProtocolError
from drivers.card.icao.keys import MrzKey, bac_keys
from drivers.card.icao.sm import SessionKeys

INS_GET_CHALLENGE = 0x84
INS_EXTERNAL_AUTHENTICATE = 0x82
NONCE = 8
KEY_SEED = 16

Random = Callable[[int], bytes]


def authenticate_bac(channel: ChipChannel, mrz: MrzKey, rng: Random = os.urandom) -> SessionKeys:
    """Run BAC on the selected applet; the keys for 3DES secure messaging, or ChipAccessDenied.

    ``rng`` gives RND.IFD (8 bytes) then K.IFD (16 bytes): tests pass the worked example's.
    """
    k_enc, k_mac = bac_keys(mrz)
    challenge = channel.send(CommandApdu(0x00, INS_GET_CHALLENGE, 0, 0, ne=NONCE))
    if not challenge.ok or len(challenge.data) != NONCE:
        raise ChipProtocolError(f"The chip refused GET CHALLENGE (SW {challenge.sw:04X})")
    rnd_ic = challenge.data
    rnd_ifd, k_ifd = rng(NONCE), rng(KEY_SEED)
    cryptogram = crypto.tdes_cbc_encrypt(k_enc, rnd_ifd + rnd_ic + k_ifd)
    mac = crypto.retail_mac(k_mac, crypto.pad(cryptogram, crypto.DES_BLOCK))
    answer = channel.send(
        CommandApdu(0x00, INS_EXTERNAL_AUTHENTICATE, 0, 0, cryptogram + mac, ne=40)
    )
    if not answer.ok:
        raise ChipAccessDenied("MRZ", f"BAC refused, SW {answer.sw:04X}")
    if len(answer.data) != 40:
        raise ChipProtocolError("The chip's BAC answer has the wrong length")
    e_ic, m_ic = answer.data[:32], answer.data[32:]
    if not hmac.compare_digest(crypto.retail_mac(k_mac, crypto.pad(e_ic, crypto.DES_BLOCK)), m_ic):
        raise ChipProtocolError("The chip's BAC answer failed its MAC check")
    plain = crypto.tdes_cbc_decrypt(k_enc, e_ic)
    if plain[:8] != rnd_ic or plain[8:16] != rnd_ifd:
        raise ChipProtocolError("The chip's BAC answer does not return our challenge")
    return session_keys(k_ifd, plain[16:], rnd_ic, rnd_ifd)


def session_keys(k_ifd: bytes, k_ic: bytes, rnd_ic: bytes, rnd_ifd: bytes) -> SessionKeys:
    """KS_enc, KS_mac and the SSC after BAC (Part 11 §9.7.4 and §9.8.2)."""
    seed = bytes(a ^ b for a, b in zip(k_ifd, k_ic, strict=True))
    return SessionKeys(
        CipherKind.TDES,
        crypto.derive_key(seed, KDF_ENC, CipherKind.TDES),
        crypto.derive_key(seed, KDF_MAC, CipherKind.TDES),
        int.from_bytes(rnd_ic[4:] + rnd_ifd[4:], "big"),
    )
