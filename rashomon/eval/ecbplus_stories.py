"""Story clustering scored on ECB+: are articles about the same event put together?

ECB+ groups its documents by *topic* (e.g. 36: an earthquake) and, inside a
topic, by *sub-topic*: ``36_1ecb`` and ``36_1ecbplus`` are different
earthquakes. A story is one event, so the sub-topic is the gold story; the
topic is reported too. Documents are streamed in fixed pseudo-random orders
(the ECB+ documents carry no dates, so decay plays no part) and scored with
B3 precision, recall and F1 (Bagga & Baldwin 1998), averaged over ``ORDERS``
arrival orders: a single order flatters one method or the other by up to
0.05 F1 on 196 documents.

``calibrate`` grid-searches the weights and threshold on the train topics;
``story_rows`` evaluates on the dev topics. It is its own task, apart from the
coreference rows of ``ecbplus`` (which parse every document with spaCy and take
minutes), because story clustering needs no parse and takes seconds:

    rashomon eval ecbplus-stories            # all 8 dev topics -> eval/results/ecbplus-stories.json
    rashomon eval ecbplus-stories --fast     # the first 3 dev topics (not saved)

``bench/bench_stories.py ecb`` averages over several arrival orders. No
published figure exists for this setup (document-level, streaming, ECB+ dev),
so the rows compare with two baselines computed on the same stream: TF-IDF
alone, and one story per gold topic (the score of a perfect topic classifier
that does not separate the two events of a topic).

    >>> b3({"a": 1, "b": 1, "c": 2}, {"a": "x", "b": "x", "c": "x"})[2] > 0.7
    True
"""

from __future__ import annotations

import hashlib
import itertools
import re
from collections import defaultdict
from collections.abc import Hashable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from ..model import Document
from ..stories.assign import Assigner
from ..stories.config import StoryConfig
from ..stories.features import DocFeatures, Featurizer
from .tasks import EvalOptions, Row, TaskResult, task

_NO_SPACE_BEFORE = re.compile(r" ([.,;:!?%)\]}'\"]|'s|n't)")
_NO_SPACE_AFTER = re.compile(r"([(\[{$]) ")
FAST_TOPICS = 3  # as the ``ecbplus`` task: the first three dev topics
ORDERS = 5  # arrival orders (seeds 0..4) averaged by the task


def read_documents(path: Path) -> list[Document]:
    """ECB+ documents rebuilt from the token-per-line corpus file (annotated sentences only)."""
    sentences: dict[str, dict[int, list[str]]] = defaultdict(lambda: defaultdict(list))
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            parts = line.rstrip("\n").split("\t")
            if len(parts) >= 4:
                sentences[parts[0]][int(parts[1])].append(parts[3])
    docs = []
    for doc_id, sents in sentences.items():
        text = "\n".join(_detokenize(sents[k]) for k in sorted(sents))
        docs.append(Document.from_text(text, source=doc_id))
    return docs


def _detokenize(tokens: list[str]) -> str:
    return _NO_SPACE_AFTER.sub(r"\1", _NO_SPACE_BEFORE.sub(r"\1", " ".join(tokens)))


def gold(doc_id: str, level: str) -> str:
    """``36_1ecbplus`` -> topic ``36`` or sub-topic ``36/ecbplus``."""
    topic, rest = doc_id.split("_", 1)
    return topic if level == "topic" else f"{topic}/{'ecbplus' if rest.endswith('ecbplus') else 'ecb'}"


def stream_order(docs: Sequence[Document], seed: int = 0) -> list[Document]:
    """A fixed pseudo-random arrival order (by hash of seed and source), the same everywhere."""
    return sorted(docs, key=lambda d: hashlib.sha256(f"{seed}:{d.source}".encode()).hexdigest())


def b3(pred: Mapping[str, Hashable], truth: Mapping[str, Hashable]) -> tuple[float, float, float]:
    """B3 precision, recall and F1 of a clustering against the gold one (same items)."""
    by_pred: dict[Hashable, set[str]] = defaultdict(set)
    by_gold: dict[Hashable, set[str]] = defaultdict(set)
    for item in truth:
        by_pred[pred[item]].add(item)
        by_gold[truth[item]].add(item)
    p = r = 0.0
    for item in truth:
        common = len(by_pred[pred[item]] & by_gold[truth[item]])
        p += common / len(by_pred[pred[item]])
        r += common / len(by_gold[truth[item]])
    p, r = p / len(truth), r / len(truth)
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def cluster(docs: Sequence[Document], feats: Sequence[DocFeatures], config: StoryConfig) -> dict[str, str]:
    """Story of each document (by source) when streamed through one assigner."""
    assigner = Assigner(config)
    out = {}
    for doc, f in zip(docs, feats):
        placed = assigner.assign(doc, f)  # None: the same text again (ECB+ has a few)
        out[doc.source] = placed.story if placed else assigner.doc_story[doc.id]
    return out


