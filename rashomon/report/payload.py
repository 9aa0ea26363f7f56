"""The report's view model: the map reshaped for the browser, cross-references as positions.

The browser gets every item once, with documents, entities and claims referred
to by their position in these lists (``d``, ``e``, ``c``), which keeps the
embedded JSON small for a thousand documents. Each item also carries ``ents``:
the actors whose mentions fall inside its span, so every view filters by actor
the same way even where a stage did not fill ``entities``.

    >>> from rashomon.model import NarrativeMap
    >>> build_payload(NarrativeMap({}, [], [], [], [], [], [], [], []))["title"]
    'Narrative map of 0 sources'
"""

from __future__ import annotations

import bisect
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import asdict
from typing import Any

from ..compare.citegraph import doc_label
from ..model import NarrativeMap
from .citegraph import graph_view
from .timeline import build_timeline, date_label


class _MentionIndex:
    """Find which entities are mentioned inside any span of a document, quickly."""

    def __init__(self, nmap: NarrativeMap, ent_pos: Mapping[str, int]) -> None:
        spans: dict[str, list[tuple[int, int, int]]] = defaultdict(list)
        for entity in nmap.entities:
            for m in entity.mentions:
                spans[m.doc].append((m.start, m.end, ent_pos[entity.id]))
        self.spans = {doc: sorted(v) for doc, v in spans.items()}
        self.ent_pos = ent_pos
        self.starts = {doc: [s[0] for s in v] for doc, v in self.spans.items()}

    def inside(self, doc: str, start: int, end: int, extra: Iterable[int] = ()) -> list[int]:
        found = set(extra)
        spans = self.spans.get(doc, [])
        lo = bisect.bisect_left(self.starts.get(doc, []), start)
        for s, e, ent in spans[lo:]:
            if s >= end:
                break
            if e <= end:
                found.add(ent)
        return sorted(found)


def _documents(nmap: NarrativeMap) -> list[dict[str, Any]]:
    return [{"id": d.id, "label": doc_label(d), "title": d.title, "source": d.source, "outlet": d.outlet,
             "author": d.author, "role": d.author_role, "published": d.published, "language": d.language,
             "url": d.url, "text": d.text, "comments": d.comments, "header_end": d.header_end,
             "words": len(d.text.split())} for d in nmap.documents]


def _entities(nmap: NarrativeMap, doc_pos: Mapping[str, int]) -> list[dict[str, Any]]:
    out = []
    for e in nmap.entities:
        spellings: dict[str, set[str]] = defaultdict(set)
        for doc, forms in e.spellings.items():
            spellings[doc].update(forms)
        for m in e.mentions:
            spellings[m.doc].add(m.text)
        out.append({"id": e.id, "name": e.name, "type": e.type, "aliases": e.aliases,
                    "mentions": [[doc_pos[m.doc], m.start, m.end] for m in e.mentions if m.doc in doc_pos],
                    "spellings": {str(doc_pos[d]): sorted(f) for d, f in spellings.items() if d in doc_pos},
                    "merges": [{"a": m.a, "b": m.b, "method": m.method, "confidence": m.confidence}
                               for m in e.merges]})
    return out


def _claims(nmap: NarrativeMap, doc_pos: Mapping[str, int], ent_pos: Mapping[str, int],
            mentions: _MentionIndex) -> list[dict[str, Any]]:
    out = []
    for c in nmap.claims:
        if c.doc not in doc_pos:
            continue
        ents = mentions.inside(c.doc, c.start, c.end, (ent_pos[x] for x in c.entities if x in ent_pos))
        chain = [{"speaker": a.speaker, "cue": a.cue, "via": a.via} for a in c.chain]
        out.append({"id": c.id, "d": doc_pos[c.doc], "start": c.start, "end": c.end, "text": c.text,
                    "kind": c.kind, "section": c.section, "speaker": c.speaker, "ents": ents, "chain": chain})
    return out


def _spans(items: Iterable[Any], doc_pos: Mapping[str, int], mentions: _MentionIndex,
           fields: tuple[str, ...]) -> list[dict[str, Any]]:
    """Span items (events, citations) with their document position and actors."""
    out = []
    for it in items:
        if it.doc not in doc_pos:
            continue
        own = (mentions.ent_pos[x] for x in getattr(it, "entities", []) if x in mentions.ent_pos)
        row = {"d": doc_pos[it.doc], "start": it.start, "end": it.end, "text": it.text,
               "ents": mentions.inside(it.doc, it.start, it.end, own)}
        row.update({f: getattr(it, f) for f in fields})
        out.append(row)
    return out


