"""Temporal-expression accuracy on the team's own gold set (``eval/gold/timex.tsv``).

Each gold row names an expression, the anchor (publication date) it is read
against, the sentence it occurs in (with the sentences before it where the year
comes from context), and the expected ``start``, ``end`` and ``precision``
(``none`` where the sentence holds no date, e.g. "1500 people", "for three
years"). A row is right when the grammar finds an expression overlapping the
gold text and its start, end and precision all match exactly, or, for ``none``
rows, when it finds nothing there. Rows of split ``test`` were written after the
grammar was frozen and never used to change it; ``dev`` rows were.

    rashomon eval timex
"""

from __future__ import annotations

import csv
from collections import Counter
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from ..errors import InputError
from ..nlp.timegrammar import Found, find
from .tasks import REPO_ROOT, EvalOptions, Row, TaskResult, task

GOLD = REPO_ROOT / "eval" / "gold" / "timex.tsv"


@dataclass(frozen=True)
class GoldTimex:
    split: str
    text: str
    anchor: str
    context: str
    start: str
    end: str
    precision: str
    hedge: str


def read_gold(path: Path = GOLD) -> list[GoldTimex]:
    if not path.is_file():
        raise InputError(str(path), "timex gold file not found")
    with path.open(encoding="utf-8", newline="") as fh:
        rows = [GoldTimex(**{k: (v or "") for k, v in r.items()}) for r in csv.DictReader(fh, delimiter="\t")]
    for i, r in enumerate(rows, start=2):
        if r.text not in (r.context or r.text):
            raise InputError(f"{path}:{i}", f"expression {r.text!r} does not occur in its context")
    return rows


def predict(row: GoldTimex) -> Found | None:
    """The expression the grammar finds over the gold text, or None."""
    context = row.context or row.text
    at = context.find(row.text)
    lo, hi = at, at + len(row.text)
    found = [f for f in find(context, date.fromisoformat(row.anchor)) if f.start < hi and f.end > lo]
    return max(found, key=lambda f: min(f.end, hi) - max(f.start, lo), default=None)


def is_correct(row: GoldTimex, got: Found | None) -> bool:
    if row.precision == "none":
        return got is None
    if got is None:
        return False
    v = got.value
    return (v.start or "", v.end or "", v.precision) == (row.start, row.end, row.precision)


def score(rows: list[GoldTimex]) -> dict[str, object]:
    """Exact-match accuracy overall and per expected precision, plus the misses."""
    right: Counter[str] = Counter()
    total: Counter[str] = Counter()
    hedges = [0, 0]
    misses = []
    for row in rows:
        got = predict(row)
        ok = is_correct(row, got)
        total[row.precision] += 1
        right[row.precision] += ok
        if row.hedge:
            hedges[0] += 1
            hedges[1] += bool(got and got.value.hedge == row.hedge)
        if not ok:
            misses.append({"text": row.text, "context": row.context, "expected":
                           f"{row.start}|{row.end}|{row.precision}", "got": None if got is None else
                           f"{got.value.start or ''}|{got.value.end or ''}|{got.value.precision}"})
    n = sum(total.values())
    return {
        "n": n,
        "accuracy": sum(right.values()) / n if n else 0.0,
        "by_precision": {p: {"n": total[p], "accuracy": right[p] / total[p]} for p in sorted(total)},
        "hedge_accuracy": hedges[1] / hedges[0] if hedges[0] else 0.0,
        "misses": misses,
    }


@task("timex")
def run(opts: EvalOptions) -> TaskResult:
    """Accuracy of the time grammar on the gold expressions, per split and per precision (fast already)."""
    rows = read_gold(Path(opts.extra["gold"]) if opts.extra.get("gold") else GOLD)
    details: dict[str, object] = {}
    result_rows: list[Row] = []
    for split in ("dev", "test", "all"):
        subset = [r for r in rows if split in (r.split, "all")]
        if not subset:
            continue
        s = score(subset)
        details[split] = s
        result_rows.append(Row(f"timex gold ({split}, n={s['n']})", "exact-match accuracy",
                               round(float(s["accuracy"]), 4), "no published figure (own gold)"))  # type: ignore[arg-type]
    return TaskResult("timex", result_rows, "rashomon eval timex", details)
