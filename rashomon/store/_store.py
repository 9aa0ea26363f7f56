"""The ``Store``: stories, their documents and maps, over either database.

Writes are transactions: ``add`` commits all the documents it is given or
none, ``save_map`` replaces a story's map and its actor index at once. Ids
are content hashes, so adding the same article twice changes nothing.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Sequence
from typing import Any, Self

from ..codec import decode_document, dumps, encode_document
from ..model import Document, NarrativeMap
from . import _codec, _search
from ._db import Database
from ._records import (
    ActorHit,
    DocumentNotFound,
    SearchHit,
    StoryInfo,
    StoryNotFound,
    normalize_name,
    story_id,
    story_info,
)
from .migrations import now

_STORY_SELECT = """
    SELECT s.id, s.name, s.created, s.updated,
           (SELECT count(*) FROM story_documents sd WHERE sd.story = s.id) AS documents,
           m.entities, m.claims, m.links, m.conflicts, m.updated AS map_updated, m.documents AS map_documents
    FROM stories s LEFT JOIN maps m ON m.story = s.id
"""


def docset(ids: Iterable[str]) -> str:
    """A fingerprint of a set of documents: a map is current when its docset is the story's."""
    return hashlib.sha256("\n".join(sorted(set(ids))).encode()).hexdigest()[:24]


