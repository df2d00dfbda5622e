"""The chip's side of BAC and PACE for the simulated CCCD.

Each responder answers the commands of one protocol and, on success, hands
over a ``ChipSession``. Like ``emrtd_sm``, this code shares with the reader only
the pinned primitives (``crypto``, ``ec``, ``keys``' MRZ information and KDF):
the message formats are parsed and built here on their own.
"""

from __future__ import annotations

import hmac
from collections.abc import Callable
from dataclasses import dataclass

from drivers.card.apdu import CommandApdu, ResponseApdu, StatusWord
from drivers.card.emrtd_sm import ChipSession
from drivers.card.icao import crypto, ec
from drivers.card.icao.cardaccess import Mapping, PaceInfo, encode_oid, protocol_oid
from drivers.card.icao.crypto import KDF_ENC, KDF_MAC, KDF_PACE, CipherKind
from drivers.card.icao.curves import CURVES, Curve
from drivers.card.icao.keys import MrzKey, bac_keys

Random = Callable[[int], bytes]
AUTHENTICATION_FAILED = 0x6300
CONDITIONS_NOT_SATISFIED = 0x6985
WRONG_DATA = 0x6A80
REFERENCE_NOT_FOUND = 0x6A88


def _status(sw: int, data: bytes = b"") -> ResponseApdu:
    return ResponseApdu.status(sw, data)


class BacResponder:
    """GET CHALLENGE and EXTERNAL AUTHENTICATE with the chip's MRZ keys (Part 11 §4.3)."""

    def __init__(self, mrz: MrzKey, rng: Random) -> None:
        self._k_enc, self._k_mac = bac_keys(mrz)
        self._rng = rng
        self._challenge: bytes | None = None

    def get_challenge(self, command: CommandApdu) -> ResponseApdu:
        if command.ne != 8 or command.data:
            return _status(StatusWord.WRONG_LENGTH)
        self._challenge = self._rng(8)
        return _status(StatusWord.NO_ERROR, self._challenge)

    def external_authenticate(
        self, command: CommandApdu
    ) -> tuple[ResponseApdu, ChipSession | None]:
        challenge, self._challenge = self._challenge, None  # one try per challenge
        if challenge is None:
            return _status(CONDITIONS_NOT_SATISFIED), None
        if len(command.data) != 40:
            return _status(StatusWord.WRONG_LENGTH), None
        e_ifd, m_ifd = command.data[:32], command.data[32:]
        expected = crypto.retail_mac(self._k_mac, crypto.pad(e_ifd, 8))
        if not hmac.compare_digest(expected, m_ifd):
            return _status(AUTHENTICATION_FAILED), None
        s = crypto.tdes_cbc_decrypt(self._k_enc, e_ifd)
        rnd_ifd, rnd_ic, k_ifd = s[:8], s[8:16], s[16:]
        if rnd_ic != challenge:
            return _status(AUTHENTICATION_FAILED), None
        k_ic = self._rng(16)
        e_ic = crypto.tdes_cbc_encrypt(self._k_enc, rnd_ic + rnd_ifd + k_ic)
        m_ic = crypto.retail_mac(self._k_mac, crypto.pad(e_ic, 8))
        seed = bytes(x ^ y for x, y in zip(k_ifd, k_ic, strict=True))
        session = ChipSession(
            CipherKind.TDES,
            crypto.derive_key(seed, KDF_ENC, CipherKind.TDES),
            crypto.derive_key(seed, KDF_MAC, CipherKind.TDES),
            int.from_bytes(rnd_ic[4:] + rnd_ifd[4:], "big"),
        )
        return _status(StatusWord.NO_ERROR, e_ic + m_ic), session


@dataclass(frozen=True)
class PaceConfig:
    """The one PACE the simulated chip offers: ECDH generic mapping on a standard curve."""

    parameter_id: int = 13  # brainpoolP256r1
    cipher: CipherKind = CipherKind.AES
    key_bits: int = 128

    def __post_init__(self) -> None:
        if self.parameter_id not in CURVES:
            raise ValueError(f"no standard curve with parameter id {self.parameter_id}")
        if (self.cipher is CipherKind.TDES) != (self.key_bits == 112):
            raise ValueError("3DES goes with 112-bit keys, AES with 128, 192 or 256")

    @property
    def info(self) -> PaceInfo:
        oid = protocol_oid("ECDH", Mapping.GENERIC, self.cipher, self.key_bits)
        return PaceInfo(oid, 2, self.parameter_id)


