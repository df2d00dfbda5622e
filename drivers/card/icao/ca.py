"""Chip authentication (ICAO 9303-11 §6.2; BSI TR-03110 CA version 1), reader side.

The chip's static key-agreement key is in DG14 (covered by the SOD). Over the
secure messaging of PACE or BAC the reader sends an ephemeral public key; both
sides compute K = KA(SK, PK), derive new session keys and restart secure
messaging with SSC 0. Only a chip holding DG14's private key can answer under
the new keys: that is the proof (a copy of the files cannot give it).

    3DES   MSE:Set KAT  00 22 41 A6  91 PK_IFD [84 keyId]           -> 9000
    AES    MSE:Set AT   00 22 41 A4  80 CA OID [84 keyId]           -> 9000
           GA           00 86 00 00  7C { 80 PK_IFD }  Le           -> 7C 00
    then   KS_enc = KDF(K, 1), KS_mac = KDF(K, 2) (the cipher and key length of the CA OID)
    check  READ BINARY of DG14 under the new keys: its MAC and its first bytes

K is the x coordinate of the ECDH point, or the DH value on the length of p.
DG14 parsing lives here (like PACEInfo in ``cardaccess``): the driver needs the
key to compute with. Curves are the standardized ones of ``curves``, named by
OID or given as explicit parameters; explicit parameters of any other curve
are refused rather than computed with. Nothing here logs keys or secrets.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

from cryptography.exceptions import UnsupportedAlgorithm
from cryptography.hazmat.primitives.asymmetric import ec as lib_ec
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from drivers.card.apdu import SHORT_NE_MAX, CommandApdu
from drivers.card.icao import crypto, ec, tlv
from drivers.card.icao.cardaccess import decode_oid, encode_oid
from drivers.card.icao.channel import ChipChannel
from drivers.card.icao.crypto import KDF_ENC, KDF_MAC, CipherKind
from drivers.card.icao.curves import CURVES, CURVES_BY_NAME, Curve
from drivers.card.icao.errors import SecureMessagingAborted, SecureMessagingError
from drivers.card.icao.sm import SecureMessaging, SessionKeys

Random = Callable[[int], bytes]
UNCOMPRESSED = PublicFormat.UncompressedPoint

ID_PK = "0.4.0.127.0.7.2.2.1"  # .1 DH, .2 ECDH: ChipAuthenticationPublicKeyInfo
ID_CA = "0.4.0.127.0.7.2.2.3"  # .1 DH, .2 ECDH; then .1 3DES, .2/.3/.4 AES-128/192/256
ID_EC_PUBLIC_KEY = "1.2.840.10045.2.1"
PRIME_FIELD = "1.2.840.10045.1.1"
DH_PUBLIC_NUMBER = "1.2.840.10046.2.1"  # X9.42 DomainParameters {p, g, q, …}
DH_KEY_AGREEMENT = "1.2.840.113549.1.3.1"  # PKCS #3 DHParameter {p, g, …}
NAMED_CURVES = {
    "1.2.840.10045.3.1.1": "secp192r1",
    "1.3.132.0.33": "secp224r1",
    "1.2.840.10045.3.1.7": "secp256r1",
    "1.3.132.0.34": "secp384r1",
    "1.3.132.0.35": "secp521r1",
    "1.3.36.3.3.2.8.1.1.3": "brainpoolP192r1",
    "1.3.36.3.3.2.8.1.1.5": "brainpoolP224r1",
    "1.3.36.3.3.2.8.1.1.7": "brainpoolP256r1",
    "1.3.36.3.3.2.8.1.1.9": "brainpoolP320r1",
    "1.3.36.3.3.2.8.1.1.11": "brainpoolP384r1",
    "1.3.36.3.3.2.8.1.1.13": "brainpoolP512r1",
}
_AGREEMENTS = {1: "DH", 2: "ECDH"}
_CIPHERS = {
    1: (CipherKind.TDES, 112),
    2: (CipherKind.AES, 128),
    3: (CipherKind.AES, 192),
    4: (CipherKind.AES, 256),
}
TAG_SET, TAG_SEQUENCE, TAG_OID, TAG_INTEGER = 0x31, 0x30, 0x06, 0x02
TAG_BIT_STRING, TAG_OCTET_STRING = 0x03, 0x04
INS_MSE, INS_GENERAL_AUTHENTICATE, INS_READ_BINARY, INS_SELECT = 0x22, 0x86, 0xB0, 0xA4
SET_AT, SET_KAT = 0xA4, 0xA6
CHECK_LENGTH = 8  # bytes of DG14 read back under the new keys


class ChipAuthError(ValueError):
    """DG14 holds no chip authentication this reader can run (malformed, unknown curve, …)."""


class ChipAuthStatus(StrEnum):
    """How chip authentication went."""

    PASSED = "passed"  # the chip answered under the new keys: it holds DG14's private key
    FAILED = "failed"  # it took our key but could not answer under the new keys: a copy
    REFUSED = "refused"  # it refused MSE or GENERAL AUTHENTICATE (a status word)
    UNUSABLE = "unusable"  # DG14 names CA in a form this reader does not run


@dataclass(frozen=True)
class CaProtocol:
    """One id-CA OID unpacked."""

    oid: str
    agreement: str  # "DH" or "ECDH"
    cipher: CipherKind
    key_bits: int

    @property
    def name(self) -> str:
        suffix = (
            "3DES-CBC-CBC" if self.cipher is CipherKind.TDES else f"AES-CBC-CMAC-{self.key_bits}"
        )
        return f"id-CA-{self.agreement}-{suffix}"


def ca_protocol(oid: str) -> CaProtocol | None:
    """The CA protocol named by ``oid`` (None: not an id-CA OID this module knows)."""
    if not oid.startswith(ID_CA + "."):
        return None
    arcs = oid[len(ID_CA) + 1 :].split(".")
    if len(arcs) != 2 or not all(arc.isdigit() for arc in arcs):
        return None
    agreement, cipher = _AGREEMENTS.get(int(arcs[0])), _CIPHERS.get(int(arcs[1]))
    if agreement is None or cipher is None:
        return None
    return CaProtocol(oid, agreement, cipher[0], cipher[1])


def ca_oid(agreement: str, cipher: CipherKind, key_bits: int) -> str:
    """The id-CA OID of ``agreement`` with ``cipher`` (inverse of :func:`ca_protocol`)."""
    first = next(k for k, v in _AGREEMENTS.items() if v == agreement)
    last = next(k for k, v in _CIPHERS.items() if v == (cipher, key_bits))
    return f"{ID_CA}.{first}.{last}"


# The largest of the DH groups ICAO 9303-11 and BSI TR-03110 standardize for eMRTDs
# (from RFC 5114: 1024/160, 2048/224 and 2048/256 bits). A chip's explicit group beyond
# them is refused: a hostile size would stall the kiosk in modular powers for seconds.
MAX_DH_BITS = 2048
MAX_DH_ORDER_BITS = 256


@dataclass(frozen=True)
class DhGroup:
    """Diffie-Hellman domain parameters: prime p, generator g, subgroup order q (0: unknown)."""

    p: int
    g: int
    q: int = 0

    @property
    def size(self) -> int:
        return (self.p.bit_length() + 7) // 8


@dataclass(frozen=True, repr=False)
class ChipAuthKey:
    """The chip's static public key from a ChipAuthenticationPublicKeyInfo."""

    agreement: str  # "ECDH" or "DH"
    public: bytes  # ECDH: the uncompressed point; DH: y on the length of p
    curve: Curve | None = None
    group: DhGroup | None = None
    key_id: int | None = None

    def __repr__(self) -> str:
        domain = (
            self.curve.name
            if self.curve
            else f"DH-{self.group.p.bit_length() if self.group else 0}"
        )
        return f"ChipAuthKey({self.agreement}, {domain}, key_id={self.key_id})"

    def ephemeral(self, rng: Random) -> tuple[int, bytes]:
        """A fresh key pair of the terminal on this key's domain: (private, encoded public)."""
        if self.curve is not None:
            private = ec.random_scalar(self.curve, rng)
            fast = _library_curve(self.curve)
            # Some OpenSSL builds leave a curve out (SECP192R1 in FIPS mode): then ``icao.ec``.
            if fast is not None:
                with contextlib.suppress(UnsupportedAlgorithm):
                    key = lib_ec.derive_private_key(private, fast)
                    return private, key.public_key().public_bytes(Encoding.X962, UNCOMPRESSED)
            point = ec.multiply(self.curve, private, ec.generator(self.curve))
            if point is None:  # cannot happen for 0 < k < n on a prime-order curve
                raise ChipAuthError("the ephemeral key is the point at infinity")
            return private, ec.encode_point(self.curve, point)
        group = self._group()
        limit = group.q or group.p - 1
        size = (limit.bit_length() + 7) // 8
        for _ in range(64):
            private = int.from_bytes(rng(size), "big") >> (8 * size - limit.bit_length())
            if 1 < private < limit:
                return private, pow(group.g, private, group.p).to_bytes(group.size, "big")
        raise ChipAuthError("the random source gave no usable DH exponent")

    def agree(self, private: int) -> bytes:
        """K = KA(private, the chip's public key): ECDH's x coordinate, or the DH value."""
        if self.curve is not None:
            fast = _library_curve(self.curve)
            if fast is not None:
                with contextlib.suppress(UnsupportedAlgorithm):
                    peer = lib_ec.EllipticCurvePublicKey.from_encoded_point(fast, self.public)
                    return lib_ec.derive_private_key(private, fast).exchange(lib_ec.ECDH(), peer)
            shared = ec.multiply(self.curve, private, ec.decode_point(self.curve, self.public))
            if shared is None:
                raise ChipAuthError("the shared point is the point at infinity")
            return shared[0].to_bytes(self.curve.size, "big")
        group = self._group()
        return pow(int.from_bytes(self.public, "big"), private, group.p).to_bytes(group.size, "big")

    def _group(self) -> DhGroup:
        if self.group is None:
            raise ChipAuthError("a DH key without domain parameters")
        return self.group


