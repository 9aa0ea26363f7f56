"""Agree / contradict between candidate claims, from our agree/disagree/discuss/unrelated model.

The ``nli`` model reads each candidate pair in both directions. With the
packaged model, a calibration layer (``models.nli_calibrate``; fitted on real
cross-source claim pairs of four stories) turns both probability rows, the
sentence-vector cosine and a few lexical cues into calibrated P(agree),
P(contradict), P(neither). A link is **shown** (``corpus.links``) only when its
calibrated probability wins and reaches the threshold chosen on stories held
out of the fit for precision 0.85 (agree) / 0.80 (contradict); a candidate
scoring at least its relation's possible bar (``possible_agree``,
``possible_contradict``: right at least half the time on held-out stories)
goes to ``corpus.possible_links``, which the map and the report label
"possible". Where no threshold reaches the target (today: contradict),
nothing of that relation is shown as a finding. Thresholds are
settings (``relate_*_min``) and land in the manifest. Every link names who
holds each side (``holder``): the attributed speaker, else the document.

A user-named model without a calibrator falls back to the rules below; with
the calibrator, a contradiction those rules find (shared assertion, then the
model or the negation/antonym tie-breaker) is also shown: on the 401 held-out
cross-source pairs they fire on no pair, so they add no measured error.

The thresholds are measured, not tuned to the seeds: with the packaged model,
leave-one-story-out on the cross-source pairs gives agree precision 0.92 at
recall 0.24, and no contradict threshold reaches 0.80 precision (its best
out-of-story ranking is right about one time in ten), and its possible
contradictions were right 1 time in 20, so calibrated contradictions are not
listed at all (``rashomon eval crosssource_pairs``; docs/models/nli.md).

**Other languages.** The English model reads a pair with a non-English side
at chance, so such pairs go to the ``nli_multilingual`` head instead
(``Crosslingual``; docs/models/crosslingual.md), with its own bars
(``relate_xling_*``): its agreements are possible links, its contradictions
are not listed. **Counts** overrule both: two claims whose counts of one thing
cannot both hold are never shown as agreeing (``counts_disagree``).

**Shared assertion.** Our model is small and reads "support" into many pairs that are merely
about the same actor ("Soleimani led militias" beside "Soleimani oppressed
uprisings"). Two claims can only agree or contradict when they talk about the
same thing, so a link also needs the two sentences to share their specific
words: the IDF-weighted share of the shorter claim's content words found in the
other (``assertion_overlap``; IDF over the corpus's claims, so the story's
ubiquitous actor counts for little) must reach ``relate_overlap_min``. The guard is
checked first, so the model only reads the pairs that could become links. This costs
recall on paraphrases with no word in common; a missed link is better than a
false one.

**Tie-breaker.** Our model sees few contradictions phrased as one source
denying what another asserts ("did not play a role" vs "was fighting").
When the model already leans towards disagreement over agreement
(P(disagree) >= ``relate_cue_min`` and >= P(agree) + ``relate_cue_lean``) and exactly one
of two closely related claims (cosine >= ``relate_cue_min_cosine``) negates its main
clause, or the two use words of an antonym pair, the pair is linked as a
contradiction with the model's score. The cue never overrides a model that
leans towards agreement, and never creates a link on its own.

    >>> combine({"agree": .1, "disagree": .6, "discuss": .2, "unrelated": .1},
    ...         {"agree": .1, "disagree": .4, "discuss": .4, "unrelated": .1})["disagree"]
    0.5
"""

from __future__ import annotations

import math
import re
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, fields
from typing import Any

from ..budget import remaining
from ..codec import build
from ..config import Settings
from ..cues import antonym_cue, negated
from ..errors import ModelError
from ..model import Claim, Corpus, Link, RelationDetail, Skipped
from ..registry import Context, stage, stage_config

LABELS = ("agree", "disagree", "discuss", "unrelated")
RELATE_SETTINGS = ("relate_agree_min", "relate_contradict_min", "relate_possible_min", "relate_rule_contradict_min",
                   "relate_rule_agree_min", "relate_rule_margin", "relate_cue_min", "relate_cue_lean",
                   "relate_cue_min_cosine", "relate_overlap_min", "relate_guard_min")  # fmt: skip
