"""Claim groups and the citation graph are stage products in map.json; the report only shows them.

``data/groups_graph_before.json`` holds what the report computed at render time
from the seed articles' and the examples' maps (and from the story map of
``report_maps.py``) before the two became corpus stages: the stages, run by the
pipeline on the same documents, claims, links and citations, must give the
report exactly those groups and that graph.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from rashomon import mapio
from rashomon.api import build_map
from rashomon.config import load_settings
from rashomon.model import Citation, Claim, Corpus, DocAnalysis, Document, Link, NarrativeMap
from rashomon.pipeline import DEFAULT_STAGES, Pipeline
from rashomon.registry import Context, get_stage
from rashomon.report import build_payload
from rashomon.report.html import render_report

BEFORE = json.loads((Path(__file__).parent / "data" / "groups_graph_before.json").read_text(encoding="utf-8"))
STAGES = ("claim-groups", "citation-graph")


def _corpus(case: dict[str, Any]) -> Corpus:
    """The case's documents, claims, links and citations as the corpus stages see them, documents reversed."""
    docs = {d["id"]: DocAnalysis(Document(text="", **d)) for d in case["documents"]}
    for cid, doc, start, end in case["claims"]:
        docs[doc].claims.append(Claim(cid, doc, start, end, ""))
    for raw in case["citations"]:
        docs[raw["doc"]].citations.append(Citation(**raw))
    return Corpus(docs=list(reversed(docs.values())), links=[Link(**raw) for raw in reversed(case["links"])])


def _map(case: dict[str, Any], context: Context) -> NarrativeMap:
    """The two stages run as the pipeline runs corpus stages (links come from the case, not from ``relate``)."""
    pipe = Pipeline([get_stage(n) for n in STAGES], context)
    corpus = pipe.run_corpus(_corpus(case))
    assert not corpus.skipped
    return build_map(corpus, {**pipe.manifest(), "created": "2020-01-01T00:00:00+00:00", "duration_s": 0.0})


@pytest.mark.parametrize("name", ["seeds", "examples"])
def test_the_stages_give_the_report_the_groups_and_graph_it_computed_before(name: str, context: Context) -> None:
    case = BEFORE[name]
    nmap = _map(case, context)
    assert nmap.claim_groups and nmap.citation_graph is not None
    payload = build_payload(nmap)
    assert payload["groups"] == case["groups"]
    assert payload["citegraph"] == case["citegraph"]


def test_the_story_map_shows_the_groups_and_graph_it_showed_before(story_map: NarrativeMap) -> None:
    payload = build_payload(story_map)
    assert payload["groups"] == BEFORE["story"]["groups"]
    assert payload["citegraph"] == BEFORE["story"]["citegraph"]


def test_the_products_are_in_map_json_and_come_back_typed(context: Context) -> None:
    nmap = _map(BEFORE["examples"], context)
    raw = json.loads(mapio.dumps(nmap))
    mapio.validate(raw)
    assert raw["claim_groups"][0]["cells"] and raw["citation_graph"]["edges"][0]["evidence"]
    assert mapio.loads(mapio.dumps(nmap)) == nmap
    assert "extra" not in raw or raw["extra"] == {}


def test_the_report_reads_the_map_and_computes_nothing(story_map: NarrativeMap) -> None:
    """Change the map's groups and graph, not its links or citations: the report follows the map."""
    group = story_map.claim_groups[0]
    group.cells = {d: "both" for d in group.cells}
    assert story_map.citation_graph is not None
    story_map.citation_graph.edges = story_map.citation_graph.edges[:1]
    payload = build_payload(story_map)
    assert set(payload["groups"][0]["cells"].values()) == {"both"}
    assert len(payload["citegraph"]["edges"]) == 1
    story_map.claim_groups, story_map.citation_graph = [], None  # a map made without the two stages
    payload = build_payload(story_map)
    assert payload["groups"] == [] and payload["citegraph"] == {"nodes": [], "edges": []}
    assert "Narrative map" in render_report(story_map)


def test_both_are_corpus_stages_of_the_default_pipeline() -> None:
    pipe = Pipeline.assemble(DEFAULT_STAGES, load_settings())
    by_name = {s.name: s for s in pipe.specs}
    for name in STAGES:
        assert by_name[name].scope == "corpus" and by_name[name].version and by_name[name].config == ()
    recorded = {s["name"] for s in pipe.manifest()["stages"]}
    assert set(STAGES) <= recorded
    assert DEFAULT_STAGES.index("relate") < DEFAULT_STAGES.index("claim-groups")
    assert DEFAULT_STAGES.index("citation-graph") < DEFAULT_STAGES.index("brief")