# Curves the ``cryptography`` library computes with (in C: ~1 ms against ~30 ms of
# ``icao.ec``'s Python); the others go through ``icao.ec``.
_LIBRARY_CURVES: dict[str, Callable[[], lib_ec.EllipticCurve]] = {
    "secp192r1": lib_ec.SECP192R1,
    "secp224r1": lib_ec.SECP224R1,
    "secp256r1": lib_ec.SECP256R1,
    "secp384r1": lib_ec.SECP384R1,
    "secp521r1": lib_ec.SECP521R1,
    "brainpoolP256r1": lib_ec.BrainpoolP256R1,
    "brainpoolP384r1": lib_ec.BrainpoolP384R1,
    "brainpoolP512r1": lib_ec.BrainpoolP512R1,
}
USE_LIBRARY = True  # False: every curve through ``icao.ec`` (the tests compare both)


def _library_curve(curve: Curve) -> lib_ec.EllipticCurve | None:
    make = _LIBRARY_CURVES.get(curve.name) if USE_LIBRARY else None
    return make() if make is not None else None


@dataclass(frozen=True)
class ChipAuthOption:
    """One way to run CA: the protocol (cipher) and the key it goes with."""

    protocol: CaProtocol
    key: ChipAuthKey
    send_key_id: bool = False  # the chip has several CA keys: name the one used


