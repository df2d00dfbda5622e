"""Opening a sealed dossier at the center: check the signature, decrypt, check the papers.

The reverse of ``offline_queue/seal.py`` over the format of
:mod:`center.protocol`. Order matters: the kiosk's signature is checked over
the ciphertext first (an unsigned or foreign envelope is never decrypted),
then each segment is authenticated with the header as AAD before its
plaintext is read, and the papers are checked against the SHA-256s the signed
dossier lists as their bytes go by. The plaintext is in memory one segment at
a time, only while it is checked; the center stores the envelope.
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

    def feed(self, plaintext: bytes) -> None:
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
