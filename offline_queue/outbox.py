"""The kiosk's outbox: sealed dossiers kept durably until the center acknowledges them.

Layout under the state directory::

    outbox/outbox.db          SQLite (WAL, synchronous=FULL): the clear-text index
    outbox/sealed/<sha>.seal  one sealed envelope per dossier, named by its SHA-256
    outbox/owner.lock         held by the one process that sweeps and syncs

:meth:`Outbox.enqueue` is the single durable step behind "received": the
envelope is sealed into a temporary file, fsynced, renamed, the directory
fsynced, and only then is the index row committed. A crash before the commit
leaves an unreferenced file that the next owner sweeps; a crash after it
leaves a queued dossier. Nothing in between is ever shown to the citizen.
"""

from __future__ import annotations

import fcntl
import logging
import os
import secrets
import sqlite3
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path

from kiosk.dossier import Dossier
from kiosk.logs import fields
from offline_queue import index
from offline_queue.durable import (
    AtomicFile,
    ensure_free_space,
    fsync_dir,
    storage_error,
    sweep_temporary,
)
from offline_queue.errors import OutboxError, OutboxFull
from offline_queue.records import OutboxEntry, OutboxState, SyncMeta
from offline_queue.schema import connect, database_error
from offline_queue.seal import Sealer, sealed_size

log = logging.getLogger(__name__)

DEFAULT_RETENTION = timedelta(days=30)
# Room kept free beyond the envelope itself: the WAL, the index row, the OS.
HEADROOM_BYTES = 2 * 1024 * 1024
STREAM_PIECE_BYTES = 1024 * 1024
"""Pieces in which an envelope is read while it is sent (no whole-envelope buffer;
256 KiB to 64 MiB measured the same)."""


def _utc_now() -> datetime:
    return datetime.now(UTC)


