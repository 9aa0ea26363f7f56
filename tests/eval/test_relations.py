"""The claim-relation eval tasks: leave-one-story-out scoring and per-relation figures."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from rashomon.eval.relations import article_language, leave_one_story_out, per_relation
from rashomon.models.nli_calibrate import FEATURES


def test_per_relation_counts_precision_and_recall() -> None:
    gold = ["agree", "agree", "contradict", "neither"]
    pred = ["agree", "neither", "agree", "neither"]
    got = per_relation(gold, pred)
    assert got["agree"]["precision"] == 0.5 and got["agree"]["recall"] == 0.5
    assert got["contradict"] == {"precision": 0.0, "recall": 0.0, "predicted": 0, "gold": 1}


def test_held_out_story_is_never_in_its_own_fit() -> None:
    """Readable features give precise held-out links, and a story's own labels never change its predictions."""
    rng = np.random.default_rng(3)
    n = 320
    stories = [f"s{i % 4}" for i in range(n)]
    gold = rng.choice(["agree", "neither"], size=n).tolist()
    x = rng.uniform(0, 0.2, size=(n, len(FEATURES)))
    x[:, FEATURES.index("overlap")] = 0.5  # all pass the guard
    for i, g in enumerate(gold):
        x[i, FEATURES.index("p_agree")] += rng.uniform(0.3, 0.6) if g == "agree" else 0.0
    pred, _, folds = leave_one_story_out(x, gold, stories)
    assert per_relation(gold, pred)["agree"]["precision"] > 0.9 and set(folds) == {"s0", "s1", "s2", "s3"}
    shuffled = [("neither" if g == "agree" else "agree") if s == "s3" else g for g, s in zip(gold, stories)]
    again, _, _ = leave_one_story_out(x, shuffled, stories)
    assert [p for p, s in zip(again, stories) if s == "s3"] == [p for p, s in zip(pred, stories) if s == "s3"]


def test_article_language_reads_the_header(tmp_path: Path) -> None:
    page = tmp_path / "01_x.txt"
    page.write_text("URL: http://example.org\nDATE: n/s\nLANG: pt\n\nTexto.", encoding="utf-8")
    assert article_language(page) == "pt"
