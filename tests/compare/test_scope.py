"""Comparability: one story, one event, one measured quantity, before anything is compared."""

from __future__ import annotations

from compare_helpers import make_corpus

from rashomon.compare.align import align, alignable
from rashomon.compare.facts import Found, comparable_counts, count_confidence, place_conflicts
from rashomon.compare.quantities import find_quantities
from rashomon.compare.scope import Frame, StoryLimits, clash, same_event, story_groups
from rashomon.config import load_settings
from rashomon.model import Claim, DateValue
from rashomon.registry import get_stage

NAMES = {"Soleimani": ("ent_s", "PERSON"), "Baghdad": ("ent_b", "GPE"), "Yemen": ("ent_y", "GPE"),
         "Quds Force": ("ent_q", "ORG"), "Copiapó": ("ent_c", "GPE"), "Urzúa": ("ent_u", "PERSON"),
         "Piñera": ("ent_p", "PERSON")}


def _two_stories() -> object:
    return make_corpus({
        "a": "Soleimani led the Quds Force. Soleimani was killed in Baghdad.",
        "b": "The Quds Force mourned Soleimani. Soleimani died in Baghdad.",
        "c": "Urzúa rode the capsule near Copiapó. Piñera embraced Urzúa.",
    }, NAMES)


def test_documents_sharing_no_names_are_separate_stories() -> None:
    corpus = _two_stories()
    groups = story_groups(corpus)  # type: ignore[arg-type]
    a, b, c = (d.document.id for d in corpus.docs)  # type: ignore[attr-defined]
    assert groups[a] == groups[b] != groups[c]


def test_a_chain_of_related_documents_is_not_one_story() -> None:
    """Each page shares two names with the next only: joining every related pair made one story of all."""
    names = {n: (f"ent_{n.lower()}", "ORG") for n in ("Alpha", "Bravo", "Charlie", "Delta", "Echo", "Foxtrot")}
    corpus = make_corpus({
        "a": "Alpha met Bravo.",
        "b": "Alpha met Bravo. Charlie met Delta.",
        "c": "Charlie met Delta. Echo met Foxtrot.",
        "d": "Echo met Foxtrot.",
    }, names)
    groups = story_groups(corpus)  # type: ignore[arg-type]
    a, b, _, d = (doc.document.id for doc in corpus.docs)  # type: ignore[attr-defined]
    assert groups[a] == groups[b]
    assert groups[a] != groups[d]


def test_the_story_bars_are_the_runs_settings() -> None:
    """One shared name does not make one story by default; ``story_shared_entities = 1`` does."""
    corpus = make_corpus({"a": "Soleimani was killed.", "b": "Soleimani was mourned."}, NAMES)
    a, b = (d.document.id for d in corpus.docs)
    assert story_groups(corpus)[a] != story_groups(corpus)[b]
    settings = load_settings(overrides={"story_shared_entities": 1})
    for name in ("align", "facts", "timeline"):  # whichever of them groups first reads the same bars
        assert StoryLimits.of(get_stage(name).config_values(settings)) == StoryLimits(shared_entities=1)
    groups = story_groups(corpus, limits=StoryLimits.of(get_stage("align").config_values(settings)))
    assert groups[a] == groups[b]


def test_align_keeps_no_pair_that_the_veto_refuses() -> None:
    import numpy as np

    corpus = _two_stories()
    claims = alignable(corpus.claims)  # type: ignore[attr-defined]
    emb = np.ones((len(claims), 4), dtype=np.float32) / 2  # every claim alike: only the veto separates
    groups = story_groups(corpus)  # type: ignore[arg-type]
    pairs = align(claims, emb, keep=lambda x, y: groups[x.doc] == groups[y.doc])
    by_id = {c.id: c for c in claims}
    assert pairs and all(groups[by_id[a].doc] == groups[by_id[b].doc] for a, b, _ in pairs)
    assert align(claims, emb)  # without the veto the other story is paired too
    assert any(groups[by_id[a].doc] != groups[by_id[b].doc] for a, b, _ in align(claims, emb))


def _frame(doc: str, events: set[tuple[str, str]] = set(), dates: tuple[DateValue, ...] = (),  # noqa: B006
           places: frozenset[str] = frozenset(), story: int = 0) -> Frame:
    return Frame(doc, story, frozenset(events), dates, places)


