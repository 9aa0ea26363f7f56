"""Who relies on whom: the documents, the sources they cite, and an edge per reliance with its spans.

Names are grouped before counting, so "Human Rights Watch" and "HRW", or
"the Center for Strategic and International Studies (CSIS)" and "CSIS", are
one node: an acronym of a name, or the name it abbreviates in parentheses,
joins it. A cited name that is the outlet, title or author of a document of the
corpus points at that document's node, so the graph shows which of the
compared sources lean on each other. Unresolved footnote markers of a document
become one edge to the ``UNRESOLVED`` node, with a count, since there is no
source to point at. The ``citation-graph`` stage computes it once, into
``map.json``'s ``citation_graph``; the report and the GraphML export draw it.

    >>> from rashomon.model import Citation
    >>> cs = [Citation("d1", 0, 3, "HRW", "HRW", "organization"),
    ...       Citation("d1", 9, 27, "Human Rights Watch", "Human Rights Watch", "organization")]
    >>> [(e.source, e.target, e.count) for e in citation_graph(cs).edges]
    [('doc:d1', 'cited:human rights watch', 2)]
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence

from ..model import Citation, CitationGraph, CiteEdge, CiteNode, Corpus, Document, Evidence
from ..nlp.outlets import normalise
from ..registry import Context, stage

UNRESOLVED = "unresolved footnotes"
_SMALL = {"of", "and", "for", "the", "on", "in", "&"}


def _acronym(name: str) -> str:
    """"Human Rights Watch" -> "hrw"; empty unless every content word is capitalised."""
    words = [w for w in re.split(r"[\s-]+", name) if w and w.lower() not in _SMALL]
    if len(words) < 2 or not all(w[0].isupper() for w in words):
        return ""
    return "".join(w[0] for w in words).lower()


def _is_acronym(name: str) -> bool:
    return bool(re.fullmatch(r"[A-Z]{2,6}", name.strip()))


def _keys(name: str) -> set[str]:
    """The forms that identify a name: itself and, for "Long Name (LN)", both parts."""
    keys = {normalise(name)}
    m = re.match(r"^(.*?)\s*\(([^()]+)\)$", name.strip())
    if m:
        keys |= {normalise(m.group(1)), normalise(m.group(2))}
    return {k for k in keys if k}


def cited_names(names: Iterable[str]) -> dict[str, str]:
    """Map each cited name to its group's display name; a group joins names sharing a form, and a
    name with the acronym ("HRW") that another name spells out ("Human Rights Watch")."""
    names = list(dict.fromkeys(names))
    parent = {n: n for n in names}

    def find(x: str) -> str:
        while parent[x] != x:
            x = parent[x]
        return x

    def join(a: str, b: str) -> None:
        parent[find(a)] = find(b)

    owner: dict[str, str] = {}
    for name in names:
        for key in _keys(name):
            if key in owner:
                join(name, owner[key])
            else:
                owner[key] = name
    acronyms = {n.strip().lower(): n for n in names if _is_acronym(n)}
    for name in names:
        base = re.sub(r"\s*\([^()]+\)$", "", name.strip())
        if _acronym(base) in acronyms:
            join(acronyms[_acronym(base)], name)
    members: dict[str, list[str]] = {}
    for name in names:
        members.setdefault(find(name), []).append(name)
    best = {root: max(group, key=lambda n: (len(n.split()), len(n))) for root, group in members.items()}
    return {name: _display(best[find(name)]) for name in names}


def _display(name: str) -> str:
    m = re.match(r"^(.*?)\s*\(([^()]+)\)$", name.strip())
    return re.sub(r"^the\s+", "", (m.group(1) if m else name).strip(), flags=re.IGNORECASE)


def doc_label(doc: Document) -> str:
    """How a document is named: outlet, else title, else where it came from."""
    return doc.outlet or doc.title or doc.source


def _corpus_names(documents: Iterable[Document]) -> dict[str, str]:
    """Names that denote a document of the corpus (author, title, outlet), mapped to its node id."""
    names: dict[str, str] = {}
    for doc in documents:
        for name in (doc.author, doc.title, doc.outlet):  # the outlet wins a clash
            if name and len(normalise(name)) > 2:
                names[normalise(name)] = f"doc:{doc.id}"
    return names


def _kind(cites: Iterable[Citation]) -> str:
    """An outlet stays an outlet however it was cited; otherwise the most frequent kind."""
    counts = Counter(c.kind for c in cites)
    return "outlet" if counts.get("outlet") else counts.most_common(1)[0][0]


def _edge(source: str, target: str, cites: list[Citation]) -> CiteEdge:
    cites = sorted(cites, key=lambda c: (c.doc, c.start, c.end))  # in reading order, as the map lists them
    return CiteEdge(source, target, _kind(cites), len(cites), [Evidence(c.doc, c.start, c.end, c.text) for c in cites],
                    list(dict.fromkeys(c.speaker for c in cites if c.speaker)),
                    list(dict.fromkeys(c.reference for c in cites if c.reference)))


def citation_graph(citations: Iterable[Citation], documents: Sequence[Document] = ()) -> CitationGraph:
    """Nodes (documents, cited sources) and the edges ``document -> cited``, by source then target.

    ``documents`` name their nodes and let a citation of one of them ("as the
    Valley Courier reported") point at that document's node; a source naming
    itself is no reliance and is left out. A citing document not among
    ``documents`` is named by its id. Ties (two spellings of one name, as long)
    go to the citation listed first: the stage lists them as ``map.json`` does.
    """
    cites = list(citations)
    names, corpus = cited_names(c.cited for c in cites if c.resolved), _corpus_names(documents)
    nodes = {f"doc:{d.id}": CiteNode(f"doc:{d.id}", doc_label(d), "document", d.id) for d in documents}
    for c in cites:
        nodes.setdefault(f"doc:{c.doc}", CiteNode(f"doc:{c.doc}", c.doc, "document", c.doc))
    by_name: dict[tuple[str, str], list[Citation]] = defaultdict(list)  # (citing doc, grouped name)
    for c in cites:
        by_name[(c.doc, names[c.cited] if c.resolved else UNRESOLVED)].append(c)
    edges: dict[tuple[str, str], list[Citation]] = defaultdict(list)
    # the most cited name first: it labels the node when several names reach one
    for (doc, name), part in sorted(by_name.items(), key=lambda kv: (kv[0][0], -len(kv[1]), kv[0][1])):
        source, target = f"doc:{doc}", corpus.get(normalise(name), f"cited:{normalise(name)}")
        if target == source:
            continue
        if target not in nodes:
            nodes[target] = CiteNode(target, name, _kind(part), missing=name == UNRESOLVED)
        edges[(source, target)].extend(part)
    return CitationGraph(list(nodes.values()), [_edge(s, t, part) for (s, t), part in sorted(edges.items())])


@stage("citation-graph",
       requires=("doc.citations",),
       assigns=("corpus.citation_graph",),
       scope="corpus", version="1",
       config=())
def make_citation_graph(ctx: Context) -> Callable[[Corpus], Corpus]:
    """Builds who relies on whom from every document's citations (``corpus.citation_graph``)."""

    def run(corpus: Corpus) -> Corpus:
        documents = sorted((d.document for d in corpus.docs), key=lambda d: d.id)  # the map's order
        cites = sorted((c for d in corpus.docs for c in d.citations), key=lambda c: (c.doc, c.start))
        corpus.citation_graph = citation_graph(cites, documents)
        return corpus

    return run
