"""Exporting sealed dossiers to a bundle a technician carries to the center.

When a kiosk has been offline for long (a broken line, a remote commune), a
technician runs ``kiosk queue export /media/usb/KIOSK-01.tar``: an
uncompressed tar with ``bundle.json`` (:class:`center.protocol.BundleManifest`)
and ``sealed/<sha256>.seal`` for every dossier not yet acknowledged. The
envelopes are the sealed, signed files themselves, so the stick carries no
readable personal data and the center checks each one exactly as if it had
been uploaded (``kiosk center import``). Exporting changes nothing in the
outbox: the kiosk goes on syncing, and the center answers those uploads with
the official codes the import assigned (same idempotency keys, no duplicates).
"""

from __future__ import annotations

import io
import tarfile
from datetime import UTC, datetime
from pathlib import Path

from center.protocol import BUNDLE_MANIFEST, BundleEntry, BundleManifest
from offline_queue.durable import AtomicFile, no_space, storage_error
from offline_queue.errors import OutboxError
from offline_queue.outbox import Outbox
from offline_queue.records import OutboxState

EXPORTED_STATES = frozenset({OutboxState.QUEUED, OutboxState.UPLOADING, OutboxState.HELD})


def export_bundle(outbox: Outbox, kiosk_id: str, target: Path) -> BundleManifest:
    """Write every unacknowledged dossier into the tar file ``target``; return its manifest."""
    entries = [
        BundleEntry(
            provisional_code=entry.provisional_code,
            idempotency_key=entry.idempotency_key,
            envelope_sha256=entry.envelope_sha256,
            size=entry.envelope_size,
            file=f"sealed/{entry.envelope_file}",
        )
        for entry in outbox.entries(EXPORTED_STATES)
    ]
    manifest = BundleManifest(kiosk_id=kiosk_id, created_at=datetime.now(UTC), entries=entries)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        with AtomicFile(target.parent) as out:
            with tarfile.open(fileobj=_Writer(out), mode="w|", format=tarfile.PAX_FORMAT) as tar:
                _add(tar, BUNDLE_MANIFEST, manifest.model_dump_json(indent=2).encode("utf-8"))
                for item in entries:
                    path = outbox.sealed_dir / Path(item.file).name
                    tar.add(path, arcname=item.file, recursive=False)
            out.commit(target.name)
    except OSError as exc:
        if no_space(exc):
            raise OutboxError(
                f"The bundle {target} does not fit: that disk is full (nothing was written)",
                "use a larger or emptier USB stick; the outbox is unchanged and goes on syncing",
            ) from exc
        raise storage_error(exc, f"the bundle {target}") from exc
    return manifest


def _add(tar: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mtime = int(datetime.now(UTC).timestamp())
    info.mode = 0o600
    tar.addfile(info, io.BytesIO(data))


class _Writer(io.RawIOBase):
    """A file object over :class:`AtomicFile` for ``tarfile``'s stream mode."""

    def __init__(self, out: AtomicFile) -> None:
        self._out = out

    def writable(self) -> bool:
        return True

    def write(self, data: object) -> int:
        view = memoryview(data)  # type: ignore[arg-type]  # tarfile writes bytes-like values
        self._out.write(view)
        return len(view)
