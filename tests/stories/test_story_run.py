"""Story runs end to end: sinks, batched maps, continuing from saved state, the CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from story_streams import BANK, OSCARS, QUAKE, doc, interleaved, write_jsonl

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
    assert saved["story"]["duplicates"][0]["doc"] == rows[2]["doc_id"]
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


def test_a_second_run_into_the_store_keeps_ids_and_maps_every_article(tmp_path):
    """Run 2 continues run 1's stories (same ids) and their maps cover the articles of both runs."""
    from rashomon.store import open_store

    docs = interleaved()
    docs.append(doc(OSCARS[0] + "\nDistributed by Daily Planet.", "2024-03-03", "Daily Planet"))
    write_jsonl(tmp_path / "a.jsonl", docs[:4])
    write_jsonl(tmp_path / "b.jsonl", docs[4:])
    state = tmp_path / "state.pkl"
    with open_store(tmp_path / "s.db") as store:
        run_stories([tmp_path / "a.jsonl"], sink=StoreSink(store), engine=_local(), stages=(), state=state)
        before = {s.id: s.name for s in store.stories()}
        second = run_stories([tmp_path / "b.jsonl"], sink=StoreSink(store), engine=_local(), stages=(), state=state)
        after = {s.id: s for s in store.stories()}
        assert second.new_stories == 0 and set(after) == set(before)
        assert all(after[sid].name == name for sid, name in before.items())  # nothing renamed
        assert sorted(s.documents for s in after.values()) == [2, 2, 3]
        for sid, story in after.items():
            nmap = store.map(sid)
            assert nmap is not None and len(nmap.documents) == story.documents
            assert nmap.story is not None and nmap.story.partial is False
        oscars = store.map(next(sid for sid, s in after.items() if "Oscar" in s.name))
        assert [c.outlet for c in oscars.story.duplicates] == ["Daily Planet"]


def test_parquet_row_groups_keep_their_types_when_early_columns_are_empty(tmp_path, monkeypatch):
    """A column all null in the first row group (no copy yet, undated) still takes values later."""
    pq = pytest.importorskip("pyarrow.parquet")
    from rashomon.stories import sinks

    monkeypatch.setattr(sinks, "_ROW_GROUP", 2)
    docs = [doc(t, None) for t in (QUAKE[0], BANK[0], QUAKE[1])]
    docs.append(doc(OSCARS[0], "2024-03-02", "Wire"))
    docs.append(doc(OSCARS[0] + "\nDistributed by Daily Planet.", "2024-03-02", "Daily Planet"))
    src = write_jsonl(tmp_path / "in.jsonl", docs)
    run_stories([src], sink=sinks.ParquetSink(tmp_path / "o.parquet"), engine=_local(), maps=False)
    table = pq.read_table(tmp_path / "o.parquet")
    assert table.num_rows == 5 and str(table.schema.field("duplicate_of").type) == "string"
    rows = table.to_pylist()
    assert rows[4]["duplicate_of"] == rows[3]["doc_id"] and rows[3]["published"] == "2024-03-02"
