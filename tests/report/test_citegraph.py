"""Who relies on whom: cited names merged, corpus documents recognised, missing footnotes marked."""

from __future__ import annotations

from rashomon.model import Citation, Document, NarrativeMap
from rashomon.report.citegraph import citation_graph, normalise


def test_normalise() -> None:
    assert normalise("The Valley Courier") == normalise("valley courier.") == "valley courier"


def test_corpus_document_is_a_node_and_missing_footnote_marked(story_map: NarrativeMap) -> None:
    g = citation_graph(story_map.documents, story_map.citations)
    courier, _, blog = (f"doc:{d.id}" for d in story_map.documents)
    edges = {(e["source"], e["target"]): e for e in g["edges"]}
    assert (blog, courier) in edges  # "as the Valley Courier reported" points at the corpus document
    missing = [n for n in g["nodes"] if n.get("missing")]
    assert len(missing) == 1 and (blog, missing[0]["id"]) in edges
    assert sum(e["count"] for e in g["edges"]) == len(story_map.citations)


def test_same_source_merged_and_self_citation_dropped() -> None:
    d = Document.from_text("abc def", outlet="Daily")
    cites = [Citation(d.id, 0, 1, "a", "Reuters", "outlet"), Citation(d.id, 1, 2, "b", "reuters", "outlet"),
             Citation(d.id, 2, 3, "c", "The Daily", "outlet")]
    g = citation_graph([d], cites)
    assert [(e["target"], e["count"], e["citations"]) for e in g["edges"]] == [("cited:reuters", 2, [0, 1])]
