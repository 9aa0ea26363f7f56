"""One name across scripts: does the resolver join a Latin spelling with its Arabic, Russian or Chinese one?

Pairs come from the test splits of ``names_xlit_wikidata`` (English to Arabic,
Chinese, Russian person names) and ``anetac_en_ar`` (English and Arabic named
entities). For each sampled name the positive pair is its own foreign spelling;
the hard negative is the foreign spelling of the *most similar other* English
name in the sample (by edit distance), so "Andri" meets the Arabic of "Andre".
Each pair goes through the real resolver as two person mentions in two
documents, and the score is pairwise precision and recall per script.

    rashomon eval xlit               # --limit N pairs per set (default 1000)
"""

from __future__ import annotations

import random
import time
from pathlib import Path
from typing import Any

from rapidfuzz.distance import Levenshtein
from rapidfuzz.process import extract

from ..errors import InputError
from ..model import Mention
from .names import PairCounts, _count
from .tasks import EvalOptions, Row, TaskResult, task

SETS = {
    "names_xlit_wikidata ar": ("names_xlit_wikidata", "wd_arabic_20"),
    "names_xlit_wikidata ru": ("names_xlit_wikidata", "wd_russian_20"),
    "names_xlit_wikidata zh": ("names_xlit_wikidata", "wd_chinese_20"),
    "anetac_en_ar": ("anetac_en_ar", "EN-AR Translit"),
}


def read_pairs(folder: Path, name: str) -> list[tuple[str, str]]:
    """(Latin, foreign) spellings of the test split; letters of one word are space-separated in the files."""
    try:
        if name == "EN-AR Translit":
            en = (folder / name / "test.en").read_text(encoding="utf-8").splitlines()
            ar = (folder / name / "test.ar").read_text(encoding="utf-8").splitlines()
            rows = list(zip(en, ar))
        else:
            lines = (folder / name).read_text(encoding="utf-8").splitlines()
            rows = [(c[0], c[1]) for c in (line.split("\t") for line in lines) if len(c) >= 2]
    except OSError as exc:
        raise InputError(str(folder / name), f"cannot read name pairs ({exc})") from exc
    out = []
    for a, b in rows:
        a, b = a.replace(" ", ""), b.replace(" ", "")
        if a and b:
            out.append((a.title(), b))
    return out


def joined(a: str, b: str) -> bool:
    """Whether the resolver makes one actor of two person names seen in two documents."""
    from ..nlp.resolve import resolve

    mentions = [Mention("d0", 0, len(a), a, "PERSON"), Mention("d1", 0, len(b), b, "PERSON")]
    resolve(mentions)
    return mentions[0].entity == mentions[1].entity


def score_set(pairs: list[tuple[str, str]], limit: int, seed: int = 13) -> tuple[PairCounts, list[str]]:
    """Pair counts over ``limit`` sampled names: each against its own spelling and its hardest negative."""
    rng = random.Random(seed)
    unique = list({a.lower(): (a, b) for a, b in pairs}.values())
    sample = rng.sample(unique, min(limit, len(unique)))
    latin = [a for a, _ in sample]
    counts, examples = PairCounts(), list[str]()
    for i, (a, b) in enumerate(sample):
        _count(counts, True, ok := joined(a, b))
        if not ok and len(examples) < 5:
            examples.append(f"missed {a} / {b}")
        near = [j for _, _, j in extract(a, latin, scorer=Levenshtein.distance, limit=3) if j != i]
        if near and latin[near[0]].lower() != a.lower():
            wrong = joined(a, sample[near[0]][1])
            _count(counts, False, wrong)
            if wrong and len(examples) < 10:
                examples.append(f"joined {a} / {sample[near[0]][1]} ({latin[near[0]]})")
    return counts, examples


@task("xlit")
def run(opts: EvalOptions) -> TaskResult:
    t0 = time.perf_counter()
    limit = opts.limit or (200 if opts.fast else 1000)
    rows: list[Row] = []
    details: dict[str, Any] = {"names_per_set": limit}
    for label, (folder, name) in SETS.items():
        counts, examples = score_set(read_pairs(opts.path(folder), name), limit)
        rows.append(Row(f"{label} test", "pairwise precision", round(counts.precision, 4)))
        rows.append(Row(f"{label} test", "pairwise recall", round(counts.recall, 4)))
        details[label] = {**vars(counts), "examples": examples}
    cmd = "rashomon eval xlit" + (f" --limit {opts.limit}" if opts.limit else "")
    return TaskResult("xlit", rows, cmd, details, time.perf_counter() - t0)
