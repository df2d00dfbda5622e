"""Secure messaging, reader side (Part 11 §9.8): protect commands, check and open answers.

    command   CLA|0C INS P1 P2  Lc  [DO'87' or DO'85'] [DO'97'] DO'8E'  Le(00)
    answer    [DO'87' or DO'85'] [DO'99'] DO'8E'  SW1 SW2

Before each command and each answer the send sequence counter (SSC) goes up by
one; the MAC covers SSC || data, padded (ISO/IEC 9797-1 method 2). 3DES
(after BAC): zero IV, retail MAC. AES (after PACE): IV = E(KS_enc, SSC), CMAC
cut to 8 bytes. DO'8E' is found by walking the answer's data objects, never by
searching for its bytes: cipher text contains 8E 08 by chance.
"""

from __future__ import annotations

import hmac
from dataclasses import dataclass, field

from drivers.card.apdu import EXTENDED_NE_MAX, SHORT_NE_MAX, CommandApdu, ResponseApdu
from drivers.card.icao import crypto, tlv
from drivers.card.icao.crypto import CipherKind
from drivers.card.icao.errors import SecureMessagingError

MAC_LENGTH = 8
TAG_CRYPTOGRAM = 0x87  # padding indicator 01, then the cipher text
TAG_CRYPTOGRAM_ODD = 0x85  # for odd INS: cipher text only
TAG_LE = 0x97
TAG_STATUS = 0x99
TAG_MAC = 0x8E
PADDING_INDICATOR = 0x01
SM_CLA = 0x0C


@dataclass(repr=False)
class SessionKeys:
    """The result of BAC or PACE: cipher, session keys and the starting SSC."""

    cipher: CipherKind
    k_enc: bytes
    k_mac: bytes
    ssc: int = field(default=0)

    def __repr__(self) -> str:
        return f"SessionKeys({self.cipher.value}-{len(self.k_enc) * 8}, <redacted>)"


