"""The center's tables, the same for SQLite and PostgreSQL, with numbered migrations.

The tables are the index; sealed envelopes live in files (:mod:`center.blobs`).

Type names that differ (``{blob}``, ``{bigint}``) are filled from
:data:`center.db.TYPES`, constants of ours; nothing else is formatted into SQL.
"""

from __future__ import annotations

from center.db import Database
from center.errors import StorageFault

MIGRATIONS: tuple[tuple[str, ...], ...] = (
    (
        """CREATE TABLE kiosks (
            kiosk_id     TEXT PRIMARY KEY,
            public_key   {blob} NOT NULL,
            agency_code  TEXT NOT NULL,
            enrolled_at  TEXT NOT NULL,
            revoked_at   TEXT
        )""",
        """CREATE TABLE enrollment_tokens (
            token_sha256 TEXT PRIMARY KEY,
            kiosk_id     TEXT NOT NULL,
            agency_code  TEXT NOT NULL,
            created_at   TEXT NOT NULL,
            expires_at   TEXT NOT NULL,
            used_at      TEXT
        )""",
        """CREATE TABLE uploads (
            upload_id        TEXT PRIMARY KEY,
            kiosk_id         TEXT NOT NULL,
            idempotency_key  TEXT NOT NULL,
            provisional_code TEXT NOT NULL,
            length           {bigint} NOT NULL,
            envelope_sha256  TEXT NOT NULL,
            received         {bigint} NOT NULL DEFAULT 0,
            official_code    TEXT,
            created_at       TEXT NOT NULL,
            completed_at     TEXT,
            UNIQUE (kiosk_id, idempotency_key)
        )""",
        """CREATE TABLE dossiers (
            provisional_code TEXT PRIMARY KEY,
            official_code    TEXT NOT NULL UNIQUE,
            kiosk_id         TEXT NOT NULL,
            agency_code      TEXT NOT NULL,
            procedure_code   TEXT NOT NULL,
            received_at      TEXT NOT NULL,
            envelope_sha256  TEXT NOT NULL,
            source           TEXT NOT NULL,
            stored_at        TEXT NOT NULL,
            state            TEXT NOT NULL
        )""",
        """CREATE TABLE daily_sequences (
            agency_code TEXT NOT NULL,
            day         TEXT NOT NULL,
            last        INTEGER NOT NULL,
            PRIMARY KEY (agency_code, day)
        )""",
        """CREATE TABLE heartbeats (
            kiosk_id    TEXT PRIMARY KEY,
            body        TEXT NOT NULL,
            received_at TEXT NOT NULL
        )""",
        """CREATE TABLE published (
            kind         TEXT NOT NULL,
            version      TEXT NOT NULL,
            published_at TEXT NOT NULL,
            document     TEXT NOT NULL,
            PRIMARY KEY (kind, version)
        )""",
    ),
)
SCHEMA_VERSION = len(MIGRATIONS)


def migrate(db: Database) -> int:
    """Create or upgrade the tables; return the version found before."""
    with db.transaction() as tx:
        tx.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)")
        rows = tx.execute("SELECT version FROM schema_version")
        if not rows:
            tx.execute("INSERT INTO schema_version (version) VALUES (0)")
        found = int(rows[0][0]) if rows else 0
    if found > SCHEMA_VERSION:
        raise StorageFault(
            f"The center database has schema {found}; this center knows {SCHEMA_VERSION}",
            "run the newer center version against it",
        )
    for version in range(found + 1, SCHEMA_VERSION + 1):
        with db.transaction() as tx:
            for statement in MIGRATIONS[version - 1]:
                tx.execute(statement.format(**db.types))
            tx.execute("UPDATE schema_version SET version = ?", (version,))
    return found
