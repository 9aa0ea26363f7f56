"""Cross-document event coreference: which reports describe the same happening.

Each pair of event mentions gets a link probability from a logistic model over
a few features a reader would weigh: same trigger lemma, same event type (a
clash of known types vetoes the link), shared participants and places,
compatible dates, and how alike the sentences and the triggers are (MiniLM
cosines when an embedder is given, word overlap otherwise). Mentions are then
merged by average-link agglomeration while the average probability between two
clusters stays above ``eventcoref_threshold``. Dates only weigh in softly: two sources that
disagree about *when* an event happened still report one event, and that
disagreement is what the timeline flags.

The weights were fitted on the ECB+ training topics (``rashomon.eval.ecbplus_events
.fit_weights``) and are evaluated on its dev topics; the function works on any
mentions, ECB+ gold mentions and the pipeline's own events alike:

    >>> s = frozenset({"soleimani"})
    >>> a = EventMention("a", "d1", "Soleimani was killed in Baghdad.", "killed", "kill", "killing", s, actors=s)
    >>> b = EventMention("b", "d2", "The killing of Soleimani shocked Iraq.", "killing", "killing", "killing", s,
    ...                  actors=s)
    >>> cluster_events([a, b])
    [0, 0]
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, fields
from typing import Any

import numpy as np

from ..config import Settings
from ..model import DateValue
from ..nlp.timecalc import parse_iso

Embed = Callable[[list[str]], np.ndarray]

FEATURES = ("bias", "same_lemma", "same_type", "participants", "any_participant", "places", "place_clash",
            "time_match", "time_clash", "sentence_sim", "trigger_sim", "same_doc")
# Fitted on the ECB+ training topics (train minus dev), see ``fit_weights``; keep in step with FEATURES.
WEIGHTS = np.array([-7.83, -1.32, 0.78, -0.27, 0.30, 0.27, -0.03, 0.0, 0.0, 2.41, 7.66, -0.06])
COREF_SETTINGS = ("eventcoref_threshold", "eventcoref_rule_prob", "eventcoref_no_actor_prob",
                  "eventcoref_far_apart_days")  # declared by every stage that may cluster first
_WORD = re.compile(r"[A-Za-z][A-Za-z'-]{3,}")


@dataclass(frozen=True)
class CorefLimits:
    """The clustering's settings (``eventcoref_*`` in defaults.toml); a stage passes the run's values.

    ``threshold`` was tuned on the ECB+ training topics (CoNLL F1 by average-link
    threshold); ``rule_prob`` is the typed rule's probability for the same type and a
    shared named actor; ``no_actor_prob`` caps the same type with no named actor in
    common ("killing of hundreds" is not "killing of Soleimani"); explicit dates
    more than ``far_apart_days`` apart are different happenings.
    """

    threshold: float = Settings.eventcoref_threshold
    rule_prob: float = Settings.eventcoref_rule_prob
    no_actor_prob: float = Settings.eventcoref_no_actor_prob
    far_apart_days: int = Settings.eventcoref_far_apart_days

    @classmethod
    def of(cls, config: Mapping[str, Any]) -> CorefLimits:
        """From a stage's config (``registry.stage_config``) that declares ``COREF_SETTINGS``."""
        return cls(**{f.name: config[f"eventcoref_{f.name}"] for f in fields(cls)})


PACKAGED = CorefLimits()


@dataclass(frozen=True)
class EventMention:
    """What coreference needs to know about one event mention."""

    id: str
    doc: str
    sentence: str
    trigger: str
    lemma: str
    type: str = "other"
    participants: frozenset[str] = field(default_factory=frozenset)
    places: frozenset[str] = field(default_factory=frozenset)
    date: DateValue | None = None
    explicit: bool = False  # the date is stated outright, not computed from the document's date
    actors: frozenset[str] = field(default_factory=frozenset)  # named people and organisations


def interval(value: DateValue | None) -> tuple[float, float] | None:
    """A date value as an ordinal-day interval (open ends are infinite)."""
    if value is None or (value.start is None and value.end is None):
        return None
    lo = parse_iso(value.start).toordinal() if value.start else -np.inf
    hi = parse_iso(value.end, end=True).toordinal() if value.end else np.inf
    return float(lo), float(hi)


def compatible(a: DateValue | None, b: DateValue | None) -> bool | None:
    """Whether two dates can be the same happening; None when either is unknown."""
    ia, ib = interval(a), interval(b)
    if ia is None or ib is None:
        return None
    return ia[0] <= ib[1] and ib[0] <= ia[1]


def _jaccard(a: frozenset[str] | set[str], b: frozenset[str] | set[str]) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0


def _similarities(mentions: Sequence[EventMention], embed: Embed | None) -> tuple[np.ndarray, np.ndarray]:
    n = len(mentions)
    if embed is None:
        words = [{w.lower() for w in _WORD.findall(m.sentence)} for m in mentions]
        sent = np.array([[_jaccard(words[i], words[j]) for j in range(n)] for i in range(n)])
        trig = np.array([[float(a.lemma == b.lemma) for b in mentions] for a in mentions])
        return sent, trig
    s = embed([m.sentence for m in mentions])
    lemmas = sorted({m.lemma for m in mentions})
    t = embed(lemmas)
    index = {lemma: i for i, lemma in enumerate(lemmas)}
    rows = [index[m.lemma] for m in mentions]
    return s @ s.T, (t @ t.T)[np.ix_(rows, rows)]