@dataclass(frozen=True, repr=False)
class ChipAuthExchange:
    """One chip authentication: how it went, with what, at what cost."""

    status: ChipAuthStatus
    protocol: str  # e.g. "id-CA-ECDH-AES-CBC-CMAC-128" ("" when DG14 offered nothing usable)
    sw: int = 0x9000  # the chip's refusal, when REFUSED
    apdu_count: int = 0
    seconds: float = 0.0

    @property
    def passed(self) -> bool:
        return self.status is ChipAuthStatus.PASSED

    def __repr__(self) -> str:
        return f"ChipAuthExchange({self.status.value}, {self.protocol or '-'}, sw={self.sw:04X})"


# -- DG14 ------------------------------------------------------------------------------


def chip_auth_options(dg14: bytes) -> list[ChipAuthOption]:
    """The CA this chip offers, best first; [] when DG14 names no CA at all.

    A ChipAuthenticationInfo names the protocol (and the key, by keyId, when
    there are several); a key without one means CA in 3DES (ICAO 9303-11 §9.2.5).
    Raises :class:`ChipAuthError` when DG14 names CA but in no form usable here.
    """
    infos, keys, unusable = _security_infos(dg14)
    if not keys:
        if infos or unusable:
            raise ChipAuthError("DG14 names chip authentication but holds no usable key")
        return []
    several = len(keys) + unusable > 1
    options: list[ChipAuthOption] = []
    for protocol, key_id in infos:
        for key in keys:
            if key.agreement == protocol.agreement and (key_id is None or key_id == key.key_id):
                options.append(ChipAuthOption(protocol, key, several and key.key_id is not None))
    if not infos:  # no ChipAuthenticationInfo: 3DES with each key
        for key in keys:
            implied = ca_protocol(ca_oid(key.agreement, CipherKind.TDES, 112))
            assert implied is not None
            options.append(ChipAuthOption(implied, key, several and key.key_id is not None))
    if not options:
        raise ChipAuthError("DG14's chip authentication protocols match none of its keys")
    # AES before 3DES, longer keys first; ECDH before DH (cheaper here): the chip's order otherwise.
    return sorted(
        options,
        key=lambda o: (
            o.protocol.cipher is CipherKind.TDES,
            -o.protocol.key_bits,
            o.key.agreement != "ECDH",
        ),
    )


