"""The outbox database: connection settings, schema versions, migrations.

SQLite in WAL mode with ``synchronous=FULL``: a commit is on the disk when it
returns, so a power cut after "received" cannot lose the dossier. The schema
version is ``PRAGMA user_version``; each migration runs in its own
transaction and a database from a newer kiosk is refused rather than guessed at.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from offline_queue.durable import storage_error
from offline_queue.errors import OutboxError

_SQLITE_FULL = 13
_SQLITE_BUSY = 5
_SQLITE_IOERR = 10

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


def database_error(exc: sqlite3.Error, what: str) -> OutboxError:
    """Translate a sqlite3 error met while doing ``what`` into words."""
    code = getattr(exc, "sqlite_errorcode", 0) & 0xFF
    if code == _SQLITE_FULL:
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
    return OutboxError(
        f"The outbox database failed while {what} ({type(exc).__name__})",
        "run kiosk doctor; keep the state directory for the technician",
    )


def connect(path: Path) -> sqlite3.Connection:
    """Open (creating or migrating) the outbox database at ``path``."""
    try:
        connection = sqlite3.connect(
            path, isolation_level=None, check_same_thread=False, timeout=10.0
        )
        connection.execute("PRAGMA journal_mode=WAL")
        connection.execute("PRAGMA synchronous=FULL")
        connection.execute("PRAGMA foreign_keys=ON")
        migrate(connection)
    except sqlite3.Error as exc:
        raise database_error(exc, "opening the outbox") from exc
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
