"""Story runs end to end: sinks, batched maps, continuing from saved state, the CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from story_streams import OSCARS, doc, interleaved, write_jsonl

from rashomon.cli import main
from rashomon.engines import get_engine
from rashomon.stories import run_stories
from rashomon.stories.sinks import DirSink, StoreSink


def _lines(path: Path) -> list[dict]:
    return [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines()]


def _local():
    return get_engine("local", workers=1)


def test_dir_sink_writes_assignments_stories_and_maps(tmp_path):
    docs = interleaved()
    docs.insert(2, doc(OSCARS[0] + "\nDistributed by Daily Planet.", "2024-03-01", "Daily Planet"))
    src = write_jsonl(tmp_path / "in.jsonl", docs)
    result = run_stories([src], sink=DirSink(tmp_path / "out"), engine=_local(), stages=())
    assert (result.articles, result.duplicates, result.stories, result.maps) == (8, 1, 3, 3)
    rows = _lines(tmp_path / "out" / "assignments.jsonl")
    assert [r["seq"] for r in rows] == list(range(1, 9))
    assert rows[2]["duplicate_of"] == rows[1]["doc_id"]
    stories = {s["id"]: s for s in _lines(tmp_path / "out" / "stories.jsonl")}
    oscars = stories[rows[1]["story"]]
    assert (oscars["size"], oscars["independent"]) == (3, 2)
    saved = json.loads((tmp_path / "out" / "maps" / f"{oscars['id']}.json").read_text())
    assert len(saved["documents"]) == 2  # the copy is listed, not analysed again
    assert saved["extra"]["story"]["duplicates"][0]["doc"] == rows[2]["doc_id"]
    manifest = json.loads((tmp_path / "out" / "manifest.json").read_text())
    assert manifest["stories"]["threshold"] > 0 and manifest["run"]["articles"] == 8


def test_maps_are_batched_not_per_article(tmp_path):
    src = write_jsonl(tmp_path / "in.jsonl", interleaved())
    calls: list[list[str]] = []
    engine = _local()
    original = engine.story_maps

    def spy(jobs):
        calls.append([sid for sid, _, _ in jobs])
        return original(jobs)

    engine.story_maps = spy  # type: ignore[method-assign]
    run_stories([src], sink=DirSink(tmp_path / "a"), engine=engine, stages=())
    assert len(calls) == 1 and len(calls[0]) == 3  # once, at the end, for the three stories
    calls.clear()
    run_stories([src], sink=DirSink(tmp_path / "b"), engine=engine, stages=(), map_every=3)
    assert len(calls) == 3 and sum(len(c) for c in calls) < 7  # only stories touched since the last batch


def test_no_maps_clusters_only(tmp_path):
    src = write_jsonl(tmp_path / "in.jsonl", interleaved())
    result = run_stories([src], sink=DirSink(tmp_path / "o"), engine=_local(), maps=False)
    assert result.maps == 0 and not (tmp_path / "o" / "maps").exists()


def test_saved_state_continues_the_same_stories(tmp_path):
    docs = interleaved()
    whole = tmp_path / "whole.jsonl"
    write_jsonl(whole, docs)
    write_jsonl(tmp_path / "a.jsonl", docs[:4])
    write_jsonl(tmp_path / "b.jsonl", docs[4:])
    run_stories([whole], sink=DirSink(tmp_path / "w"), engine=_local(), maps=False)
    state = tmp_path / "state.pkl"
    run_stories([tmp_path / "a.jsonl"], sink=DirSink(tmp_path / "p1"), engine=_local(), maps=False, state=state)
    run_stories([tmp_path / "b.jsonl"], sink=DirSink(tmp_path / "p2"), engine=_local(), maps=False, state=state)
    at_once = [r["story"] for r in _lines(tmp_path / "w" / "assignments.jsonl")]
    in_two = [r["story"] for r in _lines(tmp_path / "p1" / "assignments.jsonl") + _lines(tmp_path / "p2" / "assignments.jsonl")]
    assert in_two == at_once


def test_store_sink_joins_independent_articles_to_stable_story_ids(tmp_path):
    from rashomon.store import open_store

    docs = interleaved()
    docs.append(doc(OSCARS[0] + "\nDistributed by Daily Planet.", "2024-03-03", "Daily Planet"))
    src = write_jsonl(tmp_path / "in.jsonl", docs)
    with open_store(tmp_path / "s.db") as store:
        run_stories([src], sink=StoreSink(store), engine=_local(), stages=())
        stories = {s.id: s for s in store.stories()}
        assert len(stories) == 3
        assert sorted(s.documents for s in stories.values()) == [2, 2, 3]  # the copy is not a source
        assert store.count_documents() == 8
        assert all(store.map(sid) is not None for sid in stories)


def test_cli_runs_and_lists(tmp_path, capsys):
    src = write_jsonl(tmp_path / "in.jsonl", interleaved())
    db = tmp_path / "s.db"
    assert main(["stories", str(src), "--db", str(db), "--no-maps", "--workers", "1", "--quiet"]) == 0
    assert "7 articles" in capsys.readouterr().out
    assert (tmp_path / "s.db.stories-state").exists()
    assert main(["stories", "--db", str(db)]) == 0
    listing = capsys.readouterr().out
    assert "Rescuers" not in listing and "magnitude 6.1 earthquake" in listing
    assert main(["stories", str(src), "--out", str(tmp_path / "o"), "--no-maps", "--workers", "1",
                 "--features", "lex,nope"]) == 1
    assert "nope" in capsys.readouterr().err


def test_parquet_sink_writes_the_three_tables(tmp_path):
    pq = pytest.importorskip("pyarrow.parquet")
    from rashomon.stories.sinks import ParquetSink

    src = write_jsonl(tmp_path / "in.jsonl", interleaved())
    run_stories([src], sink=ParquetSink(tmp_path / "out.parquet"), engine=_local(), stages=())
    assignments = pq.read_table(tmp_path / "out.parquet").to_pylist()
    stories = pq.read_table(tmp_path / "out.stories.parquet").to_pylist()
    maps = pq.read_table(tmp_path / "out.maps.parquet").to_pylist()
    assert [a["seq"] for a in assignments] == list(range(1, 8))
    assert {s["id"] for s in stories} == {a["story"] for a in assignments} == {m["story"] for m in maps}
