"""Fact conflicts: sources giving incompatible counts, ranks or places for the same thing.

Precise before complete: every conflict names what it is about and lists
every source's value with the span that says it, so a reader can check it.

* **numbers** (``kind="number"``): counts from ``quantities`` grouped by
  what they count ("people killed", "missiles fired"). Two counts describe
  the same thing when they count the same thing, name no different places,
  and their sentences are close (cosine of the claim embeddings at least
  ``facts_same_subject_cosine``, or ``facts_same_place_cosine`` when both name
  the same place). A group conflicts when two sources' intervals
  cannot both hold: "at least 6" and "eight" agree, "six" and "eight" do not.
* **ranks** (``kind="fact"``): the rank each source gives one resolved person
  ("major general" vs "lieutenant general"); bare "General" agrees with both.
* **places** (``kind="fact"``): where each source says one person was killed,
  arrested, born or buried. Places agree when one name contains the other or
  some sentence of the corpus names both (how "Baghdad, Iraq" reveals that
  Baghdad is in Iraq); otherwise they conflict.

Only what can be compared is compared (``scope``): both sides of a conflict
belong to one story, and nothing says they report different events (other
dates, other places, other event clusters of one type). Each conflict carries a
``confidence``: highest when both sides report one event cluster and count the
same noun ("rockets" is not "missiles"; "196 Dutch" is a part of "298 people",
not a rival figure); conflicts below ``facts_show_confidence`` go to the separate
``possible_conflicts`` list. Each side names who holds it: the speaker the
sentence is attributed to, else the source.

Dates of the same event are compared by the ``timeline`` stage.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, fields
from itertools import combinations
from typing import Any

from ..config import Settings
from ..errors import ModelError
from ..model import Claim, Conflict, ConflictItem, Corpus, DocAnalysis, Mention
from ..registry import Context, stage, stage_config
from . import ranks
from .eventcoref import COREF_SETTINGS, CorefLimits
from .quantities import Quantity, find_quantities
from .scope import STORY_SETTINGS, Frame, StoryLimits, clash, same_event

FACT_SETTINGS = ("facts_same_subject_cosine", "facts_same_place_cosine", "facts_show_confidence")


@dataclass(frozen=True)
class FactLimits:
    """The conflict finder's bars (``facts_*`` in defaults.toml); the stage passes the run's values.

    Settings, not constants, so that a map's manifest says which bars made its
    conflicts and a user can be stricter without editing code.
    """

    same_subject_cosine: float = Settings.facts_same_subject_cosine  # two counts' sentences this alike: one subject
    same_place_cosine: float = Settings.facts_same_place_cosine  # the same count at one named place needs less
    show_confidence: float = Settings.facts_show_confidence  # below this a conflict goes to ``possible_conflicts``

    @classmethod
    def of(cls, config: Mapping[str, Any]) -> FactLimits:
        """From the ``facts`` stage's config (``registry.stage_config``)."""
        return cls(**{f.name: config[f"facts_{f.name}"] for f in fields(cls)})


FACTS_PACKAGED = FactLimits()
PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
_PLACE_EVENTS = {
    "killed": r"killed|assassinated|slain|died|murdered|martyred|taken out|eliminated",
    "arrested": r"arrested|detained|captured",
    "born": r"born",
    "buried": r"buried|laid to rest",
}
_PLACE_RE = {k: re.compile(rf"\b(?:{v})\b", re.IGNORECASE) for k, v in _PLACE_EVENTS.items()}

_PLACE_PREP = re.compile(r"\b(?:in|at|near|outside|on)\s+(?:the\s+)?$")

Similarity = Callable[[Claim, Claim], float]


@dataclass
class Found:
    """One source's value for one subject, with its evidence span and context."""

    doc: str
    start: int
    end: int
    text: str
    value: str
    claim: Claim
    places: frozenset[str] = frozenset()
    quantity: Quantity | None = None
    elided: bool = False  # a bare number of a list that took its noun from the count before it

    def item(self) -> ConflictItem:
        return ConflictItem(self.doc, self.start, self.end, self.text, self.value, holder_of(self.claim))


