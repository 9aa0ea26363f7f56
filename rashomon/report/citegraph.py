"""Who relies on whom: documents pointing at the sources they cite.

Cited names are grouped by a normalised key, so "Reuters" and "reuters" are
one node. A cited name that is the outlet, title or author of another document
in the corpus points at that document's node instead: the graph then shows
which of the compared sources lean on each other.

    >>> from rashomon.model import Citation, Document
    >>> d = Document.from_text("x", outlet="The Daily")
    >>> g = citation_graph([d], [Citation(d.id, 0, 1, "x", "Reuters", "outlet")])
    >>> [(e["source"], e["target"], e["count"]) for e in g["edges"]]
    [('doc:doc_2d711642b726b044', 'cited:reuters', 1)]
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from typing import Any, Sequence

from ..model import Citation, Document

_NOISE = re.compile(r"[^\w]+")


def normalise(name: str) -> str:
    """A matching key for a source's name: case, punctuation and a leading "the" ignored."""
    key = _NOISE.sub(" ", name.casefold()).strip()
    return key[4:] if key.startswith("the ") else key


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


def _target(cite: Citation, names: dict[str, str]) -> str:
    if cite.kind == "footnote" and not cite.resolved:
        return f"cited:missing {normalise(cite.text) or 'footnote'}"
    key = normalise(cite.cited) or normalise(cite.text)
    return names.get(key, f"cited:{key}")


def citation_graph(documents: Sequence[Document], citations: Sequence[Citation]) -> dict[str, Any]:
    """Nodes (documents, cited sources) and weighted edges ``document -> cited``.

    Each edge keeps the positions of its citations in ``citations`` so a
    reader can open every span behind it.
    """
    names = _corpus_names(documents)
    nodes: dict[str, dict[str, Any]] = {
        f"doc:{d.id}": {"id": f"doc:{d.id}", "label": doc_label(d), "kind": "document", "doc": d.id}
        for d in documents
    }
    spellings: dict[str, Counter[str]] = defaultdict(Counter)
    kinds: dict[str, Counter[str]] = defaultdict(Counter)
    edges: dict[tuple[str, str], list[int]] = defaultdict(list)
    doc_ids = {d.id for d in documents}
    for index, cite in enumerate(citations):
        if cite.doc not in doc_ids:
            continue
        target = _target(cite, names)
        if target == f"doc:{cite.doc}":
            continue  # a source naming itself is not a reliance
        if target not in nodes:
            spellings[target][cite.cited or cite.text] += 1
            kinds[target][cite.kind] += 1
        edges[(f"doc:{cite.doc}", target)].append(index)
    for node, counts in spellings.items():
        nodes[node] = {"id": node, "label": counts.most_common(1)[0][0], "kind": kinds[node].most_common(1)[0][0],
                       "doc": None, "missing": node.startswith("cited:missing ")}
    return {"nodes": list(nodes.values()),
            "edges": [{"source": s, "target": t, "count": len(ix), "citations": ix}
                      for (s, t), ix in sorted(edges.items())]}
