"""PACE with generic mapping over ECDH, reader side (Part 11 §4.4 and Appendix G.1).

    MSE:Set AT            80 protocol OID, 83 password (01 MRZ, 02 CAN) [, 84 parameter id]
    GA 1   7C 00          -> 80 z                z = E(K_pi, s), s the chip's nonce
    GA 2   81 PK_map,IFD  -> 82 PK_map,IC        H = SK_map,IFD · PK_map,IC; G' = s·G + H
    GA 3   83 PK_DH,IFD   -> 84 PK_DH,IC         K = x(SK_DH,IFD · PK_DH,IC), on G'
    GA 4   85 T_IFD       -> 86 T_IC             T = MAC(KS_mac, 7F49 {06 OID, 86 other's PK})

GA 1-3 carry the command-chaining bit (CLA 10). Secure messaging then starts
with SSC 0. A chip that refuses the terminal's token (GA 4) has a different
password: that is the one outcome reported as a wrong key.
"""

from __future__ import annotations

import hmac
import os
from collections.abc import Callable
from dataclasses import dataclass

from drivers.card.apdu import SHORT_NE_MAX, CommandApdu, ResponseApdu
from drivers.card.icao import crypto, ec, tlv
from drivers.card.icao.cardaccess import PaceInfo, PaceProtocol, encode_oid
from drivers.card.icao.channel import ChipChannel
from drivers.card.icao.crypto import KDF_ENC, KDF_MAC, KDF_PACE, CipherKind
from drivers.card.icao.curves import Curve
from drivers.card.icao.errors import (
    ChipAccessDenied,
    ChipProtocolError,
    KeyKind,
    UnsupportedProtocol,
)
from drivers.card.icao.keys import MrzKey
from drivers.card.icao.sm import SessionKeys

INS_MSE = 0x22
INS_GENERAL_AUTHENTICATE = 0x86
CLA_CHAINING = 0x10
TAG_DYNAMIC_AUTH = 0x7C
TAG_PUBLIC_KEY = 0x7F49
PASSWORD_REFERENCE = {"MRZ": 0x01, "CAN": 0x02}

Random = Callable[[int], bytes]


@dataclass(frozen=True, repr=False)
class PacePassword:
    """The PACE password after f(): the CAN as text, or SHA-1 of the MRZ information."""

    kind: KeyKind
    value: bytes

    @classmethod
    def from_can(cls, can: str) -> PacePassword:
        return cls("CAN", can.encode("latin-1"))

    @classmethod
    def from_mrz(cls, mrz: MrzKey) -> PacePassword:
        return cls("MRZ", mrz.seed())

    def key(self, protocol: PaceProtocol) -> bytes:
        """K_pi = KDF(f(password), 3) (Part 11 §9.7.3)."""
        return crypto.derive_key(self.value, KDF_PACE, protocol.cipher, protocol.key_bits)

    def __repr__(self) -> str:
        return f"PacePassword({self.kind}, <redacted>)"


def authenticate_pace(
    channel: ChipChannel,
    password: PacePassword,
    info: PaceInfo,
    *,
    send_parameter_id: bool = False,
    rng: Random = os.urandom,
) -> SessionKeys:
    """Run PACE; the session keys, or ChipAccessDenied / UnsupportedProtocol / ChipProtocolError.

    ``rng`` gives SK_map,IFD then SK_DH,IFD: tests pass the worked example's.
    """
    protocol, curve = info.protocol, info.curve
    if protocol is None or not protocol.supported or curve is None:
        raise UnsupportedProtocol(
            f"The chip offers PACE as {info.describe()}, which this kiosk does not support",
            "read the card with the MRZ data (BAC) instead",
        )
    oid = encode_oid(protocol.oid)
    set_at = tlv.encode(0x80, oid) + tlv.encode(0x83, bytes((PASSWORD_REFERENCE[password.kind],)))
    if send_parameter_id and info.parameter_id is not None:
        set_at += tlv.encode(0x84, bytes((info.parameter_id,)))
    answer = channel.send(CommandApdu(0x00, INS_MSE, 0xC1, 0xA4, set_at))
    if not answer.ok:
        raise UnsupportedProtocol(
            f"The chip refused to start PACE (SW {answer.sw:04X})",
            "read the card with the MRZ data (BAC) instead",
        )
    encrypted_nonce = _step(channel, 0x80, b"", chained=True)
    nonce = _decrypt_nonce(password.key(protocol), protocol.cipher, encrypted_nonce)
    mapped = _map(channel, curve, nonce, rng)
    secret, pk_ifd, pk_ic = _agree(channel, curve, mapped, rng)
    k_enc = crypto.derive_key(secret, KDF_ENC, protocol.cipher, protocol.key_bits)
    k_mac = crypto.derive_key(secret, KDF_MAC, protocol.cipher, protocol.key_bits)
    token = auth_token(protocol, k_mac, pk_ic)
    answer = channel.send(_general_authenticate(tlv.encode(0x85, token), chained=False))
    if not answer.ok:
        raise ChipAccessDenied(password.kind, f"PACE refused, SW {answer.sw:04X}")
    chip_token = _object(answer, 0x86)
    if not hmac.compare_digest(chip_token, auth_token(protocol, k_mac, pk_ifd)):
        raise ChipProtocolError("The chip's PACE token is wrong")
    return SessionKeys(protocol.cipher, k_enc, k_mac, 0)


