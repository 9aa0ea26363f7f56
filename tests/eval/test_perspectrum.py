"""PERSPECTRUM stance: the reader and scorer on hand-made files, and the task end to end."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from rashomon.eval.perspectrum import stance_scores
from rashomon.models.fnc_data import read_perspectrum


def test_stance_scores_by_hand() -> None:
    gold = ["agree", "agree", "disagree", "disagree"]
    pred = ["agree", "disagree", "disagree", "disagree"]
    s = stance_scores(gold, pred)
    assert s["accuracy"] == 0.75
    assert s["f1_support"] == pytest.approx(2 / 3)
    assert s["f1_undermine"] == pytest.approx(0.8)
    assert s["macro_f1"] == pytest.approx((2 / 3 + 0.8) / 2)


def test_reader_maps_stances_and_respects_the_split(tmp_path: Path) -> None:
    claims = [
        {"cId": 1, "text": "Cities should ban cars.", "perspectives": [
            {"pids": [10, 11], "stance_label_3": "SUPPORT"}, {"pids": [12], "stance_label_3": "UNDERMINE"},
            {"pids": [13], "stance_label_3": "not-a-perspective"}]},
        {"cId": 2, "text": "Homework should be abolished.", "perspectives": [{"pids": [14], "stance_label_3": "SUPPORT"}]},
    ]  # fmt: skip
    pool = [{"pId": i, "text": f"perspective {i}"} for i in range(10, 15)]
    (tmp_path / "perspectrum_with_answers_v1.0.json").write_text(json.dumps(claims), encoding="utf-8")
    (tmp_path / "perspective_pool_v1.0.json").write_text(json.dumps(pool), encoding="utf-8")
    (tmp_path / "dataset_split_v1.0.json").write_text(json.dumps({"1": "test", "2": "train"}), encoding="utf-8")
    pairs = read_perspectrum(tmp_path, "test")
    assert [(p.perspective, p.stance) for p in pairs] == [
        ("perspective 10", "agree"), ("perspective 11", "agree"), ("perspective 12", "disagree")]  # fmt: skip
    assert {p.claim for p in pairs} == {"Cities should ban cars."}


@pytest.mark.slow
def test_perspectrum_fast_task_beats_chance(shared_data: Path) -> None:
    from rashomon.eval.perspectrum import perspectrum
    from rashomon.eval.tasks import EvalOptions

    result = perspectrum(EvalOptions(shared_data, fast=True))
    assert result.details["pairs"] == 300
    assert result.metric("perspectrum test subset (fast)", "stance accuracy") > result.details["majority_accuracy"]
