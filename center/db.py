"""One database interface over SQLite (default) and PostgreSQL (a province's fleet).

The center's SQL is written once, with ``?`` placeholders and portable
statements (``INSERT ... ON CONFLICT``, ``RETURNING``); this module turns the
placeholders into psycopg's ``%s`` and the few type names that differ. Every
value is bound, never formatted into the text.

URLs: ``sqlite:///path/center.db``, ``sqlite://`` (in memory, for the demo and
tests), ``postgresql://user@host:port/dbname``.

SQLite: one connection behind a lock (SQLite has one writer anyway), WAL,
``synchronous=FULL``. PostgreSQL: a small pool of connections, each
transaction on one of them.
"""

from __future__ import annotations

import queue
import sqlite3
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any, Literal, Protocol
from urllib.parse import urlsplit

from center.errors import Conflict, StorageFault

Dialect = Literal["sqlite", "postgresql"]
Params = Sequence[object]

TYPES: dict[Dialect, dict[str, str]] = {
    "sqlite": {
        "blob": "BLOB",
        "bigint": "INTEGER",
        "serial_key": "INTEGER PRIMARY KEY AUTOINCREMENT",
    },
    "postgresql": {
        "blob": "BYTEA",
        "bigint": "BIGINT",
        "serial_key": "BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY",
    },
}


def one_of(column: str, count: int) -> str:
    """``column IN (?, ?, ...)`` with ``count`` marks; ``column`` is one of our constants."""
    return f"{column} IN ({', '.join('?' * count)})"


class Tx(Protocol):
    """What a transaction offers: run a statement, get rows."""

    def execute(self, sql: str, params: Params = ()) -> list[tuple[Any, ...]]: ...

    def rowcount(self) -> int: ...


class _SqliteTx:
    def __init__(self, connection: sqlite3.Connection) -> None:
        self._connection = connection
        self._rowcount = 0

    def execute(self, sql: str, params: Params = ()) -> list[tuple[Any, ...]]:
        cursor = self._connection.execute(sql, tuple(params))
        rows = cursor.fetchall()
        self._rowcount = cursor.rowcount
        return rows

    def rowcount(self) -> int:
        return self._rowcount


class Database:
    """Transactions on the center's database; see the module notes for URLs."""

    def __init__(self, url: str | None = None, pool_size: int = 8) -> None:
        self.url = url or "sqlite://"
        scheme = urlsplit(self.url).scheme
        if scheme == "sqlite":
            self.dialect: Dialect = "sqlite"
            self._sqlite = self._open_sqlite(self.url)
            self._lock = threading.Lock()
        elif scheme in ("postgresql", "postgres"):
            self.dialect = "postgresql"
            self._pool: queue.LifoQueue[Any] = queue.LifoQueue()
            self._pool_size = pool_size
            self._opened = 0
            self._pool_lock = threading.Lock()
            self._put(self._connect_pg())
        else:
            raise StorageFault(
                f"Unknown database URL scheme {scheme!r}",
                "use sqlite:///PATH or postgresql://USER@HOST:PORT/DB",
            )

    @property
    def types(self) -> dict[str, str]:
        return TYPES[self.dialect]

    # --- SQLite -------------------------------------------------------------------------

    @staticmethod
    def _open_sqlite(url: str) -> sqlite3.Connection:
        path = urlsplit(url).path
        target = path[1:] if path.startswith("//") else path
        try:
            connection = sqlite3.connect(
                target or ":memory:", isolation_level=None, check_same_thread=False, timeout=30
            )
            if target:
                connection.execute("PRAGMA journal_mode=WAL")
            connection.execute("PRAGMA synchronous=FULL")
        except sqlite3.Error as exc:
            raise StorageFault(
                f"The center database {target} cannot be opened ({exc})",
                "check the path, its owner and the free space",
            ) from exc
        return connection

    @contextmanager
    def _sqlite_tx(self) -> Iterator[Tx]:
        with self._lock:
            connection = self._sqlite
            try:
                connection.execute("BEGIN IMMEDIATE")
                try:
                    yield _SqliteTx(connection)
                    connection.execute("COMMIT")
                except BaseException:
                    connection.execute("ROLLBACK")
                    raise
            except sqlite3.IntegrityError as exc:
                raise Conflict("A uniqueness rule refused the write", "retry the request") from exc
            except sqlite3.Error as exc:
                raise _sqlite_fault(exc) from exc

    # --- PostgreSQL ----------------------------------------------------------------------

    def _connect_pg(self) -> Any:
        import psycopg

        try:
            connection = psycopg.connect(self.url, autocommit=True, connect_timeout=10)
        except psycopg.Error as exc:
            raise StorageFault(
                f"The PostgreSQL database cannot be reached ({type(exc).__name__})",
                "check --db (host, port, user, database) and that PostgreSQL runs",
            ) from exc
        with self._pool_lock:
            self._opened += 1
        return connection

    def _put(self, connection: Any) -> None:
        self._pool.put(connection)

    def _take(self) -> Any:
        try:
            return self._pool.get_nowait()
        except queue.Empty:
            with self._pool_lock:
                full = self._opened >= self._pool_size
            return self._pool.get() if full else self._connect_pg()

    @contextmanager
    def _pg_tx(self) -> Iterator[Tx]:
        import psycopg

        connection = self._take()
        try:
            # autocommit connection + transaction(): an explicit BEGIN ... COMMIT.
            with connection.transaction():
                yield _PgTx(connection)
        except psycopg.errors.UniqueViolation as exc:
            raise Conflict("A uniqueness rule refused the write", "retry the request") from exc
        except psycopg.Error as exc:
            raise StorageFault(
                f"The PostgreSQL database failed ({type(exc).__name__})",
                "check PostgreSQL's log and free space",
            ) from exc
        finally:
            if connection.closed:
                with self._pool_lock:
                    self._opened -= 1
            else:
                self._put(connection)

    # --- common -----------------------------------------------------------------------

    def transaction(self) -> Any:
        """``with db.transaction() as tx: tx.execute(sql, params)``: all or nothing."""
        return self._sqlite_tx() if self.dialect == "sqlite" else self._pg_tx()

    def close(self) -> None:
        if self.dialect == "sqlite":
            with self._lock:
                self._sqlite.close()
            return
        while True:
            try:
                self._pool.get_nowait().close()
            except queue.Empty:
                return


class _PgTx:
    def __init__(self, connection: Any) -> None:
        self._connection = connection
        self._rowcount = 0

    def execute(self, sql: str, params: Params = ()) -> list[tuple[Any, ...]]:
        # The SQL text is one of the center's constants; only ``?`` marks change.
        cursor = self._connection.execute(sql.replace("?", "%s"), tuple(params))
        self._rowcount = cursor.rowcount
        rows: list[tuple[Any, ...]] = cursor.fetchall() if cursor.description else []
        return rows

    def rowcount(self) -> int:
        return self._rowcount


def _sqlite_fault(exc: sqlite3.Error) -> StorageFault:
    if (getattr(exc, "sqlite_errorcode", 0) & 0xFF) == 13:
        return StorageFault("The center's disk is full", "free space on the center's disk")
    return StorageFault(
        f"The center database failed ({type(exc).__name__}: {exc})",
        "check the database file and the free space; restart the center",
    )
