"""The name-variant task: gold file, pairwise scoring, hard negatives."""

from __future__ import annotations

from pathlib import Path

import pytest

from rashomon.errors import InputError
from rashomon.eval.names import GOLD, Variant, read_gold, run_names, score
from rashomon.eval.tasks import EvalOptions


def test_gold_file_parses_and_covers_the_variant_kinds() -> None:
    variants = read_gold(GOLD)
    kinds = {v.kind for v in variants}
    assert {"transliteration", "title", "acronym", "particle", "alias", "script", "surname"} <= kinds
    groups: dict[str, set[str]] = {}
    for v in variants:
        groups.setdefault(v.group, set()).add(v.entity)
    assert sum(len(e) > 1 for e in groups.values()) >= 10  # groups holding hard negatives


def test_pairwise_counts_on_a_hand_made_group() -> None:
    variants = [
        Variant("g", "a", "PERSON", "canonical", "Hassan Rouhani"),
        Variant("g", "a", "PERSON", "transliteration", "Hasan Rowhani"),
        Variant("g", "b", "PERSON", "canonical", "Hassan Nasrallah"),
    ]
    total, by_kind, errors = score(variants)
    assert (total.joined_right, total.missed, total.joined_wrong, total.kept_apart) == (1, 0, 0, 2)
    assert by_kind["transliteration"].recall == 1.0 and errors == []


def test_bad_gold_line_names_the_line(tmp_path: Path) -> None:
    bad = tmp_path / "gold.tsv"
    bad.write_text("# header\ng\ta\tPERSON\tcanonical\n", encoding="utf-8")
    with pytest.raises(InputError, match="gold.tsv:2"):
        read_gold(bad)


def test_task_rows(tmp_path: Path) -> None:
    result = run_names(EvalOptions(tmp_path))
    data = result.rows[0].data
    assert result.metric(data, "pairwise precision") >= 0.95
    assert result.metric(data, "hard-negative pairs kept apart") >= 0.95
    assert result.metric(data, "pairwise F1") > result.metric(data, "pairwise F1 without the alias table")
