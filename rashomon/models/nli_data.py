"""Sentence-pair training data for the claim-relation model, one reader per shared data set.

Every reader returns ``(a, b, label)`` triples in the model's four labels
(agree / disagree / discuss / unrelated): entailment and *supports* are
``agree``, contradiction and *refutes* are ``disagree``, a neutral but related
pair is ``discuss``. Only documented training splits are read; the evaluation
sets (ANLI dev, ClaimDiff test, the FNC-1 dev claim components, the
cross-source pairs) never appear here.
"""

from __future__ import annotations

import csv
import io
import json
import random
import re
import zipfile
from pathlib import Path

from .fnc_data import LABELS, dev_split, read_bodies, read_perspectrum, read_stances

Example = tuple[str, str, int]
_NLI = {"entailment": 0, "contradiction": 1, "neutral": 2}
_WORD = re.compile(r"[a-z0-9]+")
_SENT = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"'“])")


def _sample(rows: list[Example], n: int, rng: random.Random) -> list[Example]:
    return rows if len(rows) <= n else rng.sample(rows, n)


def read_nli_csv(path: Path) -> list[Example]:
    """``premise,hypothesis,label`` files of ``nli_small`` (three-way sets only)."""
    with path.open(encoding="utf-8", newline="") as fh:
        return [(r["premise"], r["hypothesis"], _NLI[r["label"]]) for r in csv.DictReader(fh) if r.get("label") in _NLI]


def read_sick(path: Path, sets: tuple[str, ...] = ("TRAIN", "TRIAL")) -> list[Example]:
    """SICK pairs of the SemEval TRAIN and TRIAL sets (TEST is held out)."""
    with path.open(encoding="utf-8", newline="") as fh:
        rows = csv.DictReader(fh, delimiter="\t")
        return [(r["sentence_A"], r["sentence_B"], _NLI[r["entailment_label"].lower()]) for r in rows if r["SemEval_set"] in sets]


def read_curriculum(path: Path) -> list[Example]:
    """The ``train.jsonl`` inside one curriculum-NLI zip (negation, counting, quantifiers...)."""
    with zipfile.ZipFile(path) as zf:
        name = next(n for n in zf.namelist() if n.endswith("/train.jsonl") and not n.startswith("__MACOSX"))
        lines = io.TextIOWrapper(zf.open(name), encoding="utf-8")
        rows = [json.loads(line) for line in lines if line.strip()]
    return [(r["premise"], r["hypothesis"], _NLI[r["gold_label"]]) for r in rows if r.get("gold_label") in _NLI]


def read_claimdiff(root: Path, split: str) -> list[Example]:
    """ClaimDiff pairs (S and W files joined): strengthen -> agree, weaken -> disagree, neither -> discuss."""
    def load(kind: str, name: str) -> dict[str, dict]:
        data = json.loads((root / f"ClaimDiff-{kind}" / f"ClaimDiff-{name}-{split}.json").read_text(encoding="utf-8"))
        return {d["pair_id"]: d for d in data["data"]}

    strong, weak = load("S", "strength"), load("W", "weak")
    out = []
    for pid, d in strong.items():
        label = 0 if d["relation"] == 1 else 1 if weak.get(pid, {}).get("relation") == 1 else 2
        out.append((d["claim_a"], d["claim_b"], label))
    return out


def read_climate_fever(path: Path) -> list[Example]:
    """Claim / evidence-sentence pairs: SUPPORTS -> agree, REFUTES -> disagree, NOT_ENOUGH_INFO -> discuss."""
    mapping = {"SUPPORTS": 0, "REFUTES": 1, "NOT_ENOUGH_INFO": 2}
    out: list[tuple[str, str, int]] = []
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            claim = json.loads(line)
            out.extend((claim["claim"], e["evidence"], mapping[e["evidence_label"]]) for e in claim["evidences"])
    return out


def _words(text: str) -> set[str]:
    return {w for w in _WORD.findall(text.lower()) if len(w) > 2}


