"""From model probabilities to a relation a reader can trust: features, a calibrator, thresholds.

The cross-encoder's softmax is not a confidence: it calls topical pairs
"agree" and misses denials. A small multinomial logistic layer reads its two
reading directions together with cheap pair features (shared specific words,
the MiniLM sentence-vector cosine align already computed, one side negated, numbers that differ, an antonym pair) and gives
P(agree), P(contradict), P(neither). It is fitted on the real cross-source
claim pairs, and a link is shown only where its probability reaches the
threshold that gave the target precision on stories held out of the fit
(leave-one-story-out; ``rashomon eval crosssource_pairs``). The fitted
weights and thresholds live in ``calibration.json`` beside the model.

    >>> number_mismatch("298 people died", "289 people died"), number_mismatch("298 died", "All 298 died")
    (1.0, 0.0)
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import ArrayLike

from ..cues import antonym_cue, negated

RELATIONS = ("agree", "contradict", "neither")
FEATURES = ("p_agree", "p_disagree", "p_discuss", "p_unrelated", "p_disagree_max", "p_agree_min",
            "overlap", "cosine", "negation_mismatch", "number_mismatch", "antonym")  # fmt: skip
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")


def numbers(text: str) -> set[str]:
    """Numbers written in digits, separators removed (years included)."""
    return {n.replace(",", "") for n in _NUMBER.findall(text)}


def number_mismatch(a: str, b: str) -> float:
    """1.0 when both texts give numbers and share none of them: maybe two values of one fact."""
    na, nb = numbers(a), numbers(b)
    return float(bool(na) and bool(nb) and not (na & nb))


def pair_features(ab: Mapping[str, float], ba: Mapping[str, float], a: str, b: str, overlap: float,
                  cosine: float) -> list[float]:  # fmt: skip
    """The calibrator's input for one pair: both reading directions, sentence-vector cosine, lexical cues."""
    avg = {k: (ab[k] + ba[k]) / 2 for k in ("agree", "disagree", "discuss", "unrelated")}
    return [avg["agree"], avg["disagree"], avg["discuss"], avg["unrelated"], max(ab["disagree"], ba["disagree"]),
            min(ab["agree"], ba["agree"]), overlap, cosine, float(negated(a) != negated(b)), number_mismatch(a, b),
            float(antonym_cue(a, b))]  # fmt: skip


class Calibrator:
    """Standardise, then a multinomial logistic layer over ``FEATURES``; weights in JSON."""

    def __init__(self, mean: ArrayLike, scale: ArrayLike, coef: ArrayLike,
                 intercept: ArrayLike, thresholds: Mapping[str, float] | None = None,
                 meta: Mapping[str, Any] | None = None) -> None:  # fmt: skip
        self.mean = np.asarray(mean, dtype=np.float64)
        self.scale = np.asarray(scale, dtype=np.float64)
        self.coef = np.asarray(coef, dtype=np.float64)
        self.intercept = np.asarray(intercept, dtype=np.float64)
        self.thresholds = dict(thresholds or {})
        self.meta = dict(meta or {})

    @classmethod
    def fit(cls, x: np.ndarray, y: Sequence[str] | np.ndarray, c: float = 0.5) -> Calibrator:
        """Class-balanced L2 logistic regression (sklearn), stored as plain arrays."""
        from sklearn.linear_model import LogisticRegression

        mean, scale = x.mean(axis=0), x.std(axis=0) + 1e-6
        lr = LogisticRegression(C=c, class_weight="balanced", max_iter=2000)
        lr.fit((x - mean) / scale, [RELATIONS.index(v) for v in y])
        coef = np.zeros((len(RELATIONS), x.shape[1]))
        intercept = np.full(len(RELATIONS), -30.0)  # a relation absent from the fit is never predicted
        if len(lr.classes_) == 2:  # sklearn keeps one row: the log-odds of the second class
            intercept[lr.classes_[0]] = 0.0
            coef[lr.classes_[1]], intercept[lr.classes_[1]] = lr.coef_[0], lr.intercept_[0]
        else:
            for row, k in enumerate(lr.classes_):
                coef[k], intercept[k] = lr.coef_[row], lr.intercept_[row]
        return cls(mean, scale, coef, intercept)

    def proba(self, x: ArrayLike) -> np.ndarray:
        """(n, 3) probabilities in ``RELATIONS`` order."""
        z = ((np.atleast_2d(x) - self.mean) / self.scale) @ self.coef.T + self.intercept
        z -= z.max(axis=1, keepdims=True)
        e = np.exp(z)
        out: np.ndarray = e / e.sum(axis=1, keepdims=True)
        return out

    def to_json(self) -> dict[str, Any]:
        return {"features": list(FEATURES), "relations": list(RELATIONS), "mean": self.mean.tolist(),
                "scale": self.scale.tolist(), "coef": self.coef.tolist(), "intercept": self.intercept.tolist(),
                "thresholds": self.thresholds, "meta": self.meta}  # fmt: skip

    @classmethod
    def from_json(cls, raw: Mapping[str, Any]) -> Calibrator:
        if list(raw.get("features", [])) != list(FEATURES):
            raise ValueError("calibration.json was fitted on other features; refit it (rashomon eval crosssource_pairs --fit)")
        return cls(raw["mean"], raw["scale"], raw["coef"], raw["intercept"], raw.get("thresholds"), raw.get("meta"))

    @classmethod
    def load(cls, path: Path) -> Calibrator | None:
        return cls.from_json(json.loads(path.read_text(encoding="utf-8"))) if path.exists() else None


