"""The merged timeline across sources, and the dates they cannot all be right about.

After ``resolve`` has given every mention an entity id, each document's events
(``events`` stage) are grouped into cross-document clusters
(``eventcoref.cluster_events``, within each event type), and each cluster gets
a consensus date: the explicit date (one that states its year) most other
reports agree with, finest first; dates a document only gives relative to its
own dateline ("during the last few hours", "the recent killing") count when no
source states the date outright. ``corpus.timeline`` lists the dated
(or multiply reported) clusters in date order, each with every report, its
sentence and the date it gives.

A report whose date cannot overlap the consensus becomes a ``Conflict`` of kind
``date``. When that report's date was computed from its document's own date,
the document's date is what cannot be reconciled, so the conflict shows the
dateline as well as both sentences.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, cast

import numpy as np
from anyascii import anyascii

from ..config import Settings
from ..model import (
    Conflict,
    ConflictItem,
    Corpus,
    DateValue,
    DocAnalysis,
    Entity,
    Event,
    TimelineEntry,
    TimelineReport,
    content_id,
)
from ..notes import EventNote
from ..registry import Context, stage, stage_config
from .eventcoref import (
    COREF_SETTINGS,
    PACKAGED,
    CorefLimits,
    Embed,
    EventMention,
    cluster_events,
    compatible,
    interval,
)
from .scope import STORY_SETTINGS, StoryLimits

_ACTOR_LABELS = {"PERSON", "ORG"}  # named actors; places and nationalities are too broad to tie events


def _name_key(text: str) -> str:
    words = re.findall(r"[a-z0-9]+", anyascii(text).lower())
    return f"name:{words[-1]}" if words else f"name:{text.lower()}"


class EntityIndex:
    """Entity id of a mention span, falling back on a surname key when resolution has not run."""

    def __init__(self, entities: list[Entity]) -> None:
        self.by_span: dict[tuple[str, int, int], str] = {}
        self.names: dict[str, str] = {}
        for e in entities:
            self.names[e.id] = e.name
            for m in e.mentions:
                self.by_span[(m.doc, m.start, m.end)] = e.id

    def key(self, doc: str, start: int, end: int, text: str) -> str:
        found = self.by_span.get((doc, start, end))
        if found:
            return found
        for (d, s, e), eid in self.by_span.items():
            if d == doc and s < end and start < e:
                return eid
        return _name_key(text)

    def name(self, key: str) -> str:
        return self.names.get(key, key.removeprefix("name:").title())


def _protagonist(doc: DocAnalysis, index: EntityIndex) -> str | None:
    """The person a document names most: who "his death" most likely means."""
    people = Counter(index.key(m.doc, m.start, m.end, m.text) for m in doc.mentions if m.label == "PERSON")
    return people.most_common(1)[0][0] if people else None


def event_mentions(corpus: Corpus, index: EntityIndex) -> tuple[list[Event], list[EventMention], list[EventNote]]:
    """Every event with its coreference view and its notes; ``Event.entities`` become entity ids."""
    events: list[Event] = []
    views: list[EventMention] = []
    notes: list[EventNote] = []
    for doc in corpus.docs:
        hero = _protagonist(doc, index)
        doc_notes = doc.notes.events
        for ev in doc.events:
            note = doc_notes.get(ev.id) or cast(EventNote, {})
            keyed = [(index.key(ev.doc, s, e, t), label) for s, e, t, label in note.get("participants", [])]
            people = [k for k, _ in keyed]
            actors = {k for k, label in keyed if label in _ACTOR_LABELS}
            if note.get("pronoun") and hero and hero not in people:
                people.append(hero)
                actors.add(hero)
            places = [index.key(ev.doc, s, e, t) for s, e, t in note.get("places", [])]
            ev.entities = list(dict.fromkeys(people))
            views.append(EventMention(ev.id, ev.doc, ev.text, ev.trigger, note.get("lemma", ev.trigger.lower()),
                                      ev.type, frozenset(people), frozenset(places), ev.date, is_explicit(note),
                                      frozenset(actors)))
            events.append(ev)
            notes.append(note)
    return events, views, notes


def embed_once(embed: Embed, texts: Iterable[str]) -> Embed:
    """``embed`` run once, over every distinct text, then answered from that table.

    Clustering asks for vectors per story and event type, sentences and trigger
    lemmas apart; one length-sorted pass over the distinct texts gives the same
    vectors and on bench_analyze's corpus (506 events, 17 groups) cost a third
    of the per-group calls. A text outside the table is embedded when asked.
    """
    unique = sorted(set(texts))
    table = dict(zip(unique, np.asarray(embed(unique)))) if unique else {}

    def lookup(batch: list[str]) -> np.ndarray:
        missing = sorted(set(batch) - table.keys())
        if missing:
            table.update(zip(missing, np.asarray(embed(missing))))
        return np.array([table[t] for t in batch])

    return lookup


def cluster_corpus(events: list[Event], views: list[EventMention], embed: Embed | None,
                   stories: dict[str, int] | None = None,
                   limits: CorefLimits = PACKAGED) -> dict[str, list[int]]:  # fmt: skip
    """Cluster id -> indices of its events; clustering runs within each story and event type."""
    if embed is not None:
        embed = embed_once(embed, [t for v in views for t in (v.sentence, v.lemma)])
    by_type: dict[tuple[int, str], list[int]] = defaultdict(list)
    for i, ev in enumerate(events):
        by_type[((stories or {}).get(ev.doc, 0), ev.type)].append(i)
    clusters: dict[str, list[int]] = {}
    for _, idx in sorted(by_type.items()):
        labels = cluster_events([views[i] for i in idx], embed, limits=limits)
        groups: dict[int, list[int]] = defaultdict(list)
        for i, label in zip(idx, labels):
            groups[label].append(i)
        for members in groups.values():
            cid = content_id("evc", *sorted(events[i].id for i in members))
            for i in members:
                events[i].cluster = cid
            clusters[cid] = members
    return clusters


def ensure_clusters(corpus: Corpus, embed: Embed | None, stories: dict[str, int] | None = None,
                    limits: CorefLimits = PACKAGED,
                    ) -> tuple[list[Event], list[EventMention], list[EventNote], dict[str, list[int]]]:
    """Events, views, notes and clusters, clustered once per corpus (``align`` needs them before us).

    ``corpus.event_clusters`` keeps cluster id -> event ids, so a later
    stage reuses the clusters instead of recomputing them. Every stage that may
    cluster first declares ``COREF_SETTINGS`` and passes their values as ``limits``.
    """
    index = EntityIndex(corpus.entities)
    events, views, notes = event_mentions(corpus, index)
    known = corpus.event_clusters
    if known and all(ev.cluster for ev in events):
        where = {ev.id: i for i, ev in enumerate(events)}
        clusters = {cid: [where[e] for e in ids if e in where] for cid, ids in known.items()}
        return events, views, notes, {cid: m for cid, m in clusters.items() if m}
    clusters = cluster_corpus(events, views, embed, stories, limits)
    corpus.event_clusters = {cid: [events[i].id for i in m] for cid, m in clusters.items()}
    return events, views, notes, clusters


def is_explicit(note: EventNote) -> bool:
    """A date the text states outright, not one computed from the document's own date."""
    timex = note.get("timex")
    return note.get("date_source") == "timex" and bool(timex and re.search(r"\d{4}|\d0s\b", timex[2]))


