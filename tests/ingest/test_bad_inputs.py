"""Every bad input gets a one-line reason naming it, and the run goes on with the rest."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from rashomon.config import load_settings
from rashomon.ingest import read_inputs

GOOD = "A Good Title\n\nThe council approved the new budget on Monday after a long debate.\n"


def _reasons(tmp_path: Path, name: str, content: bytes, **settings: object) -> list[str]:
    (tmp_path / "good.txt").write_text(GOOD, encoding="utf-8")
    bad = tmp_path / name
    bad.write_bytes(content)
    got = read_inputs([tmp_path / "good.txt", bad], load_settings(overrides=settings))
    assert [d.source for d in got.documents] == [str(tmp_path / "good.txt")], "the good input must survive"
    return [s.reason for s in got.skipped if s.source.startswith(str(bad))]


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("empty.txt", b"", "empty file"),
        ("blank.txt", b"   \n\n  ", "empty file"),
        ("binary.txt", b"\x00\x01\x02\x03PNG" * 50, "binary file"),
        ("latin.txt", "Caf\u00e9 au lait was served to the guests today.".encode("latin-1"), "not valid UTF-8"),
        ("notes.xyz", b"some text", "unsupported file type '.xyz'"),
        ("broken.html", b"<html><body><div><p></div></span>", "no main text"),
        ("lines.jsonl", b'{"text": ""}\nnot json\n', "no 'text' or 'html' field"),
    ],
)
def test_bad_file_is_skipped_with_reason(tmp_path: Path, name: str, content: bytes, expected: str) -> None:
    reasons = _reasons(tmp_path, name, content)
    assert reasons and expected in reasons[0], reasons
    assert all("\n" not in r for r in reasons)


def test_oversized_file_is_refused_before_reading(tmp_path: Path) -> None:
    big = b"x" * 2_000_000
    reasons = _reasons(tmp_path, "big.txt", big, max_input_bytes=1_000_000)
    assert reasons and "over the 1 MB limit" in reasons[0]


def test_hundred_megabyte_file_is_refused(tmp_path: Path) -> None:
    huge = tmp_path / "huge.txt"
    with huge.open("wb") as fh:  # sparse file: 100 MB on paper, nothing on disk
        fh.truncate(100_000_000)
    got = read_inputs([huge])
    assert got.documents == [] and "100 MB" in got.skipped[0].reason


def test_directory_without_articles(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    (tmp_path / "empty" / "notes.csv").write_text("a,b")
    got = read_inputs([tmp_path / "empty"])
    assert got.documents == [] and "holds no articles" in got.skipped[0].reason


def test_missing_path_and_duplicate(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(GOOD)
    (tmp_path / "b.txt").write_text(GOOD)
    got = read_inputs([tmp_path / "a.txt", tmp_path / "b.txt", tmp_path / "nope.txt"])
    assert len(got.documents) == 1
    reasons = {Path(s.source).name: s.reason for s in got.skipped}
    assert "duplicate of" in reasons["b.txt"] and "no such file" in reasons["nope.txt"]


def test_jsonl_reads_text_and_html_and_names_bad_lines(tmp_path: Path) -> None:
    lines = [
        {"text": GOOD, "outlet": "Gazette", "published": "2021-02-03"},
        {"html": "<html><body><article><h1>Headline</h1><p>" + "A long enough paragraph of news. " * 5
         + "</p></article></body></html>", "url": "https://example.org/a"},
        [1, 2],
    ]
    path = tmp_path / "feed.jsonl"
    path.write_text("\n".join(json.dumps(x) for x in lines) + "\n", encoding="utf-8")
    got = read_inputs([path])
    assert [d.outlet for d in got.documents][:1] == ["Gazette"]
    assert got.documents[0].published == "2021-02-03" and got.documents[1].url == "https://example.org/a"
    assert got.skipped[0].source.endswith("feed.jsonl:3") and "JSON object" in got.skipped[0].reason
