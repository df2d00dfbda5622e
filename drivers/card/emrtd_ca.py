"""The chip's side of chip authentication for the simulated CCCD (ICAO 9303-11 §6.2).

Written apart from the reader's ``drivers.card.icao.ca``: the key agreement is
the ``cryptography`` library's (the reader computes with ``icao.ec`` or plain
``pow``), the KDF is the pinned ``crypto.derive_key``, and the messages are
parsed here on their own. The answer to the command that completes CA goes
out under the old session; the new one (SSC 0) takes over from the next.

    MSE:Set AT   00 22 41 A4  80 id-CA OID [84 keyId]   then GA 7C {80 PK}  -> 7C 00
    MSE:Set KAT  00 22 41 A6  91 PK [84 keyId]          (3DES)              -> 9000
"""

from __future__ import annotations

from dataclasses import dataclass

from cryptography.hazmat.primitives.asymmetric import ec

from drivers.card.apdu import CommandApdu, ResponseApdu, StatusWord
from drivers.card.emrtd_sm import ChipSession
from drivers.card.icao import crypto
from drivers.card.icao.ca import ca_protocol
from drivers.card.icao.cardaccess import decode_oid
from drivers.card.icao.crypto import KDF_ENC, KDF_MAC, CipherKind


@dataclass(frozen=True, repr=False)
class DhPrivateKey:
    """A DH key of the chip: group (p, g, q) and private exponent x.

    ``cryptography`` deprecates finite-field DH (and its warning is an error in
    our tests), so the chip computes DH with ``pow``; the reader does too, but
    its public value and shared secret are checked against each other here.
    """

    p: int
    g: int
    q: int
    x: int

    @property
    def y(self) -> int:
        return pow(self.g, self.x, self.p)

    @property
    def size(self) -> int:
        return (self.p.bit_length() + 7) // 8

    def with_other_exponent(self) -> DhPrivateKey:
        """Another key in the same group (what a copied chip would hold)."""
        return DhPrivateKey(self.p, self.g, self.q, (self.x * 7 + 3) % self.q or 2)


ChipAuthPrivateKey = ec.EllipticCurvePrivateKey | DhPrivateKey
WRONG_DATA = 0x6A80
REFERENCE_NOT_FOUND = 0x6A88
CONDITIONS_NOT_SATISFIED = 0x6985


@dataclass(frozen=True)
class _Pending:
    cipher: CipherKind
    key_bits: int


