"""The outbox database: connection settings, schema versions, migrations.

SQLite in WAL mode with ``synchronous=FULL``: a commit is on the disk when it
returns, so a power cut after "received" cannot lose the dossier. The schema
version is ``PRAGMA user_version``; each migration runs in its own
transaction and a database from a newer kiosk is refused rather than guessed at.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from offline_queue.durable import storage_error
from offline_queue.errors import OutboxError

_SQLITE_FULL = 13
_SQLITE_BUSY = 5
_SQLITE_IOERR = 10
FULL_BELOW_BYTES = 256 * 1024
"""Less free space than this under the outbox is a full disk (SQLite needs pages and WAL room)."""

MIGRATIONS: tuple[tuple[str, ...], ...] = (
    # 1: the dossier index.
    (
        """
        CREATE TABLE dossiers (
            provisional_code TEXT PRIMARY KEY,
            idempotency_key  TEXT NOT NULL UNIQUE,
            procedure_code   TEXT NOT NULL,
            procedure_name   TEXT NOT NULL,
            received_at      TEXT NOT NULL,
            ready_at         TEXT NOT NULL,
            collect_at       TEXT NOT NULL DEFAULT '',
            papers           INTEGER NOT NULL,
            envelope_sha256  TEXT NOT NULL,
            envelope_size    INTEGER NOT NULL,
            state            TEXT NOT NULL CHECK (state IN
                ('queued', 'uploading', 'acknowledged', 'purged', 'held')),
            official_code    TEXT UNIQUE,
            upload_id        TEXT,
            uploaded_bytes   INTEGER NOT NULL DEFAULT 0,
            attempts         INTEGER NOT NULL DEFAULT 0,
            last_error       TEXT,
            queued_at        TEXT NOT NULL,
            uploading_at     TEXT,
            acknowledged_at  TEXT,
            purged_at        TEXT
        )
        """,
        "CREATE INDEX dossiers_by_state ON dossiers (state, queued_at)",
    ),
    # 2: held dossiers and the last sync outcome.
    (
        "ALTER TABLE dossiers ADD COLUMN held_at TEXT",
        "CREATE TABLE sync_meta (key TEXT PRIMARY KEY, value TEXT)",
    ),
)
SCHEMA_VERSION = len(MIGRATIONS)


def database_error(exc: sqlite3.Error, what: str, folder: Path | None = None) -> OutboxError:
    """Translate a sqlite3 error met while doing ``what`` (on a database in ``folder``) into words.

    SQLite reports a full disk as SQLITE_FULL only when a page write fails; a
    WAL shared-memory file that cannot grow is an I/O error (IOERR_SHMSIZE) and
    a database that cannot be created is CANTOPEN. When ``folder``'s disk has
    no room left, any of these is told as the full disk it is.
    """
    code = getattr(exc, "sqlite_errorcode", 0) & 0xFF
    if code == _SQLITE_FULL or (code != _SQLITE_BUSY and folder is not None and _full(folder)):
        return storage_error(OSError(28, "disk full"), what)
    if code == _SQLITE_BUSY:
        return OutboxError(
            f"The outbox is busy in another process: {what} did not happen",
            "try again in a moment; if it persists, restart the kiosk service",
        )
    if code == _SQLITE_IOERR:
        return OutboxError(
            f"The disk failed while {what}", "the disk may be failing: call a technician"
        )
    name = getattr(exc, "sqlite_errorname", type(exc).__name__)
    return OutboxError(
        f"The outbox database failed while {what} ({name}: {exc})",
        "run kiosk doctor; keep the state directory for the technician",
    )


def _full(folder: Path) -> bool:
    try:
        stats = os.statvfs(folder)
    except OSError:
        return False
    return stats.f_bavail * stats.f_frsize < FULL_BELOW_BYTES


def connect(path: Path) -> sqlite3.Connection:
    """Open (creating or migrating) the outbox database at ``path``."""
    try:
        connection = sqlite3.connect(
            path, isolation_level=None, check_same_thread=False, timeout=10.0
        )
    except sqlite3.Error as exc:
        raise database_error(exc, "opening the outbox", path.parent) from exc
    try:
        connection.execute("PRAGMA journal_mode=WAL")
        connection.execute("PRAGMA synchronous=FULL")
        connection.execute("PRAGMA foreign_keys=ON")
        migrate(connection)
    except BaseException as exc:
        connection.close()  # a half-opened database would pin its file (and its disk)
        if isinstance(exc, sqlite3.Error):
            raise database_error(exc, "opening the outbox", path.parent) from exc
        raise
    return connection


def migrate(connection: sqlite3.Connection) -> int:
    """Bring the schema to :data:`SCHEMA_VERSION`; return the version found."""
    found = int(connection.execute("PRAGMA user_version").fetchone()[0])
    if found > SCHEMA_VERSION:
        raise OutboxError(
            f"The outbox was written by a newer kiosk (schema {found}, this one knows "
            f"{SCHEMA_VERSION})",
            "install the newer kiosk version again; do not delete the outbox",
        )
    for version in range(found + 1, SCHEMA_VERSION + 1):
        connection.execute("BEGIN IMMEDIATE")
        try:
            for statement in MIGRATIONS[version - 1]:
                connection.execute(statement)
            # PRAGMA takes no parameters; the value is our own integer.
            connection.execute(f"PRAGMA user_version = {version:d}")
            connection.execute("COMMIT")
        except BaseException:
            connection.execute("ROLLBACK")
            raise
    return found
