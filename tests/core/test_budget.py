"""A runaway stage is stopped at the document's time budget; the document is skipped, the run goes on."""

from __future__ import annotations

import threading

from stage_marks import mark, marks

from rashomon import budget
from rashomon.config import load_settings
from rashomon.model import DocAnalysis, Document
from rashomon.pipeline import Pipeline
from rashomon.registry import Context, stage


@stage("test.spin", requires=("doc.document",), assigns=("doc.mentions",), version="1", config=())
def make_spin(ctx: Context):
    """Loops forever on a document that says "spin", without ever checking the clock."""

    def run(item: DocAnalysis) -> DocAnalysis:
        while "spin" in item.document.text:
            pass
        return mark(item, "spun")

    return run


@stage("test.polite", requires=("doc.document",), assigns=("doc.mentions",), version="1", config=())
def make_polite(ctx: Context):
    """Loops forever on "spin" too, but checks the budget as long loops are asked to."""

    def run(item: DocAnalysis) -> DocAnalysis:
        while "spin" in item.document.text:
            budget.check()
        return mark(item, "polite")

    return run


@stage("test.fails", requires=("doc.document",), assigns=("doc.mentions",), version="1", config=())
def make_fails(ctx: Context):
    def run(item: DocAnalysis) -> DocAnalysis:
        raise ValueError("exploded")

    return run


@stage("test.needs-fails", requires=("doc.mentions",), assigns=("doc.notes.stance",), version="1", config=())
def make_needs(ctx: Context):
    def run(item: DocAnalysis) -> DocAnalysis:
        return mark(item, "needs")

    return run


@stage("test.after", requires=("doc.document",), assigns=("doc.mentions",), version="1", config=())
def make_after(ctx: Context):
    def run(item: DocAnalysis) -> DocAnalysis:
        return mark(item, "after")

    return run


def _docs() -> list[Document]:
    return [Document.from_text("spin forever", "bad.txt"), Document.from_text("a good article", "good.txt")]


def test_a_looping_stage_is_stopped_in_the_main_thread() -> None:
    pipe = Pipeline.assemble(["test.spin", "test.after"], load_settings(overrides={"doc_time_budget_s": 0.3}))
    corpus = pipe(_docs())
    assert [(s.source, s.stage) for s in corpus.skipped] == [("bad.txt", "test.spin")]
    assert "over its time budget (0.3 s) in stage test.spin" in corpus.skipped[0].reason
    good = next(d for d in corpus.docs if d.document.source == "good.txt")
    assert marks(good) == ["spun", "after"]
    assert pipe.manifest()["settings"]["doc_time_budget_s"] == 0.3


def test_outside_the_main_thread_the_budget_is_cooperative() -> None:
    pipe = Pipeline.assemble(["test.polite", "test.after"], load_settings(overrides={"doc_time_budget_s": 0.3}))
    out: list = []
    worker = threading.Thread(target=lambda: out.append(pipe(_docs())))
    worker.start()
    worker.join(timeout=30)
    assert out, "the cooperative check did not stop the stage"
    assert [(s.source, s.stage) for s in out[0].skipped] == [("bad.txt", "test.polite")]


def test_a_failed_stage_drops_only_the_stages_that_need_it() -> None:
    pipe = Pipeline.assemble(["test.fails", "test.needs-fails", "test.after"])
    corpus = pipe([Document.from_text("boom goes this", "b")])
    assert [s.stage for s in corpus.skipped] == ["test.fails"]
    assert marks(corpus.docs[0]) == ["after"]


def test_lone_surrogates_are_replaced_keeping_offsets() -> None:
    doc = Document.from_text("He said \ud800 it.", "s.txt")
    corpus = Pipeline.assemble(["test.after"])([doc])
    assert corpus.docs[0].document.text == "He said \ufffd it." and not corpus.skipped


def test_an_impossible_publication_date_never_reaches_the_map() -> None:
    from rashomon.api import analyze_documents

    docs = [Document.from_text("An article.", "a.txt", published="31/02/2020"),
            Document.from_text("Another one.", "b.txt", published="2019-02-29"),
            Document.from_text("A third one.", "c.txt", published="2020-02-29")]
    nmap = analyze_documents(docs, stages=["test.after"])
    assert sorted((d.source, d.published) for d in nmap.documents) == [
        ("a.txt", None), ("b.txt", None), ("c.txt", "2020-02-29")]


def test_a_map_that_breaks_its_schema_is_not_written(tmp_path) -> None:
    import pytest

    from rashomon.errors import PipelineError
    from rashomon.mapio import write_map
    from rashomon.model import NarrativeMap

    bad = NarrativeMap({}, [Document.from_text("x", "x.txt", published="31/02/2020")], [], [], [], [], [], [], [])
    with pytest.raises(PipelineError, match="fails its schema"):
        write_map(bad, tmp_path / "map.json")
    assert not (tmp_path / "map.json").exists()
