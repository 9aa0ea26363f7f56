"""Who relies on whom (the ``citation-graph`` stage): cited names merged, corpus documents recognised,
missing footnotes marked; the report's view refers to the citations by position."""

from __future__ import annotations

from rashomon.compare.citegraph import UNRESOLVED, citation_graph
from rashomon.model import Citation, Corpus, DocAnalysis, Document, NarrativeMap
from rashomon.nlp.outlets import normalise
from rashomon.pipeline import Pipeline
from rashomon.registry import Context, get_stage
from rashomon.report.citegraph import graph_view


def test_normalise() -> None:
    assert normalise("The Valley Courier") == normalise("valley courier.") == "valley courier"


def test_corpus_document_is_a_node_and_missing_footnote_marked(story_map: NarrativeMap) -> None:
    g = story_map.citation_graph
    assert g is not None
    courier, _, blog = (f"doc:{d.id}" for d in story_map.documents)
    edges = {(e.source, e.target): e for e in g.edges}
    assert (blog, courier) in edges  # "as the Valley Courier reported" points at the corpus document
    missing = [n for n in g.nodes if n.missing]
    assert len(missing) == 1 and missing[0].label == UNRESOLVED and (blog, missing[0].id) in edges
    assert sum(e.count for e in g.edges) == len(story_map.citations)
    reuters = next(e for e in g.edges if e.target == "cited:reuters")
    assert reuters.kind == "outlet" and reuters.speakers == ["Anna Kovalchik"]
    texts = {d.id: d.text for d in story_map.documents}
    assert all(texts[ev.doc][ev.start:ev.end] == ev.text for e in g.edges for ev in e.evidence)


def test_same_source_merged_and_self_citation_dropped() -> None:
    d = Document.from_text("abc def", outlet="Daily")
    cites = [Citation(d.id, 0, 1, "a", "Reuters", "outlet"), Citation(d.id, 1, 2, "b", "reuters", "outlet"),
             Citation(d.id, 2, 3, "c", "The Daily", "outlet")]
    nmap = NarrativeMap({}, [d], [], [], [], [], [], [], cites, citation_graph=citation_graph(cites, [d]))
    g = graph_view(nmap)
    assert [(e["target"], e["count"], e["citations"]) for e in g["edges"]] == [("cited:reuters", 2, [0, 1])]



def test_the_stage_gives_one_graph_whatever_the_order_of_inputs(context: Context) -> None:
    """Two spellings of one name, as long: the one listed first in the map's order names the node."""
    a, b = Document.from_text("Reuters News said so."), Document.from_text("Reuters news said so too.")
    cites = {a.id: Citation(a.id, 0, 12, "Reuters News", "Reuters News", "outlet"),
             b.id: Citation(b.id, 0, 12, "Reuters news", "Reuters news", "outlet")}
    stage = Pipeline([get_stage("citation-graph")], context)
    graphs = [stage.run_corpus(Corpus([DocAnalysis(d, citations=[cites[d.id]]) for d in order])).citation_graph
              for order in ([a, b], [b, a])]
    assert graphs[0] == graphs[1]
    first = min((a, b), key=lambda d: d.id)
    assert graphs[0] is not None and {n.label for n in graphs[0].nodes if n.doc is None} == {first.text[:12]}
