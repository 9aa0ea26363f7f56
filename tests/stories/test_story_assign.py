"""The assigner on hand-made streams: grouping, stable ids, decay, duplicates, bounded memory."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from story_streams import BANK, OSCARS, QUAKE, doc

from rashomon.model import Document
from rashomon.stories import Assigner, StoryConfig, assign_stream, story_id
from rashomon.stories.features import Featurizer


def _groups(assignments):
    out: dict[str, list[int]] = {}
    for a in assignments:
        out.setdefault(a.story, []).append(a.seq)
    return sorted(out.values())


def test_interleaved_stories_are_separated(stream):
    assignments, stories = assign_stream(stream)
    assert _groups(assignments) == [[1, 3, 6], [2, 5], [4, 7]]
    assert len(stories) == 3


def test_story_id_is_the_founders_content_hash_and_never_changes(stream):
    assignments, _ = assign_stream(stream)
    first = {a.doc_id: a.story for a in assignments}
    assert assignments[0].story == story_id(stream[0].id)
    for cut in range(1, len(stream)):  # every prefix of the stream gives the same ids to what it holds
        prefix, _ = assign_stream(stream[:cut])
        assert all(first[a.doc_id] == a.story for a in prefix)


def test_the_next_article_joins_without_renaming(stream):
    config = StoryConfig()
    assigner = Assigner(config)
    feats = Featurizer(config)(stream)
    before = [assigner.assign(d, f).story for d, f in zip(stream[:-1], feats[:-1])]
    last = assigner.assign(stream[-1], feats[-1])
    assert not last.new and last.story == before[3]  # the bank story keeps its id
    assert {s.id for s in assigner.close_all()} == set(before)


def test_a_story_gone_cold_is_not_rejoined():
    config = StoryConfig(cold_days=10)
    early = doc(QUAKE[0], "2024-03-01")
    late = doc(QUAKE[1], "2024-04-15")  # same event words, six weeks later
    assigner = Assigner(config)
    feats = Featurizer(config)([early, late])
    a = assigner.assign(early, feats[0])
    b = assigner.assign(late, feats[1])
    assert b.new and b.story != a.story
    closed = assigner.drain_closed()
    assert [s.id for s in closed] == [a.story] and closed[0].cold


def test_decay_lowers_the_pull_of_an_idle_story():
    config = StoryConfig(cold_days=1000, half_life_days=2.0)
    scores = []
    for gap in (0, 6):
        day = (date(2024, 3, 1) + timedelta(days=gap)).isoformat()
        a = Assigner(config)
        pair = [doc(QUAKE[0], "2024-03-01"), doc(QUAKE[1], day)]
        for d, f in zip(pair, Featurizer(config)(pair)):
            got = a.assign(d, f)
        scores.append(got.score if not got.new else 0.0)
    assert scores[0] > 0.0
    assert scores[1] < scores[0] * 0.2  # three half-lives: an eighth of the pull, below the threshold


def test_syndicated_copy_is_marked_and_not_an_independent_source():
    original = doc(OSCARS[0], outlet="Wire")
    copy = doc(OSCARS[0] + "\nDistributed by Daily Planet.", outlet="Daily Planet")
    other = doc(OSCARS[1], outlet="Gazette")
    assignments, stories = assign_stream([original, copy, other])
    assert assignments[1].duplicate_of == original.id
    assert assignments[1].story == assignments[0].story
    assert assignments[2].duplicate_of is None and assignments[2].story == assignments[0].story
    (story,) = stories
    assert (story.size, story.independent) == (3, 2)
    assert sorted(story.outlets) == ["Daily Planet", "Gazette", "Wire"]


def test_the_same_text_twice_is_skipped():
    one = doc(BANK[0])
    assigner = Assigner(StoryConfig())
    feats = Featurizer(assigner.config)([one, one])
    assert assigner.assign(one, feats[0]) is not None
    assert assigner.assign(one, feats[1]) is None


def _synthetic(n_topics: int, per_topic: int) -> list[Document]:
    """Topic t's articles share a made-up name and vocabulary; one topic a day."""
    docs = []
    for t in range(n_topics):
        day = (date(2024, 1, 1) + timedelta(days=t)).isoformat()
        words = " ".join(f"topic{t}word{k}" for k in range(12))
        for i in range(per_topic):
            docs.append(Document.from_text(f"Governor Zed{t}x said {words} in report {i}.", published=day))
    return docs


def test_memory_is_bounded_by_active_stories():
    config = StoryConfig(cold_days=3)
    docs = _synthetic(60, 3)
    assigner = Assigner(config)
    peak = 0
    for d, f in zip(docs, Featurizer(config)(docs)):
        assigner.assign(d, f)
        peak = max(peak, len(assigner.stories))
    closed = assigner.drain_closed()
    assert len(closed) + len(assigner.stories) == 60  # one story per topic
    assert peak <= 5  # only the last few days' stories are ever held
    assert len(assigner.dups) <= 5 * 3 and len(assigner.doc_story) <= 5 * 3


def test_a_full_index_evicts_the_least_recent_story():
    config = StoryConfig(max_active=4, cold_days=1e9)
    docs = _synthetic(10, 1)
    assigner = Assigner(config)
    for d, f in zip(docs, Featurizer(config)(docs)):
        assigner.assign(d, f)
    assert len(assigner.index) == 4
    closed = [s.founder for s in assigner.drain_closed()]
    assert closed == [d.id for d in docs[:6]]


def test_an_archive_fed_out_of_date_order_still_groups():
    """Old articles arriving after newer ones group among themselves: decay is measured in event
    time (article day to the story's days), coldness in stream time (the latest day seen)."""
    config = StoryConfig()
    docs = [doc(OSCARS[0], "2024-03-01"), doc(QUAKE[0], "2010-10-14"), doc(QUAKE[1], "2010-10-15"),
            doc(QUAKE[2], "2010-10-16"), doc(OSCARS[1], "2024-03-02")]
    assignments, stories = assign_stream(docs, config)
    assert [a.new for a in assignments] == [True, True, False, False, False]
    assert assignments[2].score > config.threshold and not any(s.cold for s in stories)
    quake = next(s for s in stories if s.id == assignments[1].story)
    assert (quake.first_day, quake.last_day, quake.size) == (14896.0, 14898.0, 3)


def test_a_late_report_is_not_decayed_by_what_arrived_since():
    """A report dated inside a story's days scores as if it had come on time, though the stream moved on."""
    on_time, _ = assign_stream([doc(QUAKE[0], "2024-03-01"), doc(QUAKE[1], "2024-03-01")])
    late, _ = assign_stream([doc(QUAKE[0], "2024-03-01"), doc(OSCARS[0], "2024-03-06"), doc(QUAKE[1], "2024-03-01")])
    assert not late[2].new and late[2].story == late[0].story
    # only the document frequencies moved (one more article); five idle days would have cut it to 0.31x
    assert late[2].score == pytest.approx(on_time[1].score, rel=0.1) and on_time[1].score > 0.2
