"""The SemEval-2022 task 8 task: reading pairs, the story score of a pair, and the sign of the correlation."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from rashomon.errors import InputError
from rashomon.eval import semeval8
from rashomon.eval.tasks import EvalOptions, all_tasks

QUAKE = "A strong earthquake hit Managua in Nicaragua on Sunday, Daniel Ortega said."
QUAKE_2 = "Nicaragua counts the dead after the Managua earthquake; Ortega visits the ruins."
QUAKE_3 = "Rescuers in Managua search the rubble after the earthquake that struck Nicaragua."
OSCARS = "Hugh Jackman will host the Oscar gala in Hollywood, the Academy announced."
FOOTBALL = "Bayern Munich beat Dortmund three to one in the Bundesliga on Saturday."
BUDGET = "The Finance Ministry in Tokyo presented a record budget for defence spending."
COLUMNS = ["pair_id", "lang1", "lang2", "text1", "text2", "Overall"]


def write_csv(path: Path, rows: list[list[object]], columns: list[str] = COLUMNS) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(columns)
        w.writerows(rows)
    return path


def test_same_story_scores_above_another_story() -> None:
    scorer = semeval8.PairScorer([QUAKE, QUAKE_2, OSCARS, FOOTBALL, BUDGET])
    assert scorer.score(QUAKE, QUAKE_2) > 0.2 > scorer.score(QUAKE, OSCARS)
    assert scorer.score(QUAKE, QUAKE) == pytest.approx(1.0, abs=1e-5)


def test_task_correlates_with_similarity_not_overall(tmp_path: Path) -> None:
    """Overall 1 means very similar: alike pairs marked 1, unlike ones 4 must give a positive figure."""
    rows = [["1_2", "en", "en", QUAKE, QUAKE_2, 1.0], ["1_3", "en", "en", QUAKE, QUAKE_3, 1.5],
            ["1_4", "en", "de", QUAKE, OSCARS, 4.0], ["5_6", "en", "en", FOOTBALL, BUDGET, 4.0],
            ["4_6", "en", "de", OSCARS, BUDGET, 3.5]]  # fmt: skip
    write_csv(tmp_path / "semeval2022_t8_sample" / "testing_set.csv", rows)
    result = semeval8.run(EvalOptions(tmp_path))
    assert [r.data.split(", ")[-1] for r in result.rows] == ["all (5 pairs)", "same language (3 pairs)",
                                                             "cross-language (2 pairs)"]  # fmt: skip
    assert result.rows[0].value > 0.8 and result.details["en-en"]["n"] == 3


def test_file_without_texts_is_reported_blocked(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "ids.csv", [["1_2", "en", "en", "http://a", "http://b", 1.0]],
                     ["pair_id", "lang1", "lang2", "link1", "link2", "Overall"])  # fmt: skip
    with pytest.raises(InputError, match="blocked: the file holds no article texts"):
        semeval8.read_pairs(path)


def test_task_is_registered() -> None:
    assert all_tasks()["semeval8"] is semeval8.run
