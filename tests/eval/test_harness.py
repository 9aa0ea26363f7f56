"""The harness: the extraction scorer's arithmetic, results files and the README table."""

from __future__ import annotations

from pathlib import Path

import pytest

from rashomon.eval import table, tasks
from rashomon.eval.extraction import Counts
from rashomon.eval.tasks import Row, TaskResult


def test_snippet_counts() -> None:
    c = Counts()
    c.add("the body text with boilerplate footer", ["body text", "missing"], ["footer", "nav"])
    assert (c.tp, c.fn, c.fp, c.tn) == (1, 1, 1, 1)
    assert c.scores() == pytest.approx({"precision": 0.5, "recall": 0.5, "f1": 0.5})


def test_table_is_rebuilt_from_results(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(tasks, "RESULTS_DIR", tmp_path)
    monkeypatch.setattr(table, "load_results", lambda: tasks.load_results(tmp_path))
    tasks.save_result(TaskResult("demo", [Row("set", "f1", 0.8123, "paper: 0.8")], "rashomon eval demo"), tmp_path)
    readme = tmp_path / "README.md"
    readme.write_text(f"intro\n{table.BEGIN}\nstale\n{table.END}\nrest\n")
    table.update_file(readme)
    text = readme.read_text()
    assert "| demo | set | f1 | 0.812 | paper: 0.8 | `rashomon eval demo` |" in text
    assert "stale" not in text and text.startswith("intro") and text.endswith("rest\n")
