"""Secure messaging, chip side, for the simulated CCCD (ICAO 9303-11 §9.8).

Written apart from the reader's ``drivers.card.icao.sm`` on purpose: the two
share only the primitives of ``drivers.card.icao.crypto``, which the worked
examples pin, so that one cannot hide a mistake of the other. The chip opens
protected commands (``open_command``) and seals its answers (``seal``).
"""

from __future__ import annotations

import hmac
from dataclasses import dataclass, field

from drivers.card.apdu import CommandApdu, ResponseApdu
from drivers.card.icao import crypto
from drivers.card.icao.crypto import CipherKind


class SmViolation(Exception):
    """A protected command the chip must reject (6987/6988) and then leave secure messaging."""

    def __init__(self, sw: int) -> None:
        super().__init__(f"secure messaging violation {sw:04X}")
        self.sw = sw


MISSING_OBJECTS = 0x6987
WRONG_OBJECTS = 0x6988


def _objects(data: bytes) -> list[tuple[int, bytes, bytes]]:
    """(tag, value, encoding) of each one-byte-tag object; SmViolation on any fault."""
    found = []
    i = 0
    while i < len(data):
        start, tag = i, data[i]
        if i + 1 >= len(data):
            raise SmViolation(WRONG_OBJECTS)
        length, i = data[i + 1], i + 2
        if length & 0x80:
            count = length & 0x7F
            if not 1 <= count <= 3 or i + count > len(data):
                raise SmViolation(WRONG_OBJECTS)
            length, i = int.from_bytes(data[i : i + count], "big"), i + count
        if i + length > len(data):
            raise SmViolation(WRONG_OBJECTS)
        found.append((tag, data[i : i + length], data[start : i + length]))
        i += length
    return found


def _object(tag: int, value: bytes) -> bytes:
    n = len(value)
    if n < 0x80:
        size = bytes((n,))
    elif n < 0x100:
        size = bytes((0x81, n))
    elif n < 0x10000:
        size = b"\x82" + n.to_bytes(2, "big")
    else:
        size = b"\x83" + n.to_bytes(3, "big")
    return bytes((tag,)) + size + value


@dataclass
class ChipSession:
    """The chip's half of one secure-messaging session."""

    cipher: CipherKind
    k_enc: bytes = field(repr=False)
    k_mac: bytes = field(repr=False)
    ssc: int = 0

    @property
    def block(self) -> int:
        return 8 if self.cipher is CipherKind.TDES else 16

    def _next(self) -> bytes:
        self.ssc = (self.ssc + 1) & ((1 << (8 * self.block)) - 1)
        return self.ssc.to_bytes(self.block, "big")

    def _authenticator(self, counter: bytes, covered: bytes) -> bytes:
        padded = crypto.pad(counter + covered, self.block)
        if self.cipher is CipherKind.TDES:
            return crypto.retail_mac(self.k_mac, padded)
        return crypto.aes_cmac(self.k_mac, padded)[:8]

    def _cbc(self, counter: bytes, data: bytes, *, encrypt: bool) -> bytes:
        if self.cipher is CipherKind.TDES:
            run = crypto.tdes_cbc_encrypt if encrypt else crypto.tdes_cbc_decrypt
            return run(self.k_enc, data, bytes(8))
        iv = crypto.aes_encrypt_block(self.k_enc, counter)
        run = crypto.aes_cbc_encrypt if encrypt else crypto.aes_cbc_decrypt
        return run(self.k_enc, data, iv)

    def open_command(self, command: CommandApdu) -> CommandApdu:
        """The plain command inside a protected one; SmViolation if it fails any check."""
        counter = self._next()
        objects = _objects(command.data)
        if not objects or objects[-1][0] != 0x8E:
            raise SmViolation(MISSING_OBJECTS)
        *covered, (_, mac, _) = objects
        header = bytes((command.cla, command.ins, command.p1, command.p2))
        expected = self._authenticator(
            counter, crypto.pad(header, self.block) + b"".join(raw for _, _, raw in covered)
        )
        if not hmac.compare_digest(expected, mac):
            raise SmViolation(WRONG_OBJECTS)
        data, ne = b"", None
        for tag, value, _ in covered:
            if tag == 0x87 and value[:1] == b"\x01":
                data = self._decrypt(counter, value[1:])
            elif tag == 0x85:
                data = self._decrypt(counter, value)
            elif tag == 0x97 and len(value) in (1, 2):
                ne = int.from_bytes(value, "big") or 256 ** len(value)
            else:
                raise SmViolation(WRONG_OBJECTS)
        return CommandApdu(
            command.cla & ~0x0C & 0xFF, command.ins, command.p1, command.p2, data, ne
        )

    def _decrypt(self, counter: bytes, cipher_text: bytes) -> bytes:
        if not cipher_text or len(cipher_text) % self.block:
            raise SmViolation(WRONG_OBJECTS)
        try:
            return crypto.unpad(self._cbc(counter, cipher_text, encrypt=False))
        except ValueError as exc:
            raise SmViolation(WRONG_OBJECTS) from exc

    def seal(
        self, response: ResponseApdu, *, odd_ins: bool = False, corrupt: bool = False
    ) -> ResponseApdu:
        """The protected answer: [DO'87'/'85'] DO'99' DO'8E', with the same status word."""
        counter = self._next()
        body = b""
        if response.data:
            cipher_text = self._cbc(counter, crypto.pad(response.data, self.block), encrypt=True)
            body += _object(0x85, cipher_text) if odd_ins else _object(0x87, b"\x01" + cipher_text)
        body += _object(0x99, response.sw.to_bytes(2, "big"))
        mac = self._authenticator(counter, body)
        if corrupt:
            mac = bytes((mac[0] ^ 0x01,)) + mac[1:]
        return ResponseApdu.status(response.sw, body + _object(0x8E, mac))

    @staticmethod
    def sealed_size(data_length: int, block: int) -> int:
        """Bytes of a sealed answer carrying ``data_length`` bytes of data (without SW)."""
        if not data_length:
            return 4 + 10
        padded = (data_length // block + 1) * block
        content = padded + 1
        size = 1 if content < 0x80 else 2 if content < 0x100 else 3 if content < 0x10000 else 4
        return 1 + size + content + 4 + 10
