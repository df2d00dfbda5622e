"""Sealing a dossier for the center: encrypt to its key, sign with the kiosk's.

Format 1 (the layout is in :mod:`center.protocol`, which the center reads too):

    envelope  = header || segment_0 || ... || segment_n || signature
    header    = SealHeader (magic, version, suite, segment size, recipient key id,
                ephemeral X25519 public key, HKDF salt, kiosk id)
    key       = HKDF-SHA256(X25519(ephemeral, center), salt, info = tag || eph || center)
    segment_i = AES-256-GCM(key, nonce = i (11 bytes) || last flag, AAD = header)
    signature = Ed25519(kiosk key, context || SHA-256(header || segments))

The plaintext is a 4-byte length, the dossier JSON, then each paper's bytes in
the order of ``dossier.papers``. A fresh ephemeral key per dossier means the
kiosk itself cannot open what it sealed: a stolen disk yields nothing.

The SHA-256 over the ciphertext (for the signature and the file's content
address) runs on a second thread while the main thread encrypts and writes:
hashlib and ``os.write`` release the GIL, and hashing 5 MB costs about as much
as writing it, so doing both at once (while the kernel already writes back
what was written, see :mod:`offline_queue.durable`) is what keeps a durable
enqueue near the cost of a plain write+fsync. The ciphertext goes into one
reused buffer: fresh memory per segment costs more in page faults than AES.
"""

from __future__ import annotations

import hashlib
import os
import queue
import threading
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from center.protocol import (
    SEAL_SEGMENT_BYTES,
    SEAL_SIGNATURE_BYTES,
    SEAL_TAG_BYTES,
    SealHeader,
    seal_hkdf_info,
    seal_nonce,
    seal_plaintext_prefix,
    seal_signed_message,
)
from offline_queue.durable import AtomicFile
from offline_queue.keys import CenterKey

_INLINE_HASH_BELOW = 256 * 1024
# A sealer keeps its scratch buffer for dossiers up to this size (reused, no page faults).
_KEEP_SCRATCH_BELOW = 64 * 1024 * 1024


@dataclass(frozen=True)
class SealedEnvelope:
    """What the outbox records about a sealed dossier: its content address and size."""

    sha256: str
    size: int