def _security_infos(
    dg14: bytes,
) -> tuple[list[tuple[CaProtocol, int | None]], list[ChipAuthKey], int]:
    """(CA protocols with their keyId, CA keys this reader can use, count of keys it cannot)."""
    try:
        outer, _ = tlv.read_tlv(dg14)
        if outer.tag != 0x6E:
            raise ChipAuthError("DG14 does not start with tag 6E")
        infos = outer.children()
        if len(infos) != 1 or infos[0].tag != TAG_SET:
            raise ChipAuthError("DG14 holds no SET of SecurityInfos")
        protocols: list[tuple[CaProtocol, int | None]] = []
        keys: list[ChipAuthKey] = []
        unusable = other_versions = 0
        for info in infos[0].children():
            fields = info.children() if info.tag == TAG_SEQUENCE else []
            if len(fields) < 2 or fields[0].tag != TAG_OID:
                continue
            oid = decode_oid(fields[0].value)
            protocol = ca_protocol(oid)
            if protocol is not None and fields[1].tag == TAG_INTEGER:
                # Version 1 is ICAO's; TR-03110's version 2 (nonce and token) follows a
                # terminal authentication this kiosk does not run: not offered here.
                if _integer(fields[1]) == 1:
                    key_id = _integer(fields[2]) if len(fields) > 2 else None
                    protocols.append((protocol, key_id))
                else:
                    other_versions += 1
            elif oid in (f"{ID_PK}.1", f"{ID_PK}.2"):
                key_id = _integer(fields[2]) if len(fields) > 2 else None
                try:
                    keys.append(_public_key(fields[1], key_id))
                except (ChipAuthError, ec.PointError):
                    unusable += 1
        if other_versions and not protocols:
            raise ChipAuthError("DG14 offers chip authentication only in a version other than 1")
        return protocols, keys, unusable
    except tlv.TlvError as exc:
        raise ChipAuthError("DG14 is not well-formed") from exc


def _integer(element: tlv.Tlv) -> int:
    if element.tag != TAG_INTEGER or not element.value or len(element.value) > 8:
        raise ChipAuthError("DG14: an INTEGER was expected")
    return int.from_bytes(element.value, "big", signed=True)


