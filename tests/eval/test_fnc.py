"""FNC-1: the official scorer, the leak-free dev split, the submission CSV, and the task end to end."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import pytest

from rashomon.eval.fnc_score import LABELS, pair_score, score
from rashomon.models.fnc_data import StancePair, dev_split, group_folds, read_stances, write_predictions


def test_pair_points_follow_the_official_rules() -> None:
    assert pair_score("agree", "agree") == 1.0
    assert pair_score("agree", "discuss") == 0.25  # related, wrong label
    assert pair_score("unrelated", "unrelated") == 0.25
    assert pair_score("disagree", "unrelated") == 0.0
    assert pair_score("unrelated", "discuss") == 0.0


def test_score_on_a_hand_made_confusion() -> None:
    # gold x pred, LABELS order: a hand-counted confusion matrix
    confusion = [
        [3, 1, 1, 0],  # agree
        [1, 2, 0, 1],  # disagree
        [0, 0, 4, 1],  # discuss
        [0, 0, 1, 9],  # unrelated
    ]
    gold, pred = [], []
    for i, row in enumerate(confusion):
        for j, n in enumerate(row):
            gold += [LABELS[i]] * n
            pred += [LABELS[j]] * n
    s = score(gold, pred)
    assert s.confusion == confusion
    # correct related: (3 + 2 + 4) * 1.0; related but wrong label: 3 * 0.25; unrelated right: 9 * 0.25
    assert s.raw == pytest.approx(9 + 0.75 + 2.25)
    assert s.maximum == pytest.approx(14 * 1.0 + 10 * 0.25)
    assert s.percent == pytest.approx(100 * 12 / 16.5)
    f1 = s.f1()
    assert f1["agree"] == pytest.approx(2 * 3 / (5 + 4))
    assert f1["disagree"] == pytest.approx(2 * 2 / (4 + 3))
    assert f1["unrelated"] == pytest.approx(2 * 9 / (10 + 11))
    assert s.macro_f1() == pytest.approx(sum(f1.values()) / 4)


def test_score_rejects_unknown_labels_and_length_mismatch() -> None:
    with pytest.raises(ValueError):
        score(["agree"], ["maybe"])
    with pytest.raises(ValueError):
        score(["agree"], [])


def _fake_pairs() -> list[StancePair]:
    pairs = []
    for claim in range(10):
        heads = [f"claim {claim} headline {h}" for h in range(3)]
        for b in range(4):
            body = claim * 10 + b
            pairs += [StancePair(h, body, ("agree", "discuss", "disagree")[(b + k) % 3]) for k, h in enumerate(heads)]
            pairs.append(StancePair(f"claim {(claim + 1) % 10} headline 0", body, "unrelated"))
    return pairs


def test_dev_split_shares_no_headline_and_no_body() -> None:
    pairs = _fake_pairs()
    train, dev = dev_split(pairs, seed=13, dev_fraction=0.3)
    assert train and dev and not set(train) & set(dev)
    assert not {pairs[i].headline for i in train} & {pairs[i].headline for i in dev}
    assert not {pairs[i].body_id for i in train} & {pairs[i].body_id for i in dev}
    assert dev_split(pairs, seed=13, dev_fraction=0.3) == (train, dev)


def test_group_folds_keep_claims_together() -> None:
    pairs = _fake_pairs()
    folds = group_folds(pairs, k=5)
    by_head: dict[str, set[int]] = {}
    for p, f in zip(pairs, folds):
        if f >= 0:
            by_head.setdefault(p.headline, set()).add(f)
    assert all(len(f) == 1 for f in by_head.values())
    assert len({f for f in folds if f >= 0}) == 5


def test_prediction_csv_format(tmp_path: Path) -> None:
    stances = tmp_path / "stances.csv"
    stances.write_text('Headline,Body ID\n"Mayor quits, says ""enough""",7\nSecond headline,3\n', encoding="utf-8")
    pairs = read_stances(stances)
    out = tmp_path / "pred.csv"
    write_predictions(out, pairs, ["disagree", "unrelated"])
    rows = list(csv.reader(out.open(encoding="utf-8", newline="")))
    assert rows == [["Headline", "Body ID", "Stance"], ['Mayor quits, says "enough"', "7", "disagree"],
                    ["Second headline", "3", "unrelated"]]  # fmt: skip
    with pytest.raises(ValueError):
        write_predictions(out, pairs, ["agree"])


@pytest.mark.slow
def test_real_dev_split_is_leak_free(shared_data: Path) -> None:
    pairs = read_stances(shared_data / "fnc1" / "train_stances.csv")
    train, dev = dev_split(pairs, seed=13)
    assert not {pairs[i].headline for i in train} & {pairs[i].headline for i in dev}
    assert not {pairs[i].body_id for i in train} & {pairs[i].body_id for i in dev}
    assert sum(pairs[i].stance == "disagree" for i in dev) >= 100


@pytest.mark.slow
def test_fnc1_fast_task_scores_the_packaged_model(shared_data: Path) -> None:
    from rashomon.eval.fnc1 import fnc1
    from rashomon.eval.tasks import EvalOptions

    result = fnc1(EvalOptions(shared_data, fast=True))
    data = "fnc1 dev subset (fast)"
    assert result.details["pairs"] >= 100
    assert result.metric(data, "FNC score (% of max)") > 60
    assert 0.3 < result.metric(data, "macro-F1") <= 1.0
    assert sum(map(sum, result.details["confusion_rows_gold_cols_pred"])) == result.details["pairs"]


@pytest.mark.slow
def test_competition_test_needs_an_output_file(shared_data: Path) -> None:
    from rashomon.errors import InputError
    from rashomon.eval.fnc1 import run_competition_test
    from rashomon.eval.tasks import EvalOptions

    with pytest.raises(InputError, match="--out"):
        run_competition_test(EvalOptions(shared_data, split="competition_test"), model=None)


def test_competition_test_writes_every_row_in_order(tmp_path: Path) -> None:
    """The CSV writer path of the task on a tiny fake competition set, with a stand-in model."""
    import numpy as np

    from rashomon.eval.fnc1 import run_competition_test
    from rashomon.eval.tasks import EvalOptions

    root = tmp_path / "fnc1"
    root.mkdir()
    (root / "competition_test_stances_unlabeled.csv").write_text("Headline,Body ID\nB,2\nA,1\nA,2\n", encoding="utf-8")
    (root / "competition_test_bodies.csv").write_text("Body ID,articleBody\n1,one\n2,two\n", encoding="utf-8")

    class Stub:
        gate = None

        def predict_array(self, pairs: list[tuple[str, str]]) -> Any:
            return np.array([[1, 0, 0, 0] if a == "A" and b == "one" else [0, 0, 0, 1] for a, b in pairs])

    out = tmp_path / "pred.csv"
    result = run_competition_test(EvalOptions(tmp_path, split="competition_test", out=out), Stub())
    rows = list(csv.reader(out.open(encoding="utf-8", newline="")))
    assert rows == [["Headline", "Body ID", "Stance"], ["B", "2", "unrelated"], ["A", "1", "agree"], ["A", "2", "unrelated"]]
    assert result.details["predicted_counts"]["agree"] == 1
