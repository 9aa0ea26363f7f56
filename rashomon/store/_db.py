"""One thin connection layer over ``sqlite3`` and psycopg 3.

The store writes its SQL once, with ``?`` placeholders; this module is the only
place the two drivers differ: how to connect, the placeholder style, and how a
transaction begins. Transactions nest (savepoints), so a migration or an
ingestion step is all-or-nothing however it is composed.

    >>> db = connect("sqlite", ":memory:")
    >>> with db.transaction():
    ...     db.execute("CREATE TABLE t (x TEXT)")
    ...     db.execute("INSERT INTO t VALUES (?)", ("a",))
    >>> db.query("SELECT x FROM t")
    [{'x': 'a'}]
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Literal

from ..errors import MissingExtra, StoreError

Dialect = Literal["sqlite", "postgresql"]
Row = dict[str, Any]


class Database:
    """A connection plus the dialect it speaks; rows come back as dicts."""

    def __init__(self, dialect: Dialect, conn: Any, where: str) -> None:
        self.dialect = dialect
        self.conn = conn
        self.where = where
        self._depth = 0

    def _sql(self, sql: str) -> str:
        if self.dialect == "postgresql":
            return sql.replace("%", "%%").replace("?", "%s")
        return sql

    def execute(self, sql: str, params: Sequence[Any] = ()) -> None:
        self.conn.execute(self._sql(sql), tuple(params))

    def executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        if not rows:
            return
        if self.dialect == "postgresql":
            with self.conn.cursor() as cur:
                cur.executemany(self._sql(sql), [tuple(r) for r in rows])
        else:
            self.conn.executemany(sql, [tuple(r) for r in rows])

    def query(self, sql: str, params: Sequence[Any] = ()) -> list[Row]:
        cur = self.conn.execute(self._sql(sql), tuple(params))
        rows = cur.fetchall()
        if self.dialect == "sqlite":
            return [dict(r) for r in rows]
        return list(rows)

    def one(self, sql: str, params: Sequence[Any] = ()) -> Row | None:
        rows = self.query(sql, params)
        return rows[0] if rows else None

    @contextmanager
    def transaction(self) -> Iterator[Database]:
        """All or nothing; an inner call becomes a savepoint of the outer one."""
        self._depth += 1
        name = f"sp{self._depth}"
        outer = self._depth == 1
        try:
            self.conn.execute("BEGIN IMMEDIATE" if outer and self.dialect == "sqlite" else
                              "BEGIN" if outer else f"SAVEPOINT {name}")
            try:
                yield self
            except BaseException:
                self.conn.execute("ROLLBACK" if outer else f"ROLLBACK TO SAVEPOINT {name}")
                raise
            self.conn.execute("COMMIT" if outer else f"RELEASE SAVEPOINT {name}")
        finally:
            self._depth -= 1

    def close(self) -> None:
        self.conn.close()


def _sqlite(path: str) -> Database:
    if path != ":memory:":
        Path(path).parent.mkdir(parents=True, exist_ok=True)
    try:
        # isolation_level=None: we issue BEGIN/COMMIT ourselves, so nothing is committed implicitly.
        conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False, timeout=30)
        conn.row_factory = sqlite3.Row
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA busy_timeout = 30000")
        if path != ":memory:":
            # WAL: readers never block the writer; NORMAL sync is safe against a killed
            # process (only an OS crash can roll back the last commits, never corrupt).
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA synchronous = NORMAL")
    except sqlite3.Error as exc:
        raise StoreError(f"{path}: cannot open the SQLite store ({exc})") from None
    return Database("sqlite", conn, path)


def _postgres(url: str) -> Database:
    try:
        import psycopg
        from psycopg.rows import dict_row
    except ImportError:
        raise MissingExtra("PostgreSQL storage", "postgres") from None
    try:
        conn = psycopg.connect(url, autocommit=True, row_factory=dict_row, connect_timeout=10)
    except psycopg.Error as exc:
        raise StoreError(f"{redact(url)}: cannot connect to PostgreSQL ({str(exc).strip()})") from None
    return Database("postgresql", conn, redact(url))


def redact(url: str) -> str:
    """The URL without its password, for messages."""
    from urllib.parse import urlsplit, urlunsplit

    parts = urlsplit(url)
    if parts.password is None:
        return url
    netloc = parts.netloc.replace(f":{parts.password}@", ":***@", 1)
    return urlunsplit(parts._replace(netloc=netloc))


def connect(dialect: Dialect, where: str) -> Database:
    return _postgres(where) if dialect == "postgresql" else _sqlite(where)
