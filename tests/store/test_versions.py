"""A changed stage version re-analyses stored documents; an unchanged one reuses them."""

from __future__ import annotations

from rashomon.model import DocAnalysis
from rashomon.pipeline import Pipeline
from rashomon.registry import Context, stage
from rashomon.store.ingest import add_documents


def _register(version: str) -> None:
    @stage("test.versioned", requires=("document",), assigns=("versioned",), version=version)
    def make_versioned(ctx: Context):
        def run(item: DocAnalysis) -> DocAnalysis:
            item.notes["versioned"] = version
            return item

        return run


def test_a_new_stage_version_reanalyses_stored_documents(store, article) -> None:
    docs = [article("A first report of the strike near Baghdad airport."),
            article("A second report, from another outlet, of the same strike.")]
    _register("1")
    first = add_documents(store, docs, "S", pipeline=Pipeline.assemble(["language", "test.versioned"]))
    assert (first.analysed, first.reused) == (2, 0)
    same = add_documents(store, [], "S", pipeline=Pipeline.assemble(["language", "test.versioned"]))
    assert same.analysed == 0  # nothing changed: the stored map stands
    _register("2")
    try:
        again = add_documents(store, [], "S", pipeline=Pipeline.assemble(["language", "test.versioned"]))
        assert (again.analysed, again.reused) == (2, 0)
        assert again.nmap is not None and again.nmap.manifest["stages"][1]["version"] == "2"
    finally:
        _register("1")
