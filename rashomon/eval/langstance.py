"""Stance in Arabic and Persian news: the shipped claim-relation model on two test splits.

* ``ans_arabic_stance``: ANS (Khouja 2020), pairs of Arabic headlines, a
  headline and a paraphrase (agree) or a minimal corruption of it (disagree:
  negation, another number, a swapped name), or an unrelated one (other). The
  pairs are claim against claim, so they are read both ways and averaged as
  the product compares claims (``compare.relate.combine``); the arg-max over
  agree, disagree and other (discuss + unrelated) is scored.
* ``farexstance_fa``: FarExStance (Zarharan et al. 2025), the stance of a
  Persian news headline (``h2c``) or article (``b2c``) towards a claim, with
  the four FNC labels the model itself predicts. The claim is read as the
  headline and the news text as the body, as in FNC-1 training; an article
  body goes through the model's related/unrelated gate and evidence selection.
  Bodies are long and slow on CPU, so ``b2c`` is a fixed random sample.

The model was trained on English only: these rows measure what it does with
text it cannot read, and the macro-F1 of always answering the majority label
is kept in the details beside each figure.

    rashomon eval ans_arabic_stance   # the whole test split (379 pairs)
    rashomon eval farexstance_fa      # h2c test (1,281) and a 200-pair sample of b2c test (1,440)
"""

from __future__ import annotations

import csv
import random
import time
from collections import Counter
from pathlib import Path
from typing import Any

from ..errors import InputError
from .fnc1 import load_model
from .relations import _argmax3, _both_ways, macro_f1
from .tasks import EvalOptions, Row, TaskResult, task
from .xlsx import read_rows
from .xnli import load_crosslingual

ANS_LABELS = ("agree", "disagree", "other")
FAREX_LABELS = ("disagree", "agree", "discuss", "unrelated")  # the data's ids 0..3 (FarExStance label_2_id)
MODEL_LABELS = ("agree", "disagree", "discuss", "unrelated")
B2C_SAMPLE, FAST_SAMPLE = 200, 60
SEED = 13
Pair = tuple[str, str, str]  # text a, text b, gold label


def read_ans(path: Path) -> list[Pair]:
    """``s1, s2, stance`` rows of an ANS stance split."""
    try:
        with path.open(encoding="utf-8", newline="") as fh:
            rows = [(r["s1"], r["s2"], r["stance"]) for r in csv.DictReader(fh)]
    except (OSError, KeyError) as exc:
        raise InputError(str(path), f"cannot read ANS stance file ({exc})") from exc
    unknown = {lab for _, _, lab in rows} - set(ANS_LABELS)
    if unknown:
        raise InputError(str(path), f"unknown stance labels {sorted(unknown)}")
    return rows


def read_farex(path: Path, text_column: str) -> list[Pair]:
    """(claim, news text, label) of a FarExStance sheet; stance ids 0..3 become label names."""
    out = []
    for n, row in enumerate(read_rows(path), 2):
        try:
            label = FAREX_LABELS[int(float(row["stance"]))]
            out.append((row["claim"].strip(), row[text_column].strip(), label))
        except (KeyError, ValueError, IndexError) as exc:
            raise InputError(str(path), f"row {n}: no claim, {text_column} and stance 0-3 ({exc})") from exc
    return out


def sample(items: list[Pair], n: int | None, seed: int = SEED) -> list[Pair]:
    """A fixed random sample of ``n`` items in file order (all of them when ``n`` is None or larger)."""
    if n is None or n >= len(items):
        return items
    keep = sorted(random.Random(seed).sample(range(len(items)), n))
    return [items[i] for i in keep]


def scores(gold: list[str], pred: list[str], labels: tuple[str, ...]) -> dict[str, Any]:
    """Macro-F1 and friends, with the majority-label baseline and both label distributions."""
    majority = Counter(gold).most_common(1)[0][0] if gold else labels[0]
    return {**macro_f1(gold, pred, labels), "n": len(gold),
            "majority_macro_f1": macro_f1(gold, [majority] * len(gold), labels)["macro_f1"],
            "gold_counts": dict(Counter(gold)), "predicted_counts": dict(Counter(pred))}  # fmt: skip


