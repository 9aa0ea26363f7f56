"""Inputs chosen to break the readers: each is skipped with a reason naming it, and nothing else is lost."""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from rashomon.ingest import is_url, read_inputs
from rashomon.ingest.metadata import iso_day

GOOD = "A Good Title\n\nThe council approved the new budget on Monday after a long debate.\n"
ARTICLE = "Storm Hits the Coast\n\nThe storm made landfall on Tuesday, flooding two towns near the bay.\n"


def _good(tmp_path: Path) -> Path:
    path = tmp_path / "good.txt"
    path.write_text(GOOD, encoding="utf-8")
    return path


@pytest.mark.parametrize("encoding", ["utf-32-le", "utf-32-be", "utf-16-le", "utf-16-be"])
def test_decoding_follows_the_byte_order_mark(tmp_path: Path, encoding: str) -> None:
    bom = {"utf-32-le": b"\xff\xfe\x00\x00", "utf-32-be": b"\x00\x00\xfe\xff",
           "utf-16-le": b"\xff\xfe", "utf-16-be": b"\xfe\xff"}[encoding]
    path = tmp_path / "wide.txt"
    path.write_bytes(bom + ARTICLE.encode(encoding))
    got = read_inputs([path])
    assert got.skipped == [] and got.documents[0].title == "Storm Hits the Coast"
    assert "\x00" not in got.documents[0].text


@pytest.mark.parametrize("content", ["\u200b\u200c\u200d\ufeff\u2060" * 40, "\x01\x02\x07\x1b\x7f" * 40,
                                     "\u200f\u202e \t\u3000\u00a0\n" * 40])
def test_invisible_text_is_not_an_article(tmp_path: Path, content: str) -> None:
    bad = tmp_path / "invisible.txt"
    bad.write_text(content, encoding="utf-8")
    got = read_inputs([_good(tmp_path), bad])
    assert len(got.documents) == 1
    assert [s.reason for s in got.skipped if s.source == str(bad)] == [
        "no visible text: only zero-width, control or whitespace characters"]


def test_invisible_jsonl_text_is_skipped(tmp_path: Path) -> None:
    path = tmp_path / "feed.jsonl"
    path.write_text(json.dumps({"text": "\u200b" * 300}) + "\n" + json.dumps({"text": GOOD}) + "\n")
    got = read_inputs([path])
    assert len(got.documents) == 1 and got.skipped[0].source.endswith("feed.jsonl:1")
    assert "no visible text" in got.skipped[0].reason


@pytest.fixture
def lock(monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[[Path], None]]:
    """Take read permission from a folder; as root (who reads anything) listing it fails the same way."""
    locked: list[Path] = []
    real_scandir = os.scandir

    def scandir(path: Any = ".") -> Any:
        if any(Path(os.fsdecode(path)) == p for p in locked):
            raise PermissionError(13, "Permission denied", os.fsdecode(path))
        return real_scandir(path)

    def make(folder: Path) -> None:
        folder.chmod(0)
        locked.append(folder)
        if os.geteuid() == 0:
            monkeypatch.setattr(os, "scandir", scandir)

    yield make
    for folder in locked:
        folder.chmod(0o755)


def test_unreadable_folder_is_reported_as_such(tmp_path: Path, lock: Callable[[Path], None]) -> None:
    folder = tmp_path / "locked"
    folder.mkdir()
    (folder / "a.txt").write_text(GOOD)
    lock(folder)
    got = read_inputs([folder, tmp_path / "other.txt"])
    reasons = {s.source: s.reason for s in got.skipped}
    assert "cannot read directory (Permission denied)" in reasons[str(folder)]
    assert "holds no articles" not in " ".join(reasons.values())


def test_unreadable_subfolder_loses_nothing_else(tmp_path: Path, lock: Callable[[Path], None]) -> None:
    (tmp_path / "ok.txt").write_text(GOOD)
    locked = tmp_path / "sub"
    locked.mkdir()
    (locked / "a.txt").write_text(ARTICLE)
    lock(locked)
    got = read_inputs([tmp_path])
    assert [Path(d.source).name for d in got.documents] == ["ok.txt"]
    assert [s.source for s in got.skipped] == [str(locked)] and "cannot read directory" in got.skipped[0].reason


