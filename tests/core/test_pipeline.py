"""Stage contracts are checked at assembly; failures are per document; manifests rebuild pipelines."""

from __future__ import annotations

import pytest

from rashomon.errors import PipelineError
from rashomon.model import DocAnalysis, Document
from rashomon.pipeline import DEFAULT_STAGES, Pipeline
from rashomon.registry import Context, stage


@stage("test.words", requires=("document",), assigns=("words",))
def make_words(ctx: Context):
    def run(item: DocAnalysis) -> DocAnalysis:
        if "boom" in item.document.text:
            raise ValueError("exploded")
        item.notes["words"] = len(item.document.text.split())
        return item

    return run


@stage("test.total", requires=("words",), assigns=("total",), scope="corpus")
def make_total(ctx: Context):
    def run(corpus):
        corpus.extra["total"] = sum(d.notes.get("words", 0) for d in corpus.docs)
        return corpus

    return run


@stage("test.compare", requires=("total",), assigns=("compared",), scope="corpus")
def make_compare(ctx: Context):
    def run(corpus):
        if corpus.extra["total"] > 100:
            raise RuntimeError("comparison broke")
        corpus.extra["compared"] = True
        return corpus

    return run


def test_order_is_checked_at_assembly() -> None:
    with pytest.raises(PipelineError, match="requires \\['words'\\]"):
        Pipeline.assemble(["test.total"])
    with pytest.raises(PipelineError, match="unknown stage"):
        Pipeline.assemble(["no-such-stage"])


def test_default_pipeline_assembles() -> None:
    pipe = Pipeline.assemble(DEFAULT_STAGES)
    assert [s.name for s in pipe.specs] == list(DEFAULT_STAGES)


def test_failure_is_per_document_and_recorded() -> None:
    docs = [Document.from_text("one two three", "a"), Document.from_text("boom goes this", "b")]
    corpus = Pipeline.assemble(["test.words", "test.total"])(docs)
    assert corpus.extra["total"] == 3
    assert [(s.source, s.stage) for s in corpus.skipped] == [("b", "test.words")]
    assert "exploded" in corpus.skipped[0].reason


def test_manifest_rebuilds_the_same_pipeline() -> None:
    pipe = Pipeline.assemble(["test.words", "test.total"])
    again = Pipeline.from_manifest(pipe.manifest())
    assert [s.name for s in again.specs] == ["test.words", "test.total"]
    assert again.context.settings == pipe.context.settings


def test_a_failing_corpus_stage_is_recorded_and_keeps_the_documents() -> None:
    docs = [Document.from_text("word " * 101, "long")]
    corpus = Pipeline.assemble(["test.words", "test.total", "test.compare"])(docs)
    assert corpus.extra["total"] == 101 and "compared" not in corpus.extra
    assert [(s.source, s.stage) for s in corpus.skipped] == [("(corpus)", "test.compare")]
    assert len(corpus.docs) == 1 and "comparison broke" in corpus.skipped[0].reason