def sealed_size(plaintext_size: int, segment_size: int, header_size: int) -> int:
    """The envelope size for a plaintext of ``plaintext_size`` bytes (to check free space)."""
    segments = max(1, -(-plaintext_size // segment_size))
    return header_size + plaintext_size + segments * SEAL_TAG_BYTES + 64


class _Hasher:
    """SHA-256 fed from another thread, so hashing overlaps encryption and disk writes."""

    def __init__(self, threaded: bool) -> None:
        self.digest = hashlib.sha256()
        self._queue: queue.SimpleQueue[bytes | memoryview | None] | None = None
        self._thread: threading.Thread | None = None
        if threaded:
            self._queue = queue.SimpleQueue()
            self._thread = threading.Thread(target=self._run, name="seal-hash", daemon=True)
            self._thread.start()

    def _run(self) -> None:
        assert self._queue is not None
        while (chunk := self._queue.get()) is not None:
            self.digest.update(chunk)

    def update(self, chunk: bytes | memoryview) -> None:
        if self._queue is None:
            self.digest.update(chunk)
        else:
            self._queue.put(chunk)

    def finish(self) -> hashlib._Hash:
        if self._queue is not None and self._thread is not None:
            self._queue.put(None)
            self._thread.join()
        return self.digest


def _slices(pieces: Sequence[bytes], size: int) -> Iterator[list[memoryview]]:
    """The concatenation of ``pieces`` cut into ``size``-byte segments, as views (no copy)."""
    segment: list[memoryview] = []
    room = size
    for piece in pieces:
        view = memoryview(piece)
        while len(view) >= room:
            segment.append(view[:room])
            yield segment
            view, segment, room = view[room:], [], size
        if view:
            segment.append(view)
            room -= len(view)
    if segment:
        yield segment


class Sealer:
    """Seals dossiers of one kiosk to one center key."""

    def __init__(
        self,
        kiosk_id: str,
        signing_key: Ed25519PrivateKey,
        center_key: CenterKey,
        segment_size: int = SEAL_SEGMENT_BYTES,
    ) -> None:
        self.kiosk_id = kiosk_id
        self._signing_key = signing_key
        self._center = center_key
        self.segment_size = segment_size
        self._lock = threading.Lock()
        self._buffer = bytearray()

    def header_size(self) -> int:
        return len(self._new_header(b"\0" * 32, b"\0" * 16))

    def _new_header(self, ephemeral: bytes, salt: bytes) -> bytes:
        return SealHeader(
            segment_size=self.segment_size,
            recipient_key_id=self._center.key_id,
            ephemeral_public=ephemeral,
            salt=salt,
            kiosk_id=self.kiosk_id,
        ).encode()

    def seal_into(
        self, out: AtomicFile, manifest_json: bytes, papers: Sequence[bytes]
    ) -> SealedEnvelope:
        """Write the envelope into ``out`` (not yet synced nor committed) and describe it."""
        ephemeral = X25519PrivateKey.generate()
        ephemeral_raw = ephemeral.public_key().public_bytes_raw()
        salt = os.urandom(16)
        header = self._new_header(ephemeral_raw, salt)
        secret = ephemeral.exchange(self._center.public_key)
        key = HKDF(
            hashes.SHA256(), 32, salt, seal_hkdf_info(ephemeral_raw, self._center.raw)
        ).derive(secret)
        pieces = [seal_plaintext_prefix(manifest_json), *papers]
        total = sum(len(p) for p in pieces)
        size = sealed_size(total, self.segment_size, len(header)) - SEAL_SIGNATURE_BYTES
        with self._lock:
            # Encrypting into one reused buffer: fresh memory per segment costs more
            # in page faults than AES-GCM itself (about 3 ms against 0.5 for 5 MB).
            buffer = self._scratch(size + SEAL_TAG_BYTES)
            view = memoryview(buffer)
            hasher = _Hasher(threaded=total >= _INLINE_HASH_BELOW)
            try:
                view[: len(header)] = header
                hasher.update(view[: len(header)])
                out.write(view[: len(header)])
                position = len(header)
                count = max(1, -(-total // self.segment_size))
                for index, parts in enumerate(_slices(pieces, self.segment_size)):
                    end = self._encrypt(key, header, index, count, parts, view, position)
                    hasher.update(view[position:end])
                    out.write(view[position:end])
                    position = end
                # No fsync here: the writes started the disk's writeback already
                # (durable.start_writeback) and the one fsync at commit waits for it.
            finally:
                digest = hasher.finish()
                view.release()
        signature = self._signing_key.sign(seal_signed_message(digest.digest()))
        out.write(signature)
        digest.update(signature)
        return SealedEnvelope(digest.hexdigest(), out.size)

    @staticmethod
    def _encrypt(  # noqa: PLR0917 - the segment and where it goes
        key: bytes,
        header: bytes,
        index: int,
        count: int,
        parts: list[memoryview],
        view: memoryview,
        position: int,
    ) -> int:
        """Encrypt one STREAM segment into ``view`` at ``position``; return where it ends."""
        nonce = seal_nonce(index, index == count - 1)
        encryptor = Cipher(algorithms.AES(key), modes.GCM(nonce)).encryptor()
        encryptor.authenticate_additional_data(header)
        for part in parts:
            position += encryptor.update_into(part, view[position:])
        encryptor.finalize()
        view[position : position + SEAL_TAG_BYTES] = encryptor.tag
        return position + SEAL_TAG_BYTES

    def _scratch(self, size: int) -> bytearray:
        if size > _KEEP_SCRATCH_BELOW:
            return bytearray(size)
        if len(self._buffer) < size:
            self._buffer = bytearray(size)
        return self._buffer
