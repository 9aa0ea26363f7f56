"""Stage contracts are checked at assembly; failures are per document; manifests record and rebuild pipelines."""

from __future__ import annotations

import re

import pytest

from rashomon import mapio
from rashomon.config import load_settings
from rashomon.errors import PipelineError
from rashomon.model import DocAnalysis, Document, Entity, Link, Mention, NarrativeMap
from rashomon.pipeline import DEFAULT_STAGES, Pipeline
from rashomon.registry import Context, stage


@stage("test.words", requires=("doc.document",), assigns=("doc.mentions",), version="1", config=())
def make_words(ctx: Context):
    """Each word a mention: a stand-in for a real per-document stage."""

    def run(item: DocAnalysis) -> DocAnalysis:
        if "boom" in item.document.text:
            raise ValueError("exploded")
        text = item.document.text
        item.mentions = [Mention(item.document.id, m.start(), m.end(), m.group(), "WORD") for m in re.finditer(r"\S+", text)]
        return item

    return run


@stage("test.total", requires=("doc.mentions",), assigns=("corpus.entities",), scope="corpus", version="1",
       config=())
def make_total(ctx: Context):
    """One entity whose name is the corpus' word count: a stand-in for a corpus stage."""

    def run(corpus):
        total = sum(len(d.mentions) for d in corpus.docs)
        corpus.entities = [Entity("total", str(total), "COUNT")]
        return corpus

    return run


@stage("test.compare", requires=("corpus.entities",), assigns=("corpus.links",), scope="corpus", version="1",
       config=())
def make_compare(ctx: Context):
    def run(corpus):
        if int(corpus.entities[0].name) > 100:
            raise RuntimeError("comparison broke")
        corpus.links = [Link("a", "b", "agree", 1.0)]
        return corpus

    return run


def test_order_is_checked_at_assembly() -> None:
    with pytest.raises(PipelineError, match="requires \\['doc.mentions'\\]"):
        Pipeline.assemble(["test.total"])
    with pytest.raises(PipelineError, match="unknown stage"):
        Pipeline.assemble(["no-such-stage"])


def test_default_pipeline_assembles() -> None:
    pipe = Pipeline.assemble(DEFAULT_STAGES)
    assert [s.name for s in pipe.specs] == list(DEFAULT_STAGES)


def test_failure_is_per_document_and_recorded() -> None:
    docs = [Document.from_text("one two three", "a"), Document.from_text("boom goes this", "b")]
    corpus = Pipeline.assemble(["test.words", "test.total"])(docs)
    assert corpus.entities[0].name == "3"
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
    assert corpus.entities[0].name == "101" and corpus.links == []
    assert [(s.source, s.stage) for s in corpus.skipped] == [("(corpus)", "test.compare")]
    assert len(corpus.docs) == 1 and "comparison broke" in corpus.skipped[0].reason


def test_the_manifest_records_each_stages_version_and_config_values() -> None:
    settings = load_settings(overrides={"align_top_k": 7, "stance_label_min": 0.2})
    stages = {s["name"]: s for s in Pipeline.assemble(DEFAULT_STAGES, settings).manifest()["stages"]}
    assert stages["align"]["version"] == "4" and stages["align"]["config"]["align_top_k"] == 7
    assert stages["stance"]["config"] == {"stance_label_min": 0.2, "stance_mixed_share": 0.35,
                                          "stance_evidence_max": 5}  # fmt: skip
    assert stages["parse"]["config"] == {}


def test_the_comparison_bars_are_recorded_by_every_stage_that_reads_them() -> None:
    stages = {s["name"]: s for s in Pipeline.assemble(DEFAULT_STAGES).manifest()["stages"]}
    for name in ("align", "facts", "timeline"):  # each may group stories first
        assert stages[name]["config"]["story_shared_entities"] == 2
    assert stages["facts"]["config"]["facts_show_confidence"] == 0.7
    assert stages["stance-cues"]["config"]["stance_reported_word_weight"] == 0.3
    assert stages["brief"]["config"]["brief_reported_cosine"] == 0.6


def test_the_schema_requires_each_stages_config() -> None:
    manifest = {**Pipeline.assemble(["test.words"]).manifest(), "created": "2020-01-01", "duration_s": 0.0}
    mapio.check_map(NarrativeMap(manifest, [], [], [], [], [], [], [], []))  # type: ignore[arg-type]
    del manifest["stages"][0]["config"]
    with pytest.raises(PipelineError, match="manifest/stages/0"):
        mapio.check_map(NarrativeMap(manifest, [], [], [], [], [], [], [], []))  # type: ignore[arg-type]
