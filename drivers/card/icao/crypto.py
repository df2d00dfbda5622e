"""The symmetric primitives of ICAO Doc 9303 Part 11, each pinned by a worked example.

Nothing here knows about APDUs: both the reader (``sm``, ``bac``, ``pace``) and
the simulated chip (``drivers.card.emrtd_*``) compose these primitives on their
own, so that a mistake in one composition cannot hide behind the other.

    pad / unpad              ISO/IEC 9797-1 padding method 2 (80 00 .. 00)
    tdes_*                   two-key 3DES in CBC mode, keys K1||K2 used as K1||K2||K1
    retail_mac               ISO/IEC 9797-1 MAC algorithm 3 with DES (the 3DES SM and BAC MAC)
    aes_*                    AES in CBC/ECB mode; AES-CMAC (the AES SM and PACE MAC)
    derive_key               the key derivation function of Part 11 §9.7.1
"""

from __future__ import annotations

import hashlib
from enum import StrEnum

from cryptography.hazmat.decrepit.ciphers.algorithms import TripleDES
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from cryptography.hazmat.primitives.cmac import CMAC

DES_BLOCK = 8
AES_BLOCK = 16

# Counters of the key derivation function (Part 11 §9.7.1).
KDF_ENC = 1
KDF_MAC = 2
KDF_PACE = 3


class CipherKind(StrEnum):
    """The two block ciphers of eMRTD secure messaging."""

    TDES = "3DES"
    AES = "AES"

    @property
    def block_size(self) -> int:
        return DES_BLOCK if self is CipherKind.TDES else AES_BLOCK


def pad(data: bytes, block: int) -> bytes:
    """ISO/IEC 9797-1 padding method 2: one 80, then 00s up to a whole block (always adds)."""
    filler = block - (len(data) + 1) % block
    return data + b"\x80" + bytes(filler % block)


def unpad(data: bytes) -> bytes:
    """Undo ``pad``; ValueError when the padding is not 80 00 .. 00 at the end."""
    stripped = data.rstrip(b"\x00")
    if not stripped or stripped[-1] != 0x80:
        raise ValueError("padding method 2 not found")
    return stripped[:-1]


# -- 3DES ---------------------------------------------------------------------


def adjust_des_parity(key: bytes) -> bytes:
    """Set the low bit of each byte so that it has an odd number of ones (DES key parity)."""
    return bytes((b & 0xFE) | ((bin(b & 0xFE).count("1") + 1) % 2) for b in key)


def _three_keys(key: bytes) -> bytes:
    # Two-key 3DES given as 24 bytes: cryptography warns on 16-byte keys, and
    # warnings are errors in our tests.
    if len(key) == 16:
        return key + key[:8]
    if len(key) == 24:
        return key
    raise ValueError(f"3DES keys are 16 or 24 bytes, not {len(key)}")


def tdes_cbc_encrypt(key: bytes, data: bytes, iv: bytes = bytes(DES_BLOCK)) -> bytes:
    """3DES-CBC of block-aligned ``data`` (no padding added)."""
    encryptor = Cipher(TripleDES(_three_keys(key)), modes.CBC(iv)).encryptor()
    return encryptor.update(data) + encryptor.finalize()


def tdes_cbc_decrypt(key: bytes, data: bytes, iv: bytes = bytes(DES_BLOCK)) -> bytes:
    """Inverse of ``tdes_cbc_encrypt``."""
    decryptor = Cipher(TripleDES(_three_keys(key)), modes.CBC(iv)).decryptor()
    return decryptor.update(data) + decryptor.finalize()


def retail_mac(key: bytes, data: bytes) -> bytes:
    """ISO/IEC 9797-1 MAC algorithm 3 (DES, output 8 bytes) over already padded ``data``.

    Single-DES CBC with K1 over every block, then the last block through
    D(K2) and E(K1): the same as 3DES (K1, K2, K1) on the last block chained
    with the single-DES CBC value of the blocks before it.
    """
    if not data or len(data) % DES_BLOCK:
        raise ValueError("retail MAC input must be whole 8-byte blocks (pad it first)")
    k1, k2 = key[:8], key[8:16]
    chained = bytes(DES_BLOCK)
    if len(data) > DES_BLOCK:
        chained = tdes_cbc_encrypt(k1 * 3, data[:-DES_BLOCK])[-DES_BLOCK:]
    return tdes_cbc_encrypt(k1 + k2 + k1, data[-DES_BLOCK:], chained)


# -- AES ----------------------------------------------------------------------


def aes_cbc_encrypt(key: bytes, data: bytes, iv: bytes = bytes(AES_BLOCK)) -> bytes:
    """AES-CBC of block-aligned ``data`` (no padding added)."""
    encryptor = Cipher(algorithms.AES(key), modes.CBC(iv)).encryptor()
    return encryptor.update(data) + encryptor.finalize()


def aes_cbc_decrypt(key: bytes, data: bytes, iv: bytes = bytes(AES_BLOCK)) -> bytes:
    """Inverse of ``aes_cbc_encrypt``."""
    decryptor = Cipher(algorithms.AES(key), modes.CBC(iv)).decryptor()
    return decryptor.update(data) + decryptor.finalize()


def aes_encrypt_block(key: bytes, block: bytes) -> bytes:
    """One AES block encryption (ECB): how AES secure messaging turns the SSC into an IV."""
    # One block, by definition (Part 11 §9.8.6.1): ECB is exactly what is specified.
    encryptor = Cipher(algorithms.AES(key), modes.ECB()).encryptor()  # noqa: S305
    return encryptor.update(block) + encryptor.finalize()


def aes_cmac(key: bytes, data: bytes) -> bytes:
    """AES-CMAC (NIST SP 800-38B), the full 16 bytes; eMRTDs keep the first 8."""
    mac = CMAC(algorithms.AES(key))
    mac.update(data)
    return mac.finalize()


# -- key derivation -----------------------------------------------------------


def derive_key(secret: bytes, counter: int, cipher: CipherKind, key_bits: int = 128) -> bytes:
    """KDF(K, c) of Part 11 §9.7.1: a hash of secret || counter (32-bit big-endian), cut.

    3DES and AES-128 use SHA-1 (3DES keys get DES parity); AES-192 and AES-256 use SHA-256.
    """
    data = secret + counter.to_bytes(4, "big")
    if cipher is CipherKind.TDES:
        return adjust_des_parity(hashlib.sha1(data).digest()[:16])  # noqa: S324 - mandated
    if key_bits == 128:
        return hashlib.sha1(data).digest()[:16]  # noqa: S324 - mandated by ICAO 9303-11
    if key_bits in (192, 256):
        return hashlib.sha256(data).digest()[: key_bits // 8]
    raise ValueError(f"no AES-{key_bits}")
