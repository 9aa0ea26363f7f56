"""Who relies on whom, as the report draws it: documents pointing at the sources they cite.

The edges come from the comparison layer's ``citation_graph`` (which merges
"HRW" with "Human Rights Watch"). On top of it, a cited name that is the outlet,
title or author of another document of the corpus points at that document's
node, so the picture shows which of the compared sources lean on each other.
Each edge keeps the positions of its citations, so every span behind it opens.

    >>> from rashomon.model import Citation, Document
    >>> d = Document.from_text("x", outlet="The Daily")
    >>> g = citation_graph([d], [Citation(d.id, 0, 1, "x", "Reuters", "outlet")])
    >>> [(e["source"], e["target"], e["count"]) for e in g["edges"]]
    [('doc:doc_2d711642b726b044', 'cited:reuters', 1)]
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from ..compare.citegraph import UNRESOLVED, normalise
from ..compare.citegraph import citation_graph as cited_edges
from ..model import Citation, Document

__all__ = ["citation_graph", "doc_label", "normalise"]


def doc_label(doc: Document) -> str:
    """How the report names a document: outlet, else title, else where it came from."""
    return doc.outlet or doc.title or doc.source


def _corpus_names(documents: Sequence[Document]) -> dict[str, str]:
    """Names that denote a document of the corpus, mapped to its node id."""
    names: dict[str, str] = {}
    for doc in documents:
        for name in (doc.author, doc.title, doc.outlet):  # the outlet wins a clash
            if name and len(normalise(name)) > 2:
                names[normalise(name)] = f"doc:{doc.id}"
    return names


def _positions(citations: Sequence[Citation]) -> dict[tuple[str, int, int], list[int]]:
    spans: dict[tuple[str, int, int], list[int]] = defaultdict(list)
    for i, c in enumerate(citations):
        spans[(c.doc, c.start, c.end)].append(i)
    return spans


def citation_graph(documents: Sequence[Document], citations: Sequence[Citation]) -> dict[str, Any]:
    """Nodes (documents, cited sources) and weighted edges ``document -> cited``."""
    doc_ids = {d.id for d in documents}
    names = _corpus_names(documents)
    nodes: dict[str, dict[str, Any]] = {
        f"doc:{d.id}": {"id": f"doc:{d.id}", "label": doc_label(d), "kind": "document", "doc": d.id}
        for d in documents
    }
    spans = _positions(citations)
    edges: dict[tuple[str, str], list[int]] = defaultdict(list)
    for edge in cited_edges(c for c in citations if c.doc in doc_ids):
        source, missing = f"doc:{edge['source']}", edge["target"] == UNRESOLVED
        target = names.get(normalise(edge["target"]), f"cited:{normalise(edge['target'])}")
        if target == source:
            continue  # a source naming itself is not a reliance
        if target not in nodes:
            nodes[target] = {"id": target, "label": edge["target"], "kind": edge["kind"], "doc": None,
                             "missing": missing}
        for ev in edge["evidence"]:
            pool = spans.get((ev["doc"], ev["start"], ev["end"]))
            if pool:  # each citation is used once, even when two share a span
                edges[(source, target)].append(pool.pop(0))
    return {"nodes": list(nodes.values()),
            "edges": [{"source": s, "target": t, "count": len(ix), "citations": sorted(ix)}
                      for (s, t), ix in sorted(edges.items())]}