def _big(element: tlv.Tlv) -> int:
    if element.tag != TAG_INTEGER or not element.value:
        raise ChipAuthError("DG14: an INTEGER was expected")
    return int.from_bytes(element.value, "big")


def _public_key(spki: tlv.Tlv, key_id: int | None) -> ChipAuthKey:
    """A SubjectPublicKeyInfo → the CA key (EC on a standard curve, or DH)."""
    parts = spki.children() if spki.tag == TAG_SEQUENCE else []
    if len(parts) != 2 or parts[0].tag != TAG_SEQUENCE or parts[1].tag != TAG_BIT_STRING:
        raise ChipAuthError("DG14: a SubjectPublicKeyInfo was expected")
    algorithm = parts[0].children()
    if not algorithm or algorithm[0].tag != TAG_OID or len(algorithm) < 2:
        raise ChipAuthError("DG14: the key's algorithm is missing")
    oid = decode_oid(algorithm[0].value)
    bits = parts[1].value
    if not bits or bits[0] != 0:
        raise ChipAuthError("DG14: the public key is not whole bytes")
    if oid in (ID_EC_PUBLIC_KEY, f"{ID_PK}.2"):
        curve = _curve(algorithm[1])
        ec.decode_point(curve, bits[1:])  # on the curve, or PointError
        return ChipAuthKey("ECDH", bits[1:], curve=curve, key_id=key_id)
    if oid in (DH_PUBLIC_NUMBER, DH_KEY_AGREEMENT, f"{ID_PK}.1"):
        group = _dh_group(algorithm[1], x942=oid != DH_KEY_AGREEMENT)
        y = _big(tlv.read_tlv(bits[1:])[0])
        if not 1 < y < group.p - 1 or (group.q and pow(y, group.q, group.p) != 1):
            raise ChipAuthError("DG14: the DH public key is not in the group")
        return ChipAuthKey("DH", y.to_bytes(group.size, "big"), group=group, key_id=key_id)
    raise ChipAuthError("DG14: the key's algorithm is neither EC nor DH")


def _curve(parameters: tlv.Tlv) -> Curve:
    """A named curve, or explicit parameters that are one of the standardized curves."""
    if parameters.tag == TAG_OID:
        name = NAMED_CURVES.get(decode_oid(parameters.value))
        if name is None:
            raise ChipAuthError("DG14: the key's curve is not a standardized one")
        return CURVES_BY_NAME[name]
    fields = parameters.children() if parameters.tag == TAG_SEQUENCE else []
    if len(fields) < 5:
        raise ChipAuthError("DG14: the key's curve parameters are incomplete")
    field_id, shape, base, order = fields[1].children(), fields[2].children(), fields[3], fields[4]
    if len(field_id) != 2 or decode_oid(field_id[0].value) != PRIME_FIELD or len(shape) < 2:
        raise ChipAuthError("DG14: the key's curve is not over a prime field")
    p, n = _big(field_id[1]), _big(order)
    a, b = (int.from_bytes(part.value, "big") for part in shape[:2])
    point = base.value if base.tag == TAG_OCTET_STRING else b""
    for curve in CURVES.values():
        if (curve.p, curve.a, curve.b, curve.n) != (p, a, b, n):
            continue
        if point[:1] == b"\x04" and ec.decode_point(curve, point) != ec.generator(curve):
            continue
        return curve
    raise ChipAuthError("DG14: the key's explicit curve is not a standardized one")


def _dh_group(parameters: tlv.Tlv, *, x942: bool) -> DhGroup:
    fields = parameters.children() if parameters.tag == TAG_SEQUENCE else []
    if len(fields) < 2:
        raise ChipAuthError("DG14: the DH parameters are incomplete")
    p, g = _big(fields[0]), _big(fields[1])
    q = _big(fields[2]) if x942 and len(fields) > 2 else 0
    if not 1024 <= p.bit_length() <= MAX_DH_BITS or not 1 < g < p - 1:
        raise ChipAuthError("DG14: the DH group is too small, too large or malformed")
    # The key check raises y to q mod p: a hostile q of p's size makes it cost seconds.
    if q.bit_length() > MAX_DH_ORDER_BITS:
        raise ChipAuthError("DG14: the DH subgroup order is implausibly large")
    return DhGroup(p, g, q)


