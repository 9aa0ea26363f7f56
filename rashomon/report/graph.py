"""The narrative map as a graph for Gephi or networkx: sources, actors, cited sources, and how they relate.

Nodes carry ``kind`` (``document``, ``entity``, ``cited``) and a ``label``.
Edges carry ``relation`` (also their key, as there may be several between two
nodes) and a ``weight``:

- ``mentions``  document -> entity, with the spellings used and the stance;
- ``cites``     document -> cited source, or -> another document of the corpus;
- ``agree`` / ``contradict``  document -> document, counting linked claims,
  with the mean score and the claim pairs as evidence.

GraphML holds only strings, numbers and booleans, so lists are joined with
``"; "`` and missing values are left out.

    >>> from rashomon.model import NarrativeMap
    >>> narrative_graph(NarrativeMap({}, [], [], [], [], [], [], [], [])).number_of_nodes()
    0
"""

from __future__ import annotations

from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

import networkx as nx

from ..compare.citegraph import doc_label
from ..model import NarrativeMap
from .citegraph import edge_citations


def _clean(attrs: dict[str, Any]) -> dict[str, Any]:
    """GraphML-safe attributes: no None, lists joined."""
    out = {}
    for key, value in attrs.items():
        if isinstance(value, (list, tuple, set)):
            value = "; ".join(str(v) for v in value)
        if value is not None:
            out[key] = value
    return out


def _add_documents(g: nx.MultiDiGraph, nmap: NarrativeMap) -> None:
    for d in nmap.documents:
        g.add_node(d.id, **_clean({"kind": "document", "label": doc_label(d), "title": d.title, "outlet": d.outlet,
                                   "author": d.author, "published": d.published, "language": d.language,
                                   "source": d.source, "url": d.url, "words": len(d.text.split())}))


def _add_entities(g: nx.MultiDiGraph, nmap: NarrativeMap) -> None:
    stances = {(s.doc, s.entity): s for s in nmap.stances}
    for e in nmap.entities:
        g.add_node(e.id, **_clean({"kind": "entity", "label": e.name, "type": e.type, "aliases": e.aliases,
                                   "mentions": len(e.mentions)}))
        forms: dict[str, Counter[str]] = defaultdict(Counter)
        for m in e.mentions:
            forms[m.doc][m.text] += 1
        for doc, counts in forms.items():
            if doc not in g:
                continue
            st = stances.get((doc, e.id))
            g.add_edge(doc, e.id, key="mentions", **_clean({
                "relation": "mentions", "weight": sum(counts.values()), "spellings": sorted(counts),
                "stance": st.label if st else None, "stance_score": float(st.score) if st else None}))


def _add_citations(g: nx.MultiDiGraph, nmap: NarrativeMap) -> None:
    """The map's citation graph: cited sources as nodes, a ``cites`` edge per reliance."""
    for node in nmap.citation_graph.nodes if nmap.citation_graph else []:
        if node.doc is None:  # documents of the corpus are already nodes
            g.add_node(node.id, **_clean({"kind": "cited", "label": node.label, "type": node.kind,
                                          "missing": node.missing}))
    for edge, positions in edge_citations(nmap):
        cites = [nmap.citations[i] for i in positions]
        g.add_edge(edge.source.removeprefix("doc:"), edge.target.removeprefix("doc:"), key="cites", **_clean({
            "relation": "cites", "weight": len(cites), "cite_kinds": sorted({c.kind for c in cites}),
            "evidence": [f"{c.doc}:{c.start}-{c.end}" for c in cites]}))


def _add_agreement(g: nx.MultiDiGraph, nmap: NarrativeMap) -> None:
    doc_of = {c.id: c.doc for c in nmap.claims}
    pairs: dict[tuple[str, str, str], list[Any]] = defaultdict(list)
    for link in nmap.links:
        a, b = doc_of.get(link.a), doc_of.get(link.b)
        if a and b and a != b:
            pairs[(min(a, b), max(a, b), link.relation)].append(link)
    for (a, b, relation), links in sorted(pairs.items()):
        g.add_edge(a, b, key=relation, **_clean({
            "relation": relation, "weight": len(links),
            "score": round(sum(k.score for k in links) / len(links), 4),
            "evidence": [f"{k.a}|{k.b}" for k in links]}))


def narrative_graph(nmap: NarrativeMap) -> nx.MultiDiGraph:
    """Documents, entities and cited sources, with mention, citation and agreement edges."""
    g = nx.MultiDiGraph(name="rashomon narrative map")
    _add_documents(g, nmap)
    _add_entities(g, nmap)
    _add_citations(g, nmap)
    _add_agreement(g, nmap)
    return g


def write_graphml(nmap: NarrativeMap, path: Path) -> Path:
    """Write the graph as GraphML (UTF-8), loadable with ``networkx.read_graphml`` or Gephi."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    nx.write_graphml(narrative_graph(nmap), path, encoding="utf-8", prettyprint=True)
    return path
