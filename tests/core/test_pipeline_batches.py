"""Stages with a batch entry see many documents at once; failures and budgets stay per document."""

from __future__ import annotations

from stage_marks import mark as leave_mark
from stage_marks import marks

from rashomon.config import load_settings
from rashomon.model import DocAnalysis, Document
from rashomon.pipeline import Pipeline
from rashomon.registry import Context, stage

SEEN: list[int] = []


@stage("test.batched", requires=("doc.document",), assigns=("doc.mentions",), version="1", config=())
def make_batched(ctx: Context):
    """Marks each document; the batch entry records how many documents it was given and fails on "boom"."""

    def mark(item: DocAnalysis) -> DocAnalysis:
        if "boom" in item.document.text:
            raise ValueError("exploded")
        return leave_mark(item, "batched")

    def pipe(items: list[DocAnalysis]) -> list[DocAnalysis]:
        SEEN.append(len(items))
        return [mark(it) for it in items]

    mark.pipe = pipe  # type: ignore[attr-defined]
    return mark


@stage("test.spins-alone", requires=("doc.document",), assigns=("doc.mentions",), version="1", config=())
def make_spins(ctx: Context):
    """A batch entry that loops on "spin", as does the per-document path for that document only."""

    def run(item: DocAnalysis) -> DocAnalysis:
        while "spin" in item.document.text:
            pass
        return leave_mark(item, "alone")

    def pipe(items: list[DocAnalysis]) -> list[DocAnalysis]:
        return [run(it) for it in items]

    run.pipe = pipe  # type: ignore[attr-defined]
    return run


def _docs(*texts: str) -> list[Document]:
    return [Document.from_text(f"Article {k}\n\n{t}", f"{k}.txt") for k, t in enumerate(texts)]


def test_the_batch_entry_sees_whole_batches() -> None:
    SEEN.clear()
    pipe = Pipeline.assemble(["test.batched"], load_settings(overrides={"batch_size": 4}))
    corpus = pipe(_docs(*["a plain article"] * 6))
    assert SEEN == [4, 2]
    assert all(marks(d) == ["batched"] for d in corpus.docs)


def test_a_failing_batch_is_rerun_document_by_document() -> None:
    pipe = Pipeline.assemble(["test.batched"], load_settings(overrides={"batch_size": 8}))
    corpus = pipe(_docs("fine", "boom here", "fine too"))
    assert [(s.source, s.stage) for s in corpus.skipped] == [("1.txt", "test.batched")]
    assert [marks(d) for d in corpus.docs] == [["batched"], [], ["batched"]]


def test_an_overrunning_batch_costs_only_the_document_that_overruns() -> None:
    pipe = Pipeline.assemble(["test.spins-alone"], load_settings(overrides={"batch_size": 8, "doc_time_budget_s": 0.5}))
    corpus = pipe(_docs("fine", "spin", "fine too"))
    assert [(s.source, s.stage) for s in corpus.skipped] == [("1.txt", "test.spins-alone")]
    assert [marks(d) for d in corpus.docs] == [["alone"], [], ["alone"]]


def test_parse_batches_give_the_same_parse_as_one_by_one(context: Context) -> None:
    texts = ["The general said the strike was ordered on Thursday.", "Officials in Baghdad denied it on Friday."]
    one = Pipeline.assemble(["language", "parse"], context=Context(load_settings(overrides={"batch_size": 1}), context.models))
    many = Pipeline.assemble(["language", "parse"], context=Context(load_settings(overrides={"batch_size": 8}), context.models))
    a, _ = one.run_documents(_docs(*texts))
    b, _ = many.run_documents(_docs(*texts))
    key = [[(t.text, t.dep_, t.ent_type_) for t in d.scratch.spacy] for d in a]
    assert key == [[(t.text, t.dep_, t.ent_type_) for t in d.scratch.spacy] for d in b]
