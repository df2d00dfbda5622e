"""The center's sealing key: X25519, private, kept in a file only the center reads.

Kiosks seal dossiers to its public half (handed out at enrollment); the
8-byte key id in every seal header says which key opens it, so a center can
keep older keys to open dossiers sealed before a rotation.
"""

from __future__ import annotations

import base64
import os
from dataclasses import dataclass
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

from center.errors import StorageFault
from center.protocol import seal_key_id

SEALING_KEY_FILE = "center-sealing.pem"


@dataclass(frozen=True)
class SealingKey:
    """The private key and what kiosks are told about it."""

    private: X25519PrivateKey

    @property
    def public_raw(self) -> bytes:
        return self.private.public_key().public_bytes_raw()

    @property
    def key_id(self) -> bytes:
        return seal_key_id(self.public_raw)

    @property
    def public_b64(self) -> str:
        return base64.b64encode(self.public_raw).decode("ascii")

    @classmethod
    def generate(cls) -> SealingKey:
        return cls(X25519PrivateKey.generate())


def load_or_create(folder: Path) -> SealingKey:
    """The center's sealing key in ``folder`` (created, mode 0600, on first use)."""
    path = folder / SEALING_KEY_FILE
    try:
        if path.exists():
            key = serialization.load_pem_private_key(path.read_bytes(), password=None)
            if not isinstance(key, X25519PrivateKey):
                raise ValueError("not an X25519 key")
            return SealingKey(key)
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        sealing = SealingKey.generate()
        pem = sealing.private.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
        temp = path.with_suffix(".tmp")
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        try:
            os.write(fd, pem)
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(temp, path)
        return sealing
    except (OSError, ValueError) as exc:
        raise StorageFault(
            f"The center's sealing key {path} cannot be read or made ({exc})",
            "check the folder's owner and mode; never replace the key while kiosks hold it",
        ) from exc