def test_non_utf8_file_names_are_read_and_named_escaped(tmp_path: Path) -> None:
    root = os.fsencode(tmp_path)
    odd = root + b"/caf\xe9 \xff.txt"
    with open(odd, "wb") as fh:
        fh.write(ARTICLE.encode())
    with open(root + b"/bad \xfe.xyz", "wb") as fh:
        fh.write(b"notes")
    _good(tmp_path)
    got = read_inputs([tmp_path, os.fsdecode(root + b"/gone \xfa.txt")])
    sources = sorted(d.source for d in got.documents)
    assert sources == [f"{tmp_path}/caf\\xe9 \\xff.txt", f"{tmp_path}/good.txt"]
    for item in [*got.documents, *got.skipped]:
        item.source.encode("utf-8")  # printable and storable: no surrogates left
    assert any(s.source.endswith("gone \\xfa.txt") and "no such file" in s.reason for s in got.skipped)


# --- JSON Lines ------------------------------------------------------------------------------

@pytest.mark.parametrize("separator", ["\u2028", "\u2029", "\u0085"])
def test_jsonl_splits_on_newlines_only(tmp_path: Path, separator: str) -> None:
    path = tmp_path / "feed.jsonl"
    text = f"Line Separators{separator}Inside\n\nThe storm made landfall on Tuesday,{separator} flooding two towns."
    path.write_text(json.dumps({"text": text}, ensure_ascii=False) + "\n" + json.dumps({"text": GOOD}) + "\n",
                    encoding="utf-8")
    got = read_inputs([path])
    assert got.skipped == [] and len(got.documents) == 2


def _hostile_feed(tmp_path: Path) -> Path:
    lines = [json.dumps({"text": GOOD}), '{"text": "Bad \\ud800 text and more words here for length."}',
             "[" * 100_000 + "]" * 100_000, '{"title": "T \\udfff", "text": "' + ARTICLE.replace("\n", "\\n") + '"}',
             json.dumps({"text": ARTICLE})]
    path = tmp_path / "hostile.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_jsonl_hostile_lines_are_skipped_by_line(tmp_path: Path) -> None:
    path = _hostile_feed(tmp_path)
    got = read_inputs([path])
    assert [d.source for d in got.documents] == [f"{path}:1", f"{path}:5"]
    reasons = {s.source.rsplit(":", 1)[1]: s.reason for s in got.skipped}
    assert "lone surrogate" in reasons["2"] and "'text'" in reasons["2"]
    assert "nested too deeply" in reasons["3"]
    assert "lone surrogate" in reasons["4"] and "'title'" in reasons["4"]


def test_add_keeps_every_good_line_of_a_hostile_feed(tmp_path: Path) -> None:
    from rashomon.store import open_store
    from rashomon.store.ingest import add_inputs

    path = _hostile_feed(tmp_path)
    with open_store(str(tmp_path / "s.db")) as store:
        report = add_inputs(store, [path], "Feed", stages=("language",))
        assert store.story("Feed").documents == 2
    assert {s.source.rsplit(":", 1)[1] for s in report.skipped} == {"2", "3", "4"}


@pytest.mark.parametrize("value", ["31/02/2020", "February 29, 2019", "2019-02-29", "2021-13-01", "soon"])
def test_impossible_published_dates_are_left_empty_with_a_note(tmp_path: Path, value: str) -> None:
    path = tmp_path / "feed.jsonl"
    path.write_text(json.dumps({"text": GOOD, "published": value}) + "\n")
    got = read_inputs([path])
    assert got.documents[0].published is None
    assert got.skipped[0].stage == "metadata" and value in got.skipped[0].reason
    assert "not a real calendar date" in got.skipped[0].reason


@pytest.mark.parametrize(("value", "day"), [("2020-02-29", "2020-02-29"), ("February 29, 2020", "2020-02-29"),
                                             ("2021-02-03T10:00:00Z", "2021-02-03"), ("14 January 2020", "2020-01-14")])
def test_real_published_dates_are_kept_as_days(value: str, day: str) -> None:
    assert iso_day(value) == day


# --- URLs ------------------------------------------------------------------------------------

@pytest.mark.parametrize("text", ["HTTP://x/../../secret", "Https://example.org/a", "hTtP://h", "FTP://x/y"])
def test_url_schemes_are_case_insensitive(text: str) -> None:
    assert is_url(text)


def test_upper_case_url_is_never_read_as_a_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    secret = tmp_path / "secret"
    secret.write_text(GOOD)
    (tmp_path / "HTTP:").mkdir()
    (tmp_path / "HTTP:" / "x").mkdir()
    monkeypatch.chdir(tmp_path / "HTTP:" / "x")
    got = read_inputs(["HTTP://x/../../secret"])
    assert got.documents == [] and got.skipped[0].source == "HTTP://x/../../secret"
    assert "cannot resolve host" in got.skipped[0].reason or "cannot fetch" in got.skipped[0].reason
