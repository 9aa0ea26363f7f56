"""The Arabic and Persian stance tasks: readers (CSV, xlsx), label ids, both-way reading and macro-F1."""

from __future__ import annotations

from pathlib import Path

import pytest

from rashomon.errors import InputError
from rashomon.eval import langstance
from rashomon.eval.tasks import EvalOptions, all_tasks
from rashomon.eval.xlsx import read_rows


def write_xlsx(path: Path, header: list[str], rows: list[list[str]]) -> None:
    """A workbook as a spreadsheet program writes it: numbers as numbers, empty cells left out."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(header)
    for row in rows:
        sheet.append([int(v) if v.isdigit() else (v or None) for v in row])
    path.parent.mkdir(parents=True, exist_ok=True)
    book.save(path)


class MarkerModel:
    """Reads the label off the text: "A" agree, "D" disagree, "S" discuss, else unrelated.

    Only a pair read claim first is decided; the reverse reading gets even odds, so averaging
    the two directions keeps the decision but halves its margin.
    """

    name = "marker"

    def __init__(self) -> None:
        self.seen: list[tuple[str, str]] = []

    def predict(self, pairs: list[tuple[str, str]]) -> list[dict[str, float]]:
        self.seen.extend(pairs)
        labels = {"A": "agree", "D": "disagree", "S": "discuss"}
        out = []
        for a, b in pairs:
            if not a.startswith("claim"):
                out.append(dict.fromkeys(langstance.MODEL_LABELS, 0.25))
                continue
            label = labels.get(b[-1], "unrelated")
            out.append({k: (0.7 if k == label else 0.1) for k in langstance.MODEL_LABELS})
        return out


def test_xlsx_reads_shared_inline_numbers_and_gaps(tmp_path: Path) -> None:
    path = tmp_path / "t.xlsx"
    write_xlsx(path, ["claim", "note", "stance"], [["ادعا <1>", "", "2"], ["b", "x", "0"]])
    assert read_rows(path) == [{"claim": "ادعا <1>", "note": "", "stance": "2"}, {"claim": "b", "note": "x", "stance": "0"}]
    (tmp_path / "bad.xlsx").write_text("not a zip")
    with pytest.raises(InputError):
        read_rows(tmp_path / "bad.xlsx")


def test_ans_reads_both_ways_and_maps_unrelated_to_other(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "ans_arabic_stance" / "stance"
    folder.mkdir(parents=True)
    (folder / "test.csv").write_text("s1,s2,stance\nclaim 1,text A,agree\nclaim 2,text D,disagree\n"
                                     "claim 3,text U,other\nclaim 4,text A,disagree\n", encoding="utf-8")  # fmt: skip
    model, head = MarkerModel(), MarkerModel()
    monkeypatch.setattr(langstance, "load_model", lambda opts: model)
    monkeypatch.setattr(langstance, "load_crosslingual", lambda: head)
    result = langstance.ans(EvalOptions(tmp_path))
    assert head.seen == model.seen and result.details["crosslingual_head"]["accuracy"] == 0.75
    assert ("text A", "claim 1") in model.seen and ("claim 1", "text A") in model.seen
    # Averaged over both directions the right label still wins: 3 of 4 right, "disagree" F1 2/3.
    assert result.details["accuracy"] == 0.75
    assert result.metric("ANS stance test (4 pairs, Arabic)", "disagree F1") == round(2 / 3, 4)
    assert result.details["predicted_counts"] == {"agree": 2, "disagree": 1, "other": 1}


def test_farexstance_label_ids_and_sample(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # ids 0 disagree, 1 agree, 2 discuss, 3 unrelated; the marker on the text matches the id.
    rows = [["claim a", "news A", "1"], ["claim d", "news D", "0"], ["claim s", "news S", "2"], ["claim u", "news U", "3"]]
    for name, column in (("h2c", "news_title"), ("b2c", "content")):
        write_xlsx(tmp_path / "farexstance_fa" / name / "test_set_final.xlsx", ["claim", column, "stance"], rows)
    monkeypatch.setattr(langstance, "load_model", lambda opts: MarkerModel())
    monkeypatch.setattr(langstance, "load_crosslingual", lambda: MarkerModel())
    result = langstance.farex(EvalOptions(tmp_path))
    assert [r.value for r in result.rows] == [1.0, 1.0, 1.0, 1.0]
    assert "all 4 pairs" in result.rows[0].data and result.details["b2c"]["majority_macro_f1"] == pytest.approx(0.1)
    few = langstance.farex(EvalOptions(tmp_path, limit=2))
    assert all("random sample of 2 of 4" in r.data for r in few.rows)


def test_farexstance_refuses_an_unknown_stance_id(tmp_path: Path) -> None:
    path = tmp_path / "s.xlsx"
    write_xlsx(path, ["claim", "news_title", "stance"], [["c", "t", "7"]])
    with pytest.raises(InputError, match="row 2"):
        langstance.read_farex(path, "news_title")


def test_tasks_are_registered() -> None:
    tasks = all_tasks()
    assert tasks["ans_arabic_stance"] is langstance.ans and tasks["farexstance_fa"] is langstance.farex