def decide(probs: np.ndarray, thresholds: Mapping[str, float]) -> str:
    """The relation whose calibrated probability wins and reaches its threshold, else "neither"."""
    k = int(np.argmax(probs))
    rel = RELATIONS[k]
    if rel == "neither" or probs[k] < thresholds.get(rel, 1.0):
        return "neither"
    return rel


def precision_threshold(scores: np.ndarray, positive: np.ndarray, precision: float, min_hits: int = 5) -> float:
    """The lowest score whose pairs at or above it reach ``precision`` (1.0 when none does)."""
    best = 1.0
    order = np.argsort(-scores)
    hits = 0
    for n, i in enumerate(order, start=1):
        hits += bool(positive[i])
        last_of_tie = n == len(order) or scores[order[n]] != scores[i]
        if last_of_tie and hits >= min_hits and hits / n >= precision:
            best = float(scores[i])
    return best


def fit_with_thresholds(x: np.ndarray, y: Sequence[str], groups: Sequence[str], targets: Mapping[str, float],
                        possible: float | None = None) -> Calibrator:  # fmt: skip
    """Fit on all rows; choose each relation's threshold on out-of-group probabilities (leave one group out).

    With ``possible``, also each relation's ``possible_<relation>`` bar: the lowest
    probability from which the pairs it would list as possible (leading the other
    relation, under the shown bar) are right at least that often out of group.
    """
    y_arr, g_arr = np.asarray(y), np.asarray(groups)
    oof = np.zeros((len(y_arr), len(RELATIONS)))
    for g in sorted(set(groups)):
        held = g_arr == g
        oof[held] = Calibrator.fit(x[~held], y_arr[~held]).proba(x[held])
    cal = Calibrator.fit(x, y_arr)
    for rel, target in targets.items():
        k = RELATIONS.index(rel)
        wins = oof.argmax(axis=1) == k
        score = np.where(wins, oof[:, k], 0.0)
        cal.thresholds[rel] = precision_threshold(score, y_arr == rel, target)
    if possible is not None:
        for rel in targets:
            k = RELATIONS.index(rel)
            leads = (oof[:, :2].argmax(axis=1) == k) & (oof[:, k] < cal.thresholds[rel])
            cal.thresholds[f"possible_{rel}"] = precision_threshold(np.where(leads, oof[:, k], 0.0), y_arr == rel,
                                                                    possible)  # fmt: skip
    return cal
