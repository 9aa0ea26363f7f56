"""``rashomon add`` and ``rashomon show`` over a real store file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from rashomon.cli import main
from rashomon.store import open_store


@pytest.fixture
def articles(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "one.txt").write_text("Drone strike in Baghdad\n\nA drone strike near Baghdad airport killed "
                                    "the general on Friday, officials said.\n")
    (folder / "two.txt").write_text("Funeral in Kerman\n\nCrowds filled Kerman for the general's funeral, "
                                    "and a stampede killed dozens of mourners.\n")
    (folder / "notes.pdf").write_bytes(b"%PDF-1.4 not an article")
    return folder


def test_add_then_show(articles: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = str(tmp_path / "cli.db")
    assert main(["add", str(articles / "one.txt"), "--story", "Strike", "--db", db, "--stages", "language"]) == 0
    assert "1 new, 0 already stored" in capsys.readouterr().out
    code = main(["add", str(articles), str(articles / "notes.pdf"), "--story", "Strike", "--db", db,
                 "--stages", "language"])
    out = capsys.readouterr()
    assert code == 3  # notes.pdf is skipped, and said so
    assert "1 new, 1 already stored, 1 skipped" in out.out and "notes.pdf" in out.err
    assert "map updated (analysed 1, reused 1)" in out.out

    report = tmp_path / "report.html"
    assert main(["show", "Strike", "--db", db, "-o", str(report)]) == 0
    shown = capsys.readouterr().out
    assert "Strike" in shown and "2 documents" in shown and "Funeral in Kerman" in shown
    assert report.read_text().lstrip().lower().startswith("<!doctype html")

    assert main(["show", "Strike", "--db", db, "--json"]) == 0
    assert len(json.loads(capsys.readouterr().out)["documents"]) == 2


def test_add_without_story_stores_only(articles: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = str(tmp_path / "cli.db")
    assert main(["add", str(articles / "one.txt"), "--db", db]) == 0
    assert "no --story given" in capsys.readouterr().out
    with open_store(db) as store:
        assert store.count_documents() == 1 and store.stories() == []


def test_show_refresh_computes_a_pending_map(articles: Path, tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    db = str(tmp_path / "cli.db")
    assert main(["add", str(articles / "one.txt"), "--story", "S", "--db", db, "--no-map"]) == 0
    capsys.readouterr()
    assert main(["show", "S", "--db", db]) == 0
    assert "no map yet" in capsys.readouterr().out
    assert main(["show", "S", "--db", db, "--refresh", "--stages", "language"]) == 0
    assert "Drone strike in Baghdad" in capsys.readouterr().out


def test_show_unknown_story_fails_clearly(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["show", "nothing here", "--db", str(tmp_path / "cli.db")]) == 1
    assert "no story named or with id 'nothing here'" in capsys.readouterr().err


def test_add_nothing_readable_fails(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "empty.txt").write_text("")
    assert main(["add", str(tmp_path / "empty.txt"), "--db", str(tmp_path / "cli.db")]) == 1
    assert "empty" in capsys.readouterr().err


def test_store_that_cannot_be_reached_is_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["show", "S", "--db", "postgresql://nobody:secret@127.0.0.1:1/none"])
    err = capsys.readouterr().err
    assert code == 1 and "cannot connect to PostgreSQL" in err and "secret" not in err