def auth_token(protocol: PaceProtocol, k_mac: bytes, public_key: bytes) -> bytes:
    """T = MAC(KS_mac, 7F49 {06 OID, 86 public key}) cut to 8 bytes (Part 11 §4.4.3.4)."""
    data = tlv.encode(
        TAG_PUBLIC_KEY, tlv.encode(0x06, encode_oid(protocol.oid)) + tlv.encode(0x86, public_key)
    )
    if protocol.cipher is CipherKind.TDES:
        return crypto.retail_mac(k_mac, crypto.pad(data, crypto.DES_BLOCK))
    return crypto.aes_cmac(k_mac, data)[:8]


def _decrypt_nonce(k_pi: bytes, cipher: CipherKind, encrypted: bytes) -> int:
    if not encrypted or len(encrypted) % cipher.block_size:
        raise ChipProtocolError("The chip's PACE nonce is not whole cipher blocks")
    if cipher is CipherKind.TDES:
        return int.from_bytes(crypto.tdes_cbc_decrypt(k_pi, encrypted), "big")
    return int.from_bytes(crypto.aes_cbc_decrypt(k_pi, encrypted), "big")


def _map(channel: ChipChannel, curve: Curve, nonce: int, rng: Random) -> ec.Point:
    """GA 2: exchange the mapping keys and compute G' = s·G + H."""
    sk_map = ec.random_scalar(curve, rng)
    pk_map = _public(curve, sk_map, ec.generator(curve))
    chip_pk_map = _point(curve, _step(channel, 0x82, tlv.encode(0x81, pk_map), chained=True))
    shared = ec.multiply(curve, sk_map, chip_pk_map)
    if shared is None or ec.encode_point(curve, chip_pk_map) == pk_map:
        raise ChipProtocolError("The chip's PACE mapping key is not acceptable")
    try:
        return ec.map_generator(curve, nonce, shared)
    except ec.PointError as exc:
        raise ChipProtocolError("PACE mapping gave no usable generator") from exc


def _agree(
    channel: ChipChannel, curve: Curve, mapped: ec.Point, rng: Random
) -> tuple[bytes, bytes, bytes]:
    """GA 3: ephemeral keys on G'; (shared secret x, our public key, the chip's public key)."""
    sk = ec.random_scalar(curve, rng)
    pk = _public(curve, sk, mapped)
    chip_pk_bytes = _step(channel, 0x84, tlv.encode(0x83, pk), chained=True)
    chip_pk = _point(curve, chip_pk_bytes)
    shared = ec.multiply(curve, sk, chip_pk)
    if shared is None or chip_pk_bytes == pk:
        raise ChipProtocolError("The chip's PACE ephemeral key is not acceptable")
    return shared[0].to_bytes(curve.size, "big"), pk, chip_pk_bytes


def _public(curve: Curve, sk: int, base: ec.Point) -> bytes:
    point = ec.multiply(curve, sk, base)
    if point is None:  # cannot happen for 0 < sk < n on a prime-order group
        raise ChipProtocolError("PACE produced the point at infinity")
    return ec.encode_point(curve, point)


def _point(curve: Curve, data: bytes) -> ec.Point:
    try:
        return ec.decode_point(curve, data)
    except ec.PointError as exc:
        raise ChipProtocolError("The chip sent a PACE public key not on the curve") from exc


def _general_authenticate(content: bytes, *, chained: bool) -> CommandApdu:
    cla = CLA_CHAINING if chained else 0x00
    return CommandApdu(
        cla, INS_GENERAL_AUTHENTICATE, 0, 0, tlv.encode(TAG_DYNAMIC_AUTH, content), SHORT_NE_MAX
    )


def _step(channel: ChipChannel, answer_tag: int, content: bytes, *, chained: bool) -> bytes:
    answer = channel.send(_general_authenticate(content, chained=chained))
    if not answer.ok:
        raise ChipProtocolError(f"The chip stopped PACE (SW {answer.sw:04X})")
    return _object(answer, answer_tag)


def _object(answer: ResponseApdu, tag: int) -> bytes:
    """The value of ``tag`` inside the dynamic authentication data 7C of ``answer``."""
    try:
        outer, end = tlv.read_tlv(answer.data)
        if outer.tag != TAG_DYNAMIC_AUTH or end != len(answer.data):
            raise tlv.TlvError("not dynamic authentication data")
        found = tlv.find(outer.value, tag)
    except tlv.TlvError as exc:
        raise ChipProtocolError("The chip's PACE answer is malformed") from exc
    if found is None:
        raise ChipProtocolError(f"The chip's PACE answer lacks object {tag:02X}")
    return found.value