def _width(value: DateValue) -> float:
    lo, hi = interval(value) or (0.0, np.inf)
    return hi - lo


def consensus(members: list[int], events: list[Event], notes: list[EventNote],
              detached: set[int] | frozenset[int] = frozenset()) -> int | None:
    """Index of the report whose date is the consensus: explicit first, most agreed, finest.

    Reports whose date the parse attaches to another verb (``detached``) are
    the last resort: that date belongs to something else the sentence says.
    """
    dated = [i for i in members if events[i].date is not None and interval(events[i].date) is not None]
    if not dated:
        return None
    dated = [i for i in dated if i not in detached] or dated
    explicit = [i for i in dated if is_explicit(notes[i])] or dated

    def support(i: int) -> tuple[int, float, str]:
        agree = sum(bool(compatible(events[i].date, events[j].date)) for j in dated)
        return (-agree, _width(events[i].date), events[i].id)  # type: ignore[arg-type]

    return min(explicit, key=support)


def iso_text(value: DateValue | None) -> str | None:
    if value is None:
        return None
    if value.precision in ("day", "month", "year") and value.start == value.end:
        return value.start
    return f"{value.start or '..'}/{value.end or '..'}"


def _label(kind: str, members: list[int], views: list[EventMention], index: EntityIndex) -> str:
    """"killing (Qassem Soleimani, Trump)": the type and the actors most reports name."""
    counts = Counter(k for i in members for k in views[i].actors) or \
        Counter(k for i in members for k in views[i].participants)
    # ties by name: the actors may come from a set, whose order changes from one process to the next
    names = [index.name(k) for k, _ in sorted(counts.items(), key=lambda kv: (-kv[1], index.name(kv[0])))[:2]]
    return f"{kind} ({', '.join(names)})" if names else kind


