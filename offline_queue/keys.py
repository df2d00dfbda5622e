"""The kiosk's own signing key and the center's sealing key, on disk.

Created once, at enrollment. The kiosk key (Ed25519, PKCS#8 PEM, mode 0600)
signs every request and every sealed dossier; the center key file holds the
center's X25519 public key that dossiers are sealed to. Neither file holds
personal data. Losing the kiosk key means re-enrolling; the center revokes
the old one.
"""

from __future__ import annotations

import base64
import json
import os
from dataclasses import dataclass
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PublicKey

from center.protocol import EnrollReply, seal_key_id
from offline_queue.durable import AtomicFile, storage_error
from offline_queue.errors import NotEnrolled, OutboxError

KIOSK_KEY_FILE = "kiosk-signing.pem"
CENTER_KEY_FILE = "center-sealing.json"


@dataclass(frozen=True)
class KeyPaths:
    """Where the two key files live (kiosk.toml ``[center] kiosk_key``, ``public_key``)."""

    kiosk_key: Path
    center_key: Path

    @classmethod
    def in_dir(cls, folder: Path) -> KeyPaths:
        """The default places: ``<state_dir>/keys/...``."""
        return cls(folder / KIOSK_KEY_FILE, folder / CENTER_KEY_FILE)


@dataclass(frozen=True)
class CenterKey:
    """The center's sealing key as the kiosk keeps it."""

    public_key: X25519PublicKey
    key_id: bytes
    agency_code: str

    @property
    def raw(self) -> bytes:
        return self.public_key.public_bytes_raw()

    @classmethod
    def from_reply(cls, reply: EnrollReply) -> CenterKey:
        """Check the enrollment reply's key against its id and keep it."""
        try:
            raw = base64.b64decode(reply.sealing_public_key, validate=True)
            key = X25519PublicKey.from_public_bytes(raw)
        except ValueError as exc:
            raise OutboxError(
                "The center sent a sealing key that is not an X25519 key",
                "check that the URL points at the center, then enroll again",
            ) from exc
        if seal_key_id(raw).hex() != reply.sealing_key_id:
            raise OutboxError(
                "The center's sealing key does not match its key id",
                "enroll again; if it persists, tell the center's operators",
            )
        return cls(key, bytes.fromhex(reply.sealing_key_id), reply.agency_code)


def public_key_b64(key: Ed25519PrivateKey) -> str:
    """The kiosk's public key as sent at enrollment."""
    return base64.b64encode(key.public_key().public_bytes_raw()).decode("ascii")


def _write_private(path: Path, data: bytes, what: str) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        with AtomicFile(path.parent) as out:
            out.write(data)
            out.commit(path.name)
    except OSError as exc:
        raise storage_error(exc, what) from exc


def store_kiosk_key(path: Path, key: Ed25519PrivateKey) -> None:
    """Keep the kiosk's signing key (mode 0600), replacing an older one."""
    pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    _write_private(path, pem, "the kiosk key")


def load_kiosk_key(path: Path) -> Ed25519PrivateKey:
    """The kiosk's signing key; :class:`NotEnrolled` when there is none."""
    try:
        key = serialization.load_pem_private_key(path.read_bytes(), password=None)
    except FileNotFoundError:
        raise NotEnrolled(f"the kiosk key {path}") from None
    except (OSError, ValueError) as exc:
        raise OutboxError(
            f"The kiosk key {path} cannot be read",
            "check its owner and mode (0600, the kiosk user), or enroll again",
        ) from exc
    if not isinstance(key, Ed25519PrivateKey):
        raise OutboxError(f"The kiosk key {path} is not an Ed25519 key", "enroll again")
    return key


def save_center_key(path: Path, key: CenterKey) -> None:
    """Keep the center's sealing key (public: mode 0600 anyway, it is ours to trust)."""
    document = {
        "sealing_public_key": base64.b64encode(key.raw).decode("ascii"),
        "sealing_key_id": key.key_id.hex(),
        "agency_code": key.agency_code,
    }
    _write_private(path, json.dumps(document, indent=2).encode("utf-8"), "the center key")


def load_center_key(path: Path) -> CenterKey:
    """The center's sealing key; :class:`NotEnrolled` when there is none."""
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
        reply = EnrollReply(kiosk_id="-", **document)
    except FileNotFoundError:
        raise NotEnrolled(f"the center key {path}") from None
    except (OSError, ValueError, TypeError) as exc:
        raise OutboxError(
            f"The center key file {path} is damaged", "enroll the kiosk again"
        ) from exc
    return CenterKey.from_reply(reply)


def key_files_present(paths: KeyPaths) -> bool:
    """Whether this kiosk looks enrolled (both files there)."""
    return all(os.path.exists(p) for p in (paths.kiosk_key, paths.center_key))
