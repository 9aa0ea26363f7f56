"""XNLI dev: the shipped claim-relation model on entailment in eight languages and across them.

The model reads agree / disagree / discuss / unrelated; as in ``anli`` its
arg-max over entailment (agree), contradiction (disagree) and neutral (discuss
+ unrelated) is scored, premise first. Line ``i`` of every ``dev-XX.tsv`` is
the same pair translated, so besides each language on its own the task scores
*cross-lingual* pairs: the English premise with line ``i``'s hypothesis in the
other language, the label unchanged. That is what two outlets in two languages
look like to the relation stage. The English cross-encoder was trained on
English only, so its figures near chance (the three labels are balanced:
0.333) outside English are the honest result, not a fault of the scorer; the
cross-lingual head (``models.crosslingual``), which ``relate`` uses for every
pair with a non-English side, is scored on the same lines beside it.

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
HEAD_HELD_OUT = 300  # the cross-lingual head trains on lines 300 and after (models/train_crosslingual.py)
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


def load_crosslingual() -> Any:
    """The configured ``nli_multilingual`` model (the cross-lingual head by default)."""
    from ..config import load_settings
    from ..models.registry import ModelRegistry

    return ModelRegistry(load_settings()).get("nli_multilingual")


@task("xnli")
def run(opts: EvalOptions) -> TaskResult:
    """Both relation models: the English cross-encoder, and the cross-lingual head that reads the other pairs.

    The head never trained on these lines (``train_crosslingual``: lines 0-299 held out), so its rows are
    held-out figures only while the scored lines stay within the first 300.
    """
    start = time.time()
    lines = opts.limit or (FAST_LINES if opts.fast else DEFAULT_LINES)
    data = {lang: read_tsv(opts.path("xnli_dev", f"dev-{lang}.tsv"), lines) for lang in LANGS}
    sets = dict(data)
    sets.update({f"en-{lang}": cross_pairs(data["en"], data[lang], lang) for lang in LANGS if lang != "en"})
    models = {"accuracy": load_model(opts),
              "accuracy, cross-lingual head": load_crosslingual()}  # fmt: skip
    rows: list[Row] = []
    details: dict[str, Any] = {"model": getattr(models["accuracy"], "name", ""), "lines_per_file": len(data["en"]),
                               "crosslingual_model": getattr(models["accuracy, cross-lingual head"], "name", "")}
    held_out = len(data["en"]) <= HEAD_HELD_OUT
    for metric, model in models.items():
        for name, items in sets.items():
            s = score(model, items)
            details[f"{name} {metric}"] = s
            what = f"{name} (English premise, {name[3:]} hypothesis)" if "-" in name else name
            note = "chance 0.333 (balanced labels)"
            if metric != "accuracy" and not held_out:
                note += "; includes lines the head trained on"
            rows.append(Row(f"xnli dev {what}, first {len(items)} pairs", metric, round(s["accuracy"], 4), note))
    cmd = "rashomon eval xnli" + (f" --limit {opts.limit}" if opts.limit else "")
    return TaskResult("xnli", rows, cmd, details, round(time.time() - start, 1))
