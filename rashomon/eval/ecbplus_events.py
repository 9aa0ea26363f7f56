"""Cross-document event coreference on ECB+ (gold event mentions), scored with CoNLL F1.

The setting of the published figures (79.5 to 85.7 CoNLL F1 on the test
topics, Barhom et al. 2019 to Caciularu et al. 2021): gold event mentions,
singletons kept, every mention of a topic clustered together (within- and
cross-document). We cluster each *topic* at once, the harder setting (a topic
holds two different real events, e.g. two earthquakes), and report the gold
*sub-topic* setting and a same-lemma baseline beside it. Participants are the
head words of the gold entity mentions of the same sentence (not their chains).

The clustering is ``rashomon.compare.eventcoref.cluster_events``, the one the
``timeline`` stage runs on the pipeline's own events; its weights come from
``fit_weights`` on the training topics (train minus dev), never from dev.

    python -m rashomon.eval.ecbplus_events          # dev figures
    python -m rashomon.eval.ecbplus_events --fit    # refit the weights on train
"""

from __future__ import annotations

import json
import sys
from collections import defaultdict
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from ..compare.eventcoref import FEATURES, WEIGHTS, Embed, EventMention, cluster_events, pair_features
from ..nlp.events import TRIGGERS
from .tasks import EvalOptions, Row

DEV_TOPICS = ("2", "5", "12", "18", "21", "23", "34", "35")
PUBLISHED = "CoNLL F1 0.795 (Barhom et al. 2019) to 0.857 (Caciularu et al. 2021), test topics, trained models"
_PARTICIPANT_TYPES = {"HUM", "NON"}


@dataclass(frozen=True)
class GoldEvent:
    mention: EventMention
    chain: str
    topic: str
    subtopic: str


def _read_corpus(path: Path) -> dict[tuple[str, int], list[str]]:
    tokens: dict[tuple[str, int], list[str]] = defaultdict(list)
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            parts = line.rstrip("\n").split("\t")
            if len(parts) >= 4:
                tokens[(parts[0], int(parts[1]))].append(parts[3])
    return tokens


def _lemmas(nlp: Any, sentences: dict[tuple[str, int], list[str]]) -> dict[tuple[str, int], list[tuple[str, str]]]:
    """(lemma, POS) per token of each pre-tokenised sentence."""
    from spacy.tokens import Doc

    keys = sorted(sentences)
    docs = (Doc(nlp.vocab, words=sentences[k]) for k in keys)
    out = {}
    with nlp.select_pipes(disable=[p for p in ("parser", "ner") if p in nlp.pipe_names]):
        for key, doc in zip(keys, nlp.pipe(docs, batch_size=64)):
            out[key] = [(t.lemma_.lower(), t.pos_) for t in doc]
    return out


def _head(tokens: list[int], lemmas: list[tuple[str, str]], prefer: tuple[str, ...]) -> str:
    for i in tokens:
        if lemmas[i][1] in prefer:
            return lemmas[i][0]
    return lemmas[tokens[-1]][0]