def score(docs: Sequence[Document], feats: Sequence[DocFeatures], config: StoryConfig) -> dict[str, float]:
    pred = cluster(docs, feats, config)
    out: dict[str, float] = {"stories": float(len(set(pred.values())))}
    for level in ("subtopic", "topic"):
        p, r, f = b3(pred, {d.source: gold(d.source, level) for d in docs})
        out |= {f"{level}_p": p, f"{level}_r": r, f"{level}_f1": f}
    return out


def load_split(root: Path, split: str, config: StoryConfig, models: Any = None) -> tuple[list[Document], list[DocFeatures]]:
    """The split's documents in stream order and their features for ``config``."""
    docs = stream_order(read_documents(root / f"ECB_{split}_corpus.txt"))
    return docs, Featurizer(config, models)(docs)


def calibrate(
    docs: Sequence[Document], feats: Sequence[DocFeatures], base: StoryConfig,
    thresholds: Iterable[float], weight_grid: Iterable[Mapping[str, float]],
) -> tuple[StoryConfig, list[dict[str, Any]]]:
    """Best config by sub-topic B3 F1 over the grid (ties: the first), and every grid point."""
    trials: list[dict[str, Any]] = []
    for weights, threshold in itertools.product(list(weight_grid), list(thresholds)):
        config = base.with_overrides(threshold=threshold, **{f"w_{k}": v for k, v in weights.items()})
        trials.append({"threshold": threshold, **weights, **score(docs, feats, config), "config": config})
    best = max(trials, key=lambda t: float(t["subtopic_f1"]))
    chosen: StoryConfig = best["config"]
    return chosen, [{k: v for k, v in t.items() if k != "config"} for t in trials]


def mean_score(docs: Sequence[Document], config: StoryConfig, orders: int = ORDERS) -> dict[str, float]:
    """``score`` averaged over arrival orders ``stream_order(docs, 0..orders-1)``; features computed once."""
    feats = dict(zip((d.source for d in docs), Featurizer(config)(docs)))
    runs = []
    for seed in range(orders):
        ordered = stream_order(docs, seed)
        runs.append(score(ordered, [feats[d.source] for d in ordered], config))
    return {k: sum(r[k] for r in runs) / len(runs) for k in runs[0]}


def story_rows(
    opts: EvalOptions, config: StoryConfig | None = None, topics: set[str] | None = None,
    details: dict[str, Any] | None = None,
) -> list[Row]:
    """ECB+ dev rows for the README table: B3 F1 by sub-topic (the story) and by topic.

    ``topics`` restricts the scoring to some dev topics (the ``--fast`` subset).
    Baseline rows give the lexical-only assigner on the same stream (so the
    contribution of the name features is visible) and one story per gold topic.
    ``details``, when given, receives precision, recall and story counts.
    """
    config = config or StoryConfig()
    docs = read_documents(opts.path("ecbplus") / "ECB_Dev_corpus.txt")
    if topics is not None:
        docs = [d for d in docs if gold(d.source, "topic") in topics]
    ours = mean_score(docs, config)
    lexical = mean_score(docs, config.with_overrides(features=("lex",)))
    lumped = b3({d.source: gold(d.source, "topic") for d in docs}, {d.source: gold(d.source, "subtopic") for d in docs})
    n = len({gold(d.source, "topic") for d in docs})
    data = f"ECB+ dev ({n} topic{'' if n == 1 else 's'}, {len(docs)} documents, mean of {ORDERS} arrival orders)"
    if details is not None:
        details.update(ours={k: round(v, 4) for k, v in ours.items()},
                       lexical={k: round(v, 4) for k, v in lexical.items()},
                       gold_stories=len({gold(d.source, "subtopic") for d in docs}),
                       one_story_per_topic_subtopic_f1=round(lumped[2], 4))
    none = NO_REFERENCE
    return [
        Row(data, "story B3 F1 (sub-topic)", round(ours["subtopic_f1"], 4), none),
        Row(data, "story B3 F1 (sub-topic), TF-IDF only baseline", round(lexical["subtopic_f1"], 4)),
        Row(data, "story B3 F1 (sub-topic), one story per gold topic", round(lumped[2], 4)),
        Row(data, "story B3 F1 (topic)", round(ours["topic_f1"], 4), none),
        Row(data, "story B3 F1 (topic), TF-IDF only baseline", round(lexical["topic_f1"], 4)),
    ]


NO_REFERENCE = "no published figure for this setup (streaming, document level, dev split)"


@task("ecbplus-stories")
def run_ecbplus_stories(opts: EvalOptions) -> TaskResult:
    """Story clustering on the ECB+ dev topics (all, or the first ``--limit`` / 3 with ``--fast``)."""
    topics = None
    n = opts.limit or (FAST_TOPICS if opts.fast else None)
    if n:
        found = {gold(d.source, "topic") for d in read_documents(opts.path("ecbplus") / "ECB_Dev_corpus.txt")}
        topics = set(sorted(found, key=int)[:n])
    config = StoryConfig()
    details: dict[str, Any] = {"config": config.to_dict(), "orders": f"stream_order(seed) for seed in 0..{ORDERS - 1}"}
    out = story_rows(opts, config, topics, details)
    command = "rashomon eval ecbplus-stories" + (" --fast" if opts.fast else "")
    return TaskResult("ecbplus-stories", out, command, details=details)