class Outbox:
    """Durable queue of sealed dossiers for one kiosk. Thread-safe (one writer lock)."""

    def __init__(
        self,
        state_dir: Path,
        sealer: Sealer | None = None,
        *,
        retention: timedelta = DEFAULT_RETENTION,
        clock: Callable[[], datetime] = _utc_now,
    ) -> None:
        self.folder = state_dir / "outbox"
        self.sealed_dir = self.folder / "sealed"
        try:
            self.sealed_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
        except OSError as exc:
            raise storage_error(exc, "the outbox folder") from exc
        self.sealer = sealer
        self.retention = retention
        self.clock = clock
        self._lock = threading.RLock()
        self._listeners: list[Callable[[], None]] = []
        self._owner_fd = self._try_own()
        try:
            self._db = connect(self.folder / "outbox.db")
        except BaseException:
            if self._owner_fd is not None:
                os.close(self._owner_fd)  # another process may own the outbox then
            raise
        if self.is_owner:
            self._recover()

    # --- lifecycle --------------------------------------------------------------

    def _try_own(self) -> int | None:
        fd = os.open(self.folder / "owner.lock", os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            return None
        return fd

    @property
    def is_owner(self) -> bool:
        """True for the one process that sweeps leftovers and may sync (the kiosk service)."""
        return self._owner_fd is not None

    def close(self) -> None:
        """Close the database and give up ownership (idempotent)."""
        with self._lock:
            self._db.close()
            if self._owner_fd is not None:
                os.close(self._owner_fd)
                self._owner_fd = None

    def __enter__(self) -> Outbox:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def _recover(self) -> None:
        """After a crash: drop temporary and unreferenced files; flag missing ones."""
        sweep_temporary(self.sealed_dir)
        with self._lock:
            known = index.envelope_files(self._db)
        orphans = 0
        for path in self.sealed_dir.glob("*.seal"):
            if path.name not in known:
                # Sealed but never committed: the citizen was not told "received".
                path.unlink(missing_ok=True)
                orphans += 1
        if orphans:
            fsync_dir(self.sealed_dir)
        for entry in self.entries(index.STATES_WITH_FILES):
            if not (self.sealed_dir / entry.envelope_file).exists():
                self.hold(entry.provisional_code, "the sealed file is missing from the disk")
        resumed = self.count(OutboxState.UPLOADING)
        log.info("outbox opened", extra=fields(count=resumed, state="uploading", reason="resume"))

    # --- enqueue ------------------------------------------------------------------

    def add_listener(self, callback: Callable[[], None]) -> None:
        """Call ``callback()`` (on the enqueuing thread) after every new dossier."""
        self._listeners.append(callback)

    def enqueue(self, dossier: Dossier, papers: Sequence[bytes]) -> OutboxEntry:
        """Seal ``dossier`` with its papers (in ``dossier.papers`` order) and commit it.

        Returns once the dossier is durable: only then may the citizen be told
        "received". Raises :class:`~offline_queue.errors.OutboxFull` or
        :class:`OutboxError` otherwise, with nothing left half-written.
        Enqueueing the same provisional code again returns the stored entry.
        """
        try:
            return self._enqueue(dossier, papers)
        except OutboxFull as exc:
            # Only here does a full disk mean a citizen's dossier was refused.
            raise OutboxFull(exc.message, f"the dossier was NOT received; {exc.fix}") from exc

    def _enqueue(self, dossier: Dossier, papers: Sequence[bytes]) -> OutboxEntry:
        sealer = self._require_sealer(dossier)
        _check_papers(dossier, papers)
        existing = self.entry(dossier.provisional_code)
        if existing is not None:
            return existing
        manifest = dossier.model_dump_json().encode("utf-8")
        plaintext = 4 + len(manifest) + sum(len(p) for p in papers)
        expected = sealed_size(plaintext, sealer.segment_size, sealer.header_size())
        ensure_free_space(self.sealed_dir, expected + HEADROOM_BYTES, "the dossier")
        path = self._write_envelope(sealer, manifest, papers)
        try:
            entry = self._insert(dossier, path)
        except BaseException:
            path.unlink(missing_ok=True)
            fsync_dir(self.sealed_dir)
            raise
        log.info(
            "dossier queued",
            extra=fields(code=entry.provisional_code, bytes=entry.envelope_size, state="queued"),
        )
        for callback in self._listeners:
            callback()
        return entry

    def _require_sealer(self, dossier: Dossier) -> Sealer:
        if self.sealer is None:
            raise OutboxError(
                "This outbox was opened without the keys to seal a dossier",
                "open it through the kiosk application (it loads the keys at start)",
            )
        if dossier.kiosk_id != self.sealer.kiosk_id:
            raise OutboxError(
                f"The dossier names kiosk {dossier.kiosk_id!r}, this kiosk is "
                f"{self.sealer.kiosk_id!r}",
                "check kiosk.toml [kiosk] id against the enrolled identity",
            )
        return self.sealer

    def _write_envelope(self, sealer: Sealer, manifest: bytes, papers: Sequence[bytes]) -> Path:
        try:
            with AtomicFile(self.sealed_dir) as out:
                sealed = sealer.seal_into(out, manifest, papers)
                return out.commit(f"{sealed.sha256}.seal")
        except OSError as exc:
            raise storage_error(exc, "the dossier") from exc

    def _insert(self, dossier: Dossier, path: Path) -> OutboxEntry:
        row = index.new_row(
            dossier,
            envelope_sha256=path.stem,
            envelope_size=path.stat().st_size,
            idempotency_key=secrets.token_urlsafe(24),
            now=self.clock(),
        )
        with self._write("recording the dossier") as db:
            index.insert(db, row)
        entry = self.entry(dossier.provisional_code)
        assert entry is not None
        return entry

    # --- reading ------------------------------------------------------------------

    def entry(self, code: str) -> OutboxEntry | None:
        """The dossier with this provisional or official code."""
        with self._read("reading the outbox") as db:
            return index.find(db, code)

    def entries(
        self, states: frozenset[OutboxState] | None = None, limit: int | None = None
    ) -> list[OutboxEntry]:
        """Dossiers in the given states (all when ``None``), oldest first."""
        with self._read("listing the outbox") as db:
            return index.select(db, states, limit)

    def counts(self) -> dict[OutboxState, int]:
        """How many dossiers are in each state (every state present, zeros included)."""
        with self._read("counting the outbox") as db:
            return index.counts(db)

    def count(self, state: OutboxState) -> int:
        return self.counts()[state]

    def next_to_send(self) -> OutboxEntry | None:
        """The dossier the sync worker sends next: one left uploading first, then the oldest."""
        with self._read("choosing the next dossier") as db:
            return index.next_pending(db)

    def envelope_path(self, entry: OutboxEntry) -> Path:
        return self.sealed_dir / entry.envelope_file

    def read_envelope(self, entry: OutboxEntry, offset: int, length: int) -> bytes:
        """``length`` bytes of the sealed envelope from ``offset`` (fewer at its end)."""
        try:
            with open(self.envelope_path(entry), "rb") as file:
                file.seek(offset)
                return file.read(length)
        except OSError as exc:
            raise OutboxError(
                f"The sealed file of {entry.provisional_code} cannot be read",
                "the disk may be failing: call a technician (kiosk doctor)",
            ) from exc

    def stream_envelope(
        self, entry: OutboxEntry, offset: int, length: int, piece: int = STREAM_PIECE_BYTES
    ) -> Iterator[bytes]:
        """Exactly ``length`` bytes of the sealed envelope from ``offset``, piece by piece.

        The upload sends each piece as it is read, so reading the file overlaps
        sending it and no whole-envelope buffer is made. Raises
        :class:`OutboxError` if the file cannot be read or is shorter than that.
        """
        try:
            with open(self.envelope_path(entry), "rb", buffering=0) as file:
                file.seek(offset)
                left = length
                while left:
                    data = file.read(min(piece, left))
                    if not data:
                        raise OSError(0, "the file is shorter than its record")
                    left -= len(data)
                    yield data
        except OSError as exc:
            raise OutboxError(
                f"The sealed file of {entry.provisional_code} cannot be read "
                f"({exc.strerror or type(exc).__name__})",
                "the disk may be failing: call a technician (kiosk doctor)",
            ) from exc

    def sync_meta(self) -> SyncMeta:
        with self._read("reading the sync record") as db:
            return index.read_meta(db)

    # --- state changes ------------------------------------------------------------

    def mark_uploading(self, code: str, upload_id: str | None, offset: int) -> None:
        """Record progress: the center holds ``offset`` bytes of upload ``upload_id``."""
        now = self.clock()
        # Progress only saves a round trip after a restart (the center is the
        # truth for the offset), so it need not wait for the disk.
        with self._write("recording upload progress", durable=False) as db:
            index.set_uploading(db, code, upload_id, offset, now)

    def mark_acknowledged(self, code: str, official_code: str) -> None:
        """The center has the dossier and gave it its official code."""
        # Not waited for either: an acknowledgement lost in a power cut is asked
        # again under the same idempotency key, and the center answers with the
        # same official code (it never stores a dossier twice). The next durable
        # commit (an enqueue) makes it durable with it.
        with self._write("recording the acknowledgement", durable=False) as db:
            index.set_acknowledged(db, code, official_code, self.clock())
        log.info("dossier acknowledged", extra=fields(code=official_code, state="acknowledged"))

    def mark_failed(self, code: str, error: str) -> None:
        """A delivery attempt failed (it will be tried again)."""
        with self._write("recording a failed attempt", durable=False) as db:
            index.set_failed(db, code, error)

    def hold(self, code: str, reason: str) -> None:
        """Stop trying this dossier until an operator retries it."""
        with self._write("holding a dossier") as db:
            index.set_held(db, code, reason, self.clock())
        log.warning("dossier held", extra=fields(code=code, state="held", reason=reason))

    def retry(self, codes: Sequence[str] = ()) -> int:
        """Put held dossiers (these, or all) back in the queue; return how many."""
        with self._write("retrying held dossiers") as db:
            return index.requeue_held(db, codes)

    def purge(self, older_than: timedelta | None = None) -> int:
        """Delete the sealed files of dossiers acknowledged longer ago than the retention.

        The index row stays (state ``purged``) so that a receipt can still be reprinted.
        """
        cutoff = self.clock() - (self.retention if older_than is None else older_than)
        victims = [
            e
            for e in self.entries(frozenset({OutboxState.ACKNOWLEDGED}))
            if e.acknowledged_at is not None and e.acknowledged_at <= cutoff
        ]
        for entry in victims:
            with self._write("purging a dossier") as db:
                index.set_purged(db, entry.provisional_code, self.clock())
            self.envelope_path(entry).unlink(missing_ok=True)
        if victims:
            fsync_dir(self.sealed_dir)
            log.info("outbox purged", extra=fields(count=len(victims), state="purged"))
        return len(victims)

    def record_sync(self, error: str | None) -> None:
        """Remember the outcome of the last sync round (for ``kiosk queue status``)."""
        with self._write("recording the sync outcome", durable=False) as db:
            index.write_meta(db, error, self.clock())

    # --- plumbing -----------------------------------------------------------------

    @contextmanager
    def _read(self, what: str) -> Iterator[sqlite3.Connection]:
        with self._lock:
            try:
                yield self._db
            except sqlite3.Error as exc:
                raise database_error(exc, what, self.folder) from exc

    @contextmanager
    def _write(self, what: str, durable: bool = True) -> Iterator[sqlite3.Connection]:
        """One transaction; ``durable=False`` for bookkeeping a crash may lose harmlessly."""
        with self._lock:
            db = self._db
            try:
                if not durable:
                    db.execute("PRAGMA synchronous=NORMAL")
                db.execute("BEGIN IMMEDIATE")
                try:
                    yield db
                    db.execute("COMMIT")
                except BaseException:
                    db.execute("ROLLBACK")
                    raise
            except sqlite3.Error as exc:
                raise database_error(exc, what, self.folder) from exc
            finally:
                if not durable:
                    db.execute("PRAGMA synchronous=FULL")


def _check_papers(dossier: Dossier, papers: Sequence[bytes]) -> None:
    """The papers must be the ones the dossier lists (the center checks their SHA-256)."""
    if len(papers) != len(dossier.papers):
        raise OutboxError(
            f"The dossier lists {len(dossier.papers)} papers but {len(papers)} were given",
            "this is a fault in the kiosk software: report it",
        )
    for ref, data in zip(dossier.papers, papers, strict=True):
        if len(data) != ref.size_bytes:
            raise OutboxError(
                f"Paper {ref.requirement_id} has {len(data)} bytes, its record says "
                f"{ref.size_bytes}",
                "this is a fault in the kiosk software: report it",
            )
