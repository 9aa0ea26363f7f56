"""``rashomon stories --engine ray`` starting (and stopping) its own local Ray cluster on demand."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from rashomon.cli import main


def _stories(out: Path) -> list[tuple[str, str, str | None]]:
    rows = [json.loads(x) for x in (out / "assignments.jsonl").read_text().splitlines()]
    return [(r["doc_id"], r["story"], r["duplicate_of"]) for r in rows]


@pytest.mark.ray
def test_cli_ray_engine_starts_a_cluster_and_matches_local(stream_dir, tmp_path, capsys):
    ray = pytest.importorskip("ray")
    pytest.importorskip("pyarrow")
    assert not ray.is_initialized()  # the other module's cluster is gone: this run must start its own
    common = ["--no-maps", "--quiet", "--workers", "2"]
    assert main(["stories", str(stream_dir), "--out", str(tmp_path / "ray"), "--engine", "ray", *common]) == 3
    assert not ray.is_initialized()  # and stop it
    assert main(["stories", str(stream_dir), "--out", str(tmp_path / "local"), *common]) == 3  # 3: a bad line
    assert "11 articles (1 near-duplicate copies) in 4 stories" in capsys.readouterr().out
    assert _stories(tmp_path / "ray") == _stories(tmp_path / "local")
    manifest = json.loads((tmp_path / "ray" / "manifest.json").read_text())
    assert manifest["engine"] == {"name": "ray", "workers": 2}