class Store:
    """One database of stories; use ``open_store`` to get one.

        >>> from rashomon.store import open_store
        >>> with open_store(":memory:") as store:
        ...     ids = store.add([Document.from_text("A drone strike killed him.")], story="Baghdad")
        ...     [s.name for s in store.stories()]
        ['Baghdad']
    """

    def __init__(self, db: Database, url: str) -> None:
        self.db = db
        self.url = url

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.db.close()

    @property
    def dialect(self) -> str:
        return self.db.dialect

    # --- stories ---------------------------------------------------------------------------

    def _find_story(self, key: str) -> dict[str, Any] | None:
        return (self.db.one(_STORY_SELECT + " WHERE s.id = ?", (key,))
                or self.db.one(_STORY_SELECT + " WHERE s.name = ?", (key,)))

    def story(self, name_or_id: str) -> StoryInfo:
        """The story with this id, else with this name; ``StoryNotFound`` otherwise."""
        row = self._find_story(name_or_id)
        if row is None:
            raise StoryNotFound(name_or_id)
        return story_info(row)

    def stories(self) -> list[StoryInfo]:
        """Every story, most recently updated first."""
        return [story_info(r) for r in self.db.query(_STORY_SELECT + " ORDER BY s.updated DESC, s.name")]

    def ensure_story(self, name: str, new_id: str | None = None) -> StoryInfo:
        """The story named (or with id) ``name``, created if absent; ``new_id`` fixes a new story's id."""
        name = name.strip()
        if not name:
            raise StoryNotFound(name)
        with self.db.transaction():
            row = self._find_story(name)
            if row is None:
                stamp = now()
                self.db.execute(
                    "INSERT INTO stories (id, name, created, updated) VALUES (?, ?, ?, ?) "
                    "ON CONFLICT DO NOTHING", (new_id or story_id(name), name, stamp, stamp))
                row = self._find_story(name)
        assert row is not None
        return story_info(row)

    def _touch(self, sid: str) -> None:
        self.db.execute("UPDATE stories SET updated = ? WHERE id = ?", (now(), sid))

    # --- documents -------------------------------------------------------------------------

    def _insert_documents(self, docs: Sequence[Document]) -> set[str]:
        """Insert what is not stored yet; the ids this insert stored, as the database decided them."""
        stamp = now()
        inserted: set[str] = set()
        for d in docs:
            inserted |= {r["id"] for r in self.db.query(
                "INSERT INTO documents (id, source, title, author, outlet, published, language, url, body, data, "
                "added) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING RETURNING id",
                (d.id, _codec.clean(d.source), _codec.clean(d.title), _codec.clean(d.author),
                 _codec.clean(d.outlet), d.published, d.language, _codec.clean(d.url), _codec.clean(d.text),
                 encode_document(d), stamp))}
        return inserted

    def _link(self, sid: str, ids: Sequence[str]) -> int:
        before = self.db.one("SELECT count(*) AS n FROM story_documents WHERE story = ?", (sid,))
        self.db.executemany(
            "INSERT INTO story_documents (story, document, added) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
            [(sid, i, now()) for i in ids])
        after = self.db.one("SELECT count(*) AS n FROM story_documents WHERE story = ?", (sid,))
        return int(after["n"]) - int(before["n"]) if after and before else 0

    def add(self, documents: Iterable[Document], story: str | None = None) -> list[str]:
        """Store documents (and join them to ``story``, created if new) in one transaction.

        Returns the ids of the given documents in order; those already stored are left as they were.
        """
        docs = list({d.id: d for d in documents}.values())
        self._add(docs, story)
        return [d.id for d in docs]

    def add_new(self, documents: Iterable[Document], story: str | None = None) -> list[str]:
        """Store documents as ``add`` does; the ids of those this call stored, in order.

        New is what the insert itself found absent: asking ``existing`` first races with another
        run adding the same article at the same time, and both would then count it as new.
        """
        docs = list({d.id: d for d in documents}.values())
        inserted = self._add(docs, story)
        return [d.id for d in docs if d.id in inserted]

    def _add(self, docs: Sequence[Document], story: str | None) -> set[str]:
        with self.db.transaction():
            inserted = self._insert_documents(docs)
            if story is not None:
                sid = self.ensure_story(story).id
                if self._link(sid, [d.id for d in docs]):
                    self._touch(sid)
        return inserted

    def assign(self, ids: Sequence[str], story: str) -> StoryInfo:
        """Join already stored documents to a story (used when stories are found by clustering)."""
        with self.db.transaction():
            sid = self.ensure_story(story).id
            if self._link(sid, list(ids)):
                self._touch(sid)
        return self.story(sid)

    def existing(self, ids: Sequence[str]) -> set[str]:
        """Which of these document ids are already stored."""
        found: set[str] = set()
        for i in range(0, len(ids), 500):
            chunk = list(ids[i : i + 500])
            marks = ", ".join("?" * len(chunk))
            found |= {r["id"] for r in self.db.query(f"SELECT id FROM documents WHERE id IN ({marks})", chunk)}
        return found

    def document(self, doc_id: str) -> Document:
        row = self.db.one("SELECT data FROM documents WHERE id = ?", (doc_id,))
        if row is None:
            raise DocumentNotFound(doc_id)
        return decode_document(row["data"])

    def documents(self, story: str | None = None) -> list[Document]:
        """The documents of a story in the order they joined it, or every document."""
        if story is None:
            rows = self.db.query("SELECT data FROM documents ORDER BY added, id")
        else:
            rows = self.db.query(
                "SELECT d.data FROM story_documents sd JOIN documents d ON d.id = sd.document "
                "WHERE sd.story = ? ORDER BY sd.added, d.id", (self.story(story).id,))
        return [decode_document(r["data"]) for r in rows]

    def document_stories(self, doc_id: str) -> list[StoryInfo]:
        rows = self.db.query(_STORY_SELECT + " WHERE s.id IN "
                             "(SELECT story FROM story_documents WHERE document = ?) ORDER BY s.name", (doc_id,))
        return [story_info(r) for r in rows]

    def count_documents(self) -> int:
        row = self.db.one("SELECT count(*) AS n FROM documents")
        return int(row["n"]) if row else 0

    # --- maps ------------------------------------------------------------------------------

    def _default_story_name(self, nmap: NarrativeMap) -> str:
        first = min(nmap.documents, key=lambda d: (d.published or "9999", d.id))
        return f"{(first.title or first.source).strip()[:80]} · {docset(d.id for d in nmap.documents)[:6]}"

    def save_map(self, nmap: NarrativeMap, story: str | None = None) -> StoryInfo:
        """Save a story's map, its documents and its actor index, replacing any earlier map.

        Without ``story`` the map gets a story named after its earliest document.
        """
        if story is None:
            if not nmap.documents:
                raise StoryNotFound("(unnamed story of an empty map)")
            story = self._default_story_name(nmap)
        ids = [d.id for d in nmap.documents]
        with self.db.transaction():
            self._insert_documents(nmap.documents)
            sid = self.ensure_story(story).id
            self._link(sid, ids)
            self._write_map(sid, nmap, docset(ids))
            _search.index_actors(self.db, sid, nmap)
            self._touch(sid)
        return self.story(sid)

    def _write_map(self, sid: str, nmap: NarrativeMap, fingerprint: str) -> None:
        from ..mapio import to_dict

        contradictions = sum(1 for link in nmap.links if link.relation == "contradict")
        self.db.execute(
            "INSERT INTO maps (story, docset, data, documents, entities, claims, links, conflicts, updated)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (story) DO UPDATE SET docset = excluded.docset,"
            " data = excluded.data, documents = excluded.documents, entities = excluded.entities,"
            " claims = excluded.claims, links = excluded.links, conflicts = excluded.conflicts,"
            " updated = excluded.updated",
            (sid, fingerprint, dumps(to_dict(nmap)), len(nmap.documents), len(nmap.entities),
             len(nmap.claims), contradictions, len(nmap.conflicts), now()))

    def map(self, story: str) -> NarrativeMap | None:
        """The story's latest map, or None if none was computed yet."""
        from ..mapio import from_dict

        row = self.db.one("SELECT data FROM maps WHERE story = ?", (self.story(story).id,))
        return None if row is None else from_dict(json.loads(row["data"]))

    def is_stale(self, story: str) -> bool:
        """True when the story's documents are not exactly those its map was computed from."""
        sid = self.story(story).id
        row = self.db.one("SELECT docset FROM maps WHERE story = ?", (sid,))
        ids = [r["document"] for r in self.db.query("SELECT document FROM story_documents WHERE story = ?", (sid,))]
        return bool(ids) and (row is None or row["docset"] != docset(ids))

    # --- search ----------------------------------------------------------------------------

    def search(self, text: str, limit: int = 20) -> list[SearchHit]:
        """Full-text search over every stored article (title and body)."""
        return _search.search(self.db, text, limit)

    def search_actor(self, name: str, limit: int = 50) -> list[ActorHit]:
        """Actors of the stories' maps whose name or an alias contains ``name`` (any spelling case)."""
        return _search.search_actor(self.db, normalize_name(name), limit)

    # --- analysis cache --------------------------------------------------------------------

    def cached_analyses(self, ids: Sequence[str], pipeline: str) -> dict[str, tuple[str, bytes | None]]:
        """Stored stage outputs of these documents for this pipeline fingerprint."""
        out: dict[str, tuple[str, bytes | None]] = {}
        for i in range(0, len(ids), 200):
            chunk = list(ids[i : i + 200])
            marks = ", ".join("?" * len(chunk))
            for r in self.db.query(f"SELECT document, data, spacy FROM analyses WHERE pipeline = ? "
                                   f"AND document IN ({marks})", [pipeline, *chunk]):
                out[r["document"]] = (r["data"], r["spacy"])
        return out

    def cache_analysis(self, doc_id: str, pipeline: str, data: str, spacy: bytes | None) -> None:
        with self.db.transaction():
            self.db.execute("INSERT INTO analyses (document, pipeline, data, spacy, created) "
                            "VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING", (doc_id, pipeline, data, spacy, now()))
