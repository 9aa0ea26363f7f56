"""The map's citation graph as the browser draws it: each edge's spans as positions in ``citations``.

The ``citation-graph`` stage builds the graph (``rashomon/compare/citegraph.py``)
into ``map.json``; this only refers to its citations by position, as every view
of the report does, each citation used once even when two share a span.

    >>> from rashomon.compare.citegraph import citation_graph
    >>> from rashomon.model import Citation, Document, NarrativeMap
    >>> d = Document.from_text("x", outlet="The Daily")
    >>> cites = [Citation(d.id, 0, 1, "x", "Reuters", "outlet")]
    >>> nmap = NarrativeMap({}, [d], [], [], [], [], [], [], cites, citation_graph=citation_graph(cites, [d]))
    >>> [(e["source"], e["target"], e["citations"]) for e in graph_view(nmap)["edges"]]
    [('doc:doc_2d711642b726b044', 'cited:reuters', [0])]
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from ..model import CiteEdge, CiteNode, NarrativeMap


def edge_citations(nmap: NarrativeMap) -> list[tuple[CiteEdge, list[int]]]:
    """Each edge of the map's graph with the positions of its citations; edges none of whose spans is cited left out."""
    spans: dict[tuple[str, int, int], list[int]] = defaultdict(list)
    for i, c in enumerate(nmap.citations):
        spans[(c.doc, c.start, c.end)].append(i)
    out = []
    for edge in nmap.citation_graph.edges if nmap.citation_graph else []:
        found = []
        for ev in edge.evidence:
            pool = spans.get((ev.doc, ev.start, ev.end))
            if pool:
                found.append(pool.pop(0))
        if found:
            out.append((edge, sorted(found)))
    return out


def _node(n: CiteNode) -> dict[str, Any]:
    if n.doc is not None:
        return {"id": n.id, "label": n.label, "kind": n.kind, "doc": n.doc}
    return {"id": n.id, "label": n.label, "kind": n.kind, "doc": None, "missing": n.missing}


def graph_view(nmap: NarrativeMap) -> dict[str, Any]:
    """Nodes and weighted edges ``document -> cited`` with their citations' positions (empty without the stage)."""
    nodes = nmap.citation_graph.nodes if nmap.citation_graph else []
    return {"nodes": [_node(n) for n in nodes],
            "edges": [{"source": e.source, "target": e.target, "count": len(ix), "citations": ix}
                      for e, ix in edge_citations(nmap)]}
