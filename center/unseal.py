"""Opening a sealed dossier at the center: check the signature, decrypt, check the papers.

The reverse of ``offline_queue/seal.py`` over the format of
:mod:`center.protocol`. Order matters: the kiosk's signature is checked over
the ciphertext first (an unsigned or foreign envelope is never decrypted),
then each segment is authenticated with the header as AAD, and the papers are
checked against the SHA-256s the signed dossier lists as their bytes go by.

A segment is decrypted piece by piece as its bytes come (AES-GCM is a stream
cipher; only its tag needs the whole segment), and each piece's plaintext is
hashed at once into its paper's SHA-256: no segment is held whole, and no
second pass over the papers is left for the end. Until its segment's tag
checks out, plaintext is only hashed (or kept): the dossier JSON is parsed,
and a paper's SHA-256 compared, once the segment that brings it is authentic
(see :class:`_PlaintextChecker`), so a damaged segment is refused as damaged.

:class:`StreamingCheck` does the same checks as the bytes arrive (a whole
envelope while its request body comes in, or a chunked upload chunk by
chunk): one running SHA-256 for both digests, each segment authenticated as
soon as its last byte is in, the signature once the last byte is in. Its two
halves (:meth:`~StreamingCheck.hash` and :meth:`~StreamingCheck.open`) may
run on two threads, one each.
"""

from __future__ import annotations

import hashlib
import struct
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
    paper: bytes | None = None  # the one paper asked for (``open_envelope(paper=n)``)


