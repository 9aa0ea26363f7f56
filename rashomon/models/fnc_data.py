"""FNC-1 and PERSPECTRUM readers, and the leak-free dev split both training and scoring use.

FNC-1 pairs article headlines with bodies; a headline and the bodies it is
*related* to all come from one Emergent claim, and the same headline recurs
with many bodies. A dev set split by body alone leaks the headline (and a
split by headline alone leaks the body), which flatters lexical models. So the
split here holds out whole *claim components*: connected components of the
bipartite headline-body graph of related pairs. A dev pair has its headline
and its body in held-out components; pairs that straddle the split (only ever
unrelated ones) are dropped from both sides.

    >>> pairs = [StancePair("h1", 1, "agree"), StancePair("h2", 2, "discuss"), StancePair("h1", 2, "unrelated")]
    >>> sorted(claim_components(pairs).values())
    [0, 1]
"""

from __future__ import annotations

import csv
import json
import random
from dataclasses import dataclass
from pathlib import Path

LABELS = ("agree", "disagree", "discuss", "unrelated")
RELATED = ("agree", "disagree", "discuss")


@dataclass(frozen=True)
class StancePair:
    """One FNC-1 row: a headline, the id of a body, and the gold stance (None when held back)."""

    headline: str
    body_id: int
    stance: str | None = None


def read_bodies(path: Path) -> dict[int, str]:
    """``Body ID`` -> ``articleBody`` from an FNC-1 bodies CSV."""
    with path.open(encoding="utf-8", newline="") as fh:
        return {int(row["Body ID"]): row["articleBody"] for row in csv.DictReader(fh)}


def read_stances(path: Path) -> list[StancePair]:
    """Rows of an FNC-1 stances CSV in file order (the unlabeled test file has no Stance column)."""
    with path.open(encoding="utf-8", newline="") as fh:
        return [StancePair(r["Headline"], int(r["Body ID"]), r.get("Stance")) for r in csv.DictReader(fh)]


def write_predictions(path: Path, pairs: list[StancePair], labels: list[str]) -> None:
    """Write predictions in the official submission format: Headline, Body ID, Stance, input order."""
    if len(pairs) != len(labels):
        raise ValueError(f"{path}: {len(pairs)} pairs but {len(labels)} labels")
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["Headline", "Body ID", "Stance"])
        for pair, label in zip(pairs, labels):
            if label not in LABELS:
                raise ValueError(f"{path}: unknown stance {label!r}")
            writer.writerow([pair.headline, pair.body_id, label])


def claim_components(pairs: list[StancePair]) -> dict[str, int]:
    """Map ``h:<headline>`` and ``b:<body id>`` nodes to a component number (related pairs link them)."""
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for p in pairs:
        a, b = find(f"h:{p.headline}"), find(f"b:{p.body_id}")
        if p.stance in RELATED:
            parent[a] = b
    roots = sorted({find(n) for n in list(parent)})
    number = {r: i for i, r in enumerate(roots)}
    return {n: number[find(n)] for n in list(parent)}


def component_of(pair: StancePair, comps: dict[str, int]) -> tuple[int, int]:
    return comps[f"h:{pair.headline}"], comps[f"b:{pair.body_id}"]


def dev_split(
    pairs: list[StancePair], seed: int = 13, dev_fraction: float = 0.2
) -> tuple[list[int], list[int]]:
    """Indices of (train, dev) pairs, holding out whole claim components.

    Components are drawn at random (fixed seed) until they hold ``dev_fraction``
    of the related pairs; headlines and bodies seen only in unrelated pairs form
    singleton components and are drawn with the same probability.
    """
    comps = claim_components(pairs)
    related_count: dict[int, int] = {}
    for p in pairs:
        if p.stance in RELATED:
            c = comps[f"h:{p.headline}"]
            related_count[c] = related_count.get(c, 0) + 1
    rng = random.Random(seed)
    order = sorted(set(comps.values()))
    rng.shuffle(order)
    total = sum(related_count.values())
    dev: set[int] = set()
    taken = 0
    for c in order:
        n = related_count.get(c, 0)
        if n == 0:
            if rng.random() < dev_fraction:
                dev.add(c)
        elif taken < dev_fraction * total:
            dev.add(c)
            taken += n
    train_idx, dev_idx = [], []
    for i, p in enumerate(pairs):
        ch, cb = component_of(p, comps)
        if ch in dev and cb in dev:
            dev_idx.append(i)
        elif ch not in dev and cb not in dev:
            train_idx.append(i)
    return train_idx, dev_idx


def group_folds(pairs: list[StancePair], k: int = 5, seed: int = 13) -> list[int]:
    """A fold number per pair, whole claim components per fold; straddling pairs get -1."""
    comps = claim_components(pairs)
    ids = sorted(set(comps.values()))
    random.Random(seed).shuffle(ids)
    fold_of = {c: i % k for i, c in enumerate(ids)}
    out = []
    for p in pairs:
        ch, cb = component_of(p, comps)
        out.append(fold_of[ch] if fold_of[ch] == fold_of[cb] else -1)
    return out


@dataclass(frozen=True)
class PerspectivePair:
    """A PERSPECTRUM claim, one of its perspectives, and the stance mapped to our labels."""

    claim: str
    perspective: str
    stance: str  # "agree" (support) or "disagree" (undermine)
    claim_id: int


def read_perspectrum(root: Path, split: str) -> list[PerspectivePair]:
    """Claim/perspective pairs of one split of ``dataset_split_v1.0.json`` (support/undermine only)."""
    claims = json.loads((root / "perspectrum_with_answers_v1.0.json").read_text(encoding="utf-8"))
    pool = json.loads((root / "perspective_pool_v1.0.json").read_text(encoding="utf-8"))
    splits = json.loads((root / "dataset_split_v1.0.json").read_text(encoding="utf-8"))
    text = {p["pId"]: p["text"] for p in pool}
    mapping = {"SUPPORT": "agree", "UNDERMINE": "disagree"}
    out: list[PerspectivePair] = []
    for claim in claims:
        if splits.get(str(claim["cId"])) != split:
            continue
        for cluster in claim["perspectives"]:
            stance = mapping.get(cluster["stance_label_3"].upper())
            if stance is None:
                continue
            out.extend(
                PerspectivePair(claim["text"], text[pid], stance, claim["cId"])
                for pid in cluster["pids"]
                if pid in text
            )
    return out
