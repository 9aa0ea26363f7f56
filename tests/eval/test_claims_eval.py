"""The check-worthiness evaluation: its ranking metric by hand, then the packaged head on real data."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from rashomon.eval.claims import average_precision, read_transcript, stratified_sample
from rashomon.eval.tasks import EvalOptions, all_tasks


def test_average_precision_of_a_ranking() -> None:
    assert average_precision([1, 0, 1, 0], [0.9, 0.8, 0.7, 0.1]) == pytest.approx((1 / 1 + 2 / 3) / 2)
    assert average_precision([0, 0, 1], [0.1, 0.2, 0.3]) == 1.0
    assert average_precision([0, 0], [0.5, 0.4]) == 0.0


def test_stratified_sample_keeps_the_class_balance_without_randomness() -> None:
    labels = np.asarray([0, 1] * 50 + [0] * 100)
    sample = stratified_sample(labels, 40)
    assert sample == stratified_sample(labels, 40) and len(sample) == 40
    assert int(labels[sample].sum()) == 10


def test_read_transcript_skips_malformed_lines(tmp_path: Path) -> None:
    path = tmp_path / "debate.tsv"
    path.write_text("1\tA\tWe cut taxes by 20 percent.\t1\n2\tB\tThank you.\t0\nbroken line\n", encoding="utf-8")
    texts, labels = read_transcript(path)
    assert texts == ["We cut taxes by 20 percent.", "Thank you."] and labels.tolist() == [1, 0]


@pytest.mark.slow
def test_fast_claims_task_beats_the_published_figures(shared_data: Path) -> None:
    result = all_tasks()["claims"](EvalOptions(shared_data, fast=True))
    rows = {r.metric: r for r in result.rows}
    assert rows["F1 (check-worthy)"].value >= 0.78
    assert rows["accuracy"].value >= 0.80
    assert rows["MAP"].value > 0.166
    assert result.details["claimbuster"]["n"] == 200 and len(result.details["checkthat2019"]["transcripts"]) == 3
