"""Delivering one sealed dossier: a resumable upload under one idempotency key.

    POST  /dossiers                 Idempotency-Key, Dossier-Code, Upload-Length,
                                    Envelope-Digest; body: the first chunk (or
                                    nothing when resuming) -> UploadReply
    PATCH /dossiers/uploads/{id}    Upload-Offset; body: the next chunk -> UploadReply

The center holds ``offset`` bytes durably; the kiosk always continues from the
offset the center reports, never from its own count, so a lost reply, a reset
mid-chunk or a restart of either side costs at most one chunk. The same
idempotency key on every retry means the center never stores the dossier
twice; a lost acknowledgement is recovered by asking again (the POST answers
``complete`` with the official code).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator

import httpx
from pydantic import ValidationError

from center.protocol import (
    DOSSIER_CODE,
    ENVELOPE_DIGEST,
    IDEMPOTENCY_KEY,
    UPLOAD_LENGTH,
    UPLOAD_OFFSET,
    UploadReply,
)
from kiosk.errors import CenterError
from offline_queue.auth import BODY_SHA256_HINT
from offline_queue.errors import CenterRefused, OutboxError
from offline_queue.http_errors import check, unreachable
from offline_queue.outbox import Outbox
from offline_queue.records import OutboxEntry, OutboxState

OCTETS = "application/octet-stream"
"""Bodies are the sealed bytes as they are: no JSON, no base64."""

DEFAULT_CHUNK_BYTES = 8 * 1024 * 1024
"""Most dossiers (a few scanned papers) go in one request; bigger ones resume per 8 MiB."""


class Transfer:
    """Uploads dossiers over one long-lived client (keep-alive across dossiers)."""

    def __init__(
        self, client: httpx.Client, outbox: Outbox, chunk_bytes: int = DEFAULT_CHUNK_BYTES
    ) -> None:
        self.client = client
        self.outbox = outbox
        self.chunk_bytes = chunk_bytes
        self.base_url = str(client.base_url)

    def deliver(self, entry: OutboxEntry) -> str:
        """Upload ``entry`` until the center acknowledges it; return the official code."""
        try:
            return self._deliver(entry)
        except CenterRefused as exc:
            if exc.code == "bad_signature":
                self._check_file(entry)
            raise

    def _check_file(self, entry: OutboxEntry) -> None:
        """After a signature refusal: is our sealed file still what we sealed?

        The request signature trusts the file's name (its SHA-256) instead of
        hashing 5 MB again, so a file damaged on disk shows up as a bad
        signature; this tells that case apart and holds the dossier for a person.
        """
        digest = hashlib.sha256()
        offset = 0
        while chunk := self.outbox.read_envelope(entry, offset, 1 << 20):
            digest.update(chunk)
            offset += len(chunk)
        if digest.hexdigest() != entry.envelope_sha256:
            raise OutboxError(
                f"The sealed file of {entry.provisional_code} is damaged on the kiosk's disk",
                "keep the kiosk's disk for a technician; the dossier cannot be sent as is",
            )

    def _deliver(self, entry: OutboxEntry) -> str:
        resuming = entry.state is OutboxState.UPLOADING or entry.uploaded_bytes > 0
        first: bytes | Iterator[bytes] = b""
        if not resuming and entry.envelope_size <= self.chunk_bytes:
            # The whole envelope in one request, streamed from the file as it is
            # sent; its SHA-256 (the file's name) signs it without a second pass.
            first = self.outbox.stream_envelope(entry, 0, entry.envelope_size)
        elif not resuming:
            first = self.outbox.read_envelope(entry, 0, self.chunk_bytes)
        reply = self._start(entry, first)
        while not reply.complete:
            self.outbox.mark_uploading(entry.provisional_code, reply.upload_id, reply.offset)
            chunk = self.outbox.read_envelope(entry, reply.offset, self.chunk_bytes)
            try:
                reply = self._append(entry, reply, chunk)
            except CenterRefused as exc:
                if exc.code != "offset_mismatch":
                    raise
                # A chunk landed but its reply was lost: ask where the center is.
                reply = self._state(reply.upload_id)
        if reply.official_code is None:
            raise CenterError(
                f"The center completed {entry.provisional_code} without an official code",
                "tell the center's operators; the kiosk asks again later",
            )
        return reply.official_code

    def _start(self, entry: OutboxEntry, first: bytes | Iterator[bytes]) -> UploadReply:
        headers = {
            "Content-Type": OCTETS,
            IDEMPOTENCY_KEY: entry.idempotency_key,
            DOSSIER_CODE: entry.provisional_code,
            UPLOAD_LENGTH: str(entry.envelope_size),
            ENVELOPE_DIGEST: entry.envelope_sha256,
            UPLOAD_OFFSET: "0",
        }
        if isinstance(first, bytes):
            whole = entry.envelope_sha256 if len(first) == entry.envelope_size else None
            return self._send("POST", "/dossiers", headers, first, whole)
        # A stream is always the whole envelope; its length is declared up front.
        headers["Content-Length"] = str(entry.envelope_size)
        return self._send("POST", "/dossiers", headers, first, entry.envelope_sha256)

    def _append(self, entry: OutboxEntry, at: UploadReply, chunk: bytes) -> UploadReply:
        headers = {
            "Content-Type": OCTETS,
            IDEMPOTENCY_KEY: entry.idempotency_key,
            UPLOAD_OFFSET: str(at.offset),
        }
        return self._send("PATCH", f"/dossiers/uploads/{at.upload_id}", headers, chunk)

    def _state(self, upload_id: str) -> UploadReply:
        return self._send("GET", f"/dossiers/uploads/{upload_id}", {}, None)

    def _send(
        self,
        method: str,
        path: str,
        headers: dict[str, str],
        body: bytes | Iterator[bytes] | None,
        body_sha256: str | None = None,
    ) -> UploadReply:
        # The whole envelope's SHA-256 is its file name: the signer need not hash it again.
        hint = {BODY_SHA256_HINT: body_sha256} if body_sha256 else None
        try:
            response = self.client.request(
                method, path, headers=headers, content=body, extensions=hint
            )
        except httpx.HTTPError as exc:
            raise unreachable(exc, self.base_url) from exc
        try:
            return UploadReply.model_validate_json(check(response, self.base_url).content)
        except ValidationError as exc:
            raise CenterError(
                f"The center at {self.base_url} sent an upload reply the kiosk cannot read",
                "check that kiosk.toml [center] url points at the center",
            ) from exc
