"""A corpus you come back to: stories, articles and maps in SQLite or PostgreSQL.

SQLite is the default (one file in the user's data directory; no server),
PostgreSQL is used for a ``postgresql://`` URL (the ``[postgres]`` extra).
Both get the same schema from one ordered list of migrations, run when the
store is opened.

    >>> from rashomon.model import Document
    >>> with open_store(":memory:") as store:
    ...     ids = store.add([Document.from_text("Soleimani was killed in Baghdad.")], story="Soleimani")
    ...     store.search("baghdad")[0].document == ids[0]
    True

Where the store lives: ``open_store(url)``, else the ``RASHOMON_DB`` environment
variable, else ``<user data dir>/rashomon/rashomon.db``. A URL is a file path,
``sqlite:///PATH``, ``:memory:``, or ``postgresql://user:password@host/db``.
"""

from __future__ import annotations

import os
from pathlib import Path

from ..errors import StoreError
from ._db import Dialect, connect, redact
from ._records import ActorHit, ActorMention, DocumentNotFound, SearchHit, Segment, StoryInfo, StoryNotFound
from ._store import Store
from .migrations import migrate

__all__ = [
    "ActorHit",
    "ActorMention",
    "DocumentNotFound",
    "SearchHit",
    "Segment",
    "Store",
    "StoryInfo",
    "StoryNotFound",
    "data_dir",
    "default_url",
    "format_stories",
    "list_stories",
    "open_store",
    "resolve_url",
]


def data_dir() -> Path:
    """The per-user directory the default store lives in."""
    from platformdirs import user_data_path

    return Path(user_data_path("rashomon", appauthor=False))


def default_url() -> str:
    return os.environ.get("RASHOMON_DB") or str(data_dir() / "rashomon.db")


def resolve_url(url: str | os.PathLike[str] | None = None) -> tuple[Dialect, str]:
    """(dialect, what to connect to) for a store URL or path; see the module docstring."""
    text = str(url) if url is not None else default_url()
    if text.startswith(("postgresql://", "postgres://")):
        return "postgresql", text
    if text.startswith("sqlite:///"):
        text = text[len("sqlite:///"):] or ":memory:"  # sqlite:////abs/path is absolute, as in SQLAlchemy
    elif "://" in text:
        raise StoreError(f"{redact(text)}: unsupported store URL (use a file path, sqlite:///PATH "
                         "or postgresql://...)")
    if text != ":memory:":
        text = str(Path(text).expanduser())
    return "sqlite", text


def open_store(url: str | os.PathLike[str] | None = None, *, migrate_schema: bool = True) -> Store:
    """Open (and create or migrate) a store; use it as a context manager to close it.

        >>> with open_store(":memory:") as store:
        ...     store.stories()
        []
    """
    dialect, where = resolve_url(url)
    db = connect(dialect, where)
    try:
        if migrate_schema:
            migrate(db)
    except Exception as exc:
        db.close()
        if isinstance(exc, StoreError):
            raise
        raise StoreError(f"{db.where}: cannot migrate the store schema ({exc})") from exc
    return Store(db, db.where)


def list_stories(store: Store) -> list[StoryInfo]:
    """Every story with its counts, most recently updated first (``rashomon stories --list``)."""
    return store.stories()


def format_stories(stories: list[StoryInfo]) -> str:
    """A plain-text table of stories for the terminal."""
    if not stories:
        return "no stories yet (add articles with: rashomon add INPUT... --story NAME)"
    head = f"{'story':<32} {'docs':>5} {'actors':>6} {'contra':>6} {'confl':>5}  {'updated':<19}  id"
    lines = [head]
    for s in stories:
        flag = " *" if s.stale else ""
        lines.append(f"{s.name[:32]:<32} {s.documents:>5} {s.entities:>6} {s.links:>6} {s.conflicts:>5}  "
                     f"{s.updated[:19].replace('T', ' '):<19}  {s.id}{flag}")
    if any(s.stale for s in stories):
        lines.append("* map out of date: rashomon show STORY --refresh")
    return "\n".join(lines)