def _conflicts(nmap: NarrativeMap, doc_pos: Mapping[str, int], mentions: _MentionIndex,
               timeline: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Conflicts with a readable subject: a stage may name it by an event cluster or entity id."""
    names = {e.id: e.name for e in nmap.entities} | {r["cluster"]: r["label"] for r in timeline}
    return [{"kind": c.kind, "explanation": c.explanation, "subject": names.get(c.subject or "", c.subject),
             "items": _spans(c.items, doc_pos, mentions, ("value",))} for c in nmap.conflicts]


def _stances(nmap: NarrativeMap, doc_pos: Mapping[str, int], ent_pos: Mapping[str, int],
             claim_pos: Mapping[str, int]) -> list[dict[str, Any]]:
    return [{"d": doc_pos[s.doc], "e": ent_pos[s.entity], "label": s.label, "score": s.score,
             "evidence": [claim_pos[c] for c in s.evidence if c in claim_pos], "terms": s.terms}
            for s in nmap.stances if s.doc in doc_pos and s.entity in ent_pos]


def _groups(nmap: NarrativeMap, doc_pos: Mapping[str, int], claim_pos: Mapping[str, int]) -> list[dict[str, Any]]:
    """The map's claim groups with claims and documents as positions; a group whose label is not shown is left out."""
    out = []
    for g in nmap.claim_groups:
        members = [cid for cid in g.claims if cid in claim_pos]
        if members and g.label in claim_pos:
            out.append({"claims": [claim_pos[c] for c in members], "side": [g.side[c] for c in members],
                        "label": claim_pos[g.label], "consistent": g.consistent,
                        "cells": {str(doc_pos[d]): v for d, v in g.cells.items() if d in doc_pos}})
    return out


def _framing(nmap: NarrativeMap, doc_pos: Mapping[str, int]) -> dict[str, Any]:
    """Each source's framing of its actors, keyed by document position."""
    return {str(doc_pos[doc]): asdict(f) for doc, f in nmap.framing.items() if doc in doc_pos}


def _brief(nmap: NarrativeMap, doc_pos: Mapping[str, int]) -> dict[str, Any]:
    """The brief (the map's own, else built now) with documents as positions; entries outside the map dropped."""
    from ..brief import brief_of

    brief = brief_of(nmap)
    out: dict[str, Any] = {"thresholds": brief.thresholds}
    for key in ("agreed", "disputed", "single", "left_out", "relied_on", "leans"):
        rows = []
        for it in getattr(brief, key):
            entries = [{"d": doc_pos[e.doc], "start": e.start, "end": e.end, "text": e.text, "holder": e.holder,
                        "value": e.value} for e in it.entries if e.doc in doc_pos]
            if entries:
                rows.append({"text": it.text, "kind": it.kind, "confidence": it.confidence, "score": it.score,
                             "terms": it.terms, "d": doc_pos.get(it.doc or "", -1), "entries": entries,
                             "docs": [doc_pos[d] for d in it.docs if d in doc_pos]})
        out[key] = rows
    return out


def build_payload(nmap: NarrativeMap, title: str | None = None) -> dict[str, Any]:
    """Everything the browser views need, JSON-serialisable."""
    doc_pos = {d.id: i for i, d in enumerate(nmap.documents)}
    ent_pos = {e.id: i for i, e in enumerate(nmap.entities)}
    mentions = _MentionIndex(nmap, ent_pos)
    claims = _claims(nmap, doc_pos, ent_pos, mentions)
    claim_pos = {c["id"]: i for i, c in enumerate(claims)}
    events = [dict(ev, date=date_label(ev["date"])) for ev in
              _spans(nmap.events, doc_pos, mentions, ("id", "type", "trigger", "date", "cluster"))]
    timeline = _timeline(nmap, mentions, events)
    return {
        "title": title or _default_title(nmap),
        "manifest": {k: nmap.manifest.get(k) for k in ("created", "duration_s", "stages", "models")},
        "docs": _documents(nmap),
        "entities": _entities(nmap, doc_pos),
        "claims": claims,
        "links": [[claim_pos[k.a], claim_pos[k.b], k.relation, k.score]
                  for k in nmap.links if k.a in claim_pos and k.b in claim_pos],
        "possible": [[claim_pos[k.a], claim_pos[k.b], k.relation, k.score]
                     for k in nmap.possible_links if k.a in claim_pos and k.b in claim_pos],
        "groups": _groups(nmap, doc_pos, claim_pos),
        "stances": _stances(nmap, doc_pos, ent_pos, claim_pos),
        "events": events,
        "timeline": timeline,
        "conflicts": _conflicts(nmap, doc_pos, mentions, timeline),
        "citations": _spans(nmap.citations, doc_pos, mentions, ("cited", "kind", "speaker", "resolved", "reference")),
        "citegraph": graph_view(nmap),
        "framing": _framing(nmap, doc_pos),
        "brief": _brief(nmap, doc_pos),
        "skipped": [{"source": s.source, "reason": s.reason, "stage": s.stage} for s in nmap.skipped],
    }


def _timeline(nmap: NarrativeMap, mentions: _MentionIndex, events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Timeline rows; each report knows its actors (its span's and its event's)."""
    rows = build_timeline(nmap)
    for row in rows:
        for rep in row["reports"]:
            own = events[rep["ev"]]["ents"] if 0 <= rep["ev"] < len(events) else []
            rep["ents"] = mentions.inside(nmap.documents[rep["d"]].id, rep["start"], rep["end"], own)
    return rows


def _default_title(nmap: NarrativeMap) -> str:
    if nmap.story is not None and nmap.story.title:  # a story run's map: the story's summary
        return f"Narrative map: {nmap.story.title}"
    return f"Narrative map of {len(nmap.documents)} sources"
