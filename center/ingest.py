"""Receiving sealed dossiers exactly once: uploads, idempotency keys, official codes.

The rules (after the IETF Idempotency-Key draft):

- one upload per (kiosk, idempotency key); a retry with the same key and the
  same dossier (code, length, digest) gets the upload's state back: the
  offset to resume from, or ``complete`` with the official code (a lost
  acknowledgement costs nothing);
- the same key with a different dossier: 422 ``idempotency_key_reused``;
- a second request with a key whose first request is still being processed:
  409 ``request_in_progress`` (with ``Retry-After``);
- a dossier the center already holds (same provisional code, same envelope),
  e.g. imported from a USB bundle first, is answered with its official code
  and never stored twice; a different envelope under the same code is 409.

The official code (``agency-YYMMDD-XXXX``, Circular 01/2018) takes the next
number of the agency's daily sequence for the day the citizen submitted (in
Vietnam time), in the same transaction that stores the dossier.
"""

from __future__ import annotations

import re
import secrets
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import date, datetime, timedelta, timezone

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from center import uploads
from center.blobs import BlobStore, StoringBlob
from center.db import Database
from center.errors import Conflict, Refusal
from center.keys import SealingKey
from center.lookup import LOOKUP_SECRET, CaseFacts, center_secret, id_tail_mac, token_digest
from center.protocol import (
    IDEMPOTENCY_KEY_PATTERN,
    MAX_ENVELOPE_BYTES,
    UploadReply,
)
from center.store import KioskRow
from center.unseal import EnvelopeDigests, StreamingCheck, open_envelope
from center.uploads import NewDossier, UploadRow

VIETNAM = timezone(timedelta(hours=7))
KEPT_CHECKS = 16
"""Chunked uploads whose running check (about 256 KiB each, up to 1 MiB more until its
first segment is in) the center keeps in memory; another one is rebuilt from its staged
bytes at its next chunk."""


def official_code(agency_code: str, received: date, sequence: int) -> str:
    """``agency-YYMMDD-XXXX`` (the same rule as ``kiosk.dossier.official_code``)."""
    if not 1 <= sequence <= 9999:
        raise Refusal(
            500,
            "sequence_exhausted",
            f"Agency {agency_code} has used all 9,999 codes of {received:%d/%m/%Y}",
        )
    return f"{agency_code}-{received:%y%m%d}-{sequence:04d}"