class ChipAuthResponder:
    """MSE:Set AT / Set KAT and GENERAL AUTHENTICATE of CA, with the chip's static key.

    ``key`` is the private half of DG14's public key; a copied chip is given
    another key on the same domain (it cannot have the original's).
    """

    def __init__(
        self, key: ChipAuthPrivateKey, key_id: int | None = None, *, version_2: bool = False
    ) -> None:
        self._key = key
        self._key_id = key_id
        self._version_2 = version_2  # answer GA with a nonce and a token (not ICAO's CA)
        self._pending: _Pending | None = None
        self.runs = 0  # CA completed (new keys handed over)

    def reset(self) -> None:
        self._pending = None

    @property
    def pending(self) -> bool:
        """Whether MSE:Set AT chose CA and GENERAL AUTHENTICATE is awaited."""
        return self._pending is not None

    def set_at(self, command: CommandApdu) -> ResponseApdu:
        """MSE:Set AT for CA: remember the cipher the OID names."""
        self._pending = None
        fields = _objects(command.data)
        if fields is None or 0x80 not in fields:
            return ResponseApdu.status(WRONG_DATA)
        try:
            protocol = ca_protocol(decode_oid(fields[0x80]))
        except ValueError:
            protocol = None
        if protocol is None or protocol.agreement != self._agreement:
            return ResponseApdu.status(REFERENCE_NOT_FOUND)
        if not self._key_matches(fields.get(0x84)):
            return ResponseApdu.status(REFERENCE_NOT_FOUND)
        self._pending = _Pending(protocol.cipher, protocol.key_bits)
        return ResponseApdu.status(StatusWord.NO_ERROR)

    def general_authenticate(self, command: CommandApdu) -> tuple[ResponseApdu, ChipSession | None]:
        """The terminal's ephemeral key; the answer 7C 00 and the session that follows it."""
        pending, self._pending = self._pending, None
        outer = _objects(command.data)
        inner = _objects(outer[0x7C]) if outer is not None and 0x7C in outer else None
        if pending is None or inner is None or 0x80 not in inner:
            return ResponseApdu.status(CONDITIONS_NOT_SATISFIED), None
        session = self._session(inner[0x80], pending.cipher, pending.key_bits)
        if session is None:
            return ResponseApdu.status(WRONG_DATA), None
        if self._version_2:  # the keys would come from the nonce too: not these
            answer = b"\x7c\x14\x81\x08" + bytes(8) + b"\x82\x08" + bytes(8)
            return ResponseApdu.status(StatusWord.NO_ERROR, answer), session
        return ResponseApdu.status(StatusWord.NO_ERROR, b"\x7c\x00"), session

    def set_kat(self, command: CommandApdu) -> tuple[ResponseApdu, ChipSession | None]:
        """MSE:Set KAT (3DES): the ephemeral key in 91, the new session at once."""
        self._pending = None
        fields = _objects(command.data)
        if fields is None or 0x91 not in fields:
            return ResponseApdu.status(WRONG_DATA), None
        if not self._key_matches(fields.get(0x84)):
            return ResponseApdu.status(REFERENCE_NOT_FOUND), None
        session = self._session(fields[0x91], CipherKind.TDES, 112)
        if session is None:
            return ResponseApdu.status(WRONG_DATA), None
        return ResponseApdu.status(StatusWord.NO_ERROR), session

    @property
    def _agreement(self) -> str:
        return "ECDH" if isinstance(self._key, ec.EllipticCurvePrivateKey) else "DH"

    def _key_matches(self, reference: bytes | None) -> bool:
        if reference is None:
            return True
        return self._key_id is not None and int.from_bytes(reference, "big") == self._key_id

    def _session(self, public: bytes, cipher: CipherKind, key_bits: int) -> ChipSession | None:
        secret = self._agree(public)
        if secret is None:
            return None
        self.runs += 1
        return ChipSession(
            cipher,
            crypto.derive_key(secret, KDF_ENC, cipher, key_bits),
            crypto.derive_key(secret, KDF_MAC, cipher, key_bits),
            0,
        )

    def _agree(self, public: bytes) -> bytes | None:
        key = self._key
        try:
            if isinstance(key, ec.EllipticCurvePrivateKey):
                peer = ec.EllipticCurvePublicKey.from_encoded_point(key.curve, public)
                return key.exchange(ec.ECDH(), peer)
        except ValueError:  # not a point on the curve
            return None
        y = int.from_bytes(public, "big")
        if len(public) != key.size or not 1 < y < key.p - 1 or pow(y, key.q, key.p) != 1:
            return None  # not an element of the group
        return pow(y, key.x, key.p).to_bytes(key.size, "big")


def _objects(data: bytes) -> dict[int, bytes] | None:
    """One-byte-tag objects with short or 81/82 lengths; None if the bytes are broken."""
    found: dict[int, bytes] = {}
    i = 0
    while i < len(data):
        if i + 2 > len(data):
            return None
        tag, length, i = data[i], data[i + 1], i + 2
        if length in (0x81, 0x82):
            count = length - 0x80
            if i + count > len(data):
                return None
            length, i = int.from_bytes(data[i : i + count], "big"), i + count
        elif length > 0x80:
            return None
        if i + length > len(data):
            return None
        found[tag] = data[i : i + length]
        i += length
    return found
