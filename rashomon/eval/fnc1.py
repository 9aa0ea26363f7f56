"""``rashomon eval fnc1``: the agree/contradict model on FNC-1 (official score, per-class and macro F1).

What is measured, and how honestly:

* **Held-out dev split** (the default): whole claim components of the FNC-1
  train file held out from training (``fnc_data.dev_split``), so no headline
  and no body of a dev pair was seen in training. The full two-stage model
  (gate + cross-encoder) is scored here: FNC score, per-class F1, macro-F1,
  confusion matrix. Dev holds a larger share of related pairs than the
  competition test (about 58% vs 28%), so its FNC score is not directly
  comparable with the leaderboard; macro-F1 and *disagree* F1 are.
* **5-fold cross-validation grouped by claim component** on the training side
  of that split, of the cheap related/unrelated gate only (it is retrained per
  fold). The cross-encoder is not cross-validated: one fine-tuning run costs
  about 45 minutes on 2 cores.
* ``--split competition_test --out FILE``: predictions for the unlabeled
  competition test in the official CSV format (its labels are held back).
* ``--fast``: a fixed sample of dev pairs from 40 bodies, for CI.
"""

from __future__ import annotations

import os
import random
import time
from pathlib import Path
from typing import Any

import numpy as np

from ..models.fnc_data import (
    LABELS,
    StancePair,
    dev_split,
    group_folds,
    read_bodies,
    read_stances,
    write_predictions,
)
from ..models.nli_features import embed_bodies, embed_texts, relatedness_features
from .fnc_score import FncScore, score
from .tasks import EvalOptions, Row, TaskResult, task

FNC_REFERENCE = "FNC-1 competition test: 82.02 best system, 75.20 official baseline"
MACRO_REFERENCE = "FNC-1 competition test: 0.58-0.60 for the 2017 top three (Hanselowski et al. 2018)"
DISAGREE_REFERENCE = "FNC-1 competition test: 0.04-0.15 for the 2017 top three (Hanselowski et al. 2018)"
FAST_BODIES = 25


def load_model(opts: EvalOptions) -> Any:
    """The configured ``nli`` model (``[models] nli``), so a user-named model is scored the same way."""
    from ..config import load_settings
    from ..models.registry import ModelRegistry

    name = opts.extra.get("model")
    if name:
        from ..models.nli import load_by_path

        return load_by_path(str(name))
    return ModelRegistry(load_settings()).get("nli")


def predict_labels(model: Any, pairs: list[StancePair], bodies: dict[int, str], embedded: dict[int, Any] | None = None) -> list[str]:
    """Arg-max labels; with our gated model, bodies and headlines are embedded once."""
    if getattr(model, "gate", None) is None:
        probs = model.predict_array([(p.headline, bodies[p.body_id]) for p in pairs])
        return [LABELS[i] for i in probs.argmax(axis=1)]
    embedded = embedded if embedded is not None else embed_all(model, pairs, bodies)
    heads = sorted({p.headline for p in pairs})
    head_vec = dict(zip(heads, embed_texts(model.encoder, heads)))
    probs = model.predict_embedded([(p.headline, head_vec[p.headline], embedded[p.body_id]) for p in pairs])
    return [LABELS[i] for i in probs.argmax(axis=1)]


def embed_all(model: Any, pairs: list[StancePair], bodies: dict[int, str]) -> dict[int, Any]:
    """Each body of ``pairs`` split and embedded once (cached on disk between runs)."""
    ids = sorted({p.body_id for p in pairs})
    return dict(zip(ids, embed_bodies(model.encoder, [bodies[i] for i in ids], cache_dir())))


def cache_dir() -> Path | None:
    """Per-user cache for sentence vectors; ``RASHOMON_NO_CACHE=1`` turns it off."""
    if os.environ.get("RASHOMON_NO_CACHE"):
        return None
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("rashomon")) / "eval"


def fast_sample(pairs: list[StancePair], dev_idx: list[int], seed: int = 13, limit: int = 300) -> list[int]:
    """Dev pairs of a fixed random set of bodies (embedding bodies is the cost), at most ``limit``."""
    bodies = sorted({pairs[i].body_id for i in dev_idx})
    keep = set(random.Random(seed).sample(bodies, min(FAST_BODIES, len(bodies))))
    idx = [i for i in dev_idx if pairs[i].body_id in keep]
    return sorted(random.Random(seed).sample(idx, min(limit, len(idx))))


def score_rows(data: str, s: FncScore) -> list[Row]:
    f1 = s.f1()
    return [
        Row(data, "FNC score (% of max)", round(s.percent, 2), FNC_REFERENCE),
        Row(data, "macro-F1", round(s.macro_f1(), 4), MACRO_REFERENCE),
        Row(data, "disagree F1", round(f1["disagree"], 4), DISAGREE_REFERENCE),
        *(Row(data, f"{label} F1", round(f1[label], 4)) for label in ("agree", "discuss", "unrelated")),
    ]


def score_details(s: FncScore, gold: list[str]) -> dict[str, Any]:
    return {
        "labels": list(LABELS),
        "confusion_rows_gold_cols_pred": s.confusion,
        "f1": s.f1(),
        "accuracy": s.accuracy(),
        "gold_counts": {label: gold.count(label) for label in LABELS},
    }


