"""``rashomon report`` and ``rashomon export``: thin commands over the library, clear errors."""

from __future__ import annotations

import json
from pathlib import Path

import networkx as nx
import pytest

from rashomon.cli import main
from rashomon.mapio import write_map
from rashomon.model import NarrativeMap


@pytest.fixture()
def map_path(story_map: NarrativeMap, tmp_path: Path) -> Path:
    return write_map(story_map, tmp_path / "out" / "map.json")


def test_report_rerenders_beside_the_map(map_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["report", str(map_path), "--title", "Dam story"]) == 0
    page = (map_path.parent / "report.html").read_text(encoding="utf-8")
    assert "<title>Dam story</title>" in page and "Marlow Falls" in page
    assert "report.html" in capsys.readouterr().out


def test_report_of_a_file_that_is_not_a_map(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "notes.json"
    bad.write_text('{"hello": 1}', encoding="utf-8")
    assert main(["report", str(bad), "-o", str(tmp_path / "r.html")]) == 1
    err = capsys.readouterr().err
    assert "notes.json" in err and "not a rashomon.map/1 file" in err
    assert main(["report", str(tmp_path / "absent.json")]) == 1
    assert "absent.json" in capsys.readouterr().err


@pytest.mark.parametrize("fmt,name", [("graphml", "map.graphml"), ("jsonld", "map.jsonld"), ("csv", "map-csv")])
def test_export_default_paths(map_path: Path, fmt: str, name: str) -> None:
    assert main(["export", str(map_path), "--format", fmt]) == 0
    assert (map_path.parent / name).exists()


def test_export_to_a_chosen_path_and_stdout(map_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["export", str(map_path), "-f", "graphml", "-o", str(tmp_path / "g" / "x.graphml")]) == 0
    assert nx.read_graphml(tmp_path / "g" / "x.graphml", force_multigraph=True).number_of_nodes() > 3
    capsys.readouterr()
    assert main(["export", str(map_path), "-f", "jsonld", "-o", "-"]) == 0
    assert "@graph" in json.loads(capsys.readouterr().out)


def test_export_refuses_stdout_csv_and_overwriting_the_map(map_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["export", str(map_path), "-f", "csv", "-o", "-"]) == 2
    assert main(["export", str(map_path), "-f", "json", "-o", str(map_path)]) == 1
    assert "refusing to overwrite" in capsys.readouterr().err


def test_export_rejects_unknown_format(map_path: Path) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["export", str(map_path), "--format", "xml"])
    assert exit_info.value.code == 2