def holder_of(claim: Claim) -> str | None:
    """The speaker a claim is attributed to (outermost first), or None when the source says it itself."""
    return claim.chain[0].speaker if claim.chain else claim.speaker


Frames = dict[str, Frame] | None


def _event_link(a: Claim, b: Claim, framed: Frames) -> bool | None:
    """True: one event cluster; False: something says different events; None: nothing known."""
    fa, fb = (framed or {}).get(a.id), (framed or {}).get(b.id)
    if fa is None or fb is None:
        return None
    if clash(fa, fb):
        return False
    return True if same_event(fa, fb) else None


def _mentions_in(item: DocAnalysis, claim: Claim) -> list[Mention]:
    return [m for m in item.mentions if claim.start <= m.start and m.end <= claim.end]


def _claims(corpus: Corpus) -> Iterable[tuple[DocAnalysis, Claim]]:
    for item in corpus.docs:
        for claim in item.claims:
            if claim.section != "comment":
                yield item, claim


# --- numbers ------------------------------------------------------------------------------------


def find_counts(corpus: Corpus) -> dict[tuple[str, str], list[Found]]:
    """Every count of every claim, grouped by what it counts."""
    groups: dict[tuple[str, str], list[Found]] = defaultdict(list)
    for item, claim in _claims(corpus):
        places = frozenset(m.entity or m.text for m in _mentions_in(item, claim) if m.label in PLACE_LABELS)
        for q in find_quantities(claim.text):
            if q.key is None:
                continue
            start, end = claim.start + q.start, claim.start + q.end
            text = item.document.text[start:end]
            value = q.interval.describe()
            groups[q.key].append(Found(claim.doc, start, end, text, value, claim, places, q,
                                       elided=bool(q.noun) and str(q.noun).lower() not in q.text.lower()))
    return groups


def _same_subject(a: Found, b: Found, similar: Similarity, limits: FactLimits) -> bool:
    if a.places and b.places and not (a.places & b.places):
        return False  # "1,500 killed in Iran" and "500 killed in Iraq" count different things
    needed = limits.same_place_cosine if a.places & b.places else limits.same_subject_cosine
    return similar(a.claim, b.claim) >= needed


def _components(n: int, edges: Iterable[tuple[int, int]]) -> list[list[int]]:
    parent = list(range(n))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for i, j in edges:
        parent[find(i)] = find(j)
    groups: dict[int, list[int]] = defaultdict(list)
    for i in range(n):
        groups[find(i)].append(i)
    return list(groups.values())


_QUALIFIER = re.compile(r"\b[A-Z][a-z]+\b")


def _qualifiers(q: Quantity) -> frozenset[str]:
    """Capitalised words between a count and its noun ("196 Dutch nationals"): a part, not the whole."""
    return frozenset(_QUALIFIER.findall(q.text[len(q.text.split()[0]):]))


def _noun_lemma(q: Quantity) -> str:
    return re.sub(r"(?:es|s)$", "", (q.noun or "").lower()) if q.noun else ""


def comparable_counts(a: Found, b: Found, similar: Similarity, framed: Frames = None,
                      limits: FactLimits = FACTS_PACKAGED) -> bool:
    """Two counts of one key that may be the same measured quantity of the same event."""
    qa, qb = a.quantity, b.quantity
    if a.doc == b.doc or qa is None or qb is None:
        return False
    if qa.noun_class == "missiles" and _noun_lemma(qa) != _noun_lemma(qb):
        return False  # 3 Katyusha rockets of one strike are not the 22 ballistic missiles of another
    if _qualifiers(qa) != _qualifiers(qb):
        return False  # "196 Dutch" counts a part of "298 people"
    link = _event_link(a.claim, b.claim, framed)
    if link is False:
        return False
    return link is True or _same_subject(a, b, similar, limits)


