"""The local engine: the worker pool gives exactly what one process gives."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from rashomon.engines import get_engine
from rashomon.errors import ConfigError
from rashomon.stories import run_stories
from rashomon.stories.sinks import DirSink


def _run(stream_dir: Path, out: Path, workers: int) -> tuple[list[dict], object]:
    result = run_stories([stream_dir], sink=DirSink(out), engine=get_engine("local", workers=workers), maps=False)
    rows = [json.loads(x) for x in (out / "assignments.jsonl").read_text().splitlines()]
    return rows, result


def test_pool_and_single_process_give_the_same_stories(stream_dir, tmp_path):
    one, r1 = _run(stream_dir, tmp_path / "one", 1)
    two, r2 = _run(stream_dir, tmp_path / "two", 2)
    assert one == two
    assert len(one) == 11 and r1.duplicates == 1
    assert len({r["story"] for r in one}) == 4
    assert [s.source for s in r1.skipped] == [s.source for s in r2.skipped]
    assert r1.skipped[0].source.endswith("part-1.jsonl:2") and "JSON" in r1.skipped[0].reason


def test_unknown_engine_and_misplaced_address_are_errors():
    with pytest.raises(ConfigError, match="unknown engine"):
        get_engine("spark")
    with pytest.raises(ConfigError, match="--engine ray"):
        get_engine("local", address="ray://head:10001")