_WORD = re.compile(r"[a-z0-9]+")


@dataclass(frozen=True)
class RelateRules:
    """The bars of the rules and of the shared-assertion guard (``relate_*`` in defaults.toml).

    ``overlap_min`` is the guard of the rules; ``guard_min`` the much lower one
    in front of a calibrator, which reads overlap as one of its features.
    """

    contradict_min: float = Settings.relate_rule_contradict_min
    agree_min: float = Settings.relate_rule_agree_min
    margin: float = Settings.relate_rule_margin
    cue_min: float = Settings.relate_cue_min
    cue_lean: float = Settings.relate_cue_lean  # P(disagree) must exceed P(agree) by this much for a cue to count
    cue_min_cosine: float = Settings.relate_cue_min_cosine
    overlap_min: float = Settings.relate_overlap_min
    guard_min: float = Settings.relate_guard_min

    @classmethod
    def of(cls, config: Mapping[str, Any]) -> RelateRules:
        """From the ``relate`` stage's config (``registry.stage_config``)."""
        names = {f.name: f"relate_{f.name}" for f in fields(cls)}
        names.update(contradict_min="relate_rule_contradict_min", agree_min="relate_rule_agree_min",
                     margin="relate_rule_margin")  # fmt: skip
        return cls(**{k: config[v] for k, v in names.items()})


RULES = RelateRules()

def combine(ab: Mapping[str, float], ba: Mapping[str, float]) -> dict[str, float]:
    """Average the two reading directions, label by label."""
    return {label: round((ab.get(label, 0.0) + ba.get(label, 0.0)) / 2, 6) for label in LABELS}


def cue(a: str, b: str) -> str | None:
    """The lexical contradiction cue the two claims show, if any: "negation" or "antonym"."""
    if negated(a) != negated(b):
        return "negation"
    return "antonym" if antonym_cue(a, b) else None


def content_words(text: str) -> set[str]:
    """Lower-cased words of a claim that carry its content (no stop words, no single letters)."""
    from spacy.lang.en.stop_words import STOP_WORDS

    return {w for w in _WORD.findall(text.lower()) if len(w) > 1 and w not in STOP_WORDS}


def claim_idf(texts: Sequence[str]) -> dict[str, float]:
    """Inverse document frequency of content words over the corpus's claims."""
    df: dict[str, int] = {}
    for text in texts:
        for w in content_words(text):
            df[w] = df.get(w, 0) + 1
    n = len(texts)
    return {w: math.log((n + 1) / (d + 1)) + 1.0 for w, d in df.items()}


def _matches(word: str, others: set[str]) -> bool:
    """Equal, or one a prefix of the other (Iraq / Iraqi, force / forces) when the shorter has >= 4 letters."""
    if word in others:
        return True
    return any(min(len(word), len(o)) >= 4 and (o.startswith(word) or word.startswith(o)) for o in others)


def assertion_overlap(a: str, b: str, idf: Mapping[str, float]) -> float:
    """IDF-weighted share of the shorter claim's content words that the other claim shares (0..1)."""
    wa, wb = content_words(a), content_words(b)
    if not wa or not wb:
        return 0.0
    short, other = (wa, wb) if len(wa) <= len(wb) else (wb, wa)
    default = max(idf.values(), default=1.0)
    total = sum(idf.get(w, default) for w in short)
    return sum(idf.get(w, default) for w in short if _matches(w, other)) / total


def decide(
    probs: Mapping[str, float], cosine: float, a: str, b: str, overlap: float = 1.0, rules: RelateRules = RULES
) -> tuple[str, float, str] | None:
    """``(relation, score, why)`` for one pair, or None when neither relation clearly holds."""
    if overlap < rules.overlap_min:
        return None
    agree, disagree = probs["agree"], probs["disagree"]
    if disagree >= rules.contradict_min and disagree > agree:
        return "contradict", disagree, "model"
    if agree >= rules.agree_min and agree >= disagree + rules.margin:
        return "agree", agree, "model"
    if disagree >= rules.cue_min and disagree >= agree + rules.cue_lean and cosine >= rules.cue_min_cosine:
        found = cue(a, b)
        if found:
            return "contradict", disagree, found
    return None