def count_confidence(a: Found, b: Found, framed: Frames = None) -> float:
    """How sure a clash of two comparable counts is a real conflict: the same event and the same noun."""
    qa, qb = a.quantity, b.quantity
    score = 0.5
    if _event_link(a.claim, b.claim, framed):
        score += 0.2
    if qa and qb and qa.noun and _noun_lemma(qa) == _noun_lemma(qb):
        score += 0.2
    if a.elided or b.elided:
        score -= 0.2  # a bare number in a list took its sense from the count before it
    return round(score, 2)


def number_conflicts(corpus: Corpus, similar: Similarity, framed: Frames = None,
                     limits: FactLimits = FACTS_PACKAGED) -> list[Conflict]:
    """Counts of the same thing that sources give incompatibly, each with its confidence."""
    out: list[Conflict] = []
    for (measure, noun_class), found in sorted(find_counts(corpus).items()):
        if len({f.doc for f in found}) < 2:
            continue
        linked = [(i, j) for i, j in combinations(range(len(found)), 2)
                  if comparable_counts(found[i], found[j], similar, framed, limits)]  # fmt: skip
        for comp in _components(len(found), linked):
            members = [found[i] for i in comp]
            in_comp = set(comp)
            pair = _clashing_pair([(i, j) for i, j in linked if i in in_comp], found, framed)
            if pair:
                out.append(_number_conflict(measure, noun_class, members, pair[:2], pair[2]))
    return out


def _clashing_pair(edges: list[tuple[int, int]], found: list[Found], framed: Frames = None
                   ) -> tuple[Found, Found, float] | None:
    """The linked pair whose intervals cannot both hold that is surest to be one quantity."""
    best: tuple[Found, Found, float] | None = None
    for i, j in edges:
        a, b = found[i], found[j]
        if a.quantity and b.quantity and not a.quantity.interval.overlaps(b.quantity.interval):
            conf = count_confidence(a, b, framed)
            if best is None or conf > best[2]:
                best = (a, b, conf)
    return best


def _number_conflict(
    measure: str, noun_class: str, members: list[Found], clash: tuple[Found, Found], confidence: float = 1.0
) -> Conflict:
    members = sorted(members, key=lambda f: (f.doc, f.start))
    a, b = clash
    what = f"{noun_class} {measure}"
    listing = "; ".join(f"{f.doc}: {f.text!r} ({f.value})" for f in members)
    explanation = (
        f"Sources disagree on the number of {what}: {a.text!r} ({a.value}) and {b.text!r} ({b.value}) "
        f"cannot both hold. Every source's figure: {listing}."
    )
    return Conflict("number", [f.item() for f in members], explanation, subject=what, confidence=confidence)


# --- ranks --------------------------------------------------------------------------------------


def find_ranks(corpus: Corpus) -> dict[str, list[Found]]:
    """The rank each document writes beside each resolved person, by entity id."""
    out: dict[str, list[Found]] = defaultdict(list)
    for item in corpus.docs:
        text = item.document.text
        seen: set[tuple[str, str]] = set()
        for m in sorted(item.mentions, key=lambda m: m.start):
            if not m.entity or m.label != "PERSON" or _in_comment(item, m.start):
                continue
            hit = _rank_at(text, m)
            if hit and (m.entity, hit[2]) not in seen:
                seen.add((m.entity, hit[2]))
                s, e, rank = hit
                claim = _claim_at(item, s)
                out[m.entity].append(Found(item.document.id, s, e, text[s:e], rank, claim))
    return out


def _rank_at(text: str, m: Mention) -> tuple[int, int, str] | None:
    own = ranks.rank_in_name(m.text)
    if own:
        return m.start + own[0], m.start + own[1], own[2]
    return ranks.rank_span_before(text, m.start) or ranks.rank_span_after(text, m.end)


def _claim_at(item: DocAnalysis, offset: int) -> Claim:
    for c in item.claims:
        if c.start <= offset < c.end:
            return c
    return Claim(Claim.make_id(item.document.id, offset, offset), item.document.id, offset, offset, "")


def _in_comment(item: DocAnalysis, offset: int) -> bool:
    return any(c.section == "comment" and c.start <= offset < c.end for c in item.claims)


