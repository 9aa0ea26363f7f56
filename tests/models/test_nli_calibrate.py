"""The calibration layer: features, JSON round trip, thresholds chosen for precision."""

from __future__ import annotations

import json

import numpy as np
import pytest

from rashomon.models.nli_calibrate import (
    FEATURES,
    Calibrator,
    decide,
    fit_with_thresholds,
    number_mismatch,
    pair_features,
    precision_threshold,
)


def probs(agree: float, disagree: float) -> dict[str, float]:
    return {"agree": agree, "disagree": disagree, "discuss": 1 - agree - disagree, "unrelated": 0.0}


def test_pair_features_read_both_directions_and_cues() -> None:
    f = dict(zip(FEATURES, pair_features(probs(0.2, 0.6), probs(0.4, 0.2), "Prices did not rise by 5%.", "Prices rose 7%.", 0.5, 0.7)))
    assert f["p_disagree"] == pytest.approx(0.4) and f["p_disagree_max"] == pytest.approx(0.6)
    assert f["p_agree_min"] == pytest.approx(0.2)
    assert f["negation_mismatch"] == 1.0 and f["number_mismatch"] == 1.0 and f["overlap"] == 0.5 and f["cosine"] == 0.7
    assert number_mismatch("298 dead", "298 counts of murder") == 0.0 and number_mismatch("no number", "298") == 0.0


def synthetic(n: int = 240, seed: int = 1) -> tuple[np.ndarray, list[str], list[str]]:
    """Pairs whose relation is readable from p_agree / p_disagree, with noise; four 'stories'."""
    rng = np.random.default_rng(seed)
    y = rng.choice(["agree", "contradict", "neither"], size=n).tolist()
    x = rng.uniform(0, 0.3, size=(n, len(FEATURES)))
    for i, rel in enumerate(y):
        if rel == "agree":
            x[i, FEATURES.index("p_agree")] += rng.uniform(0.3, 0.7)
        elif rel == "contradict":
            x[i, FEATURES.index("p_disagree")] += rng.uniform(0.3, 0.7)
    return x, y, [f"s{i % 4}" for i in range(n)]


def test_fit_chooses_thresholds_that_reach_the_precision() -> None:
    x, y, groups = synthetic()
    cal = fit_with_thresholds(x, y, groups, {"agree": 0.9, "contradict": 0.9})
    assert 0 < cal.thresholds["agree"] < 1 and 0 < cal.thresholds["contradict"] < 1
    xt, yt, _ = synthetic(seed=2)
    pred = [decide(p, cal.thresholds) for p in cal.proba(xt)]
    shown = [(g, p) for g, p in zip(yt, pred) if p != "neither"]
    assert shown and sum(g == p for g, p in shown) / len(shown) >= 0.85
    again = Calibrator.from_json(json.loads(json.dumps(cal.to_json())))
    assert np.allclose(again.proba(xt), cal.proba(xt)) and again.thresholds == cal.thresholds


def test_unreachable_precision_abstains() -> None:
    assert precision_threshold(np.linspace(0, 1, 50), np.zeros(50, dtype=bool), 0.8) == 1.0
    assert decide(np.array([0.2, 0.7, 0.1]), {"contradict": 1.0}) == "neither"
    assert decide(np.array([0.2, 0.7, 0.1]), {"contradict": 0.6}) == "contradict"


def test_a_calibration_file_of_other_features_is_refused() -> None:
    raw = Calibrator(np.zeros(2), np.ones(2), np.zeros((3, 2)), np.zeros(3)).to_json()
    raw["features"] = ["a", "b"]
    with pytest.raises(ValueError, match="other features"):
        Calibrator.from_json(raw)