# -- the exchange ----------------------------------------------------------------------


def chip_authenticate(
    channel: ChipChannel,
    option: ChipAuthOption,
    check: bytes,
    *,
    rng: Random,
    reselect: int | None = None,
) -> ChipAuthExchange:
    """Run CA over the channel's secure messaging, switch to the new keys and check them.

    ``check`` is the start of DG14 as read; it is read again (the file ``reselect``
    selected first, else the one selected now) under the new keys. PASSED: the
    answer's MAC holds and the bytes match. FAILED: it does not, and the channel
    is left aborted (the caller authenticates again). REFUSED: the chip said no
    to MSE or GENERAL AUTHENTICATE; the channel is as the chip left it.
    """
    if channel.sm is None:
        raise ValueError("chip authentication needs secure messaging (PACE or BAC) first")
    started, count = time.perf_counter(), channel.apdu_count
    protocol = option.protocol

    def outcome(status: ChipAuthStatus, sw: int = 0x9000) -> ChipAuthExchange:
        spent = time.perf_counter() - started
        return ChipAuthExchange(status, protocol.name, sw, channel.apdu_count - count, spent)

    private, public = option.key.ephemeral(rng)
    reference = tlv.encode(0x84, _key_id(option.key.key_id)) if option.send_key_id else b""
    try:
        if protocol.cipher is CipherKind.TDES:
            command = CommandApdu(0, INS_MSE, 0x41, SET_KAT, tlv.encode(0x91, public) + reference)
            sw = channel.send(command).sw
        else:
            command = CommandApdu(
                0, INS_MSE, 0x41, SET_AT, tlv.encode(0x80, encode_oid(protocol.oid)) + reference
            )
            sw = channel.send(command).sw
            if sw == 0x9000:
                data = tlv.encode(0x7C, tlv.encode(0x80, public))
                answer = channel.send(
                    CommandApdu(0, INS_GENERAL_AUTHENTICATE, 0, 0, data, SHORT_NE_MAX)
                )
                sw = answer.sw
                if answer.ok and answer.data not in (b"", b"\x7c\x00"):
                    # A nonce and token (CA version 2): keys this reader does not derive.
                    channel.sm.aborted = True
                    return outcome(ChipAuthStatus.UNUSABLE)
    except SecureMessagingAborted as exc:
        return outcome(ChipAuthStatus.REFUSED, exc.sw if exc.sw is not None else 0)
    if sw != 0x9000:
        return outcome(ChipAuthStatus.REFUSED, sw)
    secret = option.key.agree(private)
    cipher, bits = protocol.cipher, protocol.key_bits
    keys = SessionKeys(
        cipher,
        crypto.derive_key(secret, KDF_ENC, cipher, bits),
        crypto.derive_key(secret, KDF_MAC, cipher, bits),
        0,
    )
    channel.secure(SecureMessaging(keys))
    if _answers_under_new_keys(channel, check[:CHECK_LENGTH], reselect):
        return outcome(ChipAuthStatus.PASSED)
    if channel.sm is not None:
        channel.sm.aborted = True  # these keys are no use: the caller authenticates again
    return outcome(ChipAuthStatus.FAILED)


def _answers_under_new_keys(channel: ChipChannel, check: bytes, reselect: int | None) -> bool:
    try:
        if reselect is not None:
            channel.send(CommandApdu(0, INS_SELECT, 0x02, 0x0C, reselect.to_bytes(2, "big")))
        answer = channel.send(CommandApdu(0, INS_READ_BINARY, 0, 0, ne=len(check)))
    except SecureMessagingError:  # a bad MAC, or a plain status word: not the keys we derived
        return False
    # A sealed error status still proves the keys (its MAC holds); data, when given, must match.
    return not answer.ok or answer.data == check


def _key_id(key_id: int | None) -> bytes:
    value = key_id or 0
    return value.to_bytes(max(1, (value.bit_length() + 7) // 8), "big")
