"""Opening a sealed dossier at the center: check the signature, decrypt, check the papers.

The reverse of ``offline_queue/seal.py`` over the format of
:mod:`center.protocol`. Order matters: the kiosk's signature is checked over
the ciphertext first (an unsigned or foreign envelope is never decrypted),
then each segment is authenticated with the header as AAD before its
plaintext is read, and the papers are checked against the SHA-256s the signed
dossier lists as their bytes go by. The plaintext is in memory one segment at
a time, only while it is checked; the center stores the envelope.

:class:`StreamingCheck` does the same checks as the bytes arrive (a whole
envelope while its request body comes in, or a chunked upload chunk by
chunk): one running SHA-256 for both digests, each segment authenticated as
soon as it is whole, the signature once the last byte is in.
"""

from __future__ import annotations

import hashlib
import struct
from collections.abc import Iterator
from dataclasses import dataclass

from cryptography.exceptions import InvalidSignature, InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PublicKey
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from pydantic import ValidationError

from center.errors import Refusal
from center.keys import SealingKey
from center.protocol import (
    SEAL_SIGNATURE_BYTES,
    SEAL_TAG_BYTES,
    PaperDigest,
    SealedManifest,
    SealHeader,
    seal_hkdf_info,
    seal_nonce,
    seal_signed_message,
)


def _invalid(why: str) -> Refusal:
    return Refusal(422, "seal_invalid", f"The sealed dossier is not valid: {why}")


@dataclass(frozen=True)
class EnvelopeDigests:
    """The two SHA-256s of an envelope, from one pass over its bytes.

    ``signed``: of everything but the signature (what the kiosk signed);
    ``full``: of the whole envelope (its content address, ``Envelope-Digest``,
    and the body hash of the request that carried it whole).
    """

    signed: bytes
    full: str

    @classmethod
    def of(cls, envelope: bytes) -> EnvelopeDigests:
        split = max(0, len(envelope) - SEAL_SIGNATURE_BYTES)
        view = memoryview(envelope)
        digest = hashlib.sha256(view[:split])
        signed = digest.digest()
        digest.update(view[split:])
        return cls(signed, digest.hexdigest())


@dataclass(frozen=True)
class OpenedDossier:
    """What the center learns from a valid seal (the envelope itself is stored as is)."""

    header: SealHeader
    manifest: SealedManifest
    dossier_json: bytes


def open_envelope(
    envelope: bytes,
    keys: dict[bytes, SealingKey],
    signer: Ed25519PublicKey,
    digests: EnvelopeDigests | None = None,
) -> OpenedDossier:
    """Verify and open ``envelope``; raise :class:`Refusal` (422) if anything is wrong.

    ``digests``: the envelope's :class:`EnvelopeDigests` if already computed.
    """
    try:
        header, start = SealHeader.decode(envelope)
    except (ValueError, UnicodeDecodeError) as exc:
        raise _invalid(str(exc)) from exc
    key = keys.get(header.recipient_key_id)
    if key is None:
        raise _invalid("sealed to a key this center does not hold (enroll the kiosk again)")
    if len(envelope) < start + SEAL_TAG_BYTES + SEAL_SIGNATURE_BYTES:
        raise _invalid("truncated")
    body_end = len(envelope) - SEAL_SIGNATURE_BYTES
    signed = (digests or EnvelopeDigests.of(envelope)).signed
    try:
        signer.verify(envelope[body_end:], seal_signed_message(signed))
    except InvalidSignature as exc:
        raise _invalid("the kiosk's signature does not match") from exc
    checker = _PlaintextChecker()
    for plaintext in _segments(envelope, header, start, body_end, key):
        checker.feed(plaintext)
    manifest, dossier_json = checker.finish()
    return OpenedDossier(header, manifest, dossier_json)


