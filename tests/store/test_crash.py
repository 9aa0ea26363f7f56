"""kill -9 in the middle of a long ``rashomon add``, then a restart: nothing lost, nothing duplicated."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
from pathlib import Path

from rashomon.ingest import read_inputs
from rashomon.store import open_store

ARTICLES = 600
KILL_AFTER = 40
WORDS = ["strike", "drone", "general", "airport", "militia", "embassy", "protest", "minister", "funeral", "sanctions", "oil", "council", "parliament", "convoy", "statement"]


def _write_articles(folder: Path, count: int = ARTICLES) -> None:
    rng = random.Random(7)
    for i in range(count):
        body = " ".join(rng.choice(WORDS) for _ in range(80))
        (folder / f"a{i:04d}.txt").write_text(f"Report number {i}\n\nDispatch {i}: {body}.\n", encoding="utf-8")


def _add(folder: Path, url: str) -> list[str]:
    return [sys.executable, "-m", "rashomon", "add", str(folder), "--story", "bulk", "--db", url,
            "--stages", "language", "--json-log"]


def _counts(url: str) -> dict[str, int]:
    with open_store(url) as store:
        db = store.db
        fts = ("SELECT count(*) AS n FROM documents_fts" if db.dialect == "sqlite"
               else "SELECT count(*) AS n FROM documents WHERE tsv IS NOT NULL")
        return {"documents": store.count_documents(),
                "members": db.one("SELECT count(*) AS n FROM story_documents")["n"],
                "indexed": db.one(fts)["n"]}


def _check_intact(url: str, expected: dict[str, object]) -> None:
    """Every stored article is exactly what the reader produced, in the story, and searchable."""
    with open_store(url) as store:
        stored = store.documents("bulk")
        assert len({d.id for d in stored}) == len(stored)
        for doc in stored:
            assert doc == expected[doc.id]


def test_kill_during_ingest_then_restart(store_url: str, tmp_path: Path) -> None:
    folder = tmp_path / "articles"
    folder.mkdir()
    _write_articles(folder)
    expected = {d.id: d for d in read_inputs([folder]).documents}
    assert len(expected) == ARTICLES

    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    proc = subprocess.Popen(_add(folder, store_url), stderr=subprocess.PIPE, stdout=subprocess.DEVNULL,
                            text=True, env=env)
    seen = 0
    assert proc.stderr is not None
    for line in proc.stderr:
        if line.startswith("{") and json.loads(line)["event"] == "stored":
            seen += 1
            if seen == KILL_AFTER:
                proc.send_signal(signal.SIGKILL)
                break
    proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL

    counts = _counts(store_url)
    assert KILL_AFTER <= counts["documents"] < ARTICLES, counts  # killed mid-way
    assert counts["members"] == counts["indexed"] == counts["documents"]  # nothing half-written
    _check_intact(store_url, expected)
    with open_store(store_url) as store:
        assert store.map("bulk") is None  # the map had not been computed yet

    done = subprocess.run(_add(folder, store_url), capture_output=True, text=True, env=env, timeout=300,
                          check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    final = json.loads(done.stderr.strip().splitlines()[-1])
    assert final["added"] + final["known"] == ARTICLES and final["known"] == counts["documents"]
    assert _counts(store_url) == {"documents": ARTICLES, "members": ARTICLES, "indexed": ARTICLES}
    _check_intact(store_url, expected)
    with open_store(store_url) as store:
        nmap = store.map("bulk")
        assert nmap is not None and len(nmap.documents) == ARTICLES and not store.is_stale("bulk")


MAP_ARTICLES = 300
MAP_KILL_AFTER = 48  # documents analysed (six batches of eight) before the kill


def test_kill_during_the_map_keeps_every_finished_analysis(store_url: str, tmp_path: Path) -> None:
    """Per-document analyses are stored as each document finishes: a kill -9 mid-map loses none of them."""
    folder = tmp_path / "articles"
    folder.mkdir()
    rng = random.Random(11)
    for i in range(MAP_ARTICLES):
        body = " ".join(rng.choice(WORDS) for _ in range(60))
        (folder / f"m{i:04d}.txt").write_text(f"Report {i}\n\nThe minister said on Monday that the {body}.\n",
                                             encoding="utf-8")
    command = [sys.executable, "-m", "rashomon", "add", str(folder), "--story", "bulk", "--db", store_url,
               "--stages", "language,parse", "--json-log"]
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    proc = subprocess.Popen(command, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True, env=env)
    assert proc.stderr is not None
    for line in proc.stderr:
        event = json.loads(line) if line.startswith("{") else {}
        if event.get("event") == "progress" and event["stage"] == "parse" and event["done"] >= MAP_KILL_AFTER:
            proc.send_signal(signal.SIGKILL)
            break
    proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL
    with open_store(store_url) as store:
        kept = store.db.one("SELECT count(*) AS n FROM analyses")["n"]
        assert store.map("bulk") is None
    assert MAP_KILL_AFTER <= kept < MAP_ARTICLES  # what was finished before the kill is stored

    done = subprocess.run(command, capture_output=True, text=True, env=env, timeout=600, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    with open_store(store_url) as store:
        nmap = store.map("bulk")
        assert nmap is not None and len(nmap.documents) == MAP_ARTICLES
        assert nmap.manifest["incremental"] == {"analysed": MAP_ARTICLES - kept, "reused": kept}
        rows = store.db.query("SELECT document FROM analyses")
        assert len(rows) == len({r["document"] for r in rows}) == MAP_ARTICLES  # nothing duplicated


CONCURRENT_ARTICLES = 200


def test_two_adds_at_once_store_each_article_once(store_url: str, tmp_path: Path) -> None:
    """Two ``rashomon add`` runs of the same 200 articles into one store at the same time, one in the
    other's order reversed so they meet on every article: both succeed, each article is stored,
    indexed and in the story once."""
    folder = tmp_path / "articles"
    folder.mkdir()
    _write_articles(folder, CONCURRENT_ARTICLES)
    expected = {d.id: d for d in read_inputs([folder]).documents}
    files = sorted(str(p) for p in folder.iterdir())
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}

    def add(paths: list[str]) -> subprocess.Popen[str]:
        return subprocess.Popen([sys.executable, "-m", "rashomon", "add", *paths, "--story", "bulk", "--db",
                                 store_url, "--stages", "language", "--json-log"],
                                stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True, env=env)

    runs = [add(files), add(files[::-1])]  # on a new store: they race over its creation too
    results = [run.communicate(timeout=600)[1] for run in runs]
    for run, err in zip(runs, results, strict=True):
        assert run.returncode == 0, err[-3000:]
    finals = [json.loads(err.strip().splitlines()[-1]) for err in results]
    assert sum(f["added"] for f in finals) == CONCURRENT_ARTICLES, finals  # each article added by one run
    assert _counts(store_url) == {"documents": CONCURRENT_ARTICLES, "members": CONCURRENT_ARTICLES,
                                  "indexed": CONCURRENT_ARTICLES}
    _check_intact(store_url, expected)