def rank_conflicts(corpus: Corpus) -> list[Conflict]:
    """Persons to whom two sources give ranks that cannot both be right."""
    names = {e.id: e.name for e in corpus.entities}
    out: list[Conflict] = []
    for entity, found in sorted(find_ranks(corpus).items()):
        clash = next(((a, b) for a, b in combinations(found, 2)
                      if a.doc != b.doc and not ranks.compatible(a.value, b.value)
                      and not _doc_has(found, a.doc, b.value) and not _doc_has(found, b.doc, a.value)), None)  # fmt: skip
        if clash:
            a, b = clash
            who = names.get(entity, entity)
            listing = "; ".join(f"{f.doc}: {f.value}" for f in found)
            explanation = f"Sources give {who} different ranks: {a.value} and {b.value}. Every source's rank: {listing}."
            out.append(Conflict("fact", [f.item() for f in found], explanation, subject=entity, confidence=0.8))
    return out


def _doc_has(found: list[Found], doc: str, value: str) -> bool:
    return any(f.doc == doc and f.value == value for f in found)


# --- places -------------------------------------------------------------------------------------


def find_places(corpus: Corpus) -> dict[tuple[str, str], list[Found]]:
    """Where each document says a person was killed, arrested, born or buried, by (entity, event)."""
    out: dict[tuple[str, str], list[Found]] = defaultdict(list)
    for item, claim in _claims(corpus):
        ms = _mentions_in(item, claim)
        people = [m for m in ms if m.label == "PERSON" and m.entity]
        for event, pattern in _PLACE_RE.items():
            hit = pattern.search(claim.text)
            if not hit or not people:
                continue
            verb_at = claim.start + hit.start()
            place = _place_after(item.document.text, ms, verb_at, claim.end)
            person = max((p for p in people if p.start < verb_at), key=lambda p: p.start, default=None)
            if place and person:
                text = item.document.text[place.start : place.end]
                out[(str(person.entity), event)].append(
                    Found(
                        claim.doc,
                        place.start,
                        place.end,
                        text,
                        text,
                        claim,
                        frozenset({place.entity or text}),
                    )
                )
    return out


def _place_after(text: str, mentions: list[Mention], verb_at: int, limit: int) -> Mention | None:
    """The first place named in an "in/at/near X" phrase after the event verb, within the claim."""
    for m in sorted(mentions, key=lambda m: m.start):
        near = m.label in PLACE_LABELS and verb_at < m.start < limit and m.start - verb_at < 80
        if near and _PLACE_PREP.search(text[max(verb_at, m.start - 12) : m.start]):
            return m
    return None


def _places_related(a: Found, b: Found, together: set[frozenset[str]]) -> bool:
    if a.places & b.places:
        return True
    ta, tb = a.text.lower(), b.text.lower()
    if ta in tb or tb in ta:
        return True
    return any(frozenset({x, y}) in together for x in a.places for y in b.places)


def _co_named_places(corpus: Corpus) -> set[frozenset[str]]:
    """Pairs of places named in one sentence somewhere in the corpus ("Baghdad, Iraq")."""
    out: set[frozenset[str]] = set()
    for item, claim in _claims(corpus):
        places = {m.entity or m.text for m in _mentions_in(item, claim) if m.label in PLACE_LABELS}
        out.update(frozenset(p) for p in combinations(sorted(places), 2))
    return out


def place_conflicts(corpus: Corpus, framed: Frames = None) -> list[Conflict]:
    """Events of one person that sources place in unrelated places.

    Two places of reports that belong to different event clusters of one type
    are two events ("killed in Baghdad" and a strike "in Yemen" the same night),
    not a conflict; reports of one cluster give the surest conflicts.
    """
    names = {e.id: e.name for e in corpus.entities}
    together = _co_named_places(corpus)
    out: list[Conflict] = []
    for (entity, event), found in sorted(find_places(corpus).items()):
        pairs = [(a, b, _place_confidence(a, b, framed)) for a, b in combinations(found, 2)
                 if a.doc != b.doc and not _places_related(a, b, together)]  # fmt: skip
        pairs = [p for p in pairs if p[2] > 0]
        clash = max(pairs, key=lambda p: p[2], default=None)
        if clash:
            who = names.get(entity, entity)
            listing = "; ".join(f"{f.doc}: {f.text}" for f in found)
            explanation = (
                f"Sources place where {who} was {event} differently: {clash[0].text} and {clash[1].text}. "
                f"Every source's place: {listing}."
            )
            out.append(Conflict("fact", [f.item() for f in found], explanation, subject=entity, confidence=clash[2]))
    return out