def gate_cross_validation(model: Any, pairs: list[StancePair], train_idx: list[int], embedded: dict[int, Any], k: int = 5) -> dict[str, Any]:
    """Retrain the related/unrelated gate on k-1 claim-grouped folds, score the held-out fold."""
    from sklearn.neural_network import MLPClassifier
    from sklearn.preprocessing import StandardScaler

    from ..models.nli_features import GateMLP, fit_idf

    sub = [pairs[i] for i in train_idx]
    folds = np.array(group_folds(sub, k))
    heads = sorted({p.headline for p in sub})
    head_vec = dict(zip(heads, embed_texts(model.encoder, heads)))
    y = np.array([p.stance != "unrelated" for p in sub], dtype=int)
    accs, f1s = [], []
    for f in range(k):
        tr, te = np.where((folds != f) & (folds >= 0))[0], np.where(folds == f)[0]
        idf = fit_idf([" ".join(embedded[b].sentences) for b in sorted({sub[i].body_id for i in tr})])
        feats = {i: relatedness_features(head_vec[sub[i].headline], sub[i].headline, embedded[sub[i].body_id], idf)
                 for i in np.concatenate([tr, te])}  # fmt: skip
        x_tr, x_te = np.array([feats[i] for i in tr]), np.array([feats[i] for i in te])
        scaler = StandardScaler().fit(x_tr)
        mlp = MLPClassifier(hidden_layer_sizes=(32, 16), max_iter=300, random_state=13, alpha=1e-3).fit(scaler.transform(x_tr), y[tr])
        pred = (GateMLP.from_sklearn(scaler, mlp).predict_proba(x_te) >= 0.5).astype(int)
        accs.append(float((pred == y[te]).mean()))
        tp = int(((pred == 1) & (y[te] == 1)).sum())
        f1s.append(2 * tp / max(1, int(pred.sum() + y[te].sum())))
    return {"folds": k, "grouping": "claim component (headline and body)", "accuracy": accs, "related_f1": f1s,
            "mean_accuracy": float(np.mean(accs)), "mean_related_f1": float(np.mean(f1s))}  # fmt: skip


def run_dev(opts: EvalOptions, model: Any) -> TaskResult:
    root = opts.path("fnc1")
    pairs = read_stances(root / "train_stances.csv")
    bodies = read_bodies(root / "train_bodies.csv")
    seed = int(getattr(model, "manifest", {}).get("seed", 13))
    train_idx, dev_idx = dev_split(pairs, seed)
    idx = fast_sample(pairs, dev_idx, seed) if opts.fast else dev_idx[: opts.limit] if opts.limit else dev_idx
    gated = getattr(model, "gate", None) is not None
    want_cv = gated and not opts.fast and not opts.limit and opts.extra.get("cv", True)
    embedded = embed_all(model, [pairs[i] for i in (train_idx + idx if want_cv else idx)], bodies) if gated else None
    gold = [str(pairs[i].stance) for i in idx]
    pred = predict_labels(model, [pairs[i] for i in idx], bodies, embedded)
    s = score(gold, pred)
    data = "fnc1 dev subset (fast)" if opts.fast else "fnc1 dev (held-out claims)"
    rows = score_rows(data, s)
    details: dict[str, Any] = {"model": getattr(model, "name", ""), "pairs": len(idx), "split_seed": seed, **score_details(s, gold)}
    if want_cv and embedded is not None:
        cv = gate_cross_validation(model, pairs, train_idx, embedded)
        details["gate_cv"] = cv
        rows.append(Row("fnc1 train, 5-fold claim-grouped CV", "related/unrelated accuracy (gate only)",
                        round(cv["mean_accuracy"], 4), ""))  # fmt: skip
    command = "rashomon eval fnc1 --fast" if opts.fast else "rashomon eval fnc1"
    return TaskResult("fnc1", rows, command, details)


def run_competition_test(opts: EvalOptions, model: Any) -> TaskResult:
    if opts.out is None:
        from ..errors import InputError

        raise InputError("fnc1 --split competition_test", "needs --out FILE for the predictions CSV")
    root = opts.path("fnc1")
    pairs = read_stances(root / "competition_test_stances_unlabeled.csv")
    bodies = read_bodies(root / "competition_test_bodies.csv")
    missing = sorted({p.body_id for p in pairs} - set(bodies))
    if missing:
        from ..errors import InputError

        raise InputError(str(root / "competition_test_bodies.csv"), f"no body for Body IDs {missing[:5]}")
    labels = predict_labels(model, pairs, bodies)
    write_predictions(opts.out, pairs, labels)
    counts = {label: labels.count(label) for label in LABELS}
    return TaskResult("fnc1_competition_test", [], f"rashomon eval fnc1 --split competition_test --out {opts.out.name}",
                      {"predictions": str(opts.out), "pairs": len(pairs), "predicted_counts": counts,
                       "model": getattr(model, "name", "")})  # fmt: skip


@task("fnc1")
def fnc1(opts: EvalOptions) -> TaskResult:
    """FNC-1 stance: held-out dev figures (default) or competition-test predictions (``split``)."""
    start = time.time()
    model = load_model(opts)
    if opts.split in ("competition_test", "test"):
        result = run_competition_test(opts, model)
    elif opts.split in (None, "dev", "train"):
        result = run_dev(opts, model)
    else:
        from ..errors import InputError

        raise InputError(f"fnc1 --split {opts.split}", "unknown split (use dev or competition_test)")
    result.seconds = round(time.time() - start, 1)
    return result
