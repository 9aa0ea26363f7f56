"""SemEval-2022 task 8 (multilingual news article similarity): does our story score follow human judgement?

Each row of the sample is a pair of articles (one language or two) with the
annotators' ``Overall`` similarity on the task's 1-4 scale, where 1 is *very
similar* and 4 *very dissimilar*. Our score of a pair is what story assignment
computes when the second article meets a story founded by the first
(``stories.assign``): the story features of both texts (``stories.features``:
hashed TF-IDF of the lead and capitalised names), weighted by sublinear TF and
smooth IDF, the document frequencies counted over every article of the file
(as a stream that had seen them all would), and scored by the active index's
weighted cosine (``stories.index``), undated so no decay applies.

Since a high score means alike and a high ``Overall`` unlike, the rows give the
Pearson correlation of our score with ``5 - Overall`` (the sign flipped, so
higher is better, as for the task's systems). The files are a sample shipped
with the winning system, not the official evaluation set, and some of their
texts are machine translations or mis-decoded (the Turkish ones), so the
figures are for development, not the leaderboard.

    rashomon eval semeval8                    # testing_set.csv
    rashomon eval semeval8 --split training   # training_set.csv (not saved)
"""

from __future__ import annotations

import csv
import time
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from ..errors import InputError
from ..model import Document
from ..stories.assign import Assigner
from ..stories.config import StoryConfig
from ..stories.features import DocFeatures, Featurizer
from ..stories.index import ActiveIndex, Query
from .tasks import EvalOptions, Row, TaskResult, task

REFERENCE = "HFL (trained XLM-R) 0.818 on the official evaluation set, not on this sample"


@dataclass(frozen=True)
class Pair:
    pair_id: str
    lang1: str
    lang2: str
    text1: str
    text2: str
    overall: float


def read_pairs(path: Path) -> list[Pair]:
    """Pairs with both texts and an Overall score; a file without texts (ids and URLs only) is refused."""
    try:
        with path.open(encoding="utf-8", newline="") as fh:
            reader = csv.DictReader(fh)
            columns = set(reader.fieldnames or ())
            raw = list(reader)
    except OSError as exc:
        raise InputError(str(path), f"cannot read SemEval-2022 task 8 file ({exc})") from exc
    if not {"text1", "text2"} <= columns or not any(r["text1"].strip() and r["text2"].strip() for r in raw):
        raise InputError(str(path), "blocked: the file holds no article texts (the task shipped ids and URLs only); "
                         "nothing is scored rather than texts invented")  # fmt: skip
    missing = {"pair_id", "lang1", "lang2", "Overall"} - columns
    if missing:
        raise InputError(str(path), f"missing columns {sorted(missing)}")
    return [Pair(r["pair_id"], r["lang1"], r["lang2"], r["text1"], r["text2"], float(r["Overall"]))
            for r in raw if r["text1"].strip() and r["text2"].strip() and r["Overall"].strip()]  # fmt: skip


class PairScorer:
    """Story similarity of two articles, with document frequencies counted over a whole corpus."""

    def __init__(self, texts: Sequence[str], config: StoryConfig | None = None) -> None:
        self.config = config or StoryConfig()
        unique = sorted(set(texts))
        feats = Featurizer(self.config)([Document.from_text(t) for t in unique])
        self.features: dict[str, DocFeatures] = dict(zip(unique, feats))
        self.assigner = Assigner(self.config)  # only its TF-IDF weighing, with the corpus's frequencies
        for f in feats:
            self.assigner.df_lex[f.lex_idx] += 1
            self.assigner.df_ent[f.ent_idx] += 1
        self.assigner.n_docs = len(feats)

    def query(self, text: str) -> Query:
        f, cfg, a = self.features[text], self.config, self.assigner
        lex = a._weigh(f.lex_idx, f.lex_val, a.df_lex, cfg.lex_top_terms, cfg.index_lex_dims)
        ent = a._weigh(f.ent_idx, f.ent_val, a.df_ent, cfg.lex_top_terms, cfg.index_ent_dims)
        return Query(*lex, *ent, f.emb)

    def score(self, first: str, second: str) -> float:
        """The second article's score against a story holding only the first."""
        index = ActiveIndex(self.config)
        index.add("story", self.query(first), day=None, seq=1)
        return float(index.scores(self.query(second), day=None)[0])


def correlations(similarity: Sequence[float], overall: Sequence[float]) -> dict[str, float]:
    """Pearson and Spearman of the similarity with ``5 - Overall`` (higher Overall = less alike)."""
    from scipy.stats import pearsonr, spearmanr

    x, y = np.asarray(similarity, dtype=float), 5.0 - np.asarray(overall, dtype=float)
    if len(x) < 3 or np.ptp(x) == 0 or np.ptp(y) == 0:
        return {"pearson": 0.0, "spearman": 0.0, "n": len(x)}
    return {"pearson": float(pearsonr(x, y)[0]), "spearman": float(spearmanr(x, y)[0]), "n": len(x)}


@task("semeval8")
def run(opts: EvalOptions) -> TaskResult:
    start = time.time()
    split = opts.split or "testing"
    pairs = read_pairs(opts.path("semeval2022_t8_sample", f"{split}_set.csv"))
    if opts.limit or opts.fast:
        pairs = pairs[: opts.limit or 200]
    scorer = PairScorer([t for p in pairs for t in (p.text1, p.text2)])
    sims = [scorer.score(p.text1, p.text2) for p in pairs]
    groups: dict[str, list[int]] = defaultdict(list)
    for i, p in enumerate(pairs):
        groups["all"].append(i)
        groups["same language" if p.lang1 == p.lang2 else "cross-language"].append(i)
        groups[f"{p.lang1}-{p.lang2}"].append(i)
    details: dict[str, Any] = {
        name: correlations([sims[i] for i in idx], [pairs[i].overall for i in idx]) for name, idx in groups.items()
    }
    details["config"] = {"features": list(scorer.config.features), "entities": scorer.config.entities}
    data = f"SemEval-2022 task 8 sample, {split}_set.csv"
    rows = [Row(f"{data}, {name} ({details[name]['n']} pairs)", "Pearson r (story score vs. 5 - Overall)",
                round(details[name]["pearson"], 4), REFERENCE if name == "all" else "")
            for name in ("all", "same language", "cross-language") if name in groups]  # fmt: skip
    cmd = "rashomon eval semeval8" + (f" --limit {opts.limit}" if opts.limit else "")
    return TaskResult("semeval8", rows, cmd, details, round(time.time() - start, 1))