def lexical_evidence(head: str, body: str, k: int = 3, max_words: int = 100) -> str:
    """The ``k`` body sentences sharing most words with the headline, in body order.

    A cheap stand-in for ``nli_features.select_evidence`` (no sentence vectors),
    used only to build training pairs from stance bodies.
    """
    sents = [s.strip() for s in _SENT.split(body.replace("\n", " ")) if s.strip()]
    hw = _words(head)
    ranked = sorted(range(len(sents)), key=lambda i: -len(hw & _words(sents[i])) / (1 + 0.02 * len(sents[i].split())))
    chosen: list[int] = []
    words = 0
    for i in ranked:
        n = len(sents[i].split())
        if chosen and words + n > max_words:
            continue
        chosen.append(i)
        words += n
        if len(chosen) >= k:
            break
    return " ".join(sents[i] for i in sorted(chosen))


def read_stance(stances: Path, bodies: Path, keep: list[int] | None = None) -> list[Example]:
    """FNC-1-format (headline, evidence sentences of the body) pairs, optionally only the rows ``keep``."""
    body = read_bodies(bodies)
    pairs = read_stances(stances)
    idx = keep if keep is not None else list(range(len(pairs)))
    return [(pairs[i].headline, lexical_evidence(pairs[i].headline, body[pairs[i].body_id]), LABELS.index(str(pairs[i].stance)))
            for i in idx]  # fmt: skip


def fnc_train_rows(root: Path, seed: int) -> list[int]:
    """FNC-1 training rows outside the held-out dev claim components (``dev_split``)."""
    train_idx, _ = dev_split(read_stances(root / "fnc1" / "train_stances.csv"), seed)
    return list(train_idx)


def stance_mix(rows: list[Example], rng: random.Random, per_class: dict[int, int]) -> list[Example]:
    """Up to ``per_class[label]`` pairs of each label (all of a rarer class, repeated to reach its count)."""
    out: list[Example] = []
    for label, n in per_class.items():
        pool = [r for r in rows if r[2] == label]
        if not pool:
            continue
        reps, rest = divmod(n, len(pool)) if n > len(pool) else (0, n)
        out.extend(pool * reps + rng.sample(pool, min(rest, len(pool))))
    return out


def training_mix(root: Path, seed: int, scale: float = 1.0) -> tuple[list[Example], dict[str, int]]:
    """The balanced mix the claim-relation model trains on, and how many pairs each set gave.

    ``scale`` shrinks every share (a smoke run uses 0.01).
    """
    rng = random.Random(seed)

    def n(x: int) -> int:
        return max(4, int(x * scale))

    parts: dict[str, list[Example]] = {}
    nli = root / "nli_small"
    parts["mnli"] = _sample(read_nli_csv(nli / "mnli" / "dev.csv"), n(9000), rng)
    parts["snli"] = _sample(read_nli_csv(nli / "snli" / "dev.csv"), n(2500), rng)
    parts["sick"] = _sample(read_sick(root / "sick" / "SICK.txt"), n(3000), rng)
    for probe, k in (("negation", 1500), ("counting", 500), ("quantifier", 500), ("comparative", 500)):
        parts[f"curriculum_{probe}"] = _sample(read_curriculum(root / "curriculum_nli" / f"{probe}.zip"), n(k), rng)
    claimdiff = [r for r in read_claimdiff(root / "claimdiff", "train")]
    parts["claimdiff"] = stance_mix(claimdiff, rng, {0: n(700), 1: n(400), 2: n(373)})
    parts["climate_fever"] = stance_mix(read_climate_fever(root / "climate_fever" / "climate-fever.jsonl"), rng,
                                        {0: n(1200), 1: n(600), 2: n(900)})  # fmt: skip
    arc = read_stance(root / "arc_stance" / "arc_stances_train.csv", root / "arc_stance" / "arc_bodies.csv")
    parts["arc_stance"] = stance_mix(arc, rng, {0: n(1500), 1: n(2200), 2: n(900), 3: n(600)})
    fnc = read_stance(root / "fnc1" / "train_stances.csv", root / "fnc1" / "train_bodies.csv", fnc_train_rows(root, seed))
    parts["fnc1"] = stance_mix(fnc, rng, {0: n(2200), 1: n(1800), 2: n(2500), 3: n(1500)})
    persp = read_perspectrum(root / "perspectrum", "train")
    parts["perspectrum"] = _sample([(q.claim, q.perspective, LABELS.index(q.stance)) for q in persp], n(2500), rng)
    out = [ex for rows in parts.values() for ex in rows]
    rng.shuffle(out)
    return out, {k: len(v) for k, v in parts.items()}
