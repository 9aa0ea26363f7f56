"""The store's schema: one ordered list of migrations for SQLite and PostgreSQL.

Each migration is registered under a version number and a name, runs inside
one transaction together with its row in ``schema_migrations``, and is never
edited once released: a change to the schema is a new migration appended to
the list. Both databases get the same tables; only full-text search differs
(an FTS5 table kept in step by triggers on SQLite, a generated ``tsvector``
column with a GIN index on PostgreSQL), and a few type names (``{blob}``).

    >>> [m.version for m in MIGRATIONS] == sorted(m.version for m in MIGRATIONS)
    True
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime

from ._db import Database, Dialect

TYPES: dict[Dialect, dict[str, str]] = {
    "sqlite": {"blob": "BLOB"},
    "postgresql": {"blob": "BYTEA"},
}
_LOCK_KEY = 727_2020  # PostgreSQL advisory lock: one migrating process at a time


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    common: tuple[str, ...] = ()
    dialect: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def statements(self, dialect: Dialect) -> list[str]:
        types = TYPES[dialect]
        return [s.format(**types) for s in (*self.common, *self.dialect.get(dialect, ()))]


MIGRATIONS: list[Migration] = []


def migration(version: int, name: str, *common: str, **dialect: tuple[str, ...]) -> Migration:
    """Register a migration; versions must increase."""
    if MIGRATIONS and version <= MIGRATIONS[-1].version:
        raise ValueError(f"migration {version} registered after {MIGRATIONS[-1].version}")
    m = Migration(version, name, tuple(common), dict(dialect))
    MIGRATIONS.append(m)
    return m


migration(
    1, "stories, documents, maps, entities and mentions",
    """CREATE TABLE stories (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        created TEXT NOT NULL,
        updated TEXT NOT NULL)""",
    """CREATE TABLE documents (
        id TEXT PRIMARY KEY,
        source TEXT NOT NULL,
        title TEXT, author TEXT, outlet TEXT, published TEXT, language TEXT, url TEXT,
        body TEXT NOT NULL,
        data TEXT NOT NULL,
        added TEXT NOT NULL)""",
    "CREATE INDEX documents_added ON documents (added)",
    """CREATE TABLE story_documents (
        story TEXT NOT NULL REFERENCES stories (id) ON DELETE CASCADE,
        document TEXT NOT NULL REFERENCES documents (id),
        added TEXT NOT NULL,
        PRIMARY KEY (story, document))""",
    "CREATE INDEX story_documents_document ON story_documents (document)",
    """CREATE TABLE maps (
        story TEXT PRIMARY KEY REFERENCES stories (id) ON DELETE CASCADE,
        docset TEXT NOT NULL,
        data TEXT NOT NULL,
        documents INTEGER NOT NULL,
        entities INTEGER NOT NULL,
        claims INTEGER NOT NULL,
        links INTEGER NOT NULL,
        conflicts INTEGER NOT NULL,
        updated TEXT NOT NULL)""",
    """CREATE TABLE entities (
        story TEXT NOT NULL REFERENCES stories (id) ON DELETE CASCADE,
        id TEXT NOT NULL,
        name TEXT NOT NULL,
        type TEXT NOT NULL,
        aliases TEXT NOT NULL,
        mentions INTEGER NOT NULL,
        PRIMARY KEY (story, id))""",
    """CREATE TABLE entity_names (
        story TEXT NOT NULL,
        entity TEXT NOT NULL,
        name TEXT NOT NULL,
        PRIMARY KEY (story, entity, name),
        FOREIGN KEY (story, entity) REFERENCES entities (story, id) ON DELETE CASCADE)""",
    "CREATE INDEX entity_names_name ON entity_names (name)",
    """CREATE TABLE mentions (
        story TEXT NOT NULL,
        entity TEXT NOT NULL,
        document TEXT NOT NULL REFERENCES documents (id),
        start_char INTEGER NOT NULL,
        end_char INTEGER NOT NULL,
        text TEXT NOT NULL,
        FOREIGN KEY (story, entity) REFERENCES entities (story, id) ON DELETE CASCADE)""",
    "CREATE INDEX mentions_entity ON mentions (story, entity)",
)

migration(
    2, "full-text search over documents",
    sqlite=(
        """CREATE VIRTUAL TABLE documents_fts USING fts5(
            doc UNINDEXED, title, body, tokenize = 'porter unicode61 remove_diacritics 2')""",
        """CREATE TRIGGER documents_fts_insert AFTER INSERT ON documents BEGIN
            INSERT INTO documents_fts (doc, title, body) VALUES (new.id, coalesce(new.title, ''), new.body);
        END""",
        """CREATE TRIGGER documents_fts_delete AFTER DELETE ON documents BEGIN
            DELETE FROM documents_fts WHERE doc = old.id;
        END""",
    ),
    postgresql=(
        """ALTER TABLE documents ADD COLUMN tsv tsvector GENERATED ALWAYS AS (
            setweight(to_tsvector('english', coalesce(title, '')), 'A') ||
            setweight(to_tsvector('english', body), 'B')) STORED""",
        "CREATE INDEX documents_tsv ON documents USING GIN (tsv)",
    ),
)

migration(
    3, "per-document analysis cache for incremental maps",
    """CREATE TABLE analyses (
        document TEXT NOT NULL REFERENCES documents (id),
        pipeline TEXT NOT NULL,
        data TEXT NOT NULL,
        spacy {blob},
        created TEXT NOT NULL,
        PRIMARY KEY (document, pipeline))""",
)


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="microseconds")


def current_version(db: Database) -> int:
    row = db.one("SELECT max(version) AS v FROM schema_migrations")
    return int(row["v"]) if row and row["v"] is not None else 0


def _lock(db: Database) -> None:
    if db.dialect == "postgresql":
        db.execute("SELECT pg_advisory_xact_lock(?)", (_LOCK_KEY,))


def _ensure_table(db: Database) -> None:
    db.execute(
        "CREATE TABLE IF NOT EXISTS schema_migrations ("
        "version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied TEXT NOT NULL)"
    )


def pending(db: Database) -> list[Migration]:
    with db.transaction():
        _lock(db)
        _ensure_table(db)
    done = current_version(db)
    return [m for m in MIGRATIONS if m.version > done]


def migrate(db: Database) -> list[int]:
    """Apply every pending migration, each in its own transaction; return the versions applied."""
    if not pending(db):
        return []
    applied = []
    for m in MIGRATIONS:
        with db.transaction():
            _lock(db)
            # Re-checked under the lock: another process may have migrated meanwhile.
            if db.one("SELECT 1 AS x FROM schema_migrations WHERE version = ?", (m.version,)):
                continue
            for sql in m.statements(db.dialect):
                db.execute(sql)
            db.execute("INSERT INTO schema_migrations (version, name, applied) VALUES (?, ?, ?)",
                       (m.version, m.name, now()))
            applied.append(m.version)
    return applied