def counts_disagree(a: str, b: str) -> bool:
    """Whether the two claims give counts of the same thing that cannot both hold ("80 troops killed" / "no troops").

    Such a pair is what the ``facts`` stage flags as a conflict, so the map must
    never also show it as agreement, however alike the two sentences read.
    """
    from .quantities import find_quantities

    qa, qb = find_quantities(a), find_quantities(b)
    return any(x.key is not None and x.key == y.key and not x.interval.overlaps(y.interval) for x in qa for y in qb)


def holder(claim: Claim) -> str:
    """Who holds a claim: the speaker it is attributed to (outermost of the chain), else its document.

    "X denies P" beside "P" is then a disagreement with X, not with the outlet reporting X.
    """
    if claim.chain:
        return claim.chain[0].speaker
    return claim.speaker or claim.doc


CHUNK = 512  # pairs read by the model between two looks at the clock


def _predict_in_budget(model: Any, texts: Sequence[tuple[str, str]], order: Sequence[int],
                       batch_size: int) -> dict[int, tuple[dict[str, float], dict[str, float]]]:
    """Both directions of each pair, in ``order``, in chunks, until the time budget would run out.

    Before each chunk the stage asks how long the budget has left; once that is
    less than twice the slowest chunk so far, it stops and returns what it has,
    so a corpus too large for its budget keeps its most similar pairs' links.
    """
    done: dict[int, tuple[dict[str, float], dict[str, float]]] = {}
    slowest = 0.0
    for start in range(0, len(order), CHUNK):
        left = remaining()
        if done and left is not None and left < 2 * slowest + 1:
            break
        began = time.perf_counter()
        chunk = order[start:start + CHUNK]
        preds = model.predict([p for k in chunk for p in (texts[k], texts[k][::-1])], batch_size=batch_size)
        done.update((k, (preds[2 * j], preds[2 * j + 1])) for j, k in enumerate(chunk))
        slowest = max(slowest, time.perf_counter() - began)
    return done


@dataclass(frozen=True)
class Crosslingual:
    """The model for pairs with a non-English side, and its own bars (``relate_xling_*``).

    The English cross-encoder and its calibrator read such pairs at chance, so
    they never judge them when this is given; the lexical guard and cues do not
    apply across scripts either.
    """

    model: Any
    languages: Mapping[str, str]  # claim id -> its document's language
    thresholds: Mapping[str, float]  # agree / contradict / possible

    def reads(self, a: str, b: str) -> bool:
        return self.languages.get(a, "en") != "en" or self.languages.get(b, "en") != "en"