def fnc_argmax(probs: list[dict[str, float]]) -> list[str]:
    """The model's own four-way arg-max."""
    return [max(MODEL_LABELS, key=p.__getitem__) for p in probs]


@task("ans_arabic_stance")
def ans(opts: EvalOptions) -> TaskResult:
    start = time.time()
    split = opts.split or "test"
    items = sample(read_ans(opts.path("ans_arabic_stance", "stance", f"{split}.csv")),
                   opts.limit or (FAST_SAMPLE if opts.fast else None))  # fmt: skip
    model = load_model(opts)
    gold = [g for _, _, g in items]
    s = scores(gold, _argmax3(_both_ways(model, [(a, b) for a, b, _ in items]), ANS_LABELS), ANS_LABELS)
    head = load_crosslingual()  # what relate reads Arabic pairs with; never trained on ANS
    h = scores(gold, _argmax3(_both_ways(head, [(a, b) for a, b, _ in items]), ANS_LABELS), ANS_LABELS)
    data = f"ANS stance {split} ({len(items)} pairs, Arabic)"
    baseline = f"no verified published figure; the majority label alone {s['majority_macro_f1']:.3f}"
    rows = [Row(data, "macro-F1", round(s["macro_f1"], 4), baseline),
            Row(data, "disagree F1", round(s["f1_disagree"], 4), ""),
            Row(data, "macro-F1, cross-lingual head", round(h["macro_f1"], 4), "trained on XNLI only"),
            Row(data, "disagree F1, cross-lingual head", round(h["f1_disagree"], 4), "")]  # fmt: skip
    cmd = "rashomon eval ans_arabic_stance" + (f" --limit {opts.limit}" if opts.limit else "")
    return TaskResult("ans_arabic_stance", rows, cmd,
                      {**s, "model": getattr(model, "name", ""), "crosslingual_head": h,
                       "crosslingual_model": getattr(head, "name", "")}, round(time.time() - start, 1))  # fmt: skip


@task("farexstance_fa")
def farex(opts: EvalOptions) -> TaskResult:
    start = time.time()
    split = opts.split or "test"
    model = load_model(opts)
    sets = {
        "h2c": ("news_title", "claim vs headline", opts.limit or (FAST_SAMPLE if opts.fast else None), ""),
        "b2c": ("content", "claim vs article", opts.limit or (FAST_SAMPLE if opts.fast else B2C_SAMPLE),
                "fine-tuned XLM-R large 0.745 on all 1,440 test pairs (Zarharan et al. 2025)"),
    }  # fmt: skip
    head = load_crosslingual()
    rows, details = [], {"model": getattr(model, "name", ""), "seed": SEED, "crosslingual_model": getattr(head, "name", "")}
    for name, (column, what, n, reference) in sets.items():
        every = read_farex(opts.path("farexstance_fa", name, f"{split}_set_final.xlsx"), column)
        items = sample(every, n)
        gold = [g for _, _, g in items]
        s = scores(gold, fnc_argmax(model.predict([(claim, text) for claim, text, _ in items])), FAREX_LABELS)
        h = scores(gold, fnc_argmax(head.predict([(claim, text) for claim, text, _ in items])), FAREX_LABELS)
        details[name], details[f"{name} crosslingual_head"] = s, h
        taken = f"random sample of {len(items)} of {len(every)}" if len(items) < len(every) else f"all {len(items)}"
        data = f"FarExStance {name} {split}, {what} ({taken} pairs, Persian)"
        note = f"; the majority label alone {s['majority_macro_f1']:.3f}"
        rows.append(Row(data, "macro-F1 (4 labels)", round(s["macro_f1"], 4), (reference + note).lstrip("; ")))
        rows.append(Row(data, "macro-F1 (4 labels), cross-lingual head", round(h["macro_f1"], 4),
                        "trained on XNLI only; it never answers unrelated"))
    cmd = "rashomon eval farexstance_fa" + (f" --limit {opts.limit}" if opts.limit else "")
    return TaskResult("farexstance_fa", rows, cmd, details, round(time.time() - start, 1))
