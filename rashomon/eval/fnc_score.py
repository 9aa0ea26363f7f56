"""The official FNC-1 scorer (FakeNewsChallenge/fnc-1 ``scorer.py``), plus per-class and macro F1.

A pair earns 0.25 when related/unrelated is right (gold and prediction both
unrelated, or both among agree/disagree/discuss) and 0.75 more when a related
pair gets exactly the right label. The score is reported as a percentage of the
maximum (every pair right). Because unrelated pairs dominate and the
related/unrelated split is easy, the score flatters weak models; macro-F1 over
the four classes (Hanselowski et al. 2018) and *disagree* F1 tell more.

    >>> s = score(["agree", "unrelated", "disagree"], ["discuss", "unrelated", "disagree"])
    >>> s.raw, s.maximum, round(s.percent, 2)
    (1.5, 2.25, 66.67)
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

LABELS = ("agree", "disagree", "discuss", "unrelated")
RELATED = frozenset(LABELS[:3])


def pair_score(gold: str, pred: str) -> float:
    """The official points for one pair."""
    points = 0.0
    if gold == pred:
        points += 0.25
        if gold != "unrelated":
            points += 0.50
    if gold in RELATED and pred in RELATED:
        points += 0.25
    return points


@dataclass(frozen=True)
class FncScore:
    raw: float
    maximum: float
    confusion: list[list[int]]  # rows gold, columns predicted, in LABELS order

    @property
    def percent(self) -> float:
        return 100.0 * self.raw / self.maximum if self.maximum else 0.0

    def f1(self) -> dict[str, float]:
        """F1 of each class from the confusion matrix (0 where a class is never gold nor predicted)."""
        out = {}
        for i, label in enumerate(LABELS):
            tp = self.confusion[i][i]
            gold = sum(self.confusion[i])
            pred = sum(row[i] for row in self.confusion)
            out[label] = 2.0 * tp / (gold + pred) if gold + pred else 0.0
        return out

    def macro_f1(self) -> float:
        f1 = self.f1()
        return sum(f1.values()) / len(f1)

    def accuracy(self) -> float:
        total = sum(map(sum, self.confusion))
        return sum(self.confusion[i][i] for i in range(len(LABELS))) / total if total else 0.0


def score(gold: Sequence[str], pred: Sequence[str]) -> FncScore:
    """Score predictions against gold labels, pair by pair, as the competition did."""
    if len(gold) != len(pred):
        raise ValueError(f"FNC score: {len(gold)} gold labels but {len(pred)} predictions")
    confusion = [[0] * len(LABELS) for _ in LABELS]
    raw = maximum = 0.0
    for g, p in zip(gold, pred):
        if g not in LABELS or p not in LABELS:
            raise ValueError(f"FNC score: unknown label in pair ({g!r}, {p!r})")
        raw += pair_score(g, p)
        maximum += pair_score(g, g)
        confusion[LABELS.index(g)][LABELS.index(p)] += 1
    return FncScore(raw, maximum, confusion)
