"""``kiosk center import``: sealed dossiers carried from a kiosk on a USB stick.

A kiosk offline for long exports its unacknowledged dossiers
(``kiosk queue export``, see ``offline_queue/bundle.py``). The center operator
imports the tar: each envelope goes through exactly the checks of an upload
(the kiosk must be enrolled and not revoked, its signature must verify, the
seal must open to the center's key, the papers must match) and is stored under
the kiosk's own idempotency key, so when the kiosk comes back online its
uploads are answered with the official codes assigned here, never stored
twice. Importing the same bundle again changes nothing.

The tar is read, never extracted: only the members the manifest names, as
regular files, within the protocol's size limits.
"""

from __future__ import annotations

import tarfile
from dataclasses import dataclass
from pathlib import Path

from pydantic import ValidationError

from center.errors import Refusal
from center.protocol import BUNDLE_MANIFEST, MAX_BODY_BYTES, BundleEntry, BundleManifest
from center.service import CenterService
from center.unseal import EnvelopeDigests

MAX_MANIFEST_BYTES = 64 * MAX_BODY_BYTES


@dataclass(frozen=True)
class ImportLine:
    """What happened to one dossier of the bundle."""

    provisional_code: str
    outcome: str  # "received", "already held" or "refused"
    official_code: str | None = None
    reason: str = ""


class BundleError(Exception):
    """The file is not a readable bundle; ``fix`` says what to do."""

    def __init__(self, message: str, fix: str) -> None:
        super().__init__(f"{message} — {fix}")
        self.message = message
        self.fix = fix


# A header with a huge size or offset makes tarfile raise ValueError or OverflowError,
# not a TarError: every one of these means "not a readable tar".
_DAMAGED_TAR = (OSError, tarfile.TarError, ValueError, OverflowError, EOFError)


def import_bundle(service: CenterService, path: Path) -> list[ImportLine]:
    """Import every dossier of the bundle at ``path``; one line per dossier."""
    try:
        with _open(path) as tar:
            manifest = _manifest(tar)
            kiosk = service.kiosk(manifest.kiosk_id)
            lines = []
            for entry in manifest.entries:
                if kiosk is None or kiosk.revoked:
                    state = "not enrolled" if kiosk is None else "revoked"
                    reason = f"kiosk {manifest.kiosk_id} is {state} at this center"
                    lines.append(ImportLine(entry.provisional_code, "refused", reason=reason))
                    continue
                lines.append(_import_one(service, tar, kiosk.kiosk_id, entry))
            return lines
    except (OSError, tarfile.TarError) as exc:
        raise _unreadable(path, exc) from exc


def _open(path: Path) -> tarfile.TarFile:
    """The tar at ``path`` with every member's header read: a damaged one is refused now."""
    try:
        tar = tarfile.open(path, mode="r:")  # noqa: SIM115 - the caller's ``with`` closes it
    except _DAMAGED_TAR as exc:
        raise _unreadable(path, exc) from exc
    try:
        tar.getmembers()
    except _DAMAGED_TAR as exc:
        tar.close()
        raise _unreadable(path, exc) from exc
    return tar


def _unreadable(path: Path, exc: BaseException) -> BundleError:
    return BundleError(
        f"{path} is not a readable bundle ({type(exc).__name__})",
        "copy it again from the kiosk (kiosk queue export)",
    )


def _manifest(tar: tarfile.TarFile) -> BundleManifest:
    data = _member(tar, BUNDLE_MANIFEST, MAX_MANIFEST_BYTES)
    try:
        return BundleManifest.model_validate_json(data)
    except ValidationError as exc:
        raise BundleError(
            "The bundle's manifest is not valid", "export it again with this kiosk version"
        ) from exc


def _member(tar: tarfile.TarFile, name: str, limit: int) -> bytes:
    try:
        info = tar.getmember(name)
    except KeyError:
        raise BundleError(f"The bundle has no {name}", "export it again from the kiosk") from None
    if not info.isfile() or info.size > limit:
        raise BundleError(f"{name} in the bundle is not a plain file within limits", "re-export")
    handle = tar.extractfile(info)
    if handle is None:
        raise BundleError(f"{name} cannot be read from the bundle", "re-export")
    with handle:
        return handle.read()


def _import_one(
    service: CenterService, tar: tarfile.TarFile, kiosk_id: str, entry: BundleEntry
) -> ImportLine:
    code = entry.provisional_code
    try:
        envelope = _member(tar, entry.file, entry.size)
    except BundleError as exc:
        return ImportLine(code, "refused", reason=exc.message)
    # One pass over the envelope for the manifest's SHA-256 and the seal's digests.
    digests = EnvelopeDigests.of(envelope)
    if len(envelope) != entry.size or digests.full != entry.envelope_sha256:
        return ImportLine(code, "refused", reason="the file does not match the manifest")
    before = service.dossier_status(code)
    kiosk = service.kiosk(kiosk_id)
    assert kiosk is not None
    try:
        reply = service.ingest.receive_whole(kiosk, entry.idempotency_key, code, envelope, digests)
    except Refusal as exc:
        return ImportLine(code, "refused", reason=exc.message)
    outcome = "already held" if before is not None else "received"
    return ImportLine(code, outcome, reply.official_code)