def _source(doc: DocAnalysis) -> str:
    d = doc.document
    return d.outlet or d.title or Path(d.source).name


def _item(ev: Event, value: str | None) -> ConflictItem:
    return ConflictItem(ev.doc, ev.start, ev.end, ev.text, value or "")


def governs(corpus: Corpus, ev: Event, note: EventNote) -> bool | None:
    """Whether the event's date expression is attached to its trigger in the parse; None without a parse.

    "Thousands gathered to mourn a slain journalist on Thursday": Thursday dates
    the gathering, not the killing. A date counts for the event when the first
    verb above the expression is the trigger's own verb and, for a noun trigger,
    when the noun is that verb's subject or object ("the killing happened on
    Friday") or the expression sits inside the noun's phrase ("the killing on
    Friday"). A sentence that reports the event as news just in ("The news came
    in during the last few hours: ... was killed") dates it too.
    """
    timex, trigger = note.get("timex"), note.get("trigger")
    if note.get("date_source") == "recent" or (timex and _NEWS_IN.search(ev.text)):
        return True
    if not timex or not trigger:
        return None
    doc = corpus.doc(ev.doc).scratch.spacy
    if doc is None:
        return None
    span, trig = doc.char_span(timex[0], timex[1], alignment_mode="expand"), doc.char_span(
        trigger[0], trigger[1], alignment_mode="expand")
    if span is None or trig is None:
        return None
    head, tok = _verb_above(span.root), trig.root
    if tok.pos_ == "VERB":
        return head is not None and head.i == tok.i
    if span.root.i in {t.i for t in tok.subtree}:
        return True
    return head is not None and tok.head.i == head.i and tok.dep_ in ("nsubj", "nsubjpass", "dobj", "attr")


_NEWS_IN = re.compile(r"\b(?:news came|breaking|hours ago|just been)\b", re.IGNORECASE)


def _verb_above(tok: Any) -> Any:
    """The first verb at or above ``tok`` in the parse, or None."""
    seen = 0
    while tok.pos_ not in ("VERB", "AUX") and tok.head.i != tok.i and seen < 64:
        tok, seen = tok.head, seen + 1
    return tok if tok.pos_ in ("VERB", "AUX") else None


def holder(corpus: Corpus, doc_id: str, start: int) -> str:
    """Who holds a value: the speaker the sentence attributes it to, else the source itself."""
    item = corpus.doc(doc_id)
    for c in item.claims:
        if c.start <= start < c.end:
            if c.chain:
                return c.chain[0].speaker
            if c.speaker:
                return c.speaker
    return _source(item)


DATE_CONFIDENCE = {True: 0.85, None: 0.7, False: 0.35}  # by whether both dates are attached to the event (None: no parse)


