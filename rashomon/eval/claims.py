"""Check-worthiness, scored on data the packaged head never saw.

* **ClaimBuster** ``test.json`` (702 sentences, half check-worthy): F1 of the
  check-worthy class and accuracy at the 0.5 threshold. Published models
  reach about 0.82-0.83 accuracy.
* **CheckThat! 2019** training transcripts (19 debates and speeches): the head
  is trained on ClaimBuster only, so every transcript is held out; sentences
  of each transcript are ranked by score and the task reports mean average
  precision over the transcripts that have a check-worthy sentence. The best
  2019 system scored 0.166 MAP on the (held-back) test transcripts, which are
  not in the shared data: a different set of transcripts, so the figures
  compare in kind, not exactly.
* ``--fast``: a fixed stratified sample of 200 ClaimBuster test sentences and
  the three shortest transcripts, for the CI gate.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from ..config import load_settings
from ..models.checkworthy import CheckworthyModel, encoder_for
from ..models.registry import ModelRegistry
from ..models.train_checkworthy import read_claimbuster
from .tasks import EvalOptions, Row, TaskResult, task

CLAIMBUSTER_REFERENCE = "not like-for-like: the dataset paper (Arslan et al. 2020) reports on other splits"
CHECKTHAT_REFERENCE = "best 2019 system 0.166 MAP on the held-back test transcripts"
FAST_SENTENCES = 200
FAST_TRANSCRIPTS = 3


def read_transcript(path: Path) -> tuple[list[str], np.ndarray]:
    """Sentences and 0/1 labels of one CheckThat! 2019 transcript (line, speaker, text, label)."""
    texts, labels = [], []
    for line in path.read_text("utf-8").splitlines():
        parts = line.split("\t")
        if len(parts) >= 4:
            texts.append(parts[2])
            labels.append(int(parts[3]))
    return texts, np.asarray(labels)


def average_precision(labels: Sequence[int], scores: Sequence[float]) -> float:
    """Average precision of a ranking (ties broken by original order, as in the official scorer)."""
    order = sorted(range(len(scores)), key=lambda i: -scores[i])
    hits, total = 0, 0.0
    for rank, i in enumerate(order, start=1):
        if labels[i]:
            hits += 1
            total += hits / rank
    return total / hits if hits else 0.0


def stratified_sample(labels: np.ndarray, size: int) -> list[int]:
    """Every k-th example of each class, so the sample keeps the class balance; no randomness."""
    out: list[int] = []
    for cls in (0, 1):
        idx = [i for i, y in enumerate(labels) if y == cls]
        want = round(size * len(idx) / len(labels))
        step = max(1, len(idx) // max(1, want))
        out.extend(idx[::step][:want])
    return sorted(out)


def score_claimbuster(model: CheckworthyModel, encoder: Any, path: Path, fast: bool) -> dict[str, Any]:
    texts, labels = read_claimbuster(path)
    if fast:
        keep = stratified_sample(labels, FAST_SENTENCES)
        texts, labels = [texts[i] for i in keep], labels[keep]
    predicted = np.asarray(model.score(texts, encoder)) >= 0.5
    tp = int(np.sum(predicted & (labels == 1)))
    precision = tp / max(1, int(predicted.sum()))
    recall = tp / max(1, int(labels.sum()))
    f1 = 2 * precision * recall / max(1e-9, precision + recall)
    return {"n": len(texts), "accuracy": float(np.mean(predicted == (labels == 1))), "f1": f1,
            "precision": precision, "recall": recall}


def score_checkthat(model: CheckworthyModel, encoder: Any, folder: Path, fast: bool) -> dict[str, Any]:
    paths = sorted(folder.glob("*.tsv"))
    if fast:
        paths = sorted(paths, key=lambda p: p.stat().st_size)[:FAST_TRANSCRIPTS]
    per: dict[str, float] = {}
    for path in paths:
        texts, labels = read_transcript(path)
        if labels.sum():
            per[path.stem] = average_precision(labels.tolist(), model.score(texts, encoder))
    return {"map": float(np.mean(list(per.values()))) if per else 0.0, "transcripts": per}


@task("claims")
def claims(opts: EvalOptions) -> TaskResult:
    """Check-worthiness F1/accuracy on ClaimBuster test and MAP on CheckThat! 2019."""
    began = time.perf_counter()
    registry = ModelRegistry(load_settings())
    model = registry.get("checkworthy")
    encoder = encoder_for(registry, model)
    cb = score_claimbuster(model, encoder, opts.path("claimbuster", "test.json"), opts.fast)
    ct = score_checkthat(model, encoder, opts.path("checkthat2019", "training"), opts.fast)
    if opts.fast:
        cb_data = f"claimbuster test, fixed sample of {cb['n']} (fast)"
        ct_data = f"checkthat2019, {len(ct['transcripts'])} shortest transcripts (fast)"
    else:
        cb_data = f"claimbuster test ({cb['n']} sentences)"
        ct_data = f"checkthat2019 training, {len(ct['transcripts'])} transcripts unseen in training"
    rows = [
        Row(cb_data, "F1 (check-worthy)", round(cb["f1"], 4), CLAIMBUSTER_REFERENCE),
        Row(cb_data, "accuracy", round(cb["accuracy"], 4), CLAIMBUSTER_REFERENCE),
        Row(ct_data, "MAP", round(ct["map"], 4), CHECKTHAT_REFERENCE),
    ]
    details = {"claimbuster": cb, "checkthat2019": ct, "model": {"embedder": model.embedder, **model.meta}}
    result = TaskResult("claims", rows, "rashomon eval claims" + (" --fast" if opts.fast else ""), details)
    result.seconds = round(time.perf_counter() - began, 1)
    return result
