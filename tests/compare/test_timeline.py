"""The ``timeline`` stage and event coreference on a hand-built corpus with a date conflict."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from rashomon.compare.eventcoref import (
    CorefLimits,
    EventMention,
    agglomerate,
    cluster_events,
    compatible,
    far_apart,
)
from rashomon.compare.timeline import build_timeline
from rashomon.model import Corpus, DateValue, DocAnalysis, Document, Entity, Event, Mention, content_id

SOLEIMANI = "ent_soleimani"


class DocBuilder:
    """A document whose events are written by hand, with the notes the events stage would leave."""

    def __init__(self, text: str, published: str | None = None, source: str = "a.txt") -> None:
        self.item = DocAnalysis(Document.from_text(text, source=source, published=published))
        self.item.notes.events = {}
        self.item.notes.timex = {"anchor": published, "anchor_precision": "day" if published else None,
                                 "anchor_source": "published" if published else None, "dateline": None}
        if published:
            at = text.find("January 5 2019")
            if at >= 0:
                self.item.notes.timex["dateline"] = [at, at + 14, "January 5 2019"]

    def mention(self, name: str, label: str = "PERSON") -> Mention:
        text = self.item.document.text
        at = text.index(name)
        m = Mention(self.item.document.id, at, at + len(name), name, label)
        self.item.mentions.append(m)
        return m

    def event(self, sentence: str, trigger: str, kind: str, date: DateValue | None, timex: str | None,
              people: list[Mention], source: str | None = "timex") -> Event:
        text, doc = self.item.document.text, self.item.document.id
        lo = text.index(sentence)
        t = text.index(trigger, lo)
        ev = Event(content_id("event", doc, t), doc, lo, lo + len(sentence), sentence, kind, trigger, date,
                   [p.text for p in people])
        self.item.events.append(ev)
        tx = None if timex is None else [text.index(timex), text.index(timex) + len(timex), timex]
        self.item.notes.events[ev.id] = {
            "trigger": [t, t + len(trigger)], "lemma": trigger.lower(), "date_source": source if date else None,
            "participants": [[p.start, p.end, p.text, p.label] for p in people], "places": [], "timex": tx,
            "anchor": None, "pronoun": False}
        return ev


def corpus_with_conflict() -> tuple[Corpus, dict[str, Any]]:
    a = DocBuilder("Soleimani was killed by a drone on January 3, 2020. He met Putin in Moscow in July 2015.",
                   source="001.txt")
    kill_a = a.event("Soleimani was killed by a drone on January 3, 2020.", "killed", "killing",
                     DateValue("2020-01-03", "2020-01-03", "day"), "January 3, 2020", [a.mention("Soleimani")])
    meet_a = a.event("He met Putin in Moscow in July 2015.", "met", "meeting",
                     DateValue("2015-07", "2015-07", "month"), "July 2015", [a.mention("Putin")])
    b = DocBuilder("USA and Iran\n\nJanuary 5 2019\n\nThe news came in during the last few hours: Qassem Soleimani "
                   "was killed in Baghdad. Militias killed an American contractor.", "2019-01-05", "003.txt")
    kill_b = b.event("The news came in during the last few hours: Qassem Soleimani was killed in Baghdad.", "killed",
                     "killing", DateValue("2019-01-04", "2019-01-05", "range", "recent"), "the last few hours",
                     [b.mention("Qassem Soleimani")])
    contractor = b.event("Militias killed an American contractor.", "killed", "killing", None, None,
                         [b.mention("American", "NORP")])
    c = DocBuilder("The recent killing of General Soleimani has provoked reactions.", "2020-01-14", "000.txt")
    kill_c = c.event("The recent killing of General Soleimani has provoked reactions.", "killing", "killing",
                     DateValue("2019-10-16", "2020-01-14", "range", "recent"), None, [c.mention("Soleimani")],
                     source="recent")
    people = [m for d in (a, b, c) for m in d.item.mentions if m.label == "PERSON" and "Soleimani" in m.text]
    entities = [Entity(SOLEIMANI, "Qassem Soleimani", "PERSON", mentions=people)]
    corpus = Corpus([a.item, b.item, c.item], entities=entities)
    return corpus, {"kill_a": kill_a, "kill_b": kill_b, "kill_c": kill_c, "meet_a": meet_a,
                    "contractor": contractor, "b": b.item}


def test_one_killing_cluster_dated_from_the_explicit_source() -> None:
    corpus, ev = corpus_with_conflict()
    build_timeline(corpus)
    assert ev["kill_a"].cluster == ev["kill_b"].cluster == ev["kill_c"].cluster
    assert ev["contractor"].cluster != ev["kill_a"].cluster
    assert ev["kill_a"].entities == [SOLEIMANI]
    entry = next(t for t in corpus.timeline if t.cluster == ev["kill_a"].cluster)
    assert entry.date == "2020-01-03" and entry.type == "killing"
    assert "Qassem Soleimani" in entry.label
    assert {r.doc for r in entry.reports} == {d.document.id for d in corpus.docs}
    dates = [t.value.start for t in corpus.timeline if t.value]
    assert dates == sorted(dates) and corpus.timeline[0].type == "meeting"


def test_document_date_conflict_has_both_sides_and_the_dateline() -> None:
    corpus, ev = corpus_with_conflict()
    build_timeline(corpus)
    conflicts = [c for c in corpus.conflicts if c.kind == "date"]
    assert len(conflicts) == 1  # the "recent" report of 000 is compatible, only 003 is not
    conflict = conflicts[0]
    b = ev["b"].document
    dateline, theirs, ours = None, None, None
    for item in conflict.items:
        if item.doc == b.id and item.text == "January 5 2019":
            dateline = item
        elif item.doc == b.id:
            theirs = item
        else:
            ours = item
    assert dateline and dateline.value == "2019-01-05" and b.text[dateline.start : dateline.end] == "January 5 2019"
    assert theirs and theirs.text.startswith("The news came in") and theirs.value == "2019-01-04/2019-01-05"
    assert ours and ours.value == "2020-01-03" and ours.doc == ev["kill_a"].doc
    assert "cannot be reconciled" in conflict.explanation and "003.txt" in conflict.explanation
    assert conflict.subject == ev["kill_a"].cluster


def test_two_explicit_dates_that_disagree_slightly_are_one_event_in_conflict() -> None:
    corpus, _ = corpus_with_conflict()
    d = DocBuilder("Qassem Soleimani was killed on January 2, 2020, officials said.", "2020-01-20", "004.txt")
    d.event("Qassem Soleimani was killed on January 2, 2020, officials said.", "killed", "killing",
            DateValue("2020-01-02", "2020-01-02", "day"), "January 2, 2020", [d.mention("Qassem Soleimani")])
    corpus.docs.append(d.item)
    corpus.entities[0].mentions.append(d.item.mentions[0])
    build_timeline(corpus)
    explicit = [c for c in corpus.conflicts if "both cannot be right" in c.explanation]
    assert len(explicit) == 1 and {i.value for i in explicit[0].items} == {"2020-01-03", "2020-01-02"}


def test_without_entities_surnames_still_tie_reports() -> None:
    corpus, ev = corpus_with_conflict()
    corpus.entities = []
    build_timeline(corpus)
    assert ev["kill_a"].cluster == ev["kill_b"].cluster
    assert ev["kill_a"].entities == ["name:soleimani"]


def mention(i: str, doc: str, lemma: str, kind: str = "other", actors: set[str] = frozenset(),  # type: ignore[assignment]
            date: DateValue | None = None, explicit: bool = False) -> EventMention:
    return EventMention(i, doc, f"A sentence about {lemma}.", lemma, lemma, kind, frozenset(actors), frozenset(),
                        date, explicit, frozenset(actors))


def test_types_never_mix_and_far_apart_dates_split() -> None:
    y2015, y2020 = DateValue("2015", "2015", "year"), DateValue("2020-01-03", "2020-01-03", "day")
    ms = [mention("a", "d1", "meet", "meeting", {"x"}, y2015, True),
          mention("b", "d2", "meeting", "meeting", {"x"}, y2020, True),
          mention("c", "d2", "kill", "killing", {"x"}, y2020, True)]
    assert far_apart(ms[0], ms[1]) and not far_apart(ms[1], ms[2])
    labels = cluster_events(ms)
    assert len(set(labels)) == 3


def test_average_link_and_compatible_dates() -> None:
    import numpy as np

    prob = np.array([[1, 0.9, 0.2], [0.9, 1, 0.3], [0.2, 0.3, 1]])
    assert agglomerate(prob) == [0, 0, 1]
    assert compatible(DateValue("2019-10-16", "2020-01-14", "range"), DateValue("2020-01-03", "2020-01-03"))
    assert compatible(DateValue("2018-05", None, "open"), DateValue("2015", "2015", "year")) is False
    assert compatible(None, DateValue("2015", "2015", "year")) is None


@pytest.fixture(scope="module")
def seeds_corpus(seeds_dir: Any, context: Any) -> Corpus:
    """The seed articles through the stages the timeline needs (not the whole pipeline)."""
    from rashomon.ingest import read_inputs
    from rashomon.pipeline import Pipeline

    docs = read_inputs([seeds_dir]).documents
    stages = ["language", "parse", "mentions", "timex", "events", "resolve", "timeline"]
    return Pipeline.assemble(stages, context=context)(docs)


def _seed(corpus: Corpus, prefix: str) -> DocAnalysis:
    return next(d for d in corpus.docs if Path(d.document.source).name.startswith(prefix))


@pytest.mark.slow
def test_seeds_killing_is_one_event_dated_from_seed_001(seeds_corpus: Corpus) -> None:
    s000, s001, s003 = (_seed(seeds_corpus, p) for p in ("000", "001", "003"))
    killings = [t for t in seeds_corpus.timeline if t.type == "killing" and t.date == "2020-01-03"]
    assert len(killings) == 1
    entry = killings[0]
    docs = {r.doc for r in entry.reports}
    assert docs == {s000.document.id, s001.document.id, s003.document.id}
    evidence = [r for r in entry.reports if r.doc == s001.document.id and r.date == "2020-01-03"]
    assert evidence and "January 3, 2020" in evidence[0].text
    assert s001.document.text[evidence[0].start : evidence[0].end] == evidence[0].text
    soleimani = {e.cluster for d in seeds_corpus.docs for e in d.events
                 if e.type == "killing" and "Soleimani" in e.text and e.date is not None}
    assert soleimani == {entry.cluster}


@pytest.mark.slow
def test_seeds_003_date_conflict_has_both_sides(seeds_corpus: Corpus) -> None:
    s001, s003 = _seed(seeds_corpus, "001"), _seed(seeds_corpus, "003")
    conflicts = [c for c in seeds_corpus.conflicts if c.kind == "date" and {i.doc for i in c.items} ==
                 {s001.document.id, s003.document.id}]
    assert len(conflicts) == 1
    items = conflicts[0].items
    for item in items:
        text = seeds_corpus.doc(item.doc).document.text
        assert text[item.start : item.end] == item.text
    assert any(i.doc == s003.document.id and i.text == "January 5 2019" and i.value == "2019-01-05" for i in items)
    assert any(i.doc == s003.document.id and "last few hours" in i.text for i in items)
    assert any(i.doc == s001.document.id and i.value == "2020-01-03" for i in items)
    assert "cannot be reconciled" in conflicts[0].explanation


@pytest.mark.slow
def test_seeds_partial_dates_resolved(seeds_corpus: Corpus) -> None:
    s000, s001 = _seed(seeds_corpus, "000"), _seed(seeds_corpus, "001")
    values = {t.text: t.value for d in (s000, s001) for t in d.timexes}
    assert values["From July 24 to July 26"] == DateValue("2015-07-24", "2015-07-26", "range")
    assert values["since October last year"] == DateValue("2019-10", None, "open")
    assert values["2014-17"] == DateValue("2014", "2017", "range")
    assert values["Earlier on this year"].start == "2022"
    assert s001.notes.timex["anchor"] == "2022"



def test_conflicts_and_clusters_follow_the_timeline_settings() -> None:
    def run(**limits: Any) -> Corpus:
        corpus, _ = corpus_with_conflict()
        return build_timeline(corpus, **limits)

    shown = run()
    assert [c.kind for c in shown.conflicts] == ["date"] and not shown.possible_conflicts
    stricter = run(show_confidence=0.99)
    assert not stricter.conflicts and [c.kind for c in stricter.possible_conflicts] == ["date"]
    apart = run(limits=CorefLimits(threshold=0.999, rule_prob=0.0))  # no two reports are one event
    assert not apart.conflicts and not apart.possible_conflicts


def test_the_timeline_stage_passes_its_settings(fake_context: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    from dataclasses import replace

    from compare_helpers import FakeEmbedder

    from rashomon.compare import timeline
    from rashomon.registry import get_stage

    seen: dict[str, Any] = {}
    monkeypatch.setattr(timeline, "build_timeline", lambda corpus, embed, limits, show: seen.update(
        limits=limits, show=show) or corpus)  # fmt: skip
    ctx = fake_context(embedder=FakeEmbedder())
    ctx = replace(ctx, settings=replace(ctx.settings, timeline_show_confidence=0.5, eventcoref_threshold=0.6))
    get_stage("timeline").factory(ctx)(corpus_with_conflict()[0])
    assert seen == {"limits": CorefLimits(threshold=0.6), "show": 0.5}
