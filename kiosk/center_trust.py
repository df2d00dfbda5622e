"""Which certificate authority the kiosk trusts for the center's TLS.

A province's center often has a certificate from its own CA, not a public
one. The technician gives that CA once, at enrollment (``kiosk center enroll
--ca FILE``); the kiosk keeps a copy beside its keys and trusts it for every
upload and heartbeat after. ``[center] ca_file`` in ``kiosk.toml``, when set,
wins over the kept copy.
"""

from __future__ import annotations

from pathlib import Path

from cryptography import x509

from kiosk.config import Config
from kiosk.errors import KioskError
from offline_queue.durable import AtomicFile, storage_error

CENTER_CA_FILE = "center-ca.pem"


def center_ca_file(config: Config, state_dir: Path | None = None) -> Path | None:
    """The PEM that vouches for the center, or ``None`` (the system's trust store)."""
    if config.center.ca_file is not None:
        return config.center.ca_file
    kept = (state_dir or config.paths.state_dir) / "keys" / CENTER_CA_FILE
    return kept if kept.is_file() else None


def read_ca_file(path: Path) -> bytes:
    """The PEM bytes of ``path``, checked to hold at least one certificate."""
    fix = "give --ca the PEM file of the CA that signed the center's certificate"
    try:
        pem = path.read_bytes()
    except OSError as exc:
        raise KioskError(f"The CA file {path} cannot be read ({exc.strerror})", fix) from exc
    try:
        x509.load_pem_x509_certificates(pem)
    except ValueError as exc:
        raise KioskError(f"The CA file {path} holds no PEM certificate", fix) from exc
    return pem


def keep_ca_file(pem: bytes, keys_dir: Path) -> Path:
    """Keep ``pem`` as ``<keys_dir>/center-ca.pem`` (atomically); return its path."""
    try:
        keys_dir.mkdir(parents=True, exist_ok=True)
        with AtomicFile(keys_dir) as file:
            file.write(pem)
            return file.commit(CENTER_CA_FILE)
    except OSError as exc:
        raise storage_error(exc, "the center's CA file") from exc
