"""The numpy index of active stories: scores, growth, removal."""

from __future__ import annotations

import numpy as np

from rashomon.stories import StoryConfig
from rashomon.stories.index import ActiveIndex, Query


def _q(cols: list[int], emb: np.ndarray | None = None) -> Query:
    val = np.full(len(cols), 1 / np.sqrt(len(cols)), dtype=np.float32)
    return Query(np.array(cols), val, np.zeros(0, np.int64), np.zeros(0, np.float32), emb)


def test_scores_are_cosines_with_centroids():
    index = ActiveIndex(StoryConfig(features=("lex",)))
    index.add("a", _q([1, 2]), None, 1)
    index.add("b", _q([3, 4]), None, 2)
    assert np.allclose(index.scores(_q([1, 2]), None), [1.0, 0.0])
    assert np.allclose(index.scores(_q([2, 3]), None), [0.5, 0.5])


def test_growth_and_removal_keep_every_story_intact():
    index = ActiveIndex(StoryConfig(features=("lex",)))
    for i in range(150):  # past the initial 64 rows: two reallocations
        index.add(f"s{i}", _q([i]), float(i), i)
    index.remove("s0")  # the last story moves into row 0
    assert len(index) == 149 and index.slot["s149"] == 0
    scores = index.scores(_q([149]), None)
    assert scores[index.slot["s149"]] == np.float32(1.0) and scores.sum() == np.float32(1.0)


def test_cold_stories_by_days_and_by_arrivals():
    index = ActiveIndex(StoryConfig(features=("lex",), cold_days=5, cold_after_articles=100))
    index.add("old", _q([1]), 0.0, 1)
    index.add("new", _q([2]), 9.0, 2)
    index.add("undated", _q([3]), None, 3)
    assert index.cold(10.0, 4) == ["old"]
    assert index.cold(None, 150) == ["old", "new", "undated"]


def test_embeddings_join_the_score_when_present():
    config = StoryConfig(features=("lex", "emb"), w_lex=0.5, w_emb=0.5)
    index = ActiveIndex(config)
    e = np.array([1.0, 0.0], dtype=np.float32)
    index.add("a", _q([1], e), None, 1)
    assert np.allclose(index.scores(_q([7], e), None), [0.5])