def relate(
    model: Any,
    candidates: Sequence[Sequence[Any]],
    claims: Mapping[str, Claim],
    batch_size: int = 32,
    thresholds: Mapping[str, float] | None = None,
    rules: RelateRules = RULES,
    crosslingual: Crosslingual | None = None,
) -> tuple[list[Link], list[Link], list[dict[str, Any]], int]:
    """Shown links, "possible" links below the thresholds, one explanation row per pair of either kind,
    and how many guarded pairs the time budget left unread.

    Pairs are read most similar first, so when the budget runs out the pairs
    left unread are the least likely to be links.

    With a calibrator beside the model (``calibration.json``), a pair's relation
    and score are the calibrated ones (``nli_calibrate``): shown at or above
    ``thresholds[relation]``, "possible" at or above ``thresholds["possible_<relation>"]``
    (a user's ``thresholds["possible"]`` sets both).
    A user-named model without one falls back to ``decide`` and shows every link.
    Pairs with a non-English side go to ``crosslingual`` when it is given.
    """
    idf = claim_idf([c.text for c in claims.values()])
    calibrator = getattr(model, "calibrator", None)
    guard = rules.guard_min if calibrator is not None else rules.overlap_min
    rows, xrows = [], []
    for a, b, cos in candidates:
        if a not in claims or b not in claims:
            continue
        if crosslingual is not None and crosslingual.reads(a, b):
            xrows.append((str(a), str(b), float(cos), 0.0))
            continue
        overlap = assertion_overlap(claims[a].text, claims[b].text, idf)
        if overlap >= guard:  # no link can pass the guard: do not spend the model on it
            rows.append((str(a), str(b), float(cos), overlap))
    limits = {**(calibrator.thresholds if calibrator is not None else {}), **(thresholds or {})}
    if thresholds and "possible" in thresholds:  # a user's bar for "possible" holds for both relations
        limits.update(possible_agree=thresholds["possible"], possible_contradict=thresholds["possible"])
    links: list[Link] = []
    possible: list[Link] = []
    details: list[dict[str, Any]] = []
    unread = 0
    for judge_rows, reader in ((rows, model), (xrows, crosslingual.model if crosslingual else None)):
        if not judge_rows:
            continue
        texts = [(claims[a].text, claims[b].text) for a, b, _, _ in judge_rows]
        order = sorted(range(len(judge_rows)), key=lambda k: -judge_rows[k][2])
        preds = _predict_in_budget(reader, texts, order, batch_size)
        unread += len(judge_rows) - len(preds)
        for k, (a, b, cos, overlap) in enumerate(judge_rows):
            if k not in preds:
                continue
            if reader is model:
                verdict = _judge(preds[k], texts[k], cos, overlap, calibrator, limits, rules)
            else:
                assert crosslingual is not None
                verdict = _judge_crosslingual(preds[k], crosslingual.thresholds)
            if verdict is None:
                continue
            relation, score, why, shown = verdict
            if relation == "agree" and counts_disagree(*texts[k]):
                relation, why, shown = "contradict", "counts", False  # a possible contradiction, never an agreement
            link = Link(a, b, relation, round(score, 4), holder(claims[a]), holder(claims[b]))  # type: ignore[arg-type]
            (links if shown else possible).append(link)
            details.append({"a": a, "b": b, "relation": relation, "rule": why, "shown": shown, "cosine": cos,
                            "overlap": round(overlap, 4), **combine(*preds[k])})  # fmt: skip
    return links, possible, details, unread


Verdict = tuple[str, float, str, bool]  # relation, score, why, shown


def _judge(pred: tuple[dict[str, float], dict[str, float]], texts: tuple[str, str], cos: float, overlap: float,
           calibrator: Any, limits: Mapping[str, float], rules: RelateRules) -> Verdict | None:  # fmt: skip
    """The English model's two readings of a pair, through the calibrator where there is one, else the rules."""
    from ..models.nli_calibrate import pair_features

    ab, ba = pred
    probs = combine(ab, ba)
    if calibrator is None:
        found = decide(probs, cos, *texts, overlap=overlap, rules=rules)
        return None if found is None else (*found, True)
    cal = calibrator.proba(pair_features(ab, ba, *texts, overlap, cos))[0]
    best = int(cal[:2].argmax())
    relation, score, why = ("agree", "contradict")[best], float(cal[best]), "calibrated"
    shown = bool(score >= limits.get(relation, 1.0) and cal[best] >= cal[2])
    rule = decide(probs, cos, *texts, overlap=overlap, rules=rules)
    if not shown and rule is not None and rule[0] == "contradict":  # the documented rules: they never
        relation, score, why = rule  # fired on the held-out cross-source pairs (docs/models/nli.md)
        shown = True
    if not shown and score < limits.get(f"possible_{relation}", limits.get("possible", 1.0)):
        return None  # each relation's own "possible" bar, fitted for even odds on held-out stories
    return relation, score, why, shown


def _judge_crosslingual(pred: tuple[dict[str, float], dict[str, float]],
                        limits: Mapping[str, float]) -> Verdict | None:  # fmt: skip
    """The cross-lingual head's two readings, averaged: shown at its own bars, else a possible agreement.

    Its contradictions are never listed below their shown bar, not even as
    possible: on real cross-source pairs with a non-English side they were right
    less often than the share of contradictions among those pairs
    (docs/models/crosslingual.md), and a wrong contradiction misleads more than a missing one.
    """
    probs = combine(*pred)
    relation, label = max((("agree", "agree"), ("contradict", "disagree")), key=lambda r: probs[r[1]])
    score = probs[label]
    shown = score >= limits.get(relation, 1.0)
    if score < probs["discuss"] or not (shown or (relation == "agree" and score >= limits.get("possible", 1.0))):
        return None
    return relation, score, "crosslingual", shown