def date_conflicts(corpus: Corpus, cid: str, label: str, members: list[int], chosen: int,
                   events: list[Event], notes: list[EventNote]) -> list[Conflict]:
    """One conflict per document whose report cannot share the consensus date."""
    base = events[chosen]
    base_governed = governs(corpus, base, notes[chosen])
    out, seen = [], set()
    for i in members:
        ev = events[i]
        if ev.doc in seen or ev.doc == base.doc or compatible(ev.date, base.date) is not False:
            continue
        seen.add(ev.doc)
        doc, other = corpus.doc(ev.doc), corpus.doc(base.doc)
        items = [_item(base, iso_text(base.date)), _item(ev, iso_text(ev.date))]
        for it in items:
            it.holder = holder(corpus, it.doc, it.start)
        tied = governs(corpus, ev, notes[i])
        both = False if False in (tied, base_governed) else (None if None in (tied, base_governed) else True)
        confidence = DATE_CONFIDENCE[both]
        if is_explicit(notes[i]):
            why = (f"'{_source(other)}' dates the {label} {iso_text(base.date)}, "
                   f"'{_source(doc)}' dates it {iso_text(ev.date)}: both cannot be right.")
        else:
            published = doc.document.published or (doc.notes.timex.get("anchor") if doc.notes.timex else None)
            line = doc.notes.timex.get("dateline") if doc.notes.timex else None
            if line:
                items.insert(0, ConflictItem(ev.doc, line[0], line[1], line[2], published or "", _source(doc)))
            cue = (notes[i].get("timex") or [None, None, "as recent"])[2]
            why = (f"'{_source(doc)}' is dated {published} and reports the {label} as recent ({cue}: "
                   f"{iso_text(ev.date)}), but '{_source(other)}' dates it {iso_text(base.date)}: "
                   f"the document's own date cannot be reconciled with the event it reports.")
        out.append(Conflict("date", items, why, cid, confidence))
    return out


def build_timeline(corpus: Corpus, embed: Embed | None = None, limits: CorefLimits = PACKAGED,
                   show_confidence: float = Settings.timeline_show_confidence) -> Corpus:
    """Cluster events across documents, write the timeline, append the date conflicts.

    A date conflict below ``show_confidence`` is listed as possible, not asserted.
    """
    index = EntityIndex(corpus.entities)
    events, views, notes, clusters = ensure_clusters(corpus, embed, corpus.stories or None, limits)
    timeline: list[TimelineEntry] = []
    for cid, members in clusters.items():
        detached = {i for i in members if events[i].date is not None and governs(corpus, events[i], notes[i]) is False}
        chosen = consensus(members, events, notes, detached)
        docs = {events[i].doc for i in members}
        if chosen is None and len(docs) < 2:
            continue
        kind = events[members[0]].type
        label = _label(kind, members, views, index)
        value = events[chosen].date if chosen is not None else None
        timeline.append(TimelineEntry(
            cid, kind, label, iso_text(value), value,
            places=sorted({index.name(p) for i in members for p in views[i].places}),
            reports=[TimelineReport(events[i].id, events[i].doc, events[i].start, events[i].end, events[i].text,
                                    iso_text(events[i].date), notes[i].get("date_source"), events[i].trigger)
                     for i in sorted(members, key=lambda k: (events[k].doc, events[k].start))],
        ))
        if chosen is not None:
            for c in date_conflicts(corpus, cid, label, members, chosen, events, notes):
                (corpus.conflicts if c.confidence >= show_confidence else corpus.possible_conflicts).append(c)
    timeline.sort(key=_timeline_order)
    corpus.timeline = timeline
    return corpus


def _timeline_order(entry: TimelineEntry) -> tuple[bool, str, str]:
    value = entry.value
    return (value is None, (value.start or "") if value else "", entry.cluster)


def _embedder(ctx: Context) -> Callable[[list[str]], np.ndarray]:
    def embed(texts: list[str]) -> np.ndarray:
        model = ctx.models.get("embedder")
        return np.asarray(model.encode(texts, batch_size=64, normalize_embeddings=True))

    return embed


@stage("timeline",
       requires=("doc.events", "corpus.entities"),
       assigns=("corpus.timeline", "corpus.conflicts", "corpus.possible_conflicts", "corpus.event_clusters"),
       scope="corpus",
       version="3", config=(*COREF_SETTINGS, *STORY_SETTINGS, "timeline_show_confidence"))
def make_timeline(ctx: Context) -> Callable[[Corpus], Corpus]:
    """Merges the sources' events into one timeline and flags the dates they disagree on."""
    from .align import corpus_stories

    embed = _embedder(ctx)
    config = stage_config(ctx, "timeline")
    limits, show = CorefLimits.of(config), config["timeline_show_confidence"]
    story_limits = StoryLimits.of(config)

    def run(corpus: Corpus) -> Corpus:
        corpus_stories(ctx, corpus, story_limits)
        return build_timeline(corpus, embed, limits, show)

    return run