class SecureMessaging:
    """One secure-messaging session of the reader; ``wrap`` then ``unwrap`` for each exchange."""

    def __init__(self, keys: SessionKeys) -> None:
        self._cipher = keys.cipher
        self._k_enc = keys.k_enc
        self._k_mac = keys.k_mac
        self._block = keys.cipher.block_size
        self.ssc = keys.ssc
        self.aborted = False

    @property
    def cipher(self) -> CipherKind:
        return self._cipher

    # -- commands -------------------------------------------------------------

    def wrap(self, command: CommandApdu, *, extended: bool = False) -> CommandApdu:
        """The protected form of ``command``; ``extended`` asks for extended length fields."""
        if command.cla & SM_CLA:
            raise ValueError("the command is already protected")
        self._step()
        cla = command.cla | SM_CLA
        header = bytes((cla, command.ins, command.p1, command.p2))
        body = b""
        if command.data:
            cipher_text = self._encrypt(crypto.pad(command.data, self._block))
            if command.ins & 1:
                body += tlv.encode(TAG_CRYPTOGRAM_ODD, cipher_text)
            else:
                body += tlv.encode(TAG_CRYPTOGRAM, bytes((PADDING_INDICATOR,)) + cipher_text)
        long_le = command.ne is not None and (extended or command.ne > SHORT_NE_MAX)
        if command.ne is not None:
            size = 2 if long_le else 1
            body += tlv.encode(TAG_LE, (command.ne % (256**size)).to_bytes(size, "big"))
        mac = self._mac(crypto.pad(header, self._block) + body)
        body += tlv.encode(TAG_MAC, mac)
        use_extended = long_le or len(body) > 255
        return CommandApdu(
            cla,
            command.ins,
            command.p1,
            command.p2,
            body,
            EXTENDED_NE_MAX if use_extended else SHORT_NE_MAX,
            extended=use_extended,
        )

    # -- answers --------------------------------------------------------------

    def unwrap(self, response: ResponseApdu) -> ResponseApdu:
        """Check and open a protected answer.

        A bare status word with no data objects is how a chip reports an error it
        met before (or instead of) secure messaging: it is returned as it is, data-
        less, and the session is marked ``aborted`` (ICAO 9303-11: the chip leaves
        SM then). Anything else without a valid MAC raises ``SecureMessagingError``.
        """
        self._step()
        if not response.data:
            if response.ok:
                raise SecureMessagingError("The chip answered without secure messaging")
            self.aborted = True
            return response
        try:
            objects = list(tlv.iter_tlvs(response.data))
        except tlv.TlvError as exc:
            raise SecureMessagingError("The chip's protected answer is malformed") from exc
        if not objects or objects[-1].tag != TAG_MAC:
            raise SecureMessagingError("The chip's protected answer carries no MAC")
        covered = objects[:-1]
        if any(obj.tag == TAG_MAC for obj in covered):
            raise SecureMessagingError("The chip's protected answer has two MACs")
        expected = self._mac(b"".join(obj.raw for obj in covered))
        if not hmac.compare_digest(expected, objects[-1].value):
            raise SecureMessagingError("The chip's answer failed its integrity check (MAC)")
        return self._open(covered, response)

    def _open(self, objects: list[tlv.Tlv], response: ResponseApdu) -> ResponseApdu:
        data = b""
        status = response.sw
        for obj in objects:
            if obj.tag == TAG_CRYPTOGRAM:
                if not obj.value or obj.value[0] != PADDING_INDICATOR:
                    raise SecureMessagingError("Unknown padding indicator in the chip's answer")
                data = self._decrypt_padded(obj.value[1:])
            elif obj.tag == TAG_CRYPTOGRAM_ODD:
                data = self._decrypt_padded(obj.value)
            elif obj.tag == TAG_STATUS:
                if len(obj.value) != 2:
                    raise SecureMessagingError("Malformed status object in the chip's answer")
                status = int.from_bytes(obj.value, "big")
            else:
                raise SecureMessagingError(f"Unexpected object {obj.tag:X} in the chip's answer")
        return ResponseApdu.status(status, data)

    def _decrypt_padded(self, cipher_text: bytes) -> bytes:
        if not cipher_text or len(cipher_text) % self._block:
            raise SecureMessagingError("The chip's cipher text is not whole blocks")
        try:
            return crypto.unpad(self._decrypt(cipher_text))
        except ValueError as exc:
            raise SecureMessagingError("The chip's cipher text has no valid padding") from exc

    # -- the cipher suite -----------------------------------------------------

    def _step(self) -> None:
        self.ssc = (self.ssc + 1) % (1 << (8 * self._block))

    def _ssc_bytes(self) -> bytes:
        return self.ssc.to_bytes(self._block, "big")

    def _iv(self) -> bytes:
        if self._cipher is CipherKind.TDES:
            return bytes(crypto.DES_BLOCK)
        return crypto.aes_encrypt_block(self._k_enc, self._ssc_bytes())

    def _encrypt(self, data: bytes) -> bytes:
        if self._cipher is CipherKind.TDES:
            return crypto.tdes_cbc_encrypt(self._k_enc, data, self._iv())
        return crypto.aes_cbc_encrypt(self._k_enc, data, self._iv())

    def _decrypt(self, data: bytes) -> bytes:
        if self._cipher is CipherKind.TDES:
            return crypto.tdes_cbc_decrypt(self._k_enc, data, self._iv())
        return crypto.aes_cbc_decrypt(self._k_enc, data, self._iv())

    def _mac(self, data: bytes) -> bytes:
        message = crypto.pad(self._ssc_bytes() + data, self._block)
        if self._cipher is CipherKind.TDES:
            return crypto.retail_mac(self._k_mac, message)
        return crypto.aes_cmac(self._k_mac, message)[:MAC_LENGTH]
