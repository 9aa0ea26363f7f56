"""Story clustering on the real ECB+ dev topics (read from ../shared at run time)."""

from __future__ import annotations

import pytest

from rashomon.eval.ecbplus_stories import b3, gold, read_documents
from rashomon.eval.tasks import EvalOptions, all_tasks


def test_b3_of_perfect_and_lumped_clusterings():
    truth = {"a": 1, "b": 1, "c": 2}
    assert b3(truth, truth) == (1.0, 1.0, 1.0)
    p, r, _ = b3({"a": 0, "b": 0, "c": 0}, truth)
    assert r == 1.0 and p == pytest.approx(5 / 9)
    assert gold("36_1ecbplus", "subtopic") == "36/ecbplus" and gold("36_1ecb", "topic") == "36"


def test_the_story_evaluation_is_a_registered_task():
    assert "ecbplus-stories" in all_tasks()


@pytest.mark.slow
def test_dev_topics_are_recovered(shared_data):
    docs = read_documents(shared_data / "ecbplus" / "ECB_Dev_corpus.txt")
    assert len(docs) >= 190 and all(d.text for d in docs)
    result = all_tasks()["ecbplus-stories"](EvalOptions(shared_data, fast=True))
    rows = {r.metric: r.value for r in result.rows}
    assert result.rows[0].data.startswith("ECB+ dev (3 topics")
    assert rows["story B3 F1 (sub-topic)"] >= 0.75  # 0.780 on these 3 topics (mean of 5 orders)
    assert rows["story B3 F1 (sub-topic)"] > rows["story B3 F1 (sub-topic), one story per gold topic"]
    assert rows["story B3 F1 (topic)"] >= 0.80  # 0.888
    assert result.details["ours"]["stories"] >= result.details["gold_stories"] / 2