def test_clash_reasons() -> None:
    jan3 = DateValue("2020-01-03", "2020-01-03", "day")
    jan8 = DateValue("2020-01-08", "2020-01-08", "day")
    assert clash(_frame("a", story=0), _frame("b", story=1)) == "different stories"
    assert clash(_frame("a", dates=(jan3,)), _frame("b", dates=(jan8,))) == "different dates"
    assert clash(_frame("a", dates=(jan3,)), _frame("b", dates=(jan3, jan8))) is None
    strike_b = _frame("a", {("attack", "e1")}, places=frozenset({"ent_b"}))
    strike_y = _frame("b", {("attack", "e2")}, places=frozenset({"ent_y"}))
    assert clash(strike_b, strike_y) is not None
    same = _frame("b", {("attack", "e1")}, places=frozenset({"ent_y"}))
    assert clash(strike_b, same) is None and same_event(strike_b, same)


def _found(doc: str, text: str) -> Found:
    [q] = find_quantities(text)
    claim = Claim(f"c_{doc}", doc, 0, len(text), text)
    return Found(doc, q.start, q.end, q.text, q.interval.describe(), claim, frozenset(), q,
                 elided=bool(q.noun) and q.noun.lower() not in q.text.lower())


def test_rockets_of_one_strike_are_not_the_missiles_of_another() -> None:
    a = _found("a", "Three Katyusha rockets were fired at the base.")
    b = _found("b", "Iran fired 22 ballistic missiles at the base.")
    assert a.quantity and b.quantity and a.quantity.key == b.quantity.key  # same coarse key ...
    assert not comparable_counts(a, b, lambda x, y: 1.0)  # ... but not the same measured thing


def test_a_national_part_is_not_a_rival_total() -> None:
    a = _found("a", "The crash killed 196 Dutch passengers.")
    b = _found("b", "The crash killed 298 passengers.")
    assert not comparable_counts(a, b, lambda x, y: 1.0)


def test_same_event_and_same_noun_is_surest() -> None:
    a, b = _found("a", "34 trapped miners waited."), _found("b", "33 miners were trapped.")
    framed = {a.claim.id: _frame("a", {("rescue", "e1")}), b.claim.id: _frame("b", {("rescue", "e1")})}
    other = {a.claim.id: _frame("a", {("rescue", "e1")}), b.claim.id: _frame("b", {("rescue", "e2")})}
    assert comparable_counts(a, b, lambda x, y: 0.0, framed)  # one cluster suffices without likeness
    assert count_confidence(a, b, framed) > count_confidence(a, b) >= 0.7
    assert comparable_counts(a, b, lambda x, y: 1.0, other)  # different clusters alone do not veto
    stories = {a.claim.id: _frame("a", story=0), b.claim.id: _frame("b", story=1)}
    assert not comparable_counts(a, b, lambda x, y: 1.0, stories)


def test_places_of_two_events_of_one_night_do_not_conflict() -> None:
    corpus = make_corpus({"a": "Soleimani was killed in Baghdad.", "b": "Soleimani was killed in Yemen."}, NAMES)
    [conflict] = place_conflicts(corpus)  # nothing known of the events: possible only
    assert conflict.confidence < 0.7
    ca, cb = (d.claims[0] for d in corpus.docs)
    two = {ca.id: _frame("a", {("killing", "e1")}), cb.id: _frame("b", {("killing", "e2")})}
    assert place_conflicts(corpus, two) == []
    one = {ca.id: _frame("a", {("killing", "e1")}), cb.id: _frame("b", {("killing", "e1")})}
    [sure] = place_conflicts(corpus, one)
    assert sure.confidence >= 0.7 and {i.text for i in sure.items} == {"Baghdad", "Yemen"}


def test_a_day_apart_is_one_event_with_disputed_dates() -> None:
    oct13 = DateValue("2010-10-13", "2010-10-13", "day")
    oct14 = DateValue("2010-10-14", "2010-10-14", "day")
    assert clash(_frame("a", dates=(oct13,)), _frame("b", dates=(oct14,))) is None