def _place_confidence(a: Found, b: Found, framed: Frames) -> float:
    """0.8 for one event cluster, 0.5 when nothing is known, 0 when the reports are of different events."""
    fa, fb = (framed or {}).get(a.claim.id), (framed or {}).get(b.claim.id)
    if fa is None or fb is None:
        return 0.5
    if fa.story != fb.story:
        return 0.0
    if same_event(fa, fb):
        return 0.8
    kinds = {t for t, _ in fa.events} & {t for t, _ in fb.events}
    return 0.0 if kinds else 0.5


# --- stage --------------------------------------------------------------------------------------


def embedding_similarity(ctx: Context, corpus: Corpus) -> Similarity:
    """Cosine of the claims' packaged sentence embeddings (shared with ``align``'s cache)."""
    from .align import alignable, embed_claims

    claims = alignable(corpus.claims)
    try:
        vecs = dict(zip((c.id for c in claims), embed_claims(ctx, claims)))
    except ModelError:
        return shared_entity_similarity
    return lambda a, b: float(vecs[a.id] @ vecs[b.id]) if a.id in vecs and b.id in vecs else 0.0


def shared_entity_similarity(a: Claim, b: Claim) -> float:
    """Fallback without an embedder: claims naming a common actor count as the same subject."""
    return 1.0 if set(a.entities) & set(b.entities) else 0.0


def find_conflicts(corpus: Corpus, similar: Similarity, framed: Frames = None,
                   limits: FactLimits = FACTS_PACKAGED) -> list[Conflict]:
    """Number, rank and place conflicts of the corpus, in that order, each with its confidence."""
    return (number_conflicts(corpus, similar, framed, limits) + rank_conflicts(corpus)
            + place_conflicts(corpus, framed))


def corpus_frames(ctx: Context, corpus: Corpus) -> dict[str, Frame]:
    """Every claim's frame: story groups and event clusters, reused from ``align`` when it ran."""
    from .align import corpus_stories
    from .scope import frames
    from .timeline import _embedder, ensure_clusters

    config = stage_config(ctx, "facts")
    stories = corpus_stories(ctx, corpus, StoryLimits.of(config))
    ensure_clusters(corpus, _embedder(ctx), stories, CorefLimits.of(config))
    return frames(corpus, stories)


@stage("facts",
       requires=("doc.claims", "corpus.entities", "doc.events"),
       assigns=("corpus.conflicts", "corpus.possible_conflicts"),
       scope="corpus", version="2",
       config=(*FACT_SETTINGS, *COREF_SETTINGS, *STORY_SETTINGS))
def make_facts(ctx: Context) -> Callable[[Corpus], Corpus]:
    """Adds number, rank and place conflicts: sure ones to ``conflicts``, weaker ones to ``possible_conflicts``."""

    from .timeline import _source

    limits = FactLimits.of(stage_config(ctx, "facts"))

    def run(corpus: Corpus) -> Corpus:
        for c in find_conflicts(corpus, embedding_similarity(ctx, corpus), corpus_frames(ctx, corpus), limits):
            for it in c.items:
                it.holder = it.holder or _source(corpus.doc(it.doc))  # the source asserts what no one else is cited for
            (corpus.conflicts if c.confidence >= limits.show_confidence else corpus.possible_conflicts).append(c)
        return corpus

    return run


__all__: Sequence[str] = ("find_conflicts", "number_conflicts", "place_conflicts", "rank_conflicts")
