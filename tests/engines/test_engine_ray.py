"""The Ray engine on a real local Ray cluster: the same stories as the local engine."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from rashomon.engines import get_engine
from rashomon.errors import MissingExtra
from rashomon.stories import run_stories
from rashomon.stories.sinks import DirSink


def _rows(out: Path) -> list[dict]:
    return [json.loads(x) for x in (out / "assignments.jsonl").read_text().splitlines()]


@pytest.fixture(scope="module")
def ray_cluster():
    ray = pytest.importorskip("ray")
    pytest.importorskip("pyarrow")
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False, object_store_memory=256 * 2**20)
    yield ray
    ray.shutdown()


@pytest.mark.ray
def test_ray_engine_gives_the_same_stories_and_maps_as_local(ray_cluster, stream_dir, tmp_path):
    local = run_stories([stream_dir], sink=DirSink(tmp_path / "local"), engine=get_engine("local", workers=1),
                        stages=())
    remote = run_stories([stream_dir], sink=DirSink(tmp_path / "ray"), engine=get_engine("ray", workers=2),
                         stages=())
    assert _rows(tmp_path / "ray") == _rows(tmp_path / "local")
    assert (remote.articles, remote.duplicates, remote.stories) == (local.articles, local.duplicates, local.stories)
    assert [s.source for s in remote.skipped] == [s.source for s in local.skipped]
    maps = sorted(p.name for p in (tmp_path / "ray" / "maps").iterdir())
    assert maps == sorted(p.name for p in (tmp_path / "local" / "maps").iterdir()) and len(maps) == 4
    for name in maps:
        a = json.loads((tmp_path / "ray" / "maps" / name).read_text())
        b = json.loads((tmp_path / "local" / "maps" / name).read_text())
        assert [d["id"] for d in a["documents"]] == [d["id"] for d in b["documents"]]


def test_without_ray_the_error_names_the_pip_line(monkeypatch):
    monkeypatch.setitem(sys.modules, "ray", None)  # what an environment without the extra looks like
    with pytest.raises(MissingExtra, match=r"pip install 'rashomon\[ray\]'"):
        get_engine("ray")