class PaceResponder:
    """MSE:Set AT and the four GENERAL AUTHENTICATE steps (Part 11 §4.4)."""

    def __init__(self, config: PaceConfig, can: str, mrz: MrzKey, rng: Random) -> None:
        self._config = config
        self._curve = CURVES[config.parameter_id]
        self._oid = encode_oid(config.info.oid)
        self._passwords = {1: mrz.seed(), 2: can.encode("latin-1")}
        self._rng = rng
        self.reset()

    def reset(self) -> None:
        self._password: bytes | None = None
        self._step = 0
        self._nonce = 0
        self._generator: ec.Point | None = None
        self._sk = 0
        self._pk = b""
        self._pk_ifd = b""
        self._secret = b""

    def set_at(self, command: CommandApdu) -> ResponseApdu:
        self.reset()
        fields = _simple_objects(command.data)
        if fields is None or fields.get(0x80) != self._oid:
            return _status(WRONG_DATA)
        reference = fields.get(0x83, b"")
        parameter = fields.get(0x84)
        if len(reference) != 1 or reference[0] not in self._passwords:
            return _status(REFERENCE_NOT_FOUND)
        if parameter is not None and parameter != bytes((self._config.parameter_id,)):
            return _status(REFERENCE_NOT_FOUND)
        self._password = self._passwords[reference[0]]
        self._step = 1
        return _status(StatusWord.NO_ERROR)

    def general_authenticate(self, command: CommandApdu) -> tuple[ResponseApdu, ChipSession | None]:
        """One step; a fault anywhere ends the run (a new MSE:Set AT starts again)."""
        outer = _simple_objects(command.data)
        content = None if outer is None or 0x7C not in outer else _simple_objects(outer[0x7C])
        if self._step == 0 or content is None:
            self.reset()
            return _status(CONDITIONS_NOT_SATISFIED), None
        try:
            return self._advance(content)
        except (ValueError, KeyError):  # a bad point, a missing object
            self.reset()
            return _status(WRONG_DATA), None

    def _advance(self, content: dict[int, bytes]) -> tuple[ResponseApdu, ChipSession | None]:
        curve, step = self._curve, self._step
        self._step += 1
        if step == 1 and not content:
            key = crypto.derive_key(
                self._password or b"", KDF_PACE, self._config.cipher, self._config.key_bits
            )
            nonce = self._rng(16)
            self._nonce = int.from_bytes(nonce, "big")
            encrypt = (
                crypto.tdes_cbc_encrypt
                if self._config.cipher is CipherKind.TDES
                else crypto.aes_cbc_encrypt
            )
            return self._answer(0x80, encrypt(key, nonce)), None
        if step == 2:
            pk_ifd = ec.decode_point(curve, content[0x81])
            sk = ec.random_scalar(curve, self._rng)
            pk = ec.encode_point(curve, _times(curve, sk, ec.generator(curve)))
            if pk == content[0x81]:
                raise ValueError("the terminal echoed the chip's mapping key")
            self._generator = ec.map_generator(curve, self._nonce, _times(curve, sk, pk_ifd))
            return self._answer(0x82, pk), None
        if step == 3 and self._generator is not None:
            self._pk_ifd = content[0x83]
            pk_ifd = ec.decode_point(curve, self._pk_ifd)
            self._sk = ec.random_scalar(curve, self._rng)
            self._pk = ec.encode_point(curve, _times(curve, self._sk, self._generator))
            if self._pk == self._pk_ifd:
                raise ValueError("the terminal echoed the chip's ephemeral key")
            self._secret = _times(curve, self._sk, pk_ifd)[0].to_bytes(curve.size, "big")
            return self._answer(0x84, self._pk), None
        if step == 4:
            return self._finish(content[0x85])
        raise ValueError("GENERAL AUTHENTICATE out of order")

    def _finish(self, token: bytes) -> tuple[ResponseApdu, ChipSession | None]:
        cipher, bits = self._config.cipher, self._config.key_bits
        k_enc = crypto.derive_key(self._secret, KDF_ENC, cipher, bits)
        k_mac = crypto.derive_key(self._secret, KDF_MAC, cipher, bits)
        expected = self._token(k_mac, self._pk)
        if not hmac.compare_digest(expected, token):
            self.reset()
            return _status(AUTHENTICATION_FAILED), None
        answer = self._answer(0x86, self._token(k_mac, self._pk_ifd))
        self.reset()
        return answer, ChipSession(cipher, k_enc, k_mac, 0)

    def _token(self, k_mac: bytes, public_key: bytes) -> bytes:
        """MAC over the public key data object 7F49 {06 OID, 86 key} (Part 11 §4.4.3.4)."""
        inner = bytes((0x06, len(self._oid))) + self._oid + b"\x86" + _length(public_key)
        data = b"\x7f\x49" + _length(inner + public_key) + inner + public_key
        if self._config.cipher is CipherKind.TDES:
            return crypto.retail_mac(k_mac, crypto.pad(data, 8))
        return crypto.aes_cmac(k_mac, data)[:8]

    @staticmethod
    def _answer(tag: int, value: bytes) -> ResponseApdu:
        inner = bytes((tag,)) + _length(value) + value
        return _status(StatusWord.NO_ERROR, b"\x7c" + _length(inner) + inner)


def _times(curve: Curve, k: int, point: ec.Point) -> ec.Point:
    result = ec.multiply(curve, k, point)
    if result is None:
        raise ValueError("point at infinity")
    return result


def _length(value: bytes) -> bytes:
    n = len(value)
    return (
        bytes((n,))
        if n < 0x80
        else bytes((0x81, n))
        if n < 0x100
        else b"\x82" + n.to_bytes(2, "big")
    )


def _simple_objects(data: bytes) -> dict[int, bytes] | None:
    """Objects with one-byte tags (0x7C, 0x80-0x86) and short or 81/82 lengths; None if broken."""
    found: dict[int, bytes] = {}
    i = 0
    while i < len(data):
        if i + 2 > len(data):
            return None
        tag, length, i = data[i], data[i + 1], i + 2
        if length in (0x81, 0x82):
            count = length - 0x80
            length, i = int.from_bytes(data[i : i + count], "big"), i + count
        elif length > 0x80:
            return None
        if i + length > len(data):
            return None
        found[tag] = data[i : i + length]
        i += length
    return found
