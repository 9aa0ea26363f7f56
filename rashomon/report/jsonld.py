"""The narrative map as JSON-LD: schema.org where it fits, a small ``rashomon:`` vocabulary for the rest.

Articles are ``schema:NewsArticle``; actors ``schema:Person``,
``schema:Organization``, ``schema:Place`` or ``schema:Thing``; claims
``schema:Claim`` (its ``appearance`` is the article); events ``schema:Event``.
Spans, links, stances, conflicts and citations use ``rashomon:`` terms
(see ``docs/exports.md``). The context is inline, so the file expands offline.

    >>> from rashomon.model import NarrativeMap
    >>> to_jsonld(NarrativeMap({}, [], [], [], [], [], [], [], []))["@graph"]
    []
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ..model import Citation, Claim, Document, Entity, Event, NarrativeMap

VOCAB = "urn:rashomon:vocab#"
ITEM = "urn:rashomon:"  # node ids: urn:rashomon:<content id>

_SCHEMA_TERMS = ("headline", "author", "publisher", "datePublished", "inLanguage", "url", "articleBody", "comment",
                 "name", "jobTitle", "alternateName", "text", "citation", "description", "startDate", "endDate",
                 "identifier", "value")
_ID_TERMS = {"appearance": "schema:appearance", "about": "schema:about", "document": "rashomon:document",
             "claimA": "rashomon:claimA", "claimB": "rashomon:claimB", "evidence": "rashomon:evidence",
             "actor": "rashomon:actor"}
_INT_TERMS = ("startOffset", "endOffset", "mentionCount")
_PLAIN_TERMS = ("claimKind", "section", "speaker", "relation", "stanceLabel", "loadedTerm", "eventType", "trigger",
                "cluster", "conflictKind", "subject", "cited", "citationKind", "resolved", "reference", "mention",
                "attribution", "via", "cue", "entityType", "source", "item", "datePrecision", "hedge")
_TYPES = {"NewsArticle": "schema:NewsArticle", "Person": "schema:Person", "Organization": "schema:Organization",
          "Place": "schema:Place", "Thing": "schema:Thing", "Claim": "schema:Claim", "Event": "schema:Event",
          "Comment": "schema:Comment", "Mention": "rashomon:Mention", "Link": "rashomon:Link",
          "Stance": "rashomon:Stance", "Conflict": "rashomon:Conflict", "ConflictItem": "rashomon:ConflictItem",
          "Citation": "rashomon:Citation", "Attribution": "rashomon:Attribution"}


def context() -> dict[str, Any]:
    """The inline ``@context``: every term the export uses, mapped to an IRI."""
    ctx: dict[str, Any] = {"schema": "https://schema.org/", "rashomon": VOCAB,
                           "xsd": "http://www.w3.org/2001/XMLSchema#"}
    ctx.update(_TYPES)
    ctx.update({t: f"schema:{t}" for t in _SCHEMA_TERMS})
    ctx.update({t: {"@id": iri, "@type": "@id"} for t, iri in _ID_TERMS.items()})
    ctx.update({t: {"@id": f"rashomon:{t}", "@type": "xsd:integer"} for t in _INT_TERMS})
    ctx.update({t: f"rashomon:{t}" for t in _PLAIN_TERMS})
    ctx["score"] = {"@id": "rashomon:score", "@type": "xsd:double"}
    ctx["datePublished"] = {"@id": "schema:datePublished", "@type": "xsd:date"}
    return ctx


def _iri(content_id: str) -> str:
    return ITEM + content_id


def _drop_empty(node: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in node.items() if v not in (None, [], "")}


def _span(doc: str, start: int, end: int) -> dict[str, Any]:
    return {"document": _iri(doc), "startOffset": start, "endOffset": end}


def _article(d: Document, cited: list[str]) -> dict[str, Any]:
    author = _drop_empty({"@type": "Person", "name": d.author, "jobTitle": d.author_role}) if d.author else None
    return _drop_empty({"@id": _iri(d.id), "@type": "NewsArticle", "identifier": d.id, "headline": d.title,
                        "author": author, "publisher": {"@type": "Organization", "name": d.outlet} if d.outlet else None,
                        "datePublished": d.published, "inLanguage": d.language, "url": d.url, "source": d.source,
                        "articleBody": d.text, "comment": [{"@type": "Comment", "text": c} for c in d.comments],
                        "citation": sorted(set(cited))})


_ENTITY_TYPES = {"PERSON": "Person", "PER": "Person", "ORG": "Organization", "GPE": "Place", "LOC": "Place",
                 "FAC": "Place", "EVENT": "Event"}


def _entity(e: Entity) -> dict[str, Any]:
    mentions = [{"@type": "Mention", "text": m.text, **_span(m.doc, m.start, m.end)} for m in e.mentions]
    return _drop_empty({"@id": _iri(e.id), "@type": _ENTITY_TYPES.get(e.type.upper(), "Thing"), "name": e.name,
                        "entityType": e.type, "alternateName": e.aliases, "mentionCount": len(e.mentions),
                        "mention": mentions})


def _claim(c: Claim) -> dict[str, Any]:
    chain = [_drop_empty({"@type": "Attribution", "speaker": a.speaker, "cue": a.cue, "via": a.via,
                          "actor": _iri(a.entity) if a.entity else None}) for a in c.chain]
    return _drop_empty({"@id": _iri(c.id), "@type": "Claim", "text": c.text, "appearance": _iri(c.doc),
                        **_span(c.doc, c.start, c.end), "claimKind": c.kind, "section": c.section,
                        "speaker": c.speaker, "attribution": chain, "about": [_iri(x) for x in c.entities]})


def _event(ev: Event) -> dict[str, Any]:
    date = ev.date
    return _drop_empty({"@id": _iri(ev.id), "@type": "Event", "name": ev.text, **_span(ev.doc, ev.start, ev.end),
                        "eventType": ev.type, "trigger": ev.trigger, "cluster": ev.cluster,
                        "startDate": date.start if date else None, "endDate": date.end if date else None,
                        "datePrecision": date.precision if date else None, "hedge": date.hedge if date else None,
                        "about": [_iri(x) for x in ev.entities]})


def _citation(c: Citation) -> dict[str, Any]:
    return _drop_empty({"@type": "Citation", **_span(c.doc, c.start, c.end), "text": c.text, "cited": c.cited,
                        "citationKind": c.kind, "speaker": c.speaker, "resolved": c.resolved,
                        "reference": c.reference})


def _comparisons(nmap: NarrativeMap) -> list[dict[str, Any]]:
    links = [{"@type": "Link", "relation": k.relation, "claimA": _iri(k.a), "claimB": _iri(k.b), "score": k.score}
             for k in nmap.links]
    stances = [_drop_empty({"@type": "Stance", "document": _iri(s.doc), "about": _iri(s.entity),
                            "stanceLabel": s.label, "score": s.score, "evidence": [_iri(c) for c in s.evidence],
                            "loadedTerm": s.terms}) for s in nmap.stances]
    conflicts = [_drop_empty({"@type": "Conflict", "conflictKind": c.kind, "description": c.explanation,
                              "subject": c.subject,
                              "item": [{"@type": "ConflictItem", "text": it.text, "value": it.value,
                                        **_span(it.doc, it.start, it.end)} for it in c.items]})
                 for c in nmap.conflicts]
    return links + stances + conflicts


def to_jsonld(nmap: NarrativeMap) -> dict[str, Any]:
    """A JSON-LD document (compacted form, inline context) of the whole map."""
    cited: dict[str, list[str]] = {}
    for c in nmap.citations:
        cited.setdefault(c.doc, []).append(c.cited)
    graph = ([_article(d, cited.get(d.id, [])) for d in nmap.documents] + [_entity(e) for e in nmap.entities]
             + [_claim(c) for c in nmap.claims] + [_event(e) for e in nmap.events]
             + [_citation(c) for c in nmap.citations] + _comparisons(nmap))
    return {"@context": context(), "@graph": graph}


def write_jsonld(nmap: NarrativeMap, path: Path) -> Path:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(to_jsonld(nmap), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return path
