"""The center's tables, the same for SQLite and PostgreSQL, with numbered migrations.

The tables are the index; sealed envelopes live in files (:mod:`center.blobs`).

Type names that differ (``{blob}``, ``{bigint}``) are filled from
:data:`center.db.TYPES`, constants of ours; nothing else is formatted into SQL.
"""

from __future__ import annotations

from dataclasses import dataclass

from center.db import Database, Dialect
from center.errors import StorageFault


@dataclass(frozen=True)
class Dialectal:
    """Statements that cannot be written once for both databases (triggers)."""

    sqlite: tuple[str, ...]
    postgresql: tuple[str, ...]

    def for_dialect(self, dialect: Dialect) -> tuple[str, ...]:
        return self.sqlite if dialect == "sqlite" else self.postgresql


MIGRATIONS: tuple[tuple[str | Dialectal, ...], ...] = (
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
    (
        # The back office (wave 2): a dossier's place in the one-stop process and
        # the facts its inbox row shows, kept in clear because none is personal.
        "ALTER TABLE dossiers ADD COLUMN procedure_name TEXT NOT NULL DEFAULT ''",
        "ALTER TABLE dossiers ADD COLUMN due_at TEXT",
        "ALTER TABLE dossiers ADD COLUMN paper_count INTEGER NOT NULL DEFAULT 0",
        "ALTER TABLE dossiers ADD COLUMN state_changed_at TEXT",
        "ALTER TABLE dossiers ADD COLUMN state_note TEXT NOT NULL DEFAULT ''",
        "ALTER TABLE dossiers ADD COLUMN to_bring TEXT NOT NULL DEFAULT ''",
        "ALTER TABLE dossiers ADD COLUMN assigned_to TEXT",
        # Lookup by the receipt's token, or by code plus the ID number's last four
        # digits: only keyed hashes of either are kept.
        "ALTER TABLE dossiers ADD COLUMN lookup_sha256 TEXT",
        "ALTER TABLE dossiers ADD COLUMN id_tail_mac TEXT",
        "CREATE UNIQUE INDEX dossiers_lookup ON dossiers (lookup_sha256)",
        "CREATE INDEX dossiers_inbox ON dossiers (agency_code, received_at)",
        "CREATE INDEX dossiers_state ON dossiers (agency_code, state, received_at)",
        """CREATE TABLE users (
            username       TEXT PRIMARY KEY,
            password_hash  TEXT NOT NULL,
            role           TEXT NOT NULL,
            agencies       TEXT NOT NULL,
            created_at     TEXT NOT NULL,
            disabled_at    TEXT,
            failed_logins  INTEGER NOT NULL DEFAULT 0,
            locked_until   TEXT,
            session_epoch  INTEGER NOT NULL DEFAULT 0
        )""",
        # Append-only: the triggers below refuse every UPDATE and DELETE.
        """CREATE TABLE audit_log (
            entry_id       {serial_key},
            at             TEXT NOT NULL,
            actor          TEXT NOT NULL,
            action         TEXT NOT NULL,
            official_code  TEXT,
            from_state     TEXT,
            to_state       TEXT,
            reason         TEXT NOT NULL DEFAULT '',
            detail         TEXT NOT NULL DEFAULT ''
        )""",
        "CREATE INDEX audit_log_dossier ON audit_log (official_code, entry_id)",
        Dialectal(
            sqlite=(
                "CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log "
                "BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END",
                "CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log "
                "BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END",
            ),
            postgresql=(
                "CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS "
                "$$ BEGIN RAISE EXCEPTION 'the audit log is append-only'; END $$",
                "CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON audit_log "
                "FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()",
            ),
        ),
        # Shared by every center process (several behind one balancer).
        """CREATE TABLE request_nonces (
            kiosk_id  TEXT NOT NULL,
            nonce     TEXT NOT NULL,
            seen_at   {bigint} NOT NULL,
            PRIMARY KEY (kiosk_id, nonce)
        )""",
        "CREATE INDEX request_nonces_age ON request_nonces (seen_at)",
        """CREATE TABLE rate_limits (
            bucket        TEXT PRIMARY KEY,
            window_start  {bigint} NOT NULL,
            hits          INTEGER NOT NULL
        )""",
        """CREATE TABLE center_secrets (
            name   TEXT PRIMARY KEY,
            value  {blob} NOT NULL
        )""",
    ),
    (
        # Statistics (the provinces' service index): when the result was ready,
        # and how often additions were asked, kept as the status changes.
        "ALTER TABLE dossiers ADD COLUMN result_at TEXT",
        "ALTER TABLE dossiers ADD COLUMN additions_count INTEGER NOT NULL DEFAULT 0",
        # The kiosks' anonymous ratings, as counts per day, procedure and score
        # (each heartbeat replaces its kiosk's recent counts: nothing counted twice).
        """CREATE TABLE rating_tallies (
            kiosk_id        TEXT NOT NULL,
            day             TEXT NOT NULL,
            procedure_code  TEXT NOT NULL,
            score           INTEGER NOT NULL,
            tally           INTEGER NOT NULL,
            PRIMARY KEY (kiosk_id, day, procedure_code, score)
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
            for entry in MIGRATIONS[version - 1]:
                statements = (
                    entry.for_dialect(db.dialect) if isinstance(entry, Dialectal) else (entry,)
                )
                for statement in statements:
                    tx.execute(statement.format(**db.types))
            tx.execute("UPDATE schema_version SET version = ?", (version,))
    return found
