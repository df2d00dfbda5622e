"""EF.CardAccess: the SecurityInfos that say which PACE the chip offers (Part 11 §9.2).

    SecurityInfos ::= SET OF SecurityInfo
    PACEInfo      ::= SEQUENCE { protocol OID, version INTEGER (2), parameterId INTEGER OPTIONAL }

Other SecurityInfos (PACEDomainParameterInfo, ChipAuthenticationInfo, ...) are
skipped. ``encode_card_access`` builds the file for the simulated chip.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from drivers.card.icao import tlv
from drivers.card.icao.crypto import CipherKind
from drivers.card.icao.curves import CURVES, Curve

TAG_SET = 0x31
TAG_SEQUENCE = 0x30
TAG_OID = 0x06
TAG_INTEGER = 0x02

ID_PACE = "0.4.0.127.0.7.2.2.4"
_MAX_ARC_BYTES = 20  # a UUID arc (2.25.<128 bits>) takes 19


class Mapping(StrEnum):
    GENERIC = "GM"
    INTEGRATED = "IM"
    CHIP_AUTHENTICATION = "CAM"


@dataclass(frozen=True)
class PaceProtocol:
    """One PACE protocol OID unpacked: key agreement, mapping, cipher and key length."""

    oid: str
    agreement: str  # "DH" or "ECDH"
    mapping: Mapping
    cipher: CipherKind
    key_bits: int

    @property
    def name(self) -> str:
        if self.cipher is CipherKind.TDES:
            suffix = "3DES-CBC-CBC"
        else:
            suffix = f"AES-CBC-CMAC-{self.key_bits}"
        return f"id-PACE-{self.agreement}-{self.mapping.value}-{suffix}"

    @property
    def supported(self) -> bool:
        """What this reader implements: ECDH with generic mapping."""
        return self.agreement == "ECDH" and self.mapping is Mapping.GENERIC


# id-PACE arcs: .1 DH-GM, .2 ECDH-GM, .3 DH-IM, .4 ECDH-IM, .6 ECDH-CAM; then
# .1 3DES-CBC-CBC, .2/.3/.4 AES-CBC-CMAC-128/192/256 (Part 11 §9.2.1).
_FAMILIES = {
    1: ("DH", Mapping.GENERIC),
    2: ("ECDH", Mapping.GENERIC),
    3: ("DH", Mapping.INTEGRATED),
    4: ("ECDH", Mapping.INTEGRATED),
    6: ("ECDH", Mapping.CHIP_AUTHENTICATION),
}
_CIPHERS = {
    1: (CipherKind.TDES, 112),
    2: (CipherKind.AES, 128),
    3: (CipherKind.AES, 192),
    4: (CipherKind.AES, 256),
}


def pace_protocol(oid: str) -> PaceProtocol | None:
    """The PACE protocol named by ``oid``, or None when it is not a known PACE OID."""
    if not oid.startswith(ID_PACE + "."):
        return None
    arcs = oid[len(ID_PACE) + 1 :].split(".")
    if len(arcs) != 2 or not all(arc.isdigit() for arc in arcs):
        return None
    family = _FAMILIES.get(int(arcs[0]))
    cipher = _CIPHERS.get(int(arcs[1]))
    if family is None or cipher is None:
        return None
    return PaceProtocol(oid, family[0], family[1], cipher[0], cipher[1])


def protocol_oid(agreement: str, mapping: Mapping, cipher: CipherKind, key_bits: int) -> str:
    """The OID of a PACE protocol (inverse of ``pace_protocol``)."""
    family = next(k for k, v in _FAMILIES.items() if v == (agreement, mapping))
    last = next(k for k, v in _CIPHERS.items() if v == (cipher, key_bits))
    return f"{ID_PACE}.{family}.{last}"


@dataclass(frozen=True)
class PaceInfo:
    """One PACEInfo of EF.CardAccess."""

    oid: str
    version: int
    parameter_id: int | None

    @property
    def protocol(self) -> PaceProtocol | None:
        return pace_protocol(self.oid)

    @property
    def curve(self) -> Curve | None:
        """The standardized curve of ``parameter_id`` (None: DH group or proprietary)."""
        return CURVES.get(self.parameter_id) if self.parameter_id is not None else None

    @property
    def supported(self) -> bool:
        protocol = self.protocol
        return (
            protocol is not None
            and protocol.supported
            and self.version == 2
            and self.curve is not None
        )

    def describe(self) -> str:
        protocol = self.protocol
        name = protocol.name if protocol else self.oid
        return f"{name} (parameters {self.parameter_id})"


def parse_card_access(data: bytes) -> list[PaceInfo]:
    """Every PACEInfo in EF.CardAccess, in the chip's order; TlvError if the file is malformed."""
    outer, _ = tlv.read_tlv(data)
    if outer.tag != TAG_SET:
        raise tlv.TlvError("EF.CardAccess does not start with a SET")
    infos = []
    for info in outer.children():
        if info.tag != TAG_SEQUENCE:
            continue
        fields = info.children()
        if len(fields) < 2 or fields[0].tag != TAG_OID:
            continue
        oid = decode_oid(fields[0].value)
        if pace_protocol(oid) is None or fields[1].tag != TAG_INTEGER:
            continue  # another SecurityInfo (PACEDomainParameterInfo, ChipAuthenticationInfo...)
        parameter = None
        if len(fields) > 2 and fields[2].tag == TAG_INTEGER:
            parameter = _integer(fields[2].value)
        infos.append(PaceInfo(oid, _integer(fields[1].value), parameter))
    return infos