class Ingest:
    """The upload protocol's rules over the center database and blob store."""

    def __init__(
        self,
        db: Database,
        blobs: BlobStore,
        sealing_keys: dict[bytes, SealingKey],
        clock: Callable[[], datetime],
        local_tz: timezone = VIETNAM,
    ) -> None:
        self.db = db
        self.blobs = blobs
        self.sealing_keys = sealing_keys
        self.clock = clock
        self.local_tz = local_tz
        self.lookup_secret = center_secret(db, LOOKUP_SECRET)
        self._in_flight: set[tuple[str, str]] = set()
        self._lock = threading.Lock()
        # upload id -> the running check of a chunked upload, so each chunk is
        # verified as it comes; lost on a restart, then rebuilt from the staged bytes.
        self._checks: OrderedDict[str, StreamingCheck] = OrderedDict()

    @contextmanager
    def exclusive(self, kiosk_id: str, key: str) -> Iterator[None]:
        """One request per idempotency key at a time; a second one meanwhile is 409."""
        _check_key(key)
        slot = (kiosk_id, key)
        with self._lock:
            if slot in self._in_flight:
                raise Refusal(
                    409,
                    "request_in_progress",
                    "A request with this idempotency key is still being processed",
                    retry_after_s=1,
                )
            self._in_flight.add(slot)
        try:
            yield
        finally:
            with self._lock:
                self._in_flight.discard(slot)

    def start(
        self,
        kiosk: KioskRow,
        key: str,
        *,
        code: str,
        length: int,
        digest: str,
        first: bytes,
        first_digests: EnvelopeDigests | None = None,
        first_blob: StoringBlob | None = None,
        first_check: StreamingCheck | None = None,
    ) -> UploadReply:
        """Open (or find again) the upload of one dossier, with its first bytes if any.

        ``first_digests``: the body's digests when the caller computed them already.
        ``first_blob``: ``first`` already being written to the blob store (when it
        is the whole envelope); used only if the dossier is stored from it, and
        the caller abandons it in any case (a no-op once committed).
        ``first_check``: the whole envelope already fed to this check as it
        arrived (``first`` is then empty: the bytes are in ``first_blob``); its
        :meth:`~StreamingCheck.finish` replaces opening it again.
        """
        size = len(first) if first_check is None else first_check.position
        _check_start(code, length, digest, size)
        whole = size == length
        with self.exclusive(kiosk.kiosk_id, key):
            upload = self._find_or_create(kiosk, key, code, length, digest, create=not whole)
            if upload is None:
                # A whole envelope under a new key: its upload row is written with
                # the dossier, in one transaction (nothing to resume in between).
                fresh = _new_upload(kiosk, key, code, length, digest)
                return self._finish(
                    kiosk, fresh, first, first_digests, blob=first_blob, new=True, check=first_check
                )
            if upload.complete or not size or upload.received != 0:
                return upload.reply()
            return self._accept(
                kiosk, upload, 0, first, first_digests, blob=first_blob, check=first_check
            )

    def append(
        self, kiosk: KioskRow, upload_id: str, key: str, offset: int, chunk: bytes
    ) -> UploadReply:
        """Add ``chunk`` at ``offset``; finish the dossier when it is the last one."""
        with self.exclusive(kiosk.kiosk_id, key):
            upload = self._upload(kiosk, upload_id)
            if upload.complete:
                return upload.reply()
            if upload.idempotency_key != key:
                raise Refusal(422, "idempotency_key_reused", "This key belongs to another upload")
            return self._accept(kiosk, upload, offset, chunk)

    def state(self, kiosk: KioskRow, upload_id: str) -> UploadReply:
        return self._upload(kiosk, upload_id).reply()

    def receive_whole(
        self,
        kiosk: KioskRow,
        key: str,
        code: str,
        envelope: bytes,
        digests: EnvelopeDigests | None = None,
    ) -> UploadReply:
        """Take a complete envelope at once (bundle import): same rules as an upload.

        ``digests``: the envelope's :class:`EnvelopeDigests` if the caller has them.
        """
        digests = digests or EnvelopeDigests.of(envelope)
        return self.start(
            kiosk,
            key,
            code=code,
            length=len(envelope),
            digest=digests.full,
            first=envelope,
            first_digests=digests,
        )

    # --- steps ---------------------------------------------------------------------------

    def _upload(self, kiosk: KioskRow, upload_id: str) -> UploadRow:
        with self.db.transaction() as tx:
            upload = uploads.find(tx, upload_id)
        if upload is None or upload.kiosk_id != kiosk.kiosk_id:
            raise Refusal(404, "unknown_upload", f"No upload {upload_id!r} from this kiosk")
        return upload

    def _find_or_create(
        self, kiosk: KioskRow, key: str, code: str, length: int, digest: str, *, create: bool
    ) -> UploadRow | None:
        """The upload under ``key``, made if needed; ``None``: none, and ``create`` was False.

        A dossier the center already holds always gets its (complete) upload row.
        """
        with self.db.transaction() as tx:
            upload = uploads.find_by_key(tx, kiosk.kiosk_id, key)
            if upload is not None:
                _same_upload(upload, code, length, digest)
                return upload
            held = uploads.dossier(tx, code)
            official = None
            if held is not None:
                _same_dossier(held.kiosk_id, held.envelope_sha256, kiosk.kiosk_id, digest, code)
                official = held.official_code
            elif not create:
                return None
            upload = replace(
                _new_upload(kiosk, key, code, length, digest),
                received=length if official else 0,
                official_code=official,
            )
            uploads.create(tx, upload, self.clock())
        return upload

    def _accept(
        self,
        kiosk: KioskRow,
        upload: UploadRow,
        offset: int,
        chunk: bytes,
        digests: EnvelopeDigests | None = None,
        *,
        blob: StoringBlob | None = None,
        check: StreamingCheck | None = None,
    ) -> UploadReply:
        if offset != upload.received:
            raise Refusal(
                409,
                "offset_mismatch",
                f"The center holds {upload.received} bytes of this upload, not {offset}",
                headers={"Upload-Offset": str(upload.received)},
            )
        # ``check`` given: the chunk (the whole envelope) was fed to it as it arrived.
        end = offset + (len(chunk) if check is None else check.position)
        if end > upload.length:
            raise Refusal(413, "beyond_length", "The chunk goes past the declared Upload-Length")
        if check is None and (end < upload.length or offset):
            # A chunked upload: its seal is checked chunk by chunk, so a damaged
            # segment is refused with the chunk that brings it.
            check = self._running_check(upload, offset, chunk)
        if end < upload.length:
            # The bytes are on disk before the database says so: the kiosk resumes
            # from the database's offset, which never runs ahead of the file.
            self.blobs.append(upload.upload_id, offset, chunk)
            with self.db.transaction() as tx:
                uploads.set_received(tx, upload.upload_id, end)
            return UploadReply(
                upload_id=upload.upload_id,
                provisional_code=upload.provisional_code,
                offset=end,
                length=upload.length,
            )
        if offset:
            return self._finish(kiosk, upload, chunk, None, blob=None, check=check)
        return self._finish(kiosk, upload, chunk, digests, blob=blob, check=check)

    def _running_check(self, upload: UploadRow, offset: int, chunk: bytes) -> StreamingCheck:
        """The upload's check fed up to ``offset + len(chunk)``; a bad chunk restarts it (422).

        After a center restart (or once forgotten) the check is rebuilt from the
        staged bytes, which the database says are held durably.
        """
        with self._lock:
            check = self._checks.pop(upload.upload_id, None)
        try:
            if check is None or check.position != offset or check.failed is not None:
                check = StreamingCheck(upload.length, self.sealing_keys)
                if offset:
                    check.feed(self.blobs.staged(upload.upload_id, offset))
            check.feed(chunk)
        except Refusal:
            self._restart(upload)
            raise
        if offset + len(chunk) < upload.length:
            with self._lock:
                self._checks[upload.upload_id] = check
                while len(self._checks) > KEPT_CHECKS:
                    self._checks.popitem(last=False)
        return check

    def _restart(self, upload: UploadRow) -> None:
        """A refused seal: the upload starts again from 0."""
        self.blobs.discard(upload.upload_id)
        with self.db.transaction() as tx:
            uploads.set_received(tx, upload.upload_id, 0)

    def _finish(
        self,
        kiosk: KioskRow,
        upload: UploadRow,
        last: bytes,
        digests: EnvelopeDigests | None,
        *,
        blob: StoringBlob | None,
        new: bool = False,
        check: StreamingCheck | None = None,
    ) -> UploadReply:
        """Store the whole envelope once its seal checks out; ``blob``: ``last`` being written.

        ``new``: ``upload`` is not in the database yet (it is written with the dossier).
        """
        pending: StoringBlob
        if upload.received:
            envelope = self.blobs.staged(upload.upload_id, upload.received) + last
            pending = self.blobs.begin_store(envelope)
        else:
            envelope = last
            pending = blob or self.blobs.begin_store(envelope)
        try:
            if check is not None:
                digests = check.digests
            dossier = self._verify(
                kiosk, upload, envelope, digests or EnvelopeDigests.of(envelope), check
            )
        except Refusal:
            pending.abandon()
            if not new:
                self._restart(upload)
            raise
        except BaseException:
            pending.abandon()
            raise
        # The envelope is on disk under its content address before the database
        # knows it; a crash in between leaves a file that a retry writes again.
        pending.commit(dossier.envelope_sha256)
        try:
            official, upload_id = self._store(kiosk, upload, dossier, insert=new)
        except Conflict:
            # Another upload of the same dossier won the race: take its code.
            official, upload_id = self._store(kiosk, upload, dossier, insert=new)
        if not new:
            self.blobs.discard(upload.upload_id)
        return UploadReply(
            upload_id=upload_id,
            provisional_code=upload.provisional_code,
            offset=upload.length,
            length=upload.length,
            complete=True,
            official_code=official,
        )

    def _verify(
        self,
        kiosk: KioskRow,
        upload: UploadRow,
        envelope: bytes,
        digests: EnvelopeDigests,
        check: StreamingCheck | None = None,
    ) -> NewDossier:
        """The dossier inside, once digest, signature and seal check out (else 422).

        ``check``: the envelope already checked as it arrived (only its last tag and
        the signature remain); without it, the envelope is opened here.
        """
        if digests.full != upload.envelope_sha256:
            raise Refusal(422, "digest_mismatch", "The bytes received do not match Envelope-Digest")
        signer = Ed25519PublicKey.from_public_bytes(kiosk.public_key)
        if check is not None:
            opened = check.finish(signer)
        else:
            opened = open_envelope(envelope, self.sealing_keys, signer, digests)
        manifest = opened.manifest
        if {opened.header.kiosk_id, manifest.kiosk_id} != {kiosk.kiosk_id}:
            raise Refusal(422, "seal_invalid", "The dossier was sealed for another kiosk id")
        if manifest.provisional_code != upload.provisional_code:
            raise Refusal(422, "seal_invalid", "The dossier inside has another provisional code")
        facts = CaseFacts.of(opened.dossier_json)
        tail = facts.id_tail()
        return NewDossier(
            provisional_code=manifest.provisional_code,
            official_code="",
            kiosk_id=kiosk.kiosk_id,
            agency_code=kiosk.agency_code,
            procedure_code=manifest.procedure_code,
            received_at=manifest.received_at,
            envelope_sha256=upload.envelope_sha256,
            source="upload",
            procedure_name=facts.procedure_name_vi[:300],
            due_at=facts.appointment.ready_at if facts.appointment else None,
            paper_count=len(manifest.papers),
            lookup_sha256=token_digest(facts.lookup_token) if facts.lookup_token else None,
            id_tail_mac=(
                id_tail_mac(self.lookup_secret, manifest.provisional_code, tail) if tail else None
            ),
        )

    def _store(
        self, kiosk: KioskRow, upload: UploadRow, new: NewDossier, *, insert: bool
    ) -> tuple[str, str]:
        """Give the dossier its official code and complete its upload; (code, upload id).

        ``insert``: the upload row is written here too (a whole envelope under a new key).
        """
        now = self.clock()
        with self.db.transaction() as tx:
            if insert:
                # Another center process may have taken this key meanwhile.
                found = uploads.find_by_key(tx, upload.kiosk_id, upload.idempotency_key)
                if found is not None:
                    _same_upload(found, upload.provisional_code, upload.length, new.envelope_sha256)
                    upload, insert = found, False
            held = uploads.dossier(tx, new.provisional_code)
            if held is not None:
                _same_dossier(
                    held.kiosk_id,
                    held.envelope_sha256,
                    kiosk.kiosk_id,
                    new.envelope_sha256,
                    new.provisional_code,
                )
                official = held.official_code
            else:
                day = new.received_at.astimezone(self.local_tz).date()
                sequence = uploads.next_sequence(tx, kiosk.agency_code, day)
                official = official_code(kiosk.agency_code, day, sequence)
                uploads.insert_dossier(tx, _with_code(new, official), now)
            if insert:
                done = replace(upload, received=upload.length, official_code=official)
                uploads.create(tx, done, now)
            else:
                uploads.complete(tx, upload.upload_id, official, now)
        return official, upload.upload_id


