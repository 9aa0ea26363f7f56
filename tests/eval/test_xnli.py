"""The XNLI task: reading, cross-lingual pairing and the three-way scoring of the relation model."""

from __future__ import annotations

from pathlib import Path

import pytest

from rashomon.errors import InputError
from rashomon.eval import xnli
from rashomon.eval.tasks import EvalOptions, all_tasks

GOLD = ["entailment", "contradiction", "neutral", "entailment"]
MARK = {"entailment": "yes", "contradiction": "no", "neutral": "maybe"}


class KeywordModel:
    """Agrees on "yes", disagrees on "no", discusses otherwise; records what it read."""

    name = "keyword"

    def __init__(self) -> None:
        self.seen: list[tuple[str, str]] = []

    def predict(self, pairs: list[tuple[str, str]]) -> list[dict[str, float]]:
        self.seen.extend(pairs)
        out = []
        for _, hyp in pairs:
            word = hyp.split()[-1]
            out.append({"agree": 0.7 if word == "yes" else 0.1, "disagree": 0.7 if word == "no" else 0.1,
                        "discuss": 0.1, "unrelated": 0.1})
        return out


def write_data(root: Path) -> None:
    """Eight aligned files; only English hypotheses carry the marker the model reads."""
    folder = root / "xnli_dev"
    folder.mkdir(parents=True)
    for lang in xnli.LANGS:
        lines = [f"{lang} premise {i}\t{lang} hypothesis {MARK[g] if lang == 'en' else 'x'}\t{g}"
                 for i, g in enumerate(GOLD)]
        (folder / f"dev-{lang}.tsv").write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_cross_pairs_keep_the_english_premise_and_the_other_hypothesis() -> None:
    en = [("P en", "H en", "neutral")]
    assert xnli.cross_pairs(en, [("P ar", "H ar", "neutral")], "ar") == [("P en", "H ar", "neutral")]
    with pytest.raises(InputError, match="not aligned"):
        xnli.cross_pairs(en, [("P ar", "H ar", "entailment")], "ar")


def test_task_scores_every_language_and_cross_pair(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_data(tmp_path)
    model, head = KeywordModel(), KeywordModel()
    monkeypatch.setattr(xnli, "load_model", lambda opts: model)
    monkeypatch.setattr(xnli, "load_crosslingual", lambda: head)
    result = xnli.run(EvalOptions(tmp_path, limit=3))
    acc = {r.data.split(",")[0].split()[2]: r.value for r in result.rows if r.metric == "accuracy"}
    assert len(result.rows) == 30 and len(acc) == 15 and acc["en"] == 1.0
    # No marker outside English: always "neutral", right on one line of three.
    assert acc["ar"] == acc["en-zh"] == round(1 / 3, 4)
    assert ("en premise 0", "zh hypothesis x") in model.seen and model.seen == head.seen  # both read every pair
    assert result.details["en accuracy"]["f1_contradiction"] == 1.0
    assert {r.metric for r in result.rows} == {"accuracy", "accuracy, cross-lingual head"}


def test_bad_label_names_the_line(tmp_path: Path) -> None:
    bad = tmp_path / "dev-en.tsv"
    bad.write_text("a\tb\tentailment\na\tb\tmaybe\n", encoding="utf-8")
    with pytest.raises(InputError, match="line 2"):
        xnli.read_tsv(bad, 10)


def test_task_is_registered() -> None:
    assert all_tasks()["xnli"] is xnli.run
