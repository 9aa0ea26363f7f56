"""Stored analyses are reused exactly while every document stage's version and settings stay the same."""

from __future__ import annotations

import dataclasses

import pytest
from stage_marks import mark

from rashomon import registry
from rashomon.config import load_settings
from rashomon.model import DocAnalysis
from rashomon.pipeline import Pipeline
from rashomon.registry import Context, stage, stage_config
from rashomon.store.ingest import add_documents


@stage("test.weighted", requires=("doc.document",), assigns=("doc.mentions",), version="1",
       config=("stance_reported_weight",))  # fmt: skip
def make_weighted(ctx: Context):
    weight = stage_config(ctx, "test.weighted")["stance_reported_weight"]

    def run(item: DocAnalysis) -> DocAnalysis:
        return mark(item, f"weighted {weight}")

    return run


def _two(article):
    return [article("A first report of the strike near Baghdad airport."),
            article("A second report, from another outlet, of the same strike.")]


def test_a_bumped_stage_version_reanalyses_stored_documents(store, article, monkeypatch) -> None:
    first = add_documents(store, _two(article), "S", pipeline=Pipeline.assemble(["language"]))
    assert (first.analysed, first.reused) == (2, 0)
    same = add_documents(store, [article("A third report.")], "S", pipeline=Pipeline.assemble(["language"]))
    assert (same.analysed, same.reused) == (1, 2)  # unchanged stage: the stored analyses are reused
    bumped = dataclasses.replace(registry.get_stage("language"), version="2")
    monkeypatch.setitem(registry._STAGES, "language", bumped)
    again = add_documents(store, [], "S", pipeline=Pipeline.assemble(["language"]))
    assert (again.analysed, again.reused) == (3, 0)
    assert again.nmap is not None and again.nmap.manifest["stages"][0]["version"] == "2"


@pytest.mark.parametrize(("setting", "value", "reanalysed"), [
    ("stance_reported_weight", 0.5, True),  # declared by a document stage of the pipeline
    ("brief_max_items", 3, False),  # read by no stage of it
    ("batch_size", 2, False),  # read by no stage at all
])  # fmt: skip
def test_only_a_declared_setting_reanalyses(store, article, setting, value, reanalysed) -> None:
    stages = ["language", "test.weighted"]
    add_documents(store, _two(article), "S", pipeline=Pipeline.assemble(stages))
    changed = Pipeline.assemble(stages, load_settings(overrides={setting: value}))
    report = add_documents(store, [article("A third report.")], "S", pipeline=changed)
    assert (report.analysed, report.reused) == ((3, 0) if reanalysed else (1, 2))
    weight = changed.context.settings.stance_reported_weight
    assert report.nmap is not None and report.nmap.manifest["stages"][1]["config"] == {"stance_reported_weight": weight}