def pair_features(mentions: Sequence[EventMention], embed: Embed | None = None) -> np.ndarray:
    """An (n, n, len(FEATURES)) array of pair features."""
    n = len(mentions)
    sent, trig = _similarities(mentions, embed)
    out = np.zeros((n, n, len(FEATURES)))
    out[:, :, 0] = 1.0
    out[:, :, 9], out[:, :, 10] = sent, trig
    for i, a in enumerate(mentions):
        for j in range(i + 1, n):
            b = mentions[j]
            shared = a.participants & b.participants
            when = compatible(a.date, b.date)
            out[i, j, 1:9] = (
                a.lemma == b.lemma,
                a.type == b.type != "other",
                _jaccard(a.participants, b.participants),
                bool(shared),
                _jaccard(a.places, b.places),
                bool(a.places and b.places and not a.places & b.places),
                when is True,
                when is False,
            )
            out[i, j, 11] = a.doc == b.doc
            out[j, i] = out[i, j]
    return out


def far_apart(a: EventMention, b: EventMention, days: int = PACKAGED.far_apart_days) -> bool:
    """Both dates stated outright and more than ``days`` (a year) apart: not one happening."""
    ia, ib = interval(a.date), interval(b.date)
    if not (a.explicit and b.explicit and ia and ib):
        return False
    return max(ia[0], ib[0]) - min(ia[1], ib[1]) > days


def _typed_rule(a: EventMention, b: EventMention, p: float, limits: CorefLimits) -> float:
    if a.type != b.type or a.type == "other":
        return p
    if far_apart(a, b, limits.far_apart_days):
        return 0.0
    if a.places and b.places and not a.places & b.places:
        return min(p, limits.no_actor_prob)  # a strike in Baghdad and a strike in Yemen that night: two events
    return max(p, limits.rule_prob) if a.actors & b.actors else min(p, limits.no_actor_prob)


def link_probabilities(mentions: Sequence[EventMention], embed: Embed | None = None,
                       weights: np.ndarray = WEIGHTS, rule: bool = False,
                       limits: CorefLimits = PACKAGED) -> np.ndarray:  # fmt: skip
    """Pairwise probability that two mentions corefer; known, different types never do.

    With ``rule``, typed events (from the trigger lexicon) that share a named actor
    corefer unless their stated dates are more than a year apart or they name
    different places, and typed
    events with no named actor in common do not: the learned score alone
    undervalues a lexicon type and a resolved participant (ECB+'s mostly untyped
    mentions rarely show it) and overvalues a shared trigger word.
    """
    logits = pair_features(mentions, embed) @ weights
    prob = 1.0 / (1.0 + np.exp(-logits))
    for i, a in enumerate(mentions):
        for j, b in enumerate(mentions):
            if a.type != b.type and "other" not in (a.type, b.type):
                prob[i, j] = 0.0
            elif rule and i != j:
                prob[i, j] = _typed_rule(a, b, prob[i, j], limits)
    np.fill_diagonal(prob, 1.0)
    return prob


def agglomerate(prob: np.ndarray, threshold: float = PACKAGED.threshold) -> list[int]:
    """Average-link clustering: merge the closest two clusters while their mean probability > threshold."""
    n = prob.shape[0]
    members: dict[int, list[int]] = {i: [i] for i in range(n)}
    total = prob.copy()  # sum of pair probabilities between clusters
    np.fill_diagonal(total, 0.0)
    alive = np.ones(n, dtype=bool)
    while alive.sum() > 1:
        sizes = np.array([len(members.get(i, [])) for i in range(n)], dtype=float)
        avg = total / np.maximum(np.outer(sizes, sizes), 1.0)
        avg[~alive, :] = -1.0
        avg[:, ~alive] = -1.0
        np.fill_diagonal(avg, -1.0)
        i, j = (int(k) for k in np.unravel_index(int(np.argmax(avg)), avg.shape))
        if avg[i, j] <= threshold:
            break
        members[i] += members.pop(j)
        total[i, :] += total[j, :]
        total[:, i] += total[:, j]
        total[i, i] = 0.0
        total[j, :] = total[:, j] = 0.0
        alive[j] = False
    labels = [0] * n
    for label, group in enumerate(sorted(members.values(), key=min)):
        for k in group:
            labels[k] = label
    return labels


def cluster_events(mentions: Sequence[EventMention], embed: Embed | None = None,
                   weights: np.ndarray = WEIGHTS, rule: bool = True, limits: CorefLimits = PACKAGED) -> list[int]:
    """A cluster number for each mention; mentions with one number report one event."""
    if not mentions:
        return []
    return agglomerate(link_probabilities(mentions, embed, weights, rule, limits), limits.threshold)
