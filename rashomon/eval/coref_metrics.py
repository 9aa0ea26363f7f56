"""Coreference scores: MUC, B-cubed, CEAF-e and their mean, the CoNLL F1.

The definitions are those of the CoNLL reference scorer (Pradhan et al. 2014,
"Scoring Coreference Partitions of Predicted Mentions"), so key and response
may hold different mentions: in MUC a key mention the response lacks is a
partition of its own; in B3 and CEAF-e it simply adds nothing to the overlap.

- **MUC** (Vilain et al. 1995) counts links: recall is the share of the links a
  key cluster needs that the response keeps; singletons add nothing.
- **B-cubed** (Bagga and Baldwin 1998) averages, per mention, how much of its
  key cluster its response cluster holds (recall) and the converse (precision).
- **CEAF-e** (Luo 2005) aligns key and response clusters one-to-one to
  maximise the summed entity similarity ``2|K ∩ R| / (|K| + |R|)``.

Clusters are any iterables of hashable mention ids; ``clusters_from_labels``
builds them from a mention -> cluster-id mapping.

    >>> key = [{"a", "b", "c", "d"}]
    >>> round(muc(key, [{"a", "b"}, {"c", "d"}]).recall, 4)
    0.6667
    >>> conll(key, key)["conll"]
    1.0
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from scipy.optimize import linear_sum_assignment

Cluster = frozenset[Hashable]


@dataclass(frozen=True)
class PRF:
    """Precision, recall and their harmonic mean."""

    precision: float
    recall: float

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 0.0 if p + r == 0 else 2 * p * r / (p + r)

    def as_dict(self) -> dict[str, float]:
        return {"precision": self.precision, "recall": self.recall, "f1": self.f1}


def _clean(clusters: Iterable[Iterable[Hashable]]) -> list[Cluster]:
    out = [frozenset(c) for c in clusters]
    return [c for c in out if c]


def _owner(clusters: Sequence[Cluster]) -> dict[Hashable, int]:
    owner: dict[Hashable, int] = {}
    for i, c in enumerate(clusters):
        for m in c:
            if m in owner:
                raise ValueError(f"mention {m!r} is in two clusters")
            owner[m] = i
    return owner


def _ratio(num: float, den: float) -> float:
    return num / den if den else 0.0


def _muc_side(gold: Sequence[Cluster], other: Sequence[Cluster]) -> float:
    owner = _owner(other)
    num = den = 0
    for c in gold:
        # Mentions missing from ``other`` are each their own partition.
        parts = {owner.get(m, ("missing", m)) for m in c}
        num += len(c) - len(parts)
        den += len(c) - 1
    return _ratio(num, den)


def muc(key: Iterable[Iterable[Hashable]], response: Iterable[Iterable[Hashable]]) -> PRF:
    k, r = _clean(key), _clean(response)
    return PRF(precision=_muc_side(r, k), recall=_muc_side(k, r))


def _b3_side(gold: Sequence[Cluster], other: Sequence[Cluster]) -> float:
    owner = _owner(other)
    total = sum(len(c) for c in gold)
    score = 0.0
    for c in gold:
        overlaps: dict[int, int] = defaultdict(int)
        for m in c:
            if m in owner:
                overlaps[owner[m]] += 1
        score += sum(n * n for n in overlaps.values()) / len(c)
    return _ratio(score, total)


def b_cubed(key: Iterable[Iterable[Hashable]], response: Iterable[Iterable[Hashable]]) -> PRF:
    k, r = _clean(key), _clean(response)
    return PRF(precision=_b3_side(r, k), recall=_b3_side(k, r))


def ceaf_e(key: Iterable[Iterable[Hashable]], response: Iterable[Iterable[Hashable]]) -> PRF:
    k, r = _clean(key), _clean(response)
    if not k or not r:
        return PRF(0.0, 0.0)
    owner = _owner(r)
    sim = np.zeros((len(k), len(r)))
    for i, c in enumerate(k):
        overlaps: dict[int, int] = defaultdict(int)
        for m in c:
            if m in owner:
                overlaps[owner[m]] += 1
        for j, n in overlaps.items():
            sim[i, j] = 2 * n / (len(c) + len(r[j]))
    rows, cols = linear_sum_assignment(sim, maximize=True)
    best = float(sim[rows, cols].sum())
    return PRF(precision=best / len(r), recall=best / len(k))


def conll(key: Iterable[Iterable[Hashable]], response: Iterable[Iterable[Hashable]]) -> dict[str, float]:
    """MUC, B3 and CEAF-e F1 and their mean (the CoNLL F1), all in [0, 1]."""
    k, r = _clean(key), _clean(response)
    scores = {"muc": muc(k, r).f1, "b3": b_cubed(k, r).f1, "ceafe": ceaf_e(k, r).f1}
    scores["conll"] = sum(scores.values()) / 3
    return scores


def clusters_from_labels(labels: Mapping[Hashable, Hashable]) -> list[set[Hashable]]:
    """Clusters from a mention -> cluster-id mapping."""
    groups: dict[Hashable, set[Hashable]] = defaultdict(set)
    for mention, cluster in labels.items():
        groups[cluster].add(mention)
    return list(groups.values())


def pairwise(key: Iterable[Iterable[Hashable]], response: Iterable[Iterable[Hashable]]) -> PRF:
    """Precision and recall of the coreferent pairs (link-level), over mentions of the key."""
    k, r = _clean(key), _clean(response)
    owner = _owner(r)
    gold_pairs = sum(len(c) * (len(c) - 1) // 2 for c in k)
    kept = 0
    for c in k:
        counts: dict[int, int] = defaultdict(int)
        for m in c:
            if m in owner:
                counts[owner[m]] += 1
        kept += sum(n * (n - 1) // 2 for n in counts.values())
    mentions = {m for c in k for m in c}
    predicted = 0
    for c in r:
        n = len(c & mentions)
        predicted += n * (n - 1) // 2
    return PRF(precision=_ratio(kept, predicted), recall=_ratio(kept, gold_pairs))
