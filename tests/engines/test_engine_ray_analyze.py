"""``rashomon analyze --engine ray``: the document stages on Ray actors give the local engine's map."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from rashomon.api import analyze_documents
from rashomon.cli import main
from rashomon.config import load_settings
from rashomon.engines import worker
from rashomon.engines.worker import analysed_rows, analysis_from_row
from rashomon.model import Document
from rashomon.pipeline import Pipeline

REPO = Path(__file__).resolve().parents[2]
RUN_FIELDS = ("created", "duration_s", "engine")  # when, how long and where: the rest must not differ


def _comparable(path: Path) -> dict:
    nmap = json.loads(path.read_text(encoding="utf-8"))
    for key in RUN_FIELDS:
        nmap["manifest"].pop(key, None)
    for stage in nmap["manifest"]["stages"]:
        stage.pop("seconds")
    return nmap


def _skip_lines(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.startswith("rashomon: ")]


@pytest.fixture
def corpus(seeds_dir: Path, tmp_path: Path) -> list[str]:
    """The seed articles, the Copiapó example, an empty file and a copy of a seed (a duplicate)."""
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "empty.txt").write_text("", encoding="utf-8")
    shutil.copy(min(seeds_dir.glob("*.txt")), bad / "copy.txt")
    return [str(seeds_dir), str(REPO / "examples" / "copiapo"), str(bad)]


@pytest.mark.ray
def test_cli_ray_analysis_gives_the_local_map_and_skips(corpus, tmp_path, capsys):
    ray = pytest.importorskip("ray")
    pytest.importorskip("pyarrow")
    assert main(["analyze", *corpus, "-o", str(tmp_path / "local"), "--quiet"]) == 3
    local_err = _skip_lines(capsys.readouterr().err)
    assert not ray.is_initialized()
    ray_args = ["--quiet", "--engine", "ray", "--workers", "2"]
    assert main(["analyze", *corpus, "-o", str(tmp_path / "ray"), *ray_args]) == 3
    assert not ray.is_initialized()  # the local cluster it started is stopped
    assert _skip_lines(capsys.readouterr().err) == local_err and len(local_err) == 2
    assert any("duplicate of" in line for line in local_err)
    remote = _comparable(tmp_path / "ray" / "map.json")
    assert remote == _comparable(tmp_path / "local" / "map.json")
    assert len(remote["documents"]) == 7 and remote["claims"] and remote["links"]
    manifest = json.loads((tmp_path / "ray" / "map.json").read_text(encoding="utf-8"))["manifest"]
    assert manifest["engine"] == {"name": "ray", "workers": 2}
    assert all(s["seconds"] > 0 for s in manifest["stages"] if s["name"] in ("parse", "claims"))


@pytest.mark.ray
def test_a_stage_over_the_time_budget_is_stopped_in_the_actor_as_locally(seeds_dir):
    """The budget's timer interrupts a long parse in the actor too (a thread could only stop it afterwards)."""
    pytest.importorskip("ray")
    pytest.importorskip("pyarrow")
    from rashomon.engines import get_engine

    long_text = "\n\n".join(p.read_text(encoding="utf-8") for p in sorted(seeds_dir.glob("*.txt"))) * 2
    docs = [Document.from_text(long_text)]  # parsing it takes well over the budget, model loaded or not
    settings = load_settings(overrides={"doc_time_budget_s": 0.05})
    stages = ("parse", "mentions")
    local = analyze_documents(docs, settings, stages)
    engine = get_engine("ray", workers=1)
    try:
        remote = analyze_documents(docs, settings, stages, engine=engine)
    finally:
        engine.close()
    reasons = [(s.source, s.reason, s.stage) for s in remote.skipped]
    assert reasons == [(s.source, s.reason, s.stage) for s in local.skipped]
    assert reasons == [("<text>", "over its time budget (0.05 s) in stage parse", "parse")]


def test_workers_and_address_need_the_ray_engine(tmp_path, capsys):
    assert main(["analyze", str(tmp_path), "-o", str(tmp_path / "out"), "--workers", "2"]) == 2
    assert main(["analyze", str(tmp_path), "-o", str(tmp_path / "out"), "--address", "auto"]) == 2
    assert capsys.readouterr().err.count("are for --engine ray") == 2


@pytest.mark.slow
def test_rows_carry_analyses_and_a_document_whose_analysis_has_no_json_form(monkeypatch):
    pipe = Pipeline.assemble(("language", "parse"), load_settings())
    docs = [Document.from_text("The mayor said the bridge would reopen. Critics disagreed."),
            Document.from_text("Rescuers reached the miners on Tuesday.")]
    expected, _ = pipe.run_documents(docs)
    rows = analysed_rows(pipe, docs)
    assert [r["doc"] for r in rows] == ["", ""] and all(r["spacy"] for r in rows)
    for row, want in zip(rows, expected):
        got, failures = analysis_from_row(row, pipe)
        assert failures == [] and got.mentions == want.mentions and got.claims == want.claims
        assert [t.lemma_ for t in got.scratch.spacy] == [t.lemma_ for t in want.scratch.spacy]
    monkeypatch.setattr(worker, "encode_analysis", lambda item: None)  # what a plugin's odd note leads to
    rows = analysed_rows(pipe, docs[:1])
    assert rows[0]["analysis"] == "" and rows[0]["doc"]
    got, failures = analysis_from_row(rows[0], pipe)  # analysed again by the caller
    assert failures == [] and got.claims == expected[0].claims and got.scratch.spacy is not None
