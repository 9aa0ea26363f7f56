"""Train the check-worthiness head shipped in ``rashomon/data/models/checkworthy``.

    python -m rashomon.models.train_checkworthy [--data DIR] [--out DIR]

Reads ClaimBuster's ``train.json`` only (the test split and the CheckThat!
2019 transcripts stay unseen, so ``rashomon eval claims`` measures on data the
head never saw; adding the CheckThat! transcripts to training lowered both
scores in our trials). The regularisation strength is chosen by stratified
5-fold cross-validation on the training split with a fixed seed, so the same
data gives the same model. Takes about a minute on two CPU cores, most of it
embedding sentences.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np

from ..benchdata import data_root
from .checkworthy import MODEL_DIR, CheckworthyModel, design_matrix
from .loaders import load_minilm, package_file

SEED = 13
GRID = (0.3, 1.0, 3.0, 10.0)


def read_claimbuster(path: Path) -> tuple[list[str], np.ndarray]:
    """Sentences and 0/1 labels of one ClaimBuster split."""
    rows = json.loads(path.read_text("utf-8"))
    return [r["text"] for r in rows], np.asarray([int(r["label"]) for r in rows])


def choose_c(x: np.ndarray, y: np.ndarray) -> tuple[float, dict[str, float]]:
    """The C with the best cross-validated F1 of the check-worthy class."""
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import StratifiedKFold, cross_val_score

    folds = StratifiedKFold(5, shuffle=True, random_state=SEED)
    scores = {}
    for c in GRID:
        clf = LogisticRegression(C=c, max_iter=3000, class_weight="balanced")
        scores[str(c)] = float(cross_val_score(clf, x, y, cv=folds, scoring="f1").mean())
    best = max(GRID, key=lambda c: scores[str(c)])
    return best, scores


def train(data: Path, out: Path) -> dict[str, Any]:
    """Fit the head on ClaimBuster train and save it; returns what was recorded."""
    from sklearn.linear_model import LogisticRegression

    began = time.perf_counter()
    texts, labels = read_claimbuster(data / "claimbuster" / "train.json")
    x = design_matrix(load_minilm("minilm-l6"), texts)
    best, cv = choose_c(x, labels)
    clf = LogisticRegression(C=best, max_iter=3000, class_weight="balanced").fit(x, labels)
    meta = {
        "trained_on": "claimbuster/train.json",
        "examples": len(texts),
        "positives": int(labels.sum()),
        "C": best,
        "cv_f1": cv,
        "class_weight": "balanced",
        "seed": SEED,
    }
    CheckworthyModel(clf.coef_[0].astype(np.float32), float(clf.intercept_[0]), "minilm-l6", meta).save(out)
    meta["seconds"] = round(time.perf_counter() - began, 1)
    return meta


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", help="benchmark data root (default: the shared data folder)")
    parser.add_argument("--out", help="where to save the head (default: inside the package)")
    args = parser.parse_args(argv)
    out = Path(args.out) if args.out else package_file(*MODEL_DIR)
    meta = train(data_root(args.data), out)
    print(json.dumps(meta, indent=2, sort_keys=True))
    return 0


if __name__ == "__main__":
    sys.exit(main())
