"""Full-text search and search by actor, in each database's own idiom.

SQLite answers full-text queries from an FTS5 table (porter stemming, accents
folded), PostgreSQL from a weighted ``tsvector`` column; both return the same
``SearchHit`` shape with matched terms marked. A user's query is never passed
as query syntax: SQLite gets each word quoted, PostgreSQL ``websearch_to_tsquery``.
Actors are matched on normalised names and aliases of each story's map.
"""

from __future__ import annotations

import json
import re

from ..codec import dumps
from ..model import NarrativeMap
from . import _codec
from ._db import Database
from ._records import HIT_END, HIT_START, ActorHit, ActorMention, SearchHit, normalize_name, segments

_EXAMPLES = 5  # mentions returned per actor hit


def index_actors(db: Database, sid: str, nmap: NarrativeMap) -> None:
    """Replace the story's actor index with the map's entities, names and mentions."""
    for table in ("mentions", "entity_names", "entities"):
        db.execute(f"DELETE FROM {table} WHERE story = ?", (sid,))
    known = {d.id for d in nmap.documents}
    db.executemany(
        "INSERT INTO entities (story, id, name, type, aliases, mentions) VALUES (?, ?, ?, ?, ?, ?)",
        [(sid, e.id, _codec.clean(e.name), e.type, dumps(e.aliases), len(e.mentions)) for e in nmap.entities])
    names = {(e.id, n) for e in nmap.entities for n in map(normalize_name, [e.name, *e.aliases]) if n}
    db.executemany("INSERT INTO entity_names (story, entity, name) VALUES (?, ?, ?)",
                   [(sid, eid, n) for eid, n in sorted(names)])
    db.executemany(
        "INSERT INTO mentions (story, entity, document, start_char, end_char, text) VALUES (?, ?, ?, ?, ?, ?)",
        [(sid, e.id, m.doc, m.start, m.end, _codec.clean(m.text))
         for e in nmap.entities for m in e.mentions if m.doc in known])


def fts5_query(text: str) -> str:
    """Each word as a quoted FTS5 string: user input is never FTS5 syntax."""
    words = re.findall(r"\w+", text)
    return " ".join('"' + w.replace('"', '""') + '"' for w in words)


_SQLITE = f"""
    SELECT d.id, d.title, d.source,
           snippet(documents_fts, -1, '{HIT_START}', '{HIT_END}', '…', 24) AS snippet
    FROM documents_fts JOIN documents d ON d.id = documents_fts.doc
    WHERE documents_fts MATCH ? ORDER BY bm25(documents_fts, 0.0, 4.0, 1.0), d.id LIMIT ?
"""
_POSTGRES = f"""
    SELECT d.id, d.title, d.source,
           ts_headline('english', d.body, q,
                       'StartSel={HIT_START}, StopSel={HIT_END}, MaxWords=40, MinWords=15, MaxFragments=2,
                        FragmentDelimiter=" … "') AS snippet
    FROM documents d, websearch_to_tsquery('english', ?) AS q
    WHERE d.tsv @@ q ORDER BY ts_rank(d.tsv, q) DESC, d.id LIMIT ?
"""


def search(db: Database, text: str, limit: int) -> list[SearchHit]:
    if db.dialect == "sqlite":
        query = fts5_query(text)
        rows = db.query(_SQLITE, (query, limit)) if query else []
    else:
        rows = db.query(_POSTGRES, (text, limit)) if text.strip() else []
    hits = [SearchHit(r["id"], r["title"], r["source"], segments(r["snippet"] or "")) for r in rows]
    for hit in hits:
        hit.stories = [{"id": s["id"], "name": s["name"]} for s in db.query(
            "SELECT s.id, s.name FROM story_documents sd JOIN stories s ON s.id = sd.story "
            "WHERE sd.document = ? ORDER BY s.name", (hit.document,))]
    return hits


def _like(text: str) -> str:
    return "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def search_actor(db: Database, norm: str, limit: int) -> list[ActorHit]:
    if not norm:
        return []
    rows = db.query(
        "SELECT e.story, s.name AS story_name, e.id, e.name, e.type, e.aliases, e.mentions "
        "FROM entities e JOIN stories s ON s.id = e.story "
        "WHERE EXISTS (SELECT 1 FROM entity_names n WHERE n.story = e.story AND n.entity = e.id "
        "              AND n.name LIKE ? ESCAPE '\\') "
        "ORDER BY e.mentions DESC, s.name, e.name LIMIT ?", (_like(norm), limit))
    hits = []
    for r in rows:
        examples = db.query(
            "SELECT document, start_char, end_char, text FROM mentions WHERE story = ? AND entity = ? "
            "ORDER BY document, start_char LIMIT ?", (r["story"], r["id"], _EXAMPLES))
        hits.append(ActorHit(
            story=r["story"], story_name=r["story_name"], entity=r["id"], name=r["name"], type=r["type"],
            aliases=list(json.loads(r["aliases"])), mention_count=int(r["mentions"]),
            mentions=[ActorMention(m["document"], m["start_char"], m["end_char"], m["text"]) for m in examples]))
    return hits

