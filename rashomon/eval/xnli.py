"""XNLI dev: the shipped claim-relation model on entailment in eight languages and across them.

The model reads agree / disagree / discuss / unrelated; as in ``anli`` its
arg-max over entailment (agree), contradiction (disagree) and neutral (discuss
+ unrelated) is scored, premise first. Line ``i`` of every ``dev-XX.tsv`` is
the same pair translated, so besides each language on its own the task scores
*cross-lingual* pairs: the English premise with line ``i``'s hypothesis in the
other language, the label unchanged. That is what two outlets in two languages
look like to the relation stage. The model was trained on English only, so
figures near chance (the three labels are balanced: 0.333) outside English are
the honest result, not a fault of the scorer.

    rashomon eval xnli               # the first 300 lines of each file
    rashomon eval xnli --limit 2490  # every line (not saved)
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from ..errors import InputError
from .fnc1 import load_model
from .relations import _argmax3, macro_f1
from .tasks import EvalOptions, Row, TaskResult, task

LANGS = ("en", "ar", "de", "es", "fr", "ru", "tr", "zh")
LABELS = ("entailment", "contradiction", "neutral")
DEFAULT_LINES = 300  # 100 premises x 3 hypotheses: the labels stay balanced
FAST_LINES = 60
Item = tuple[str, str, str]  # premise, hypothesis, label


def read_tsv(path: Path, limit: int) -> list[Item]:
    """The first ``limit`` ``premise TAB hypothesis TAB label`` lines."""
    out: list[Item] = []
    try:
        with path.open(encoding="utf-8") as fh:
            for n, line in enumerate(fh, 1):
                parts = line.rstrip("\n").split("\t")
                if len(parts) != 3 or parts[2] not in LABELS:
                    raise InputError(str(path), f"line {n}: expected premise, hypothesis and an XNLI label")
                out.append((parts[0], parts[1], parts[2]))
                if len(out) >= limit:
                    break
    except OSError as exc:
        raise InputError(str(path), f"cannot read XNLI file ({exc})") from exc
    return out


def cross_pairs(english: list[Item], other: list[Item], lang: str) -> list[Item]:
    """English premise with the other language's hypothesis, line by line; the lines must agree on labels."""
    if len(english) != len(other):
        raise InputError(f"dev-{lang}.tsv", f"XNLI {lang} has {len(other)} lines where English has {len(english)}")
    for n, (e, o) in enumerate(zip(english, other), 1):
        if e[2] != o[2]:
            raise InputError(f"dev-{lang}.tsv", f"XNLI line {n}: label {o[2]!r} differs from English {e[2]!r}; files not aligned")
    return [(e[0], o[1], e[2]) for e, o in zip(english, other)]


def score(model: Any, items: list[Item]) -> dict[str, float]:
    """Accuracy and macro-F1 of the model's three-way arg-max, premise read first."""
    pred = _argmax3(model.predict([(p, h) for p, h, _ in items]), LABELS)
    return macro_f1([g for _, _, g in items], pred, LABELS)


@task("xnli")
def run(opts: EvalOptions) -> TaskResult:
    start = time.time()
    lines = opts.limit or (FAST_LINES if opts.fast else DEFAULT_LINES)
    data = {lang: read_tsv(opts.path("xnli_dev", f"dev-{lang}.tsv"), lines) for lang in LANGS}
    model = load_model(opts)
    sets = dict(data)
    sets.update({f"en-{lang}": cross_pairs(data["en"], data[lang], lang) for lang in LANGS if lang != "en"})
    rows: list[Row] = []
    details: dict[str, Any] = {"model": getattr(model, "name", ""), "lines_per_file": len(data["en"])}
    for name, items in sets.items():
        s = score(model, items)
        details[name] = s
        what = f"{name} (English premise, {name[3:]} hypothesis)" if "-" in name else name
        rows.append(Row(f"xnli dev {what}, first {len(items)} pairs", "accuracy", round(s["accuracy"], 4),
                        "chance 0.333 (balanced labels)"))
    cmd = "rashomon eval xnli" + (f" --limit {opts.limit}" if opts.limit else "")
    return TaskResult("xnli", rows, cmd, details, round(time.time() - start, 1))
