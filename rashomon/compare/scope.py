"""What can be compared: which documents tell one story, and which claims report one event.

Two claims may agree or contradict, and two figures may conflict, only when they
speak of the same happening. Comparing across stories ("33 miners" against "the
killing of Soleimani") or across events of one story (the 3 January strike
against the 8 January missile attack, or a strike in Yemen the same night) is
what made links and conflicts wrong. This module gives each claim a *frame*:

* its **story**: documents are grouped by what they share, specific named
  actors and places (resolved entity ids, so any script) and how alike their
  claims read (centroid of the claims' sentence embeddings), joined by average
  linkage so that no chain of pairs makes one story of many; nothing crosses
  between stories;
* its **events**: the cross-document event clusters (``eventcoref``, run by
  ``ensure_clusters`` once per corpus) of the event triggers inside the claim;
* its **dates** (explicit temporal expressions inside the claim) and **places**.

``clash`` says why two frames cannot be the same happening; ``same_event`` says
whether something positive ties them (a shared event cluster).

    >>> a = Frame("d1", 0, frozenset({("attack", "e1")}), (), frozenset({"ent_baghdad"}))
    >>> b = Frame("d2", 0, frozenset({("attack", "e2")}), (), frozenset({"ent_yemen"}))
    >>> clash(a, b)
    'different attack events in different places'
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, fields
from typing import Any

import numpy as np

from ..config import Settings
from ..model import Claim, Corpus, DateValue
from .eventcoref import interval

STORY_SETTINGS = ("story_shared_entities", "story_cosine", "story_cosine_with_name", "story_specific_share",
                  "story_specific_min_docs", "story_linkage")  # declared by every stage that may group first
ENCODER_LANGUAGES = frozenset({"en"})  # the packaged sentence encoder's language: cosines elsewhere mean little
STORY_LABELS = frozenset({"PERSON", "ORG", "GPE", "LOC", "FAC", "NORP", "EVENT"})
PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
DATE_SLACK_DAYS = 1  # stated dates further apart than this are different happenings
_EXPLICIT = re.compile(r"\d{4}|\d0s\b")


@dataclass(frozen=True)
class StoryLimits:
    """The story grouping's settings (``story_*`` in defaults.toml); a stage passes the run's values.

    Settings rather than constants because they decide what may be compared at
    all: a folder of one story and 990 unrelated web pages need different bars,
    and a run's manifest must say which bars made its story groups.
    """

    shared_entities: int = Settings.story_shared_entities  # specific names in common that relate two documents
    cosine: float = Settings.story_cosine  # centroid cosine that relates two documents without a shared name
    cosine_with_name: float = Settings.story_cosine_with_name  # with one shared name, a weaker likeness suffices
    specific_share: float = Settings.story_specific_share  # a name more documents name does not tie two of them
    specific_min_docs: int = Settings.story_specific_min_docs  # ... unless it names at most this many
    linkage: float = Settings.story_linkage  # share of related document pairs two groups need to join

    @classmethod
    def of(cls, config: Mapping[str, Any]) -> StoryLimits:
        """From a stage's config (``registry.stage_config``) that declares ``STORY_SETTINGS``."""
        return cls(**{f.name: config[f"story_{f.name}"] for f in fields(cls)})


STORY_PACKAGED = StoryLimits()


@dataclass(frozen=True)
class Frame:
    """What one claim is about: its story group, event clusters, explicit dates and places."""

    doc: str
    story: int
    events: frozenset[tuple[str, str]]  # (event type, cluster id)
    dates: tuple[DateValue, ...]
    places: frozenset[str]


