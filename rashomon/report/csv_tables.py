"""The narrative map as CSV tables for spreadsheets: one file per kind of item.

Every row that is evidence keeps ``doc``, ``start`` and ``end`` so it can be
joined back to ``documents.csv`` (``text[start:end]``). Lists are joined with
``"; "``. Cells that a spreadsheet would run as a formula (text starting with
``=``, ``+``, ``-``, ``@``, tab or carriage return) get a leading apostrophe
unless ``safe=False``: articles are untrusted text.

    >>> from rashomon.model import NarrativeMap
    >>> sorted(tables(NarrativeMap({}, [], [], [], [], [], [], [], [])))[:3]
    ['citations', 'claims', 'conflicts']
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from ..model import NarrativeMap

TABLES = ("documents", "entities", "mentions", "claims", "links", "stances", "events", "conflicts", "citations")
_FORMULA = ("=", "+", "-", "@", "\t", "\r")


def _join(values: Iterable[Any]) -> str:
    return "; ".join(str(v) for v in values)


def _documents(m: NarrativeMap) -> list[dict[str, Any]]:
    return [{"id": d.id, "source": d.source, "title": d.title, "author": d.author, "author_role": d.author_role,
             "outlet": d.outlet, "published": d.published, "language": d.language, "url": d.url,
             "words": len(d.text.split()), "chars": len(d.text), "comments": len(d.comments),
             "header_end": d.header_end, "text": d.text} for d in m.documents]


def _entities(m: NarrativeMap) -> list[dict[str, Any]]:
    return [{"id": e.id, "name": e.name, "type": e.type, "aliases": _join(e.aliases), "mentions": len(e.mentions),
             "documents": len({x.doc for x in e.mentions})} for e in m.entities]


def _mentions(m: NarrativeMap) -> list[dict[str, Any]]:
    return [{"entity": e.id, "doc": x.doc, "start": x.start, "end": x.end, "label": x.label, "method": x.source,
             "text": x.text} for e in m.entities for x in e.mentions]


def _claims(m: NarrativeMap) -> list[dict[str, Any]]:
    return [{"id": c.id, "doc": c.doc, "start": c.start, "end": c.end, "kind": c.kind, "section": c.section,
             "speaker": c.speaker, "chain": " <- ".join("|".join(filter(None, (a.speaker, a.cue, a.via)))
                                                       for a in c.chain),
             "entities": _join(c.entities), "checkworthy": c.checkworthy, "text": c.text} for c in m.claims]


def _links(m: NarrativeMap) -> list[dict[str, Any]]:
    claims = {c.id: c for c in m.claims}
    rows = []
    for k in m.links:
        a, b = claims.get(k.a), claims.get(k.b)
        rows.append({"a": k.a, "b": k.b, "relation": k.relation, "score": k.score,
                     "doc_a": a.doc if a else None, "doc_b": b.doc if b else None,
                     "text_a": a.text if a else None, "text_b": b.text if b else None})
    return rows


def _stances(m: NarrativeMap) -> list[dict[str, Any]]:
    names = {e.id: e.name for e in m.entities}
    return [{"doc": s.doc, "entity": s.entity, "entity_name": names.get(s.entity), "label": s.label,
             "score": s.score, "evidence": _join(s.evidence), "terms": _join(s.terms)} for s in m.stances]


def _events(m: NarrativeMap) -> list[dict[str, Any]]:
    return [{"id": e.id, "doc": e.doc, "start": e.start, "end": e.end, "type": e.type, "trigger": e.trigger,
             "date_start": e.date.start if e.date else None, "date_end": e.date.end if e.date else None,
             "precision": e.date.precision if e.date else None, "hedge": e.date.hedge if e.date else None,
             "cluster": e.cluster, "entities": _join(e.entities), "text": e.text} for e in m.events]


def _conflicts(m: NarrativeMap) -> list[dict[str, Any]]:
    return [{"conflict": i, "kind": c.kind, "subject": c.subject, "explanation": c.explanation, "doc": it.doc,
             "start": it.start, "end": it.end, "value": it.value, "text": it.text}
            for i, c in enumerate(m.conflicts) for it in c.items]


def _citations(m: NarrativeMap) -> list[dict[str, Any]]:
    return [{"doc": c.doc, "start": c.start, "end": c.end, "cited": c.cited, "kind": c.kind, "speaker": c.speaker,
             "resolved": c.resolved, "reference": c.reference, "text": c.text} for c in m.citations]


_BUILDERS = {"documents": _documents, "entities": _entities, "mentions": _mentions, "claims": _claims,
             "links": _links, "stances": _stances, "events": _events, "conflicts": _conflicts,
             "citations": _citations}


def tables(nmap: NarrativeMap) -> dict[str, list[dict[str, Any]]]:
    """Every table as a list of rows (dicts), keyed by table name."""
    return {name: _BUILDERS[name](nmap) for name in TABLES}


def _cell(value: Any, safe: bool) -> Any:
    if value is None:
        return ""
    if safe and isinstance(value, str) and value.startswith(_FORMULA):
        return "'" + value
    return value


HEADERS = {  # the columns of each table, written even when it has no rows
    "documents": ["id", "source", "title", "author", "author_role", "outlet", "published", "language", "url", "words",
                  "chars", "comments", "header_end", "text"],
    "entities": ["id", "name", "type", "aliases", "mentions", "documents"],
    "mentions": ["entity", "doc", "start", "end", "label", "method", "text"],
    "claims": ["id", "doc", "start", "end", "kind", "section", "speaker", "chain", "entities", "checkworthy", "text"],
    "links": ["a", "b", "relation", "score", "doc_a", "doc_b", "text_a", "text_b"],
    "stances": ["doc", "entity", "entity_name", "label", "score", "evidence", "terms"],
    "events": ["id", "doc", "start", "end", "type", "trigger", "date_start", "date_end", "precision", "hedge",
               "cluster", "entities", "text"],
    "conflicts": ["conflict", "kind", "subject", "explanation", "doc", "start", "end", "value", "text"],
    "citations": ["doc", "start", "end", "cited", "kind", "speaker", "resolved", "reference", "text"],
}


def write_csv(nmap: NarrativeMap, folder: Path, safe: bool = True) -> list[Path]:
    """Write ``folder/<table>.csv`` for every table (UTF-8, header row always present)."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, rows in tables(nmap).items():
        path = folder / f"{name}.csv"
        with path.open("w", encoding="utf-8", newline="") as fh:
            writer = csv.DictWriter(fh, fieldnames=HEADERS[name])
            writer.writeheader()
            writer.writerows({k: _cell(v, safe) for k, v in row.items()} for row in rows)
        written.append(path)
    return written