def encode_card_access(infos: Iterable[PaceInfo]) -> bytes:
    """EF.CardAccess holding ``infos`` (DER, in the given order)."""
    body = b""
    for info in infos:
        fields = tlv.encode(TAG_OID, encode_oid(info.oid)) + tlv.encode(
            TAG_INTEGER, _encode_integer(info.version)
        )
        if info.parameter_id is not None:
            fields += tlv.encode(TAG_INTEGER, _encode_integer(info.parameter_id))
        body += tlv.encode(TAG_SEQUENCE, fields)
    return tlv.encode(TAG_SET, body)


def encode_oid(oid: str) -> bytes:
    """The content octets of an OBJECT IDENTIFIER (no tag, no length)."""
    arcs = [int(arc) for arc in oid.split(".")]
    if len(arcs) < 2:
        raise ValueError("an OID has at least two arcs")
    out = bytearray()
    for arc in [arcs[0] * 40 + arcs[1], *arcs[2:]]:
        chunk = [arc & 0x7F]
        rest = arc >> 7
        while rest:
            chunk.append(0x80 | (rest & 0x7F))
            rest >>= 7
        out += bytes(reversed(chunk))
    return bytes(out)


def decode_oid(content: bytes) -> str:
    """Dotted text of OID content octets; TlvError when they do not end a sub-identifier."""
    if not content or content[-1] & 0x80:
        raise tlv.TlvError("malformed OBJECT IDENTIFIER")
    values, current, groups = [], 0, 0
    for byte in content:
        groups += 1
        if groups > _MAX_ARC_BYTES:  # its decimal form could exceed what str(int) converts
            raise tlv.TlvError("OBJECT IDENTIFIER arc too long")
        current = (current << 7) | (byte & 0x7F)
        if not byte & 0x80:
            values.append(current)
            current, groups = 0, 0
    first = min(values[0] // 40, 2)
    return ".".join(str(arc) for arc in (first, values[0] - 40 * first, *values[1:]))


def _integer(content: bytes) -> int:
    if not content or len(content) > 8:
        raise tlv.TlvError("INTEGER of unexpected size")
    return int.from_bytes(content, "big", signed=True)


def _encode_integer(value: int) -> bytes:
    return value.to_bytes(value.bit_length() // 8 + 1, "big", signed=True)