def _segments(
    envelope: bytes, header: SealHeader, start: int, end: int, key: SealingKey
) -> Iterator[bytes]:
    """Each segment's plaintext, in order, once its tag has checked out.

    One segment (1 MiB) at a time: the plaintext of a whole dossier is never
    in memory at once, and its buffers are reused from one segment to the next.
    """
    try:
        ephemeral = X25519PublicKey.from_public_bytes(header.ephemeral_public)
        secret = key.private.exchange(ephemeral)
    except ValueError as exc:
        raise _invalid("bad ephemeral key") from exc
    derived = HKDF(
        hashes.SHA256(),
        32,
        header.salt,
        seal_hkdf_info(header.ephemeral_public, key.public_raw),
    ).derive(secret)
    aad = envelope[:start]
    view = memoryview(envelope)
    step = header.segment_size + SEAL_TAG_BYTES
    count = max(1, -(-(end - start) // step))
    for index in range(count):
        segment = view[start + index * step : min(start + (index + 1) * step, end)]
        try:
            if len(segment) < SEAL_TAG_BYTES:
                raise InvalidTag
            decryptor = Cipher(
                algorithms.AES(derived),
                modes.GCM(seal_nonce(index, index == count - 1), bytes(segment[-16:])),
            ).decryptor()
            decryptor.authenticate_additional_data(aad)
            plaintext = decryptor.update(segment[:-16])
            decryptor.finalize()
        except InvalidTag as exc:
            raise _invalid("a segment fails authentication (damaged or altered)") from exc
        yield plaintext


class _PlaintextChecker:
    """Reads the opened plaintext as it comes: the dossier JSON, then each paper's SHA-256.

    ``u32 length ‖ dossier JSON ‖ papers in order`` (:func:`center.protocol.split_plaintext`).
    """

    def __init__(self) -> None:
        self._head = bytearray()  # until the dossier JSON is whole
        self._parsed: tuple[SealedManifest, bytes] | None = None
        self._papers: list[PaperDigest] = []
        self._paper: PaperDigest | None = None
        self._left = 0
        self._digest = hashlib.sha256()

    def feed(self, plaintext: bytes | memoryview) -> None:
        view = memoryview(plaintext)
        if self._parsed is None:
            view = self._read_head(view)
        while view:
            if self._paper is None:
                raise _invalid("the papers' sizes do not add up")
            taken = view[: self._left]
            self._digest.update(taken)
            self._left -= len(taken)
            view = view[len(taken) :]
            if not self._left:
                self._next_paper()

    def finish(self) -> tuple[SealedManifest, bytes]:
        if self._parsed is None:
            raise _invalid("the dossier inside cannot be read")
        if self._paper is not None:
            raise _invalid("the papers' sizes do not add up")
        return self._parsed

    def _read_head(self, view: memoryview) -> memoryview:
        """Parse the dossier JSON once it is whole; what follows it (papers), or nothing yet."""
        if not self._head and len(view) >= 4:
            (length,) = struct.unpack_from(">I", view)
            if len(view) >= 4 + length:
                return self._parse(view, length)  # the usual case: all in the first segment
        self._head += view
        if len(self._head) >= 4:
            (length,) = struct.unpack_from(">I", self._head)
            if len(self._head) >= 4 + length:
                head, self._head = self._head, bytearray()
                return self._parse(memoryview(head), length)
        return view[:0]

    def _parse(self, view: memoryview, length: int) -> memoryview:
        dossier_json = bytes(view[4 : 4 + length])
        try:
            manifest = SealedManifest.model_validate_json(dossier_json)
        except ValidationError as exc:
            raise _invalid("the dossier inside cannot be read") from exc
        self._parsed = (manifest, dossier_json)
        self._papers = list(reversed(manifest.papers))
        self._next_paper()
        return view[4 + length :]

    def _next_paper(self) -> None:
        """Check the paper just read (if any), then start the next; empty ones at once."""
        while True:
            done = self._paper
            if done is not None and self._digest.hexdigest() != done.sha256:
                raise _invalid(f"paper {done.requirement_id} does not match its SHA-256")
            self._paper = self._papers.pop() if self._papers else None
            self._digest = hashlib.sha256()
            self._left = self._paper.size_bytes if self._paper else 0
            if self._paper is None or self._left:
                return


class StreamingCheck:
    """Checks an envelope as its bytes arrive, so little is left once the last one is in.

    One running SHA-256 serves the kiosk's signature (everything but the last
    64 bytes), the content address and ``Envelope-Digest`` (all of it); each
    AES-GCM segment is authenticated and its plaintext checked (dossier JSON,
    papers' SHA-256s) as soon as its bytes are in, so a damaged or altered
    segment is refused (422) with the bytes that bring it. At :meth:`finish`
    only the tail segment and the kiosk's signature over the digest remain.

    The order differs from :func:`open_envelope` in one way: segments are
    authenticated before the signature is checked. Nothing a segment says is
    acted upon before :meth:`finish` has checked the kiosk's signature, and the
    caller starts one only for a request in the name of a known, active kiosk.
    Not thread-safe: one feeder at a time (one request per upload).
    """

    def __init__(self, length: int, keys: dict[bytes, SealingKey]) -> None:
        if length < SEAL_TAG_BYTES + SEAL_SIGNATURE_BYTES:
            raise _invalid("truncated")
        self.length = length
        self.position = 0
        self._keys = keys
        self._digest = hashlib.sha256()
        self._signed: bytes | None = None
        self._signature = bytearray()
        self._pending = bytearray()  # bytes of the header or of the segment not yet whole
        self._opened: _Segments | None = None
        self._checker = _PlaintextChecker()
        self.header: SealHeader | None = None
        self.failed: Refusal | None = None

    def feed(self, data: bytes | memoryview) -> None:
        """Take the next bytes; raise :class:`Refusal` (422) as soon as they fail.

        After a refusal it only hashes what it is fed (the request signature
        still needs the body's digest) and :meth:`finish` raises the refusal.
        """
        view = memoryview(data)
        if self.position + len(view) > self.length:
            self.failed = self.failed or _invalid("longer than its declared length")
            raise self.failed
        body_end = self.length - SEAL_SIGNATURE_BYTES
        body = view[: max(0, body_end - self.position)]
        self.position += len(view)
        if body:
            self._digest.update(body)
            if self.failed is None:
                try:
                    self._segments(body)
                except Refusal as exc:
                    self.failed = exc
                    self._pending = bytearray()
                    raise
        if self._signed is None and self.position >= body_end:
            self._signed = self._digest.digest()
        tail = view[len(body) :]
        if tail:
            self._digest.update(tail)
            self._signature += tail

    def _segments(self, body: memoryview) -> None:
        if self._opened is None:
            self._pending += body
            if not self._read_header():
                return
            body, self._pending = memoryview(bytes(self._pending)), bytearray()
        opened = self._opened
        assert opened is not None
        step = opened.step
        if self._pending:
            need = step - len(self._pending)
            self._pending += body[:need]
            body = body[need:]
            if len(self._pending) < step:
                return
            self._checker.feed(opened.open(self._pending))
            self._pending = bytearray()
        while len(body) >= step:
            self._checker.feed(opened.open(body[:step]))
            body = body[step:]
        self._pending += body

    def _read_header(self) -> bool:
        """Parse the header once it is whole; True when segments can be read."""
        try:
            header, start = SealHeader.decode(bytes(self._pending))
        except UnicodeDecodeError as exc:
            raise _invalid(str(exc)) from exc
        except ValueError as exc:
            if len(self._pending) < 512 and "too short" in str(exc):
                return False  # not all of the header is in yet
            raise _invalid(str(exc)) from exc
        if len(self._pending) < start:
            return False
        key = self._keys.get(header.recipient_key_id)
        if key is None:
            raise _invalid("sealed to a key this center does not hold (enroll the kiosk again)")
        end = self.length - SEAL_SIGNATURE_BYTES
        if end < start + SEAL_TAG_BYTES:
            raise _invalid("truncated")
        self.header = header
        self._opened = _Segments(bytes(self._pending[:start]), header, key, end - start)
        del self._pending[:start]
        return True

    @property
    def digests(self) -> EnvelopeDigests:
        """The envelope's digests (once every byte is in)."""
        if self.position != self.length or self._signed is None:
            raise _invalid("truncated")
        return EnvelopeDigests(self._signed, self._digest.hexdigest())

    def finish(self, signer: Ed25519PublicKey) -> OpenedDossier:
        """The tail segment, then the kiosk's signature over the digest; the opened dossier."""
        if self.failed is not None:
            raise self.failed
        digests = self.digests
        opened = self._opened
        if opened is None or self.header is None:
            raise _invalid("truncated")
        if self._pending or opened.index < opened.count:
            self._checker.feed(opened.open(self._pending))
            self._pending = bytearray()
        if opened.index != opened.count:
            raise _invalid("truncated")
        try:
            signer.verify(bytes(self._signature), seal_signed_message(digests.signed))
        except InvalidSignature as exc:
            raise _invalid("the kiosk's signature does not match") from exc
        manifest, dossier_json = self._checker.finish()
        return OpenedDossier(self.header, manifest, dossier_json)


class _Segments:
    """The AES-GCM key of one envelope and which segment comes next."""

    def __init__(self, aad: bytes, header: SealHeader, key: SealingKey, size: int) -> None:
        self.aad = aad
        self.step = header.segment_size + SEAL_TAG_BYTES
        self.count = max(1, -(-size // self.step))
        self.index = 0
        # One plaintext buffer for all segments: fresh 1 MiB buffers cost page faults.
        self._out = bytearray(self.step)
        try:
            ephemeral = X25519PublicKey.from_public_bytes(header.ephemeral_public)
            secret = key.private.exchange(ephemeral)
        except ValueError as exc:
            raise _invalid("bad ephemeral key") from exc
        self._key = HKDF(
            hashes.SHA256(),
            32,
            header.salt,
            seal_hkdf_info(header.ephemeral_public, key.public_raw),
        ).derive(secret)

    def open(self, segment: bytes | bytearray | memoryview) -> memoryview:
        """Authenticate and decrypt the next segment; 422 if it fails.

        The plaintext is valid until the next call (its buffer is reused).
        """
        index = self.index
        try:
            if len(segment) < SEAL_TAG_BYTES or index >= self.count:
                raise InvalidTag
            decryptor = Cipher(
                algorithms.AES(self._key),
                modes.GCM(seal_nonce(index, index == self.count - 1), bytes(segment[-16:])),
            ).decryptor()
            decryptor.authenticate_additional_data(self.aad)
            size = decryptor.update_into(segment[:-16], self._out)
            decryptor.finalize()
        except InvalidTag as exc:
            raise _invalid("a segment fails authentication (damaged or altered)") from exc
        self.index += 1
        return memoryview(self._out)[:size]
