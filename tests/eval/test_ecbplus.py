"""The ECB+ task: reading the preprocessed corpus, row builders, and the entity rows."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from rashomon.eval import ecbplus
from rashomon.eval.ecbplus_data import load_split
from rashomon.eval.tasks import EvalOptions, Row

# A made-up two-document topic in the preprocessed layout (doc, sentence, token, word, chains).
CORPUS = [
    ("1_1ecb", 0, 0, "Hassan"), ("1_1ecb", 0, 1, "Rouhani"), ("1_1ecb", 0, 2, "visited"), ("1_1ecb", 0, 3, "Moscow"),
    ("1_1ecb", 0, 4, "."), ("1_1ecb", 1, 0, "He"), ("1_1ecb", 1, 1, "left"), ("1_1ecb", 1, 2, "."),
    ("1_2ecbplus", 0, 0, "Rowhani"), ("1_2ecbplus", 0, 1, "met"), ("1_2ecbplus", 0, 2, "Vladimir"),
    ("1_2ecbplus", 0, 3, "Putin"), ("1_2ecbplus", 0, 4, "in"), ("1_2ecbplus", 0, 5, "Moscow"), ("1_2ecbplus", 0, 6, "."),
]
GOLD = [
    ("1_1ecb", 0, [0, 1], "HUM1"), ("1_1ecb", 0, [3], "LOC1"), ("1_1ecb", 1, [0], "HUM1"),
    ("1_2ecbplus", 0, [0], "HUM1"), ("1_2ecbplus", 0, [2, 3], "HUM2"), ("1_2ecbplus", 0, [5], "LOC1"),
]
EVENTS = [("1_1ecb", 0, [2], "ACT1"), ("1_2ecbplus", 0, [1], "ACT1")]  # the visit is the meeting


@pytest.fixture
def tiny_root(tmp_path: Path) -> Path:
    root = tmp_path / "ecbplus"
    root.mkdir()
    lines = [f"{d}\t{s}\t{t}\t{w}\t-" for d, s, t, w in CORPUS]
    (root / "ECB_Dev_corpus.txt").write_text("\n" + "\n".join(lines) + "\n", encoding="utf-8")
    words = {(d, s, t): w for d, s, t, w in CORPUS}
    for kind, rows in (("Entity", GOLD), ("Event", EVENTS)):
        gold = [
            {"doc_id": d, "sent_id": s, "tokens_number": toks, "coref_chain": chain, "mention_type": chain[:3],
             "is_singleton": False, "is_continuous": True, "score": -1.0,
             "tokens_str": " ".join(words[(d, s, t)] for t in toks)}
            for d, s, toks, chain in rows
        ]
        (root / f"ECB_Dev_{kind}_gold_mentions.json").write_text(json.dumps(gold), encoding="utf-8")
    return tmp_path


def test_loader_turns_tokens_into_text_and_character_spans(tiny_root: Path) -> None:
    split = load_split(tiny_root / "ecbplus", "Dev")
    doc = split.docs["1_1ecb"]
    assert doc.text == "Hassan Rouhani visited Moscow .\nHe left ."
    assert [m.text for m in split.entities if m.doc == "1_1ecb"] == ["Hassan Rouhani", "Moscow", "He"]
    assert split.topics() == {"1": ["1_1ecb", "1_2ecbplus"]}
    assert {split.docs[d].subtopic for d in split.docs} == {"1", "1plus"}
    assert [(m.doc, m.text) for m in split.events] == [("1_1ecb", "visited"), ("1_2ecbplus", "met")]


@pytest.mark.slow
def test_task_runs_every_row_builder(tiny_root: Path) -> None:
    calls: list[int] = []

    @ecbplus.rows("test-extra")
    def extra(ctx: ecbplus.EcbContext) -> list[Row]:
        calls.append(len(ctx.split.docs))
        return [Row("tiny", "docs", float(len(ctx.split.docs)))]

    try:
        result = ecbplus.run_ecbplus(EvalOptions(tiny_root))
    finally:
        ecbplus._ROW_BUILDERS.pop("test-extra")
    assert calls == [2]
    assert result.metric("tiny", "docs") == 2.0
    names = "ECB+ dev (1 topic), entity mentions that are names"
    # Rouhani / Rowhani and the two Moscows are one entity each; Putin stays apart.
    assert result.metric(names, "CoNLL F1 (resolve alone, every gold name)") == 1.0
    assert all(0.0 <= r.value <= 1.0 for r in result.rows if r.data != "tiny")


@pytest.mark.slow
def test_entity_rows_on_dev_topics(shared_data: Path) -> None:
    result = ecbplus.run_ecbplus(EvalOptions(shared_data, fast=True))
    names = f"ECB+ dev ({ecbplus.FAST_TOPICS} topics), entity mentions that are names"
    assert result.metric(names, "CoNLL F1 (resolve alone, every gold name)") >= 0.7
    assert result.metric(names, "names found by the mentions stage") >= 0.6
    assert len(result.details["topics"]) == ecbplus.FAST_TOPICS
    details: dict[str, Any] = result.details["entities"]
    assert details["named_found"] <= details["named_mentions"] <= details["gold_mentions"]