def calibrate_threshold(
    scores: Sequence[float], positive: Sequence[bool], precision: float
) -> dict[str, float]:
    """The lowest threshold whose precision on held-out pairs reaches ``precision``, with its recall.

    Used to set ``relate_rule_contradict_min`` and ``relate_rule_agree_min`` (see docs/compare.md);
    returns ``{"threshold": 1.0, ...}`` when no threshold reaches the target.
    """
    ranked = sorted(zip(scores, positive), key=lambda x: -x[0])
    total = sum(positive) or 1
    best = {"threshold": 1.0, "precision": 0.0, "recall": 0.0}
    hits = 0
    for n, (score, pos) in enumerate(ranked, start=1):
        hits += bool(pos)
        is_last_of_tie = n == len(ranked) or ranked[n][0] != score
        if is_last_of_tie and hits / n >= precision and n >= 10:
            best = {"threshold": float(score), "precision": hits / n, "recall": hits / total}
    return best


@stage("relate",
       requires=("corpus.candidates",),
       assigns=("corpus.links", "corpus.possible_links", "corpus.relations"),
       scope="corpus", version="3",
       config=(*RELATE_SETTINGS, "relate_xling_agree_min", "relate_xling_contradict_min",
               "relate_xling_possible_min"))  # fmt: skip
def make_relate(ctx: Context) -> Callable[[Corpus], Corpus]:
    """Runs the ``nli`` model on the aligned candidates; fills ``corpus.links`` and ``corpus.possible_links``.

    Thresholds come from the settings (``relate_*_min``; a negative value keeps
    the calibrated one shipped with the model) and are recorded in the manifest.
    Pairs with a side in another language than English go to the
    ``nli_multilingual`` model with its own bars (``relate_xling_*``).

    The per-link probabilities and the rule that fired go to
    ``corpus.relations`` so a reader can see why two claims were linked.
    """
    config = stage_config(ctx, "relate")
    rules = RelateRules.of(config)
    limits = {k: config[f"relate_{k}_min"] for k in ("agree", "contradict", "possible")}
    xlimits = {k: config[f"relate_xling_{k}_min"] for k in ("agree", "contradict", "possible")}

    def run(corpus: Corpus) -> Corpus:
        candidates = [(p.a, p.b, p.cosine) for p in corpus.candidates]
        if not candidates:
            return corpus
        try:
            model = ctx.models.get("nli")
        except ModelError as exc:  # the rest of the map is still worth having
            corpus.skipped.append(Skipped("nli model", str(exc), "relate"))
            return corpus
        language = {d.document.id: (d.document.language or "en") for d in corpus.docs}
        languages = {c.id: language.get(c.doc, "en") for c in corpus.claims}
        crosslingual = None
        if any(lang != "en" for lang in languages.values()):
            try:
                crosslingual = Crosslingual(ctx.models.get("nli_multilingual"), languages, xlimits)
            except ModelError as exc:  # English pairs are still judged; the others are left unjudged
                corpus.skipped.append(Skipped("nli_multilingual model", str(exc), "relate"))
                candidates = [c for c in candidates if languages.get(c[0], "en") == languages.get(c[1], "en") == "en"]
        links, possible, details, unread = relate(model, candidates, {c.id: c for c in corpus.claims},
                                                  thresholds={k: v for k, v in limits.items() if v >= 0},
                                                  rules=rules, crosslingual=crosslingual)  # fmt: skip
        if unread:
            corpus.skipped.append(Skipped("(corpus)", f"time budget: {unread} least similar candidate pairs "
                                                      "were not compared", "relate"))
        corpus.links.extend(links)
        corpus.possible_links.extend(possible)
        corpus.relations = build(list[RelationDetail], details)
        return corpus

    return run

