"""Exports: GraphML loads in networkx, JSON-LD expands offline, CSV tables parse, one dispatcher."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
from pyld import jsonld

from rashomon.errors import ConfigError
from rashomon.mapio import read_map
from rashomon.model import NarrativeMap
from rashomon.report import export_map
from rashomon.report.csv_tables import HEADERS, TABLES, tables, write_csv
from rashomon.report.jsonld import VOCAB, context, to_jsonld


def test_graphml_loads_in_networkx(story_map: NarrativeMap, tmp_path: Path) -> None:
    (path,) = export_map(story_map, "graphml", tmp_path / "m.graphml")
    g = nx.read_graphml(path, force_multigraph=True)
    kinds = nx.get_node_attributes(g, "kind")
    assert sorted(kinds.values()).count("document") == 3 and list(kinds.values()).count("entity") == 5
    courier, ledger, blog = (d.id for d in story_map.documents)
    relations = {(u, v, d["relation"]): d for u, v, d in g.edges(data=True)}
    assert relations[(min(courier, ledger), max(courier, ledger), "contradict")]["weight"] == 2
    assert (blog, courier, "cites") in relations  # a corpus source relying on another
    assert g.nodes["cited:records"] == {"kind": "cited", "label": "records", "type": "document", "missing": False}
    mayor = next(n for n, d in g.nodes(data=True) if d.get("label") == "Anna Kovalchik")
    edge = relations[(ledger, mayor, "mentions")]
    assert edge["stance"] == "negative" and edge["spellings"] == "Ana Kowalczyk"


def test_graphml_of_hostile_text_is_well_formed(hostile: NarrativeMap, tmp_path: Path) -> None:
    (path,) = export_map(hostile, "graphml", tmp_path / "h.graphml")
    g = nx.read_graphml(path, force_multigraph=True)
    assert hostile.documents[0].outlet in {d.get("label") for _, d in g.nodes(data=True)}


def _offline_loader(url: str, options: dict[str, Any] | None = None) -> Any:
    raise AssertionError(f"JSON-LD tried to fetch {url}")


def _keys(node: Any) -> set[str]:
    if isinstance(node, list):
        return set().union(*(_keys(n) for n in node)) if node else set()
    if isinstance(node, dict):
        return {k for k in node if not k.startswith("@")} | _keys(list(node.values()))
    return set()


def test_jsonld_expands_offline_with_every_term_defined(story_map: NarrativeMap) -> None:
    doc = to_jsonld(story_map)
    json.dumps(doc)
    assert _keys(doc["@graph"]) <= set(context())  # an undefined term would vanish on expansion
    expanded = jsonld.expand(doc, {"documentLoader": _offline_loader})
    types = {t for node in expanded for t in node.get("@type", [])}
    assert {"https://schema.org/NewsArticle", "https://schema.org/Person", "https://schema.org/Organization",
            "https://schema.org/Claim", "https://schema.org/Event", VOCAB + "Conflict", VOCAB + "Link",
            VOCAB + "Stance", VOCAB + "Citation"} <= types
    claim = next(n for n in expanded if "https://schema.org/Claim" in n.get("@type", []))
    assert claim[VOCAB + "startOffset"][0]["@type"] == "http://www.w3.org/2001/XMLSchema#integer"
    assert claim["https://schema.org/appearance"][0]["@id"].startswith("urn:rashomon:doc_")


def test_jsonld_round_trips_through_rdf(story_map: NarrativeMap) -> None:
    nquads = jsonld.to_rdf(to_jsonld(story_map), {"format": "application/n-quads", "documentLoader": _offline_loader})
    assert "<https://schema.org/headline> \"Dam breach floods Marlow Falls\"" in nquads
    rdflib = pytest.importorskip("rdflib")
    g = rdflib.Graph().parse(data=json.dumps(to_jsonld(story_map)), format="json-ld")
    assert len(g) == nquads.count("\n")


def test_csv_tables_parse_and_join_back(story_map: NarrativeMap, tmp_path: Path) -> None:
    paths = write_csv(story_map, tmp_path / "csv")
    assert [p.stem for p in paths] == list(TABLES)
    rows = {p.stem: list(csv.DictReader(p.open(encoding="utf-8", newline=""))) for p in paths}
    assert len(rows["documents"]) == 3 and len(rows["claims"]) == len(story_map.claims)
    assert len(rows["conflicts"]) == sum(len(c.items) for c in story_map.conflicts)
    texts = {r["id"]: r["text"] for r in rows["documents"]}
    for m in rows["mentions"]:
        assert texts[m["doc"]][int(m["start"]):int(m["end"])] == m["text"]
    for name, built in tables(story_map).items():
        assert all(list(r) == HEADERS[name] for r in built)


def test_csv_defuses_formulas_unless_raw(tmp_path: Path) -> None:
    from rashomon.model import Document

    m = NarrativeMap({}, [Document.from_text("=HYPERLINK(\"http://x\")\n\nbody", title="+1")], [], [], [], [], [], [], [])
    write_csv(m, tmp_path / "safe")
    write_csv(m, tmp_path / "raw", safe=False)
    safe = next(csv.DictReader((tmp_path / "safe" / "documents.csv").open(encoding="utf-8")))
    raw = next(csv.DictReader((tmp_path / "raw" / "documents.csv").open(encoding="utf-8")))
    assert safe["title"] == "'+1" and safe["text"].startswith("'=") and raw["title"] == "+1"


def test_empty_tables_still_have_headers(tmp_path: Path) -> None:
    write_csv(NarrativeMap({}, [], [], [], [], [], [], [], []), tmp_path)
    assert (tmp_path / "links.csv").read_text(encoding="utf-8").strip() == ",".join(HEADERS["links"])


def test_json_export_reads_back_and_unknown_format_fails(story_map: NarrativeMap, tmp_path: Path) -> None:
    (path,) = export_map(story_map, "json", tmp_path / "copy.json")
    assert read_map(path).documents == story_map.documents
    with pytest.raises(ConfigError, match="unknown export format 'xml'"):
        export_map(story_map, "xml", tmp_path / "x")


@pytest.mark.slow
def test_exports_of_the_seeds(seeds_report_map: NarrativeMap, tmp_path: Path) -> None:
    nmap = seeds_report_map
    g = nx.read_graphml(export_map(nmap, "graphml", tmp_path / "s.graphml")[0], force_multigraph=True)
    assert list(nx.get_node_attributes(g, "kind").values()).count("document") == 3
    doc = to_jsonld(nmap)
    assert _keys(doc["@graph"]) <= set(context())
    assert len(jsonld.expand(doc, {"documentLoader": _offline_loader})) == len(doc["@graph"])
    paths = write_csv(nmap, tmp_path / "csv")
    claims = list(csv.DictReader((tmp_path / "csv" / "claims.csv").open(encoding="utf-8", newline="")))
    assert len(paths) == len(TABLES) and len(claims) == len(nmap.claims)
