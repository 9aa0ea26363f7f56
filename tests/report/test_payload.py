"""The report's view model: positions for cross-references, actors found in every span, groups by position."""

from __future__ import annotations

import json

from rashomon.model import NarrativeMap, StorySummary
from rashomon.report import build_payload


def test_payload_is_json_and_refers_by_position(story_map: NarrativeMap) -> None:
    p = build_payload(story_map)
    json.dumps(p, allow_nan=False)
    assert [d["id"] for d in p["docs"]] == [d.id for d in story_map.documents]
    for c in p["claims"]:
        doc = p["docs"][c["d"]]
        if c["section"] == "body":
            assert doc["text"][c["start"]:c["end"]] == c["text"]
    assert all(0 <= a < len(p["claims"]) and 0 <= b < len(p["claims"]) for a, b, _, _ in p["links"])


def test_every_item_knows_its_actors(story_map: NarrativeMap) -> None:
    p = build_payload(story_map)
    mayor = next(i for i, e in enumerate(p["entities"]) if e["name"] == "Anna Kovalchik")
    said = next(c for c in p["claims"] if c["text"].startswith("Mayor Ana Kowalczyk"))
    assert mayor in said["ents"]  # found from the mention inside the span, not from claim.entities
    inspection = next(c for c in p["conflicts"] if c["kind"] == "fact")
    firm = next(i for i, e in enumerate(p["entities"]) if e["name"] == "Brandt & Sons")
    assert all(firm in it["ents"] for it in inspection["items"])


def test_spellings_per_source_and_stances(story_map: NarrativeMap) -> None:
    p = build_payload(story_map)
    mayor = next(e for e in p["entities"] if e["name"] == "Anna Kovalchik")
    assert mayor["spellings"] == {"0": ["Anna Kovalchik", "Kovalchik"], "1": ["Ana Kowalczyk"], "2": ["Kowalczyk"]}
    negative = [s for s in p["stances"] if s["label"] == "negative" and s["d"] == 1]
    assert negative and all(p["claims"][c]["d"] == 1 for s in negative for c in s["evidence"])


def test_groups_cells_by_document_position(story_map: NarrativeMap) -> None:
    p = build_payload(story_map)
    toll = next(g for g in p["groups"] if p["claims"][g["label"]]["text"].startswith("Twelve people died,"))
    assert toll["cells"] == {"0": "asserts", "1": "contradicts", "2": "asserts"}


def test_framing_and_citations_and_timeline(story_map: NarrativeMap) -> None:
    p = build_payload(story_map, title="Dam")
    assert p["title"] == "Dam"
    governor = next(e.id for e in story_map.entities if e.name == "Miles Hart")
    assert p["framing"] == {"2": {"source": "Riverwatch", "actors": [
        {"entity": governor, "name": "Miles Hart", "label": "negative", "score": -0.7, "terms": ["betrayed", "ignored"]}]}}
    assert len(p["citegraph"]["edges"]) == 7
    breach = next(r for r in p["timeline"] if r["cluster"] == "breach")
    dam = next(i for i, e in enumerate(p["entities"]) if e["name"] == "Kessel Dam")
    assert all(dam in r["ents"] for r in breach["reports"])


def test_a_map_without_the_stages_products_shows_none() -> None:
    m = NarrativeMap({}, [], [], [], [], [], [], [], [])
    p = build_payload(m)
    assert p["framing"] == {} and p["groups"] == [] and p["citegraph"] == {"nodes": [], "edges": []}


def test_a_story_runs_map_is_titled_by_its_story(story_map: NarrativeMap) -> None:
    story_map.story = StorySummary("story_0123456789abcdef", title="Dam breach floods Marlow Falls")
    assert build_payload(story_map)["title"] == "Narrative map: Dam breach floods Marlow Falls"
    assert build_payload(NarrativeMap({}, [], [], [], [], [], [], [], []))["title"] == "Narrative map of 0 sources"
