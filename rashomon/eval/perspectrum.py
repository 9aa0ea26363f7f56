"""``rashomon eval perspectrum``: does a perspective support or undermine a claim?

Scores the ``nli`` model on claim/perspective sentence pairs of the *test*
split of ``dataset_split_v1.0.json`` (support -> agree, undermine -> disagree;
clusters labelled not-a-perspective are skipped). These are plain sentence
pairs, so the model runs in its sentence mode (no gate); the prediction is
whichever of agree and disagree is more probable, since every pair has a
stance. The model was trained on the train split only. ``--fast`` scores a
fixed sample of 300 pairs.
"""

from __future__ import annotations

import random
import time
from typing import Any

from ..models.fnc_data import read_perspectrum
from .fnc1 import load_model
from .tasks import EvalOptions, Row, TaskResult, task

REFERENCE = "BERT-base fine-tuned: see Chen et al. 2019 and Popat et al. 2019 (STANCY)"
FAST_PAIRS = 300


def binary_f1(gold: list[str], pred: list[str], positive: str) -> float:
    tp = sum(g == p == positive for g, p in zip(gold, pred))
    n = sum(g == positive for g in gold) + sum(p == positive for p in pred)
    return 2.0 * tp / n if n else 0.0


def stance_scores(gold: list[str], pred: list[str]) -> dict[str, float]:
    """Accuracy, F1 per stance and their mean (macro-F1)."""
    acc = sum(g == p for g, p in zip(gold, pred)) / len(gold) if gold else 0.0
    f1 = {label: binary_f1(gold, pred, label) for label in ("agree", "disagree")}
    majority = max(gold.count("agree"), gold.count("disagree")) / len(gold) if gold else 0.0
    return {"accuracy": acc, "f1_support": f1["agree"], "f1_undermine": f1["disagree"],
            "macro_f1": (f1["agree"] + f1["disagree"]) / 2, "majority_accuracy": majority}  # fmt: skip


@task("perspectrum")
def perspectrum(opts: EvalOptions) -> TaskResult:
    """Stance accuracy and macro-F1 on PERSPECTRUM's test split."""
    start = time.time()
    pairs = read_perspectrum(opts.path("perspectrum"), opts.split or "test")
    if opts.fast:
        pairs = random.Random(13).sample(pairs, min(FAST_PAIRS, len(pairs)))
    elif opts.limit:
        pairs = pairs[: opts.limit]
    model: Any = load_model(opts)
    probs = model.predict([(p.claim, p.perspective) for p in pairs])
    pred = ["agree" if d["agree"] >= d["disagree"] else "disagree" for d in probs]
    gold = [p.stance for p in pairs]
    s = stance_scores(gold, pred)
    data = f"perspectrum {opts.split or 'test'}" + (" subset (fast)" if opts.fast else "")
    rows = [
        Row(data, "stance accuracy", round(s["accuracy"], 4), f"majority class {s['majority_accuracy']:.3f}; {REFERENCE}"),
        Row(data, "stance macro-F1", round(s["macro_f1"], 4), REFERENCE),
    ]
    details = {"pairs": len(pairs), "claims": len({p.claim_id for p in pairs}), "model": getattr(model, "name", ""), **s,
               "mean_p_unrelated": sum(d["unrelated"] for d in probs) / max(1, len(probs))}  # fmt: skip
    command = "rashomon eval perspectrum" + (" --fast" if opts.fast else "")
    return TaskResult("perspectrum", rows, command, details, round(time.time() - start, 1))
