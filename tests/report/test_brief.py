"""The brief: each section from a hand-made story, the Markdown command, and the seeds' and example's bar."""

from __future__ import annotations

from pathlib import Path

import pytest
from report_maps import MapBuilder

from rashomon.brief import brief_of, build_brief
from rashomon.brief.build import Thresholds
from rashomon.brief.markdown import escape, render_markdown
from rashomon.mapio import dumps, loads, to_dict, validate
from rashomon.model import Link, NarrativeMap


def _every_entry_is_its_span(nmap: NarrativeMap) -> None:
    texts = {d.id: d.text for d in nmap.documents}
    brief = brief_of(nmap)
    for key in ("agreed", "disputed", "single", "left_out", "relied_on", "leans"):
        for item in getattr(brief, key):
            assert item.entries, (key, item.text)
            for e in item.entries:
                assert texts[e.doc][e.start:e.end] == e.text, (key, e)


def test_sections_of_the_invented_story(story: MapBuilder) -> None:
    nmap = story.m
    brief = brief_of(nmap, Thresholds())
    kinds = [it.kind for it in brief.disputed]
    assert "contradiction" in kinds and {"date", "number"} <= set(kinds)
    toll = next(it for it in brief.disputed if it.kind == "number")
    assert sorted(e.value for e in toll.entries) == ["12", "9"]
    assert all(len(it.docs) >= 2 for it in brief.agreed)
    cited = {it.text for it in brief.relied_on}
    assert "Reuters" in cited
    assert all(it.score is not None and it.kind != "neutral" for it in brief.leans)
    _every_entry_is_its_span(nmap)


def test_thresholds_keep_weak_links_out(story: MapBuilder) -> None:
    nmap = story.m
    strict = brief_of(nmap, Thresholds(agree=1.0, contradict=1.0))
    assert strict.agreed == [] and all(it.kind != "contradiction" for it in strict.disputed)
    weakest = min(k.score for k in nmap.links if k.relation == "contradict")
    shown = brief_of(nmap, Thresholds(contradict=weakest))
    assert any(it.kind == "contradiction" and it.confidence == pytest.approx(weakest) for it in shown.disputed)


def test_single_source_claims_are_unlinked_and_checkworthy(story: MapBuilder) -> None:
    nmap = story.m
    for c in nmap.claims:
        c.checkworthy = 0.9
    linked = {x for k in nmap.links for x in (k.a, k.b)}
    single = brief_of(nmap, Thresholds()).single
    assert single and all(it.entries[0].claim not in linked for it in single)
    for c in nmap.claims:
        c.checkworthy = 0.1
    assert brief_of(nmap, Thresholds()).single == []


def test_left_out_names_what_the_others_agree_on(story: MapBuilder) -> None:
    nmap = story.m
    claims = {c.doc: c for c in nmap.claims if c.section == "body"}
    a, b, c = (d.id for d in nmap.documents)
    links = [Link(claims[a].id, claims[b].id, "agree", 0.9)]
    brief = build_brief(nmap.documents, [], nmap.claims, links, [], [], [])
    gap = [it for it in brief.left_out if it.kind == "claim"]
    assert [it.doc for it in gap] == [c] and sorted(gap[0].docs) == sorted([a, b])


def test_the_brief_travels_in_map_json_and_validates(story: MapBuilder) -> None:
    nmap = story.m
    nmap.brief = brief_of(nmap, Thresholds())
    nmap.manifest |= {"models": {}, "settings": {}}
    raw = to_dict(nmap)
    validate(raw)
    assert loads(dumps(nmap)).brief == nmap.brief


def test_markdown_escapes_and_links_every_line(story: MapBuilder) -> None:
    nmap = story.m
    nmap.documents[0].outlet = "<b>*Courier*</b>"
    text = render_markdown(nmap, brief_of(nmap, Thresholds()), "r.html")
    assert "<b>" not in text and "&lt;b&gt;\\*Courier\\*&lt;/b&gt;" in text
    quoted = [line for line in text.splitlines() if "“" in line and "terms:" not in line]
    assert quoted and all("](r.html#reading/doc_" in line for line in quoted)
    assert escape("a\nb | c") == "a b \\| c"


def test_brief_command_prints_markdown(tmp_path: Path, story: MapBuilder, capsys: pytest.CaptureFixture[str]) -> None:
    from rashomon.cli import main
    from rashomon.mapio import write_map

    path = write_map(story.m, tmp_path / "map.json")
    assert main(["brief", str(path)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("# Brief: 3 sources") and "## Disputed" in out and "## Left out" in out
    assert main(["brief", str(tmp_path / "missing.json")]) == 1
    assert "missing.json" in capsys.readouterr().err


@pytest.mark.slow
def test_seeds_brief(seeds_report_map: NarrativeMap) -> None:
    """The issue's bar on the seeds: the Quds Force command agreed, the date conflict disputed."""
    brief = seeds_report_map.brief
    assert brief is not None, "the pipeline's brief stage did not run"
    assert any("Quds Force" in e.text for it in brief.agreed for e in it.entries
               if len({x.doc for x in it.entries if "Quds Force" in x.text}) >= 2)
    dates = [it for it in brief.disputed if it.kind == "date"]
    assert dates and any("2020" in (e.value or "") for it in dates for e in it.entries)
    contra = [it for it in brief.disputed if it.kind == "contradiction"]
    assert all(it.confidence is not None and it.confidence >= brief.thresholds["contradict"] for it in contra)
    _every_entry_is_its_span(seeds_report_map)


@pytest.mark.slow
def test_example_brief_shows_the_miners_count(example_map: NarrativeMap) -> None:
    numbers = [it for it in brief_of(example_map).disputed if it.kind == "number"]
    assert any({"33", "34"} <= {e.value for e in it.entries} for it in numbers)
    _every_entry_is_its_span(example_map)