def story_groups(corpus: Corpus, centroids: dict[str, np.ndarray] | None = None,
                 limits: StoryLimits = STORY_PACKAGED) -> dict[str, int]:
    """Document id -> story number: average-linkage groups of documents that share enough.

    Two documents are *related* when they name ``limits.shared_entities`` of the
    same specific actors or places (resolved entity ids, so any script), or,
    both in a language the sentence encoder reads, when their claims read alike
    (centroid cosine). A name is specific when at most ``limits.specific_share`` of the
    documents (and never fewer than ``limits.specific_min_docs``) name it: in a folder of
    one story every name counts; among 990 web pages "Deutschland" does not.
    Groups join only while at least ``limits.linkage`` of their document pairs are
    related (average linkage): joining every related pair (single linkage)
    chained those 990 pages about a thousand subjects into one "story", and
    their claims were compared with each other.
    """
    from scipy.cluster.hierarchy import fcluster, linkage

    docs = [d.document.id for d in corpus.docs]
    if len(docs) < 2:
        return dict.fromkeys(docs, 0)
    named = {d.document.id: {m.entity for m in d.mentions if m.entity and m.label in STORY_LABELS}
             for d in corpus.docs}
    counts: dict[str, int] = defaultdict(int)
    for ids in named.values():
        for e in ids:
            counts[e] += 1
    most = max(limits.specific_min_docs, limits.specific_share * len(docs))
    names = {d: {e for e in ids if counts[e] <= most} for d, ids in named.items()}
    reads = {d.document.id: (d.document.language or "en") in ENCODER_LANGUAGES for d in corpus.docs}
    distance = np.ones(len(docs) * (len(docs) - 1) // 2)
    k = 0
    for i, a in enumerate(docs):
        for b in docs[i + 1 :]:
            shared = len(names[a] & names[b])
            cos = (float(centroids[a] @ centroids[b]) if centroids and a in centroids and b in centroids
                   and reads[a] and reads[b] else 0.0)
            if (shared >= limits.shared_entities or cos >= limits.cosine
                    or (shared and cos >= limits.cosine_with_name)):
                distance[k] = 0.0
            k += 1
    labels = fcluster(linkage(distance, method="average"), t=1.0 - limits.linkage, criterion="distance")
    first: dict[int, int] = {}
    for label in labels:
        first.setdefault(int(label), len(first))
    return {d: first[int(label)] for d, label in zip(docs, labels)}


def centroids_of(claims: Sequence[Claim], emb: np.ndarray) -> dict[str, np.ndarray]:
    """Unit-length mean of each document's claim embeddings."""
    by_doc: dict[str, list[int]] = defaultdict(list)
    for i, c in enumerate(claims):
        by_doc[c.doc].append(i)
    out = {}
    for doc, rows in by_doc.items():
        v = emb[rows].mean(axis=0)
        out[doc] = v / (np.linalg.norm(v) or 1.0)
    return out


def ensure_stories(corpus: Corpus, centroids: Callable[[], dict[str, np.ndarray] | None],
                   limits: StoryLimits = STORY_PACKAGED) -> dict[str, int]:
    """The corpus' story groups, computed once and kept in ``corpus.stories``."""
    found = corpus.stories
    if set(found) != {d.document.id for d in corpus.docs}:
        found = story_groups(corpus, centroids(), limits)
        corpus.stories = found
    return found


def frames(corpus: Corpus, stories: dict[str, int]) -> dict[str, Frame]:
    """The frame of every claim of the corpus, by claim id (events must be clustered already)."""
    out: dict[str, Frame] = {}
    for item in corpus.docs:
        notes = item.notes.events
        for claim in item.claims:
            events = frozenset(
                (ev.type, ev.cluster or ev.id) for ev in item.events
                if claim.start <= (notes[ev.id]["trigger"] if ev.id in notes else [ev.start])[0] < claim.end
            )
            dates = tuple(t.value for t in item.timexes
                          if claim.start <= t.start and t.end <= claim.end and _EXPLICIT.search(t.text))
            places = frozenset(m.entity or m.text.lower() for m in item.mentions
                               if m.label in PLACE_LABELS and claim.start <= m.start and m.end <= claim.end)
            out[claim.id] = Frame(claim.doc, stories.get(claim.doc, 0), events, dates, places)
    return out


def _gap_days(a: DateValue, b: DateValue) -> float:
    ia, ib = interval(a), interval(b)
    if ia is None or ib is None:
        return 0.0
    return max(0.0, max(ia[0], ib[0]) - min(ia[1], ib[1]))


def _dates_clash(a: tuple[DateValue, ...], b: tuple[DateValue, ...]) -> bool:
    """Every stated day or month of one claim lies more than ``DATE_SLACK_DAYS`` from every one of the other.

    Sources a day apart ("late on October 13" against "October 14") more likely
    disagree about one event's date (the timeline flags that) than report two.
    """
    fine = [d for d in a if d.precision in ("day", "month")], [d for d in b if d.precision in ("day", "month")]
    if not fine[0] or not fine[1]:
        return False
    return all(_gap_days(x, y) > DATE_SLACK_DAYS for x in fine[0] for y in fine[1])


def clash(a: Frame, b: Frame) -> str | None:
    """Why two claims cannot be about the same happening, or None when nothing says so."""
    if a.story != b.story:
        return "different stories"
    if _dates_clash(a.dates, b.dates):
        return "different dates"
    types = {t for t, _ in a.events} & {t for t, _ in b.events}
    for kind in sorted(types):
        ca = {c for t, c in a.events if t == kind}
        cb = {c for t, c in b.events if t == kind}
        if ca & cb:
            return None
        if a.places and b.places and not a.places & b.places:
            return f"different {kind} events in different places"
    return None


def same_event(a: Frame, b: Frame) -> bool:
    """Whether the two claims report one event cluster."""
    return bool({c for _, c in a.events} & {c for _, c in b.events})
