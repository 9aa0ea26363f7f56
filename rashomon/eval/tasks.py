"""The evaluation harness: registered tasks, their results files, the README table.

Each task is a function registered with ``@task`` that reads the shared data
(``rashomon.benchdata.data_root``: ``--data PATH``, else ``$RASHOMON_DATA``, else ``../shared/data``
beside the repository) and returns a ``TaskResult``. ``rashomon eval TASK``
runs it and writes ``eval/results/TASK.json``; ``rashomon eval table`` rebuilds
the README table from those files, so no figure in the README is typed by hand.
A task with ``fast=True`` support runs a subset small enough for CI's quality
gate (``eval/floors.toml``).

    >>> sorted(all_tasks())  # doctest: +SKIP
    ['claims', 'ecbplus', 'extraction', 'fnc1', 'perspectrum', 'seeds']
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from importlib import import_module
from pathlib import Path
from typing import Any

from ..errors import InputError

REPO_ROOT = Path(__file__).resolve().parents[2]
RESULTS_DIR = REPO_ROOT / "eval" / "results"


@dataclass
class Row:
    """One line of the README table: a metric on a data set, ours beside the published figure."""

    data: str
    metric: str
    value: float
    reference: str = ""


@dataclass
class TaskResult:
    task: str
    rows: list[Row]
    command: str
    details: dict[str, Any] = field(default_factory=dict)
    seconds: float = 0.0

    def metric(self, data: str, metric: str) -> float:
        for r in self.rows:
            if r.data == data and r.metric == metric:
                return r.value
        raise KeyError(f"{self.task}: no metric {metric!r} on {data!r}")


@dataclass
class EvalOptions:
    data_root: Path
    fast: bool = False
    split: str | None = None
    out: Path | None = None
    limit: int | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    def path(self, *parts: str) -> Path:
        p = self.data_root.joinpath(*parts)
        if not p.exists():
            raise InputError(str(p), "benchmark data not found (set --data or RASHOMON_DATA)")
        return p


TaskFn = Callable[[EvalOptions], TaskResult]
_TASKS: dict[str, TaskFn] = {}
_MODULES = (
    "extraction", "fnc1", "claims", "perspectrum", "ecbplus", "ecbplus_stories", "seeds", "names", "timex",
    "wikiann", "xlit", "relations", "xnli", "langstance", "semeval8",
)


def task(name: str) -> Callable[[TaskFn], TaskFn]:
    """Register an evaluation task under ``name``."""

    def register(fn: TaskFn) -> TaskFn:
        _TASKS[name] = fn
        return fn

    return register


def all_tasks() -> dict[str, TaskFn]:
    for module in _MODULES:
        try:
            import_module(f"rashomon.eval.{module}")
        except ModuleNotFoundError as exc:
            if exc.name != f"rashomon.eval.{module}":
                raise
    return dict(_TASKS)


def save_result(result: TaskResult, directory: Path = RESULTS_DIR) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / f"{result.task}.json"
    path.write_text(json.dumps(asdict(result), indent=2, sort_keys=True) + "\n", encoding="utf-8")
    return path


def load_results(directory: Path = RESULTS_DIR) -> list[TaskResult]:
    out = []
    for path in sorted(directory.glob("*.json")):
        raw = json.loads(path.read_text(encoding="utf-8"))
        raw["rows"] = [Row(**r) for r in raw["rows"]]
        out.append(TaskResult(**raw))
    return out
