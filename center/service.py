"""The center's operations, shared by its HTTP routes, the CLI and the tests.

A :class:`CenterService` owns the database, the sealing key(s), the request
verifier and the ingest rules. The HTTP layer (``app.py``) only parses and
answers; ``kiosk center ...`` calls the same methods without HTTP.
"""

from __future__ import annotations

import base64
import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, timezone
from importlib import metadata
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from center import store, uploads
from center.auth import Verifier
from center.backoffice import BackOffice
from center.blobs import BlobStore
from center.db import Database
from center.errors import Refusal
from center.ingest import VIETNAM, Ingest
from center.keys import SealingKey
from center.officers import PasswordCost, Passwords
from center.protocol import (
    PUBLISHED_KINDS,
    DossierStatus,
    EnrollReply,
    EnrollRequest,
    Heartbeat,
    KioskRecord,
    PublishedDocument,
    check_agency_code,
    check_kiosk_id,
)
from center.schema import migrate
from center.stats import store_rating_days
from center.store import KioskRow
from center.unseal import OpenedDossier, open_envelope


def _utc_now() -> datetime:
    return datetime.now(UTC)


def _installed_version() -> str:
    try:
        return metadata.version("kiosk")
    except metadata.PackageNotFoundError:
        return "0+unknown"


@dataclass(frozen=True)
class CenterSettings:
    """How one center runs; the defaults suit the embedded demo center.

    ``database_url``: ``None`` keeps everything in memory (demo, tests).
    ``sealing_key``: ``None`` makes a fresh key (a demo center's kiosks enroll anew).
    ``operator_token``: enables ``PUT /published/{kind}`` for that bearer token.
    ``anonymous_heartbeats``: accept unsigned heartbeats (a demo kiosk before
    enrollment); a production center (``kiosk center serve``) turns it off.
    ``blob_dir``: where sealed envelopes are kept; ``None``: a temporary folder.
    ``clock`` stamps records; ``auth_time`` checks request timestamps.
    ``password_cost``: Argon2id's cost for the back office's accounts (tests lower it).
    """

    version: str = field(default_factory=_installed_version)
    clock: Callable[[], datetime] = _utc_now
    database_url: str | None = None
    blob_dir: Path | None = None
    sealing_key: SealingKey | None = None
    operator_token: str | None = None
    anonymous_heartbeats: bool = True
    auth_time: Callable[[], float] = time.time
    local_tz: timezone = VIETNAM
    password_cost: PasswordCost = field(default_factory=PasswordCost)