def open_envelope(
    envelope: bytes,
    keys: dict[bytes, SealingKey],
    signer: Ed25519PublicKey,
    digests: EnvelopeDigests | None = None,
    paper: int | None = None,
) -> OpenedDossier:
    """Verify and open ``envelope``; raise :class:`Refusal` (422) if anything is wrong.

    ``digests``: the envelope's :class:`EnvelopeDigests` if already computed.
    ``paper``: keep the bytes of that paper (0-based), for an officer to read.
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
    segments = _Segments(envelope[:start], header, key, body_end - start, paper)
    segments.take(memoryview(envelope)[start:body_end])
    segments.end()
    manifest, dossier_json = segments.plaintext.finish()
    kept = bytes(segments.plaintext.captured) if paper is not None else None
    if paper is not None and not 0 <= paper < len(manifest.papers):
        raise Refusal(404, "no_such_paper", f"The dossier has {len(manifest.papers)} papers")
    return OpenedDossier(header, manifest, dossier_json, kept)


class _PlaintextChecker:
    """Reads the opened plaintext as it comes: the dossier JSON, then each paper's SHA-256.

    ``u32 length ‖ dossier JSON ‖ papers in order`` (:func:`center.protocol.split_plaintext`).
    It is given each piece of plaintext as soon as it is decrypted, before its
    segment's tag is checked (:meth:`take`), and decides nothing until told that
    what it was given is authentic (:meth:`authentic`): until then the dossier
    JSON is only kept, and what the papers' bytes showed is only noted.
    """

    def __init__(self, capture: int | None = None) -> None:
        self.capture = capture  # the index of the paper whose bytes are kept
        self.captured = bytearray()
        self._index = -1  # of the paper being read
        self._head = bytearray()  # until the dossier JSON is parsed
        self._parsed: tuple[SealedManifest, bytes] | None = None
        self._papers: list[PaperDigest] = []
        self._paper: PaperDigest | None = None
        self._left = 0
        self._digest = hashlib.sha256()
        self._noted: Refusal | None = None  # seen in plaintext not yet authenticated

    def take(self, plaintext: memoryview) -> None:
        """The next plaintext, not yet authenticated: kept or hashed, nothing decided."""
        if self._noted is not None:
            return
        if self._parsed is None:
            self._head += plaintext  # parsed only once its segment is authentic
            return
        try:
            self._hash(plaintext)
        except Refusal as exc:
            self._noted = exc

    def authentic(self) -> None:
        """What was taken so far is authentic: parse the dossier, raise what the papers showed."""
        if self._noted is not None:
            raise self._noted
        if self._parsed is None and len(self._head) >= 4:
            (length,) = struct.unpack_from(">I", self._head)
            if len(self._head) >= 4 + length:
                head, self._head = self._head, bytearray()
                self._hash(self._parse(memoryview(head), length))

    def finish(self) -> tuple[SealedManifest, bytes]:
        if self._parsed is None:
            raise _invalid("the dossier inside cannot be read")
        if self._paper is not None:
            raise _invalid("the papers' sizes do not add up")
        return self._parsed

    def _hash(self, view: memoryview) -> None:
        while view:
            if self._paper is None:
                raise _invalid("the papers' sizes do not add up")
            taken = view[: self._left]
            self._digest.update(taken)
            if self._index == self.capture:
                self.captured += taken
            self._left -= len(taken)
            view = view[len(taken) :]
            if not self._left:
                self._next_paper()

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
            self._index += 1
            self._digest = hashlib.sha256()
            self._left = self._paper.size_bytes if self._paper else 0
            if self._paper is None or self._left:
                return


class StreamingCheck:
    """Checks an envelope as its bytes arrive, so little is left once the last one is in.

    Two halves, each fed every byte in order. :meth:`hash`: one running SHA-256
    serves the kiosk's signature (everything but the last 64 bytes), the
    content address and ``Envelope-Digest`` (all of it). :meth:`open`: each
    AES-GCM segment is decrypted as its bytes come and its plaintext hashed
    into the papers' SHA-256s, then authenticated as soon as its last byte is
    in, so a damaged or altered segment (or a paper that does not match) is
    refused (422) with the bytes that bring it. At :meth:`finish` only the
    kiosk's signature over the digest and a few comparisons remain.
    :meth:`feed` does both on the caller's thread; :class:`center.receiving.Receiver`
    runs them on two threads, which then share nothing but :attr:`failed`.

    The order differs from :func:`open_envelope` in one way: segments are
    authenticated before the signature is checked. Nothing a segment says is
    acted upon before :meth:`finish` has checked the kiosk's signature, and the
    caller starts one only for a request in the name of a known, active kiosk.
    Not thread-safe otherwise: one feeder per half at a time (one request per upload).
    """

    def __init__(self, length: int, keys: dict[bytes, SealingKey]) -> None:
        if length < SEAL_TAG_BYTES + SEAL_SIGNATURE_BYTES:
            raise _invalid("truncated")
        self.length = length
        self.position = 0  # bytes hashed
        self._opened = 0  # bytes given to :meth:`open`
        self._keys = keys
        self._digest = hashlib.sha256()
        self._signed: bytes | None = None
        self._signature = bytearray()
        self._head = bytearray()  # the envelope's header until it is whole
        self._segments: _Segments | None = None
        self.header: SealHeader | None = None
        self.failed: Refusal | None = None

    def feed(self, data: bytes | memoryview) -> None:
        """Take the next bytes; raise :class:`Refusal` (422) as soon as they fail.

        After a refusal it only hashes what it is fed (the request signature
        still needs the body's digest) and :meth:`finish` raises the refusal.
        """
        self.hash(data)
        self.open(data)

    def hash(self, data: bytes | memoryview) -> None:
        """The digests' half of :meth:`feed` (422 only past the declared length)."""
        view = memoryview(data)
        if self.position + len(view) > self.length:
            self.failed = self.failed or _invalid("longer than its declared length")
            raise self.failed
        body_end = self.length - SEAL_SIGNATURE_BYTES
        body = view[: max(0, body_end - self.position)]
        self.position += len(view)
        if body:
            self._digest.update(body)
        if self._signed is None and self.position >= body_end:
            self._signed = self._digest.digest()
        tail = view[len(body) :]
        if tail:
            self._digest.update(tail)
            self._signature += tail

    def open(self, data: bytes | memoryview) -> None:
        """The seal's half of :meth:`feed`: 422 as soon as a segment fails; then nothing."""
        view = memoryview(data)
        body = view[: max(0, self.length - SEAL_SIGNATURE_BYTES - self._opened)]
        self._opened += len(view)
        if not body or self.failed is not None:
            return
        try:
            if self._segments is None:
                self._head += body
                body = self._read_header()
            if self._segments is not None:
                self._segments.take(body)
        except Refusal as exc:
            self.failed = exc
            self._head = bytearray()
            raise

    def _read_header(self) -> memoryview:
        """Parse the header once it is whole; what follows it (nothing while it is not)."""
        try:
            header, start = SealHeader.decode(bytes(self._head))
        except UnicodeDecodeError as exc:
            raise _invalid(str(exc)) from exc
        except ValueError as exc:
            if len(self._head) < 512 and "too short" in str(exc):
                return memoryview(b"")  # not all of the header is in yet
            raise _invalid(str(exc)) from exc
        if len(self._head) < start:
            return memoryview(b"")
        key = self._keys.get(header.recipient_key_id)
        if key is None:
            raise _invalid("sealed to a key this center does not hold (enroll the kiosk again)")
        end = self.length - SEAL_SIGNATURE_BYTES
        if end < start + SEAL_TAG_BYTES:
            raise _invalid("truncated")
        self.header = header
        self._segments = _Segments(bytes(self._head[:start]), header, key, end - start)
        rest, self._head = memoryview(bytes(self._head[start:])), bytearray()
        return rest

    @property
    def digests(self) -> EnvelopeDigests:
        """The envelope's digests (once every byte is in)."""
        if self.position != self.length or self._signed is None:
            raise _invalid("truncated")
        return EnvelopeDigests(self._signed, self._digest.hexdigest())

    def finish(self, signer: Ed25519PublicKey) -> OpenedDossier:
        """The last segment's tag, the kiosk's signature, the papers' count; the dossier."""
        if self.failed is not None:
            raise self.failed
        digests = self.digests
        segments = self._segments
        if segments is None or self.header is None:
            raise _invalid("truncated")
        segments.end()
        try:
            signer.verify(bytes(self._signature), seal_signed_message(digests.signed))
        except InvalidSignature as exc:
            raise _invalid("the kiosk's signature does not match") from exc
        manifest, dossier_json = segments.plaintext.finish()
        return OpenedDossier(self.header, manifest, dossier_json)


PIECE_BYTES = 256 * 1024
"""Ciphertext decrypted at once, into one buffer reused for the whole envelope."""


class _Segments:
    """The AES-GCM segments of one envelope, decrypted as their bytes come.

    Each segment is ``ciphertext ‖ 16-byte tag``; its plaintext goes to the
    :class:`_PlaintextChecker` piece by piece, and once its tag checks out the
    checker is told it was authentic (else 422). The last segment's tag waits for
    :meth:`end`: until the envelope is whole, its length may be a lie.
    """

    def __init__(
        self, aad: bytes, header: SealHeader, key: SealingKey, size: int, paper: int | None = None
    ) -> None:
        self.aad = aad
        self.step = header.segment_size + SEAL_TAG_BYTES
        self.count = max(1, -(-size // self.step))
        self.index = 0
        self.plaintext = _PlaintextChecker(paper)
        self._size = size
        # One buffer reused for every piece: fresh large buffers cost page faults.
        self._out = bytearray(PIECE_BYTES + 15)
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
        self._start()

    @property
    def complete(self) -> bool:
        """Every segment is in and authentic."""
        return self.index == self.count

    def _start(self) -> None:
        length = min(self.step, self._size - self.index * self.step)
        self._ciphertext_left = max(0, length - SEAL_TAG_BYTES)
        self._tag_left = length - self._ciphertext_left  # under 16: a truncated segment
        self._tag = bytearray()
        nonce = seal_nonce(self.index, self.index == self.count - 1)
        self._decryptor = Cipher(algorithms.AES(self._key), modes.GCM(nonce)).decryptor()
        self._decryptor.authenticate_additional_data(self.aad)

    def take(self, data: memoryview) -> None:
        """The next bytes of the segments, in order (no more than they are); 422 if one fails."""
        while data and (self._ciphertext_left or self._tag_left):
            if self._ciphertext_left:
                piece = data[: min(self._ciphertext_left, PIECE_BYTES)]
                size = self._decryptor.update_into(piece, self._out)
                self.plaintext.take(memoryview(self._out)[:size])
                self._ciphertext_left -= len(piece)
            else:
                piece = data[: self._tag_left]
                self._tag += piece
                self._tag_left -= len(piece)
                if not self._tag_left and self.index < self.count - 1:
                    self._authenticate()
            data = data[len(piece) :]

    def _authenticate(self) -> None:
        try:
            if len(self._tag) != SEAL_TAG_BYTES:
                raise InvalidTag
            self._decryptor.finalize_with_tag(bytes(self._tag))
        except InvalidTag as exc:
            raise _invalid("a segment fails authentication (damaged or altered)") from exc
        self.plaintext.authentic()
        self.index += 1
        if not self.complete:
            self._start()

    def end(self) -> None:
        """Authenticate the last segment; 422 unless every segment is in and authentic."""
        if self.index == self.count - 1 and not self._ciphertext_left and not self._tag_left:
            self._authenticate()
        if not self.complete:
            raise _invalid("truncated")