def load_events(folder: Path, split: str, nlp: Any, topics: Sequence[str] | None = None) -> list[GoldEvent]:
    """ECB+ gold event mentions of ``split`` ("Dev" or "Train") as ``EventMention``s with their chains."""
    sentences = _read_corpus(folder / f"ECB_{split}_corpus.txt")
    events = json.loads((folder / f"ECB_{split}_Event_gold_mentions.json").read_text(encoding="utf-8"))
    entities = json.loads((folder / f"ECB_{split}_Entity_gold_mentions.json").read_text(encoding="utf-8"))
    if topics is not None:
        events = [e for e in events if e["doc_id"].split("_")[0] in topics]
    lemmas = _lemmas(nlp, {(e["doc_id"], e["sent_id"]): sentences[(e["doc_id"], e["sent_id"])] for e in events})
    keys: dict[tuple[str, int], dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for ent in entities:
        key = (ent["doc_id"], ent["sent_id"])
        if key in lemmas:
            head = _head(ent["tokens_number"], lemmas[key], ("PROPN", "NOUN"))
            if lemmas[key][ent["tokens_number"][0]][1] != "PRON":
                kind = ent["mention_type"]
                keys[key]["places" if kind == "LOC" else "participants" if kind in _PARTICIPANT_TYPES else
                          "times"].add(head)
                if kind == "HUM":
                    keys[key]["actors"].add(head)
    out = []
    for e in events:
        key = (e["doc_id"], e["sent_id"])
        lemma = _head(e["tokens_number"], lemmas[key], ("VERB", "NOUN"))
        mention = EventMention(
            f"{e['doc_id']}:{e['sent_id']}:{e['tokens_number'][0]}-{e['tokens_number'][-1]}", e["doc_id"],
            " ".join(sentences[key]), e["tokens_str"], lemma, TRIGGERS.get(lemma, "other"),
            frozenset(keys[key]["participants"]), frozenset(keys[key]["places"]), actors=frozenset(keys[key]["actors"]))
        topic, rest = e["doc_id"].split("_", 1)
        out.append(GoldEvent(mention, e["coref_chain"], topic, f"{topic}/{'plus' if 'plus' in rest else 'ecb'}"))
    return out


def _groups(events: Sequence[GoldEvent], level: str) -> dict[str, list[GoldEvent]]:
    groups: dict[str, list[GoldEvent]] = defaultdict(list)
    for e in events:
        groups[e.topic if level == "topic" else e.subtopic].append(e)
    return groups


Clusterer = Callable[[list[EventMention]], list[int]]


def predict(events: Sequence[GoldEvent], level: str, clusterer: Clusterer) -> dict[str, str]:
    """Mention id -> predicted cluster id, clustering each topic (or sub-topic) on its own."""
    out: dict[str, str] = {}
    for group, members in sorted(_groups(events, level).items()):
        labels = clusterer([e.mention for e in members])
        out.update({e.mention.id: f"{group}#{label}" for e, label in zip(members, labels)})
    return out


def lemma_baseline(mentions: list[EventMention]) -> list[int]:
    """The standard baseline: mentions with the same head lemma corefer."""
    index: dict[str, int] = {}
    return [index.setdefault(m.lemma, len(index)) for m in mentions]


def score(events: Sequence[GoldEvent], pred: dict[str, str]) -> dict[str, float]:
    """MUC, B3, CEAF-e F1 and their mean (CoNLL F1), in [0, 1]."""
    from .coref_metrics import clusters_from_labels, conll

    truth: dict[Hashable, Hashable] = {e.mention.id: e.chain for e in events}
    response: dict[Hashable, Hashable] = {k: v for k, v in pred.items()}
    scores = conll(clusters_from_labels(truth), clusters_from_labels(response))
    return {k: round(float(v), 4) for k, v in scores.items()}


def _embedder(models: Any) -> Embed:
    model = models.get("embedder")
    return lambda texts: np.asarray(model.encode(texts, batch_size=64, normalize_embeddings=True))


def _context(opts: EvalOptions) -> Any:
    from ..config import load_settings
    from ..models.registry import ModelRegistry

    return ModelRegistry(load_settings())


def event_rows(opts: EvalOptions, topics: Sequence[str] | None = None) -> list[Row]:
    """README rows for ECB+ dev event coreference (gold mentions).

    ``topics`` defaults to every dev topic, or the first two with ``opts.fast``;
    the figures also land in ``opts.extra["details"]["ecbplus_events"]``.
    """
    models = _context(opts)
    topics = tuple(topics) if topics else (DEV_TOPICS[:2] if opts.fast else DEV_TOPICS)
    events = load_events(opts.path("ecbplus"), "Dev", models.get("spacy"), topics)
    embed = _embedder(models)
    ours: Clusterer = lambda ms: cluster_events(ms, embed)
    learned: Clusterer = lambda ms: cluster_events(ms, embed, rule=False)
    figures = {
        "per topic": score(events, predict(events, "topic", ours)),
        "per topic, learned score only": score(events, predict(events, "topic", learned)),
        "gold sub-topics": score(events, predict(events, "subtopic", ours)),
        "per topic, same-lemma baseline": score(events, predict(events, "topic", lemma_baseline)),
        "gold sub-topics, same-lemma baseline": score(events, predict(events, "subtopic", lemma_baseline)),
    }
    opts.extra.setdefault("details", {})["ecbplus_events"] = {"topics": list(topics), "mentions": len(events),
                                                              **figures}
    data = f"ECB+ dev ({len(topics)} topics), events, gold mentions"
    rows = [Row(f"{data}, per topic", "CoNLL F1", figures["per topic"]["conll"], PUBLISHED)]
    rows += [Row(f"{data}, per topic", f"{m} F1", figures["per topic"][m], "") for m in ("muc", "b3", "ceafe")]
    rows += [Row(f"{data}, {name}", "CoNLL F1", figures[name]["conll"], "") for name in list(figures)[1:]]
    return rows


def _register_with_ecbplus_task() -> None:
    """Adds the event rows to ``rashomon eval ecbplus`` (on the same topics as its entity rows)."""
    from .ecbplus import EcbContext, rows

    @rows("events")
    def ecbplus_event_rows(ctx: EcbContext) -> list[Row]:
        out = event_rows(ctx.opts, sorted(ctx.split.topics(), key=int))
        ctx.details["events"] = ctx.opts.extra["details"]["ecbplus_events"]
        return out


_register_with_ecbplus_task()


def fit_weights(folder: Path, models: Any, topics: Sequence[str] | None = None) -> np.ndarray:
    """Logistic-regression weights for ``FEATURES`` from pairs within each training topic."""
    from sklearn.linear_model import LogisticRegression

    events = load_events(folder, "Train", models.get("spacy"), topics)
    embed = _embedder(models)
    xs, ys = [], []
    for members in _groups(events, "topic").values():
        feats = pair_features([e.mention for e in members], embed)
        iu = np.triu_indices(len(members), k=1)
        xs.append(feats[iu])
        chains = np.array([e.chain for e in members])
        ys.append((chains[:, None] == chains[None, :])[iu])
    model = LogisticRegression(fit_intercept=False, C=1.0, max_iter=2000)
    model.fit(np.vstack(xs), np.concatenate(ys))
    return np.round(model.coef_[0], 2)


def main(argv: list[str]) -> None:
    from ..benchdata import data_root

    opts = EvalOptions(data_root())
    if "--fit" in argv:
        weights = fit_weights(opts.path("ecbplus"), _context(opts))
        print(dict(zip(FEATURES, weights.tolist())))
        return
    for row in event_rows(opts):
        print(f"{row.data:70s} {row.metric:10s} {row.value:.4f}  {row.reference}")
    print("weights:", dict(zip(FEATURES, WEIGHTS.tolist())))


if __name__ == "__main__":
    main(sys.argv[1:])
