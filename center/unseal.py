"""Opening a sealed dossier at the center: check the signature, decrypt, check the papers.

The reverse of ``offline_queue/seal.py`` over the format of
:mod:`center.protocol`. Order matters: the kiosk's signature is checked over
the ciphertext first (an unsigned or foreign envelope is never decrypted),
then every segment is authenticated with the header as AAD, then the papers
are checked against the SHA-256s the signed dossier lists. The plaintext
lives in memory only while it is checked; the center stores the envelope.
"""

from __future__ import annotations

import hashlib
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
    SealedManifest,
    SealHeader,
    seal_hkdf_info,
    seal_nonce,
    seal_signed_message,
    split_plaintext,
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
    plaintext = _decrypt(envelope, header, start, body_end, key)
    try:
        dossier_json, papers = split_plaintext(plaintext)
        manifest = SealedManifest.model_validate_json(dossier_json)
    except (ValueError, ValidationError) as exc:
        raise _invalid("the dossier inside cannot be read") from exc
    _check_papers(manifest, papers)
    return OpenedDossier(header, manifest, dossier_json)


def _decrypt(envelope: bytes, header: SealHeader, start: int, end: int, key: SealingKey) -> bytes:
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
    # One output buffer for all segments: a fresh one per segment costs more in
    # page faults than the decryption.
    plaintext = bytearray(end - start - count * SEAL_TAG_BYTES + 16)
    out = memoryview(plaintext)
    position = 0
    try:
        for index in range(count):
            segment = view[start + index * step : min(start + (index + 1) * step, end)]
            if len(segment) < SEAL_TAG_BYTES:
                raise InvalidTag
            decryptor = Cipher(
                algorithms.AES(derived),
                modes.GCM(seal_nonce(index, index == count - 1), bytes(segment[-16:])),
            ).decryptor()
            decryptor.authenticate_additional_data(aad)
            position += decryptor.update_into(segment[:-16], out[position:])
            decryptor.finalize()
    except InvalidTag as exc:
        raise _invalid("a segment fails authentication (damaged or altered)") from exc
    out.release()
    del plaintext[position:]
    return bytes(plaintext)


def _check_papers(manifest: SealedManifest, papers: bytes) -> None:
    if sum(p.size_bytes for p in manifest.papers) != len(papers):
        raise _invalid("the papers' sizes do not add up")
    view = memoryview(papers)
    offset = 0
    for paper in manifest.papers:
        data = view[offset : offset + paper.size_bytes]
        offset += paper.size_bytes
        if hashlib.sha256(data).hexdigest() != paper.sha256:
            raise _invalid(f"paper {paper.requirement_id} does not match its SHA-256")