class CenterService:
    """Everything the center does, without HTTP."""

    def __init__(self, settings: CenterSettings) -> None:
        self.settings = settings
        self.db = Database(settings.database_url)
        migrate(self.db)
        self.blobs = BlobStore(settings.blob_dir)
        self.sealing_key = settings.sealing_key or SealingKey.generate()
        self.ingest = Ingest(
            self.db,
            self.blobs,
            {self.sealing_key.key_id: self.sealing_key},
            settings.clock,
            settings.local_tz,
        )
        self.verifier = Verifier(self.db, settings.auth_time)
        self.office = BackOffice(
            self.db,
            self.open_dossier,
            settings.clock,
            settings.local_tz,
            Passwords(settings.password_cost),
        )

    def close(self) -> None:
        self.db.close()
        self.blobs.close()

    # --- kiosks -----------------------------------------------------------------------------

    def issue_token(
        self, kiosk_id: str, agency_code: str, valid_for: timedelta = timedelta(days=7)
    ) -> str:
        """A one-time enrollment token for ``kiosk_id`` at ``agency_code`` (both checked)."""
        for check, code in ((check_kiosk_id, kiosk_id), (check_agency_code, agency_code)):
            try:
                check(code)
            except ValueError as exc:
                raise Refusal(400, f"invalid_{check.__name__[6:]}", str(exc)) from None
        with self.db.transaction() as tx:
            return store.issue_token(tx, kiosk_id, agency_code, self.settings.clock(), valid_for)

    def enroll(self, request: EnrollRequest) -> EnrollReply:
        try:
            public_key = base64.b64decode(request.public_key, validate=True)
        except ValueError as exc:
            raise Refusal(422, "bad_public_key", "public_key is not base64") from exc
        if len(public_key) != 32:
            raise Refusal(422, "bad_public_key", "public_key must be a 32-byte Ed25519 key")
        with self.db.transaction() as tx:
            agency = store.enroll(
                tx, request.token, request.kiosk_id, public_key, self.settings.clock()
            )
        return EnrollReply(
            kiosk_id=request.kiosk_id,
            agency_code=agency,
            sealing_public_key=self.sealing_key.public_b64,
            sealing_key_id=self.sealing_key.key_id.hex(),
        )

    def kiosk(self, kiosk_id: str) -> KioskRow | None:
        with self.db.transaction() as tx:
            return store.kiosk(tx, kiosk_id)

    def revoke(self, kiosk_id: str) -> bool:
        with self.db.transaction() as tx:
            return store.revoke(tx, kiosk_id, self.settings.clock())

    def record_heartbeat(self, beat: Heartbeat) -> datetime:
        now = self.settings.clock()
        with self.db.transaction() as tx:
            store.record_heartbeat(tx, beat.kiosk_id, beat.model_dump_json(), now)
            store_rating_days(tx, beat.kiosk_id, beat.status.get("rating_days"))
        return now

    def kiosk_record(self, kiosk_id: str) -> KioskRecord | None:
        with self.db.transaction() as tx:
            found = store.last_heartbeat(tx, kiosk_id)
        if found is None:
            return None
        body, received_at = found
        return KioskRecord(heartbeat=Heartbeat.model_validate_json(body), received_at=received_at)

    # --- dossiers ----------------------------------------------------------------------------

    def dossier_status(self, code: str) -> DossierStatus | None:
        with self.db.transaction() as tx:
            row = uploads.dossier(tx, code)
        return row.status() if row else None

    def dossier_count(self) -> int:
        with self.db.transaction() as tx:
            return uploads.count_dossiers(tx)

    def envelope(self, code: str) -> bytes | None:
        """The sealed envelope of a received dossier, as the kiosk sent it."""
        with self.db.transaction() as tx:
            row = uploads.dossier(tx, code)
        return self.blobs.read(row.envelope_sha256) if row else None

    def open_dossier(self, code: str, paper: int | None = None) -> OpenedDossier | None:
        """A received dossier opened for the back office (its seal and signature checked again).

        None when no dossier has ``code``; a :class:`Refusal` if the stored envelope
        is missing or no longer opens (altered at rest, its kiosk unknown).
        ``paper``: also decrypt that paper (0-based), in memory only.
        """
        with self.db.transaction() as tx:
            row = uploads.dossier(tx, code)
            kiosk = store.kiosk(tx, row.kiosk_id) if row else None
        if row is None:
            return None
        if kiosk is None:
            raise Refusal(409, "kiosk_unknown", f"The kiosk {row.kiosk_id!r} is not enrolled")
        envelope = self.blobs.read(row.envelope_sha256)
        if envelope is None:
            raise Refusal(
                500, "envelope_missing", f"The stored envelope of {code!r} is missing: restore it"
            )
        signer = Ed25519PublicKey.from_public_bytes(kiosk.public_key)
        return open_envelope(
            envelope, {self.sealing_key.key_id: self.sealing_key}, signer, paper=paper
        )

    def add_user(self, name: str, password: str, role: str, agencies: list[str]) -> None:
        """A back-office account (``kiosk center user add``); see :mod:`center.officers`."""
        self.office.add_user(name, password, role, agencies)

    # --- publications ------------------------------------------------------------------------

    def publish(self, kind: str, version: str, document: object) -> PublishedDocument:
        """Publish a new version of the catalog or the calendar notices (opaque JSON)."""
        _check_kind(kind)
        now = self.settings.clock()
        text = json.dumps(document, ensure_ascii=False, sort_keys=True)
        with self.db.transaction() as tx:
            store.publish(tx, kind, version, text, now)
        return PublishedDocument.model_validate(
            {"kind": kind, "version": version, "published_at": now, "document": document}
        )

    def published(self, kind: str) -> PublishedDocument | None:
        _check_kind(kind)
        with self.db.transaction() as tx:
            found = store.latest(tx, kind)
        if found is None:
            return None
        version, when, text = found
        return PublishedDocument.model_validate(
            {"kind": kind, "version": version, "published_at": when, "document": json.loads(text)}
        )


def _check_kind(kind: str) -> None:
    if kind not in PUBLISHED_KINDS:
        raise Refusal(404, "unknown_document", f"The center publishes {', '.join(PUBLISHED_KINDS)}")