def _new_upload(kiosk: KioskRow, key: str, code: str, length: int, digest: str) -> UploadRow:
    return UploadRow(
        upload_id=secrets.token_urlsafe(16),
        kiosk_id=kiosk.kiosk_id,
        idempotency_key=key,
        provisional_code=code,
        length=length,
        envelope_sha256=digest,
        received=0,
        official_code=None,
    )


def _same_upload(upload: UploadRow, code: str, length: int, digest: str) -> None:
    if (upload.provisional_code, upload.length, upload.envelope_sha256) != (code, length, digest):
        raise Refusal(
            422, "idempotency_key_reused", "This idempotency key was used for another dossier"
        )


def _with_code(new: NewDossier, official: str) -> NewDossier:
    return replace(new, official_code=official)


def _same_dossier(held_kiosk: str, held_digest: str, kiosk_id: str, digest: str, code: str) -> None:
    if held_kiosk != kiosk_id or held_digest != digest:
        raise Refusal(
            409,
            "code_conflict",
            f"The center already holds a different dossier under {code}",
        )


def _check_key(key: str) -> None:
    if not re.fullmatch(IDEMPOTENCY_KEY_PATTERN, key):
        raise Refusal(400, "bad_idempotency_key", "Idempotency-Key must be 16-64 URL-safe chars")


def _check_start(code: str, length: int, digest: str, first: int) -> None:
    if not 0 < len(code) <= 120:
        raise Refusal(400, "bad_code", "Dossier-Code is missing or too long")
    if not 0 < length <= MAX_ENVELOPE_BYTES:
        raise Refusal(413, "too_large", f"Upload-Length must be 1..{MAX_ENVELOPE_BYTES} bytes")
    if len(digest) != 64 or any(c not in "0123456789abcdef" for c in digest):
        raise Refusal(400, "bad_digest", "Envelope-Digest must be 64 lowercase hex digits")
    if first > length:
        raise Refusal(413, "beyond_length", "The body is longer than Upload-Length")
