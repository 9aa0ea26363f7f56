"""Citations (outlets, organisations, people, documents, footnotes, links) and the citation graph."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from rashomon.compare.citegraph import UNRESOLVED, citation_graph
from rashomon.model import Citation, DocAnalysis, Document
from rashomon.nlp.citations import footnotes, from_links
from rashomon.nlp.outlets import is_outlet, outlet_for_domain

Analyse = Callable[..., DocAnalysis]


def cited(item: DocAnalysis, kind: str | None = None) -> list[str]:
    return [c.cited for c in item.citations if kind is None or c.kind == kind]


def assert_spans_exact(item: DocAnalysis) -> None:
    for c in item.citations:
        assert item.document.text[c.start : c.end] == c.text, c


def test_footnote_markers_link_to_their_entries() -> None:
    text = (
        "The pipeline opened in 2009.[1] Exports doubled within a year.[2]\n\n"
        "The rebels [the northern faction] disagreed.\n\n"
        "[1] Jane Doe, Pipelines and Power, Harbour Press, 2011, p. 4.\n\n"
        "[2] Oil Ministry, Annual Report 2010.\n"
    )
    item = DocAnalysis(Document.from_text(text))
    notes = [c for c in footnotes(item) if c.kind == "footnote"]
    assert [(c.text, c.resolved) for c in notes] == [("[1]", True), ("[2]", True)]
    assert notes[0].reference == "Jane Doe, Pipelines and Power, Harbour Press, 2011, p. 4."
    assert notes[0].cited == "Jane Doe, Pipelines and Power, Harbour Press, 2011"
    entries = [c for c in footnotes(item) if c.kind == "document"]
    assert [c.text for c in entries] == [notes[0].reference, "Oil Ministry, Annual Report 2010."]


def test_footnote_markers_without_a_list_are_flagged_unresolved() -> None:
    item = DocAnalysis(Document.from_text("The army withdrew.[1] The talks failed.[2]\n"))
    notes = footnotes(item)
    assert [(c.text, c.resolved, c.reference) for c in notes] == [("[1]", False, None), ("[2]", False, None)]
    assert [c.cited for c in notes] == ["footnote [1]", "footnote [2]"]


def test_hyperlinks_become_outlet_or_document_citations() -> None:
    text = "As a Reuters report showed, the ministry's statement was withdrawn. Read more on our home page.\n"
    document = Document.from_text(
        text,
        url="https://www.own-site.example/article",
        links=[
            ("a Reuters report", "https://www.reuters.com/world/some-story"),
            ("the ministry's statement", "https://mfa.gov.example/statement-12"),
            ("our home page", "https://own-site.example/"),
            ("Subscribe", "https://newsletter.example/"),
        ],
    )
    found = list(from_links(DocAnalysis(document)))
    assert [(c.text, c.kind, c.cited) for c in found] == [
        ("a Reuters report", "outlet", "Reuters"),
        ("the ministry's statement", "document", "mfa.gov.example"),
    ]
    assert found[0].reference == "https://www.reuters.com/world/some-story"


def test_outlets_by_name_and_domain() -> None:
    assert is_outlet("Reuters") and is_outlet("The Daily Review") and is_outlet("the New Yorker")
    assert not is_outlet("Human Rights Watch") and not is_outlet("Amnesty International")
    assert outlet_for_domain("www.bbc.co.uk") == "BBC" and outlet_for_domain("example.org") is None
    assert outlet_for_domain("dailynews.example") == "dailynews.example"


def test_citation_graph_groups_names_counts_and_keeps_evidence() -> None:
    cs = [
        Citation("d1", 0, 3, "HRW", "HRW", "organization"),
        Citation("d1", 10, 28, "Human Rights Watch", "Human Rights Watch", "organization"),
        Citation("d1", 40, 47, "Reuters", "Reuters", "outlet", speaker="Abu Karim"),
        Citation("d2", 5, 60, "the Center ... (CSIS)", "Center for Strategic and International Studies (CSIS)",
                 "organization"),
        Citation("d2", 70, 74, "CSIS", "CSIS", "organization"),
        Citation("d2", 80, 83, "[1]", "footnote [1]", "footnote", resolved=False),
        Citation("d2", 90, 93, "[2]", "footnote [2]", "footnote", resolved=False),
    ]
    graph = citation_graph(cs)
    label = {n.id: n.label for n in graph.nodes}
    edges = {(e.source, label[e.target]): e for e in graph.edges}
    assert set(edges) == {
        ("doc:d1", "Human Rights Watch"), ("doc:d1", "Reuters"),
        ("doc:d2", "Center for Strategic and International Studies"), ("doc:d2", UNRESOLVED),
    }
    hrw = edges[("doc:d1", "Human Rights Watch")]
    assert hrw.count == 2 and [e.start for e in hrw.evidence] == [0, 10]
    assert edges[("doc:d1", "Reuters")].speakers == ["Abu Karim"] and edges[("doc:d1", "Reuters")].kind == "outlet"
    assert edges[("doc:d2", UNRESOLVED)].count == 2


@pytest.mark.slow
def test_speakers_channels_and_named_documents_are_cited(analyse: Analyse) -> None:
    item = analyse(
        "“The border is closed,” Colonel Ahmed Farouk told Reuters on Tuesday.\n\n"
        "A 2020 report by Amnesty International found that prisoners had been beaten.\n\n"
        "The historian Jane Doe authored a book titled Desert Wars about the conflict.\n\n"
        "The Oxfam report counted 300 dead in the valley.\n"
    )
    assert_spans_exact(item)
    kinds = {(c.cited, c.kind) for c in item.citations}
    assert {("Ahmed Farouk", "person"), ("Reuters", "outlet"), ("Amnesty International", "organization"),
            ("Desert Wars", "document"), ("Oxfam report", "document")} <= kinds
    book = next(c for c in item.citations if c.cited == "Desert Wars")
    assert book.speaker == "Jane Doe"
    assert next(c for c in item.citations if c.cited == "Reuters").speaker == "Ahmed Farouk"


@pytest.mark.slow
def test_generic_sources_are_not_cited(analyse: Analyse) -> None:
    item = analyse("Media reports said the town had fallen. In that same report, the mayor was absent.\n")
    assert item.citations == []


@pytest.mark.slow
@pytest.mark.parametrize(
    ("needle", "kind"),
    [
        ("Human Rights Watch", "organization"),
        ("HRW", "organization"),
        ("Reuters", "outlet"),
        ("Center for Strategic and International Studies", "organization"),
        ("BBC", "outlet"),
        ("The New Yorker", "outlet"),
        ("War on the Rocks", "outlet"),
        ("Long War Journal", "outlet"),
        ("Treacherous Alliance", "document"),
    ],
)
def test_seed_001_cited_sources_are_found_with_spans(seed_items: dict[str, Any], needle: str, kind: str) -> None:
    item = seed_items["001"]
    assert_spans_exact(item)
    hits = [c for c in item.citations if needle in c.cited and c.kind == kind]
    assert hits, (needle, [(c.cited, c.kind) for c in item.citations])
    assert all(needle.split()[-1] in c.text for c in hits)


@pytest.mark.slow
def test_seed_001_footnote_resolves_to_parsis_book(seed_items: dict[str, Any]) -> None:
    (note,) = [c for c in seed_items["001"].citations if c.kind == "footnote"]
    assert note.resolved and note.text == "[1]" and note.speaker == "Trita Parsi"
    assert "Treacherous Alliance" in (note.reference or "") and "Yale University Press, 2007" in note.cited


@pytest.mark.slow
def test_seed_000_footnote_markers_are_unresolved(seed_items: dict[str, Any]) -> None:
    notes = [c for c in seed_items["000"].citations if c.kind == "footnote"]
    assert [c.text for c in notes] == [f"[{n}]" for n in range(1, 11)]
    assert not any(c.resolved for c in notes)
    graph = citation_graph(seed_items["000"].citations)
    missing = {n.id for n in graph.nodes if n.missing}
    assert any(e.target in missing and e.count == 10 for e in graph.edges)


@pytest.mark.slow
def test_seed_citation_graph_has_an_edge_per_source(seed_items: dict[str, Any]) -> None:
    graph = citation_graph(c for item in seed_items.values() for c in item.citations)
    label = {n.id: n.label for n in graph.nodes}
    targets = {label[e.target] for e in graph.edges if e.source == f"doc:{seed_items['001'].document.id}"}
    assert {"Human Rights Watch", "Reuters", "BBC", "War on the Rocks", "Trita Parsi"} <= targets
    hrw = next(e for e in graph.edges if label[e.target] == "Human Rights Watch")
    assert hrw.count >= 2  # "a Human Rights Watch report" and "HRW stated" are one source
