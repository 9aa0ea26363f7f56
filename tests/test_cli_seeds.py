"""The foundation's done-when, checked on the real seed articles through the CLI."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from rashomon import mapio
from rashomon.cli import main

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def seeds_run(seeds_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[dict, Path]:
    out = tmp_path_factory.mktemp("seeds")
    proc = subprocess.run(
        [sys.executable, "-m", "rashomon", "analyze", str(seeds_dir), "-o", str(out), "--quiet"],
        check=False, capture_output=True, text=True, timeout=300,
    )
    assert proc.returncode == 0, proc.stderr  # the time it takes is measured in bench/, not here
    # --quiet: no progress of ours, and no library's progress bar ("Loading weights") anywhere
    assert "Loading weights" not in proc.stdout + proc.stderr and "it/s" not in proc.stderr
    return json.loads((out / "map.json").read_text()), out


def test_map_is_schema_valid_with_report(seeds_run: tuple[dict, Path]) -> None:
    raw, out = seeds_run
    mapio.validate(raw)
    assert (out / "report.html").stat().st_size > 1000


def test_every_span_is_its_evidence(seeds_run: tuple[dict, Path]) -> None:
    raw, _ = seeds_run
    texts = {d["id"]: d["text"] for d in raw["documents"]}
    items = raw["claims"] + raw["events"] + raw["citations"]
    items += [m for e in raw["entities"] for m in e["mentions"]]
    items += [i for c in raw["conflicts"] for i in c["items"]]
    assert items
    for item in items:
        assert texts[item["doc"]][item["start"]:item["end"]] == item["text"], item


def test_seed_metadata_and_comments(seeds_run: tuple[dict, Path]) -> None:
    raw, _ = seeds_run
    by_name = {Path(d["source"]).name[:3]: d for d in raw["documents"]}
    assert by_name["000"]["author"] == "Michael Pröbsting" and by_name["000"]["published"] == "2020-01-14"
    assert by_name["003"]["published"] == "2019-01-05"
    seed1 = by_name["001"]
    assert len(seed1["comments"]) >= 5
    for comment in seed1["comments"]:
        assert comment[:40] not in seed1["text"]
    assert "Notify of" not in seed1["text"] and "RELATED" not in seed1["text"]
    assert all(d["language"] == "en" for d in raw["documents"])


def test_same_input_same_ids(seeds_run: tuple[dict, Path], seeds_dir: Path, tmp_path: Path) -> None:
    raw, _ = seeds_run
    files = sorted(seeds_dir.iterdir(), reverse=True)  # a different input order
    assert main(["analyze", *map(str, files), "-o", str(tmp_path), "--quiet"]) == 0
    again = json.loads((tmp_path / "map.json").read_text())
    for key in ("documents", "entities", "claims", "events"):
        assert [x["id"] for x in again[key]] == [x["id"] for x in raw[key]], key


def test_exit_code_when_some_inputs_are_skipped(seeds_dir: Path, tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_text("")
    code = main(["analyze", str(seeds_dir / "003_1e99cb59e6e55174.txt"), str(tmp_path / "empty.txt"),
                 "-o", str(tmp_path / "out"), "--quiet"])
    assert code == 3
    raw = json.loads((tmp_path / "out" / "map.json").read_text())
    assert raw["manifest"]["skipped"][0]["reason"] == "empty file"


def test_nothing_to_analyse_fails_cleanly(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["analyze", str(tmp_path / "missing"), "-o", str(tmp_path / "o"), "--quiet"]) == 1
    err = capsys.readouterr().err
    assert "no such file" in err and "Traceback" not in err


def test_an_impossible_date_is_a_note_not_a_skipped_input(seeds_dir: Path, tmp_path: Path,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    text = (seeds_dir / "003_1e99cb59e6e55174.txt").read_text(encoding="utf-8")
    feed = tmp_path / "feed.jsonl"
    feed.write_text(json.dumps({"text": text, "published": "31/02/2020"}) + "\n")
    assert main(["analyze", str(feed), "-o", str(tmp_path / "out"), "--quiet"]) == 0
    err = capsys.readouterr().err
    assert "note:" in err and "31/02/2020" in err and "error" not in err
    raw = json.loads((tmp_path / "out" / "map.json").read_text())
    assert raw["documents"][0]["published"] != "31/02/2020"  # empty, or the article's own dateline


def test_add_prints_an_impossible_date_as_a_note_too(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    feed = tmp_path / "feed.jsonl"
    feed.write_text(json.dumps({"text": "A title\n\nThe council met on Monday.", "published": "2019-02-29"}) + "\n")
    assert main(["add", str(feed), "--db", str(tmp_path / "s.db"), "--quiet"]) == 0
    captured = capsys.readouterr()
    assert "note:" in captured.err and "2019-02-29" in captured.err and "error" not in captured.err
    assert "1 new, 0 already stored, 0 skipped" in captured.out
