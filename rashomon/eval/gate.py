"""The quality gate: fast subsets of the benchmarks against pinned floors.

``eval/floors.toml`` pins, per task, a floor and a noise margin for some
metrics. ``rashomon eval gate`` runs each task's fast subset and fails when a
metric falls below ``floor - noise``. ``rashomon eval floor TASK DATA METRIC
VALUE`` moves a floor: up freely, down only with ``--allow-lower --reason
TEXT``; the reason is stored beside the floor, so the commit carries it.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

from .tasks import REPO_ROOT, EvalOptions, TaskResult, all_tasks

FLOORS = REPO_ROOT / "eval" / "floors.toml"


@dataclass
class Check:
    task: str
    data: str
    metric: str
    value: float
    floor: float
    noise: float

    @property
    def ok(self) -> bool:
        return self.value >= self.floor - self.noise

    def line(self) -> str:
        mark = "ok  " if self.ok else "FAIL"
        return f"{mark} {self.task}: {self.metric} on {self.data} = {self.value:.4f} (floor {self.floor} ± {self.noise})"


def read_floors(path: Path = FLOORS) -> dict[str, dict[str, list[dict]]]:
    return tomllib.loads(path.read_text(encoding="utf-8")) if path.exists() else {}


def run_gate(opts: EvalOptions, path: Path = FLOORS) -> tuple[list[Check], dict[str, TaskResult]]:
    tasks = all_tasks()
    checks, results = [], {}
    for name, floors in read_floors(path).items():
        fast = EvalOptions(opts.data_root, fast=True)
        results[name] = result = tasks[name](fast)
        for f in floors["floor"]:
            value = result.metric(f["data"], f["metric"])
            checks.append(Check(name, f["data"], f["metric"], value, f["value"], f.get("noise", 0.0)))
    return checks, results


def _dump(floors: dict[str, dict[str, list[dict]]]) -> str:
    out = ["# Quality floors for `rashomon eval gate` (each task's --fast subset, run in CI).",
           "# Change them with `rashomon eval floor`; lowering one needs --allow-lower and a reason.", ""]
    for name in sorted(floors):
        for f in floors[name]["floor"]:
            out.append(f"[[{name}.floor]]")
            for key in ("data", "metric", "value", "noise", "reason"):
                if key in f:
                    value = f[key]
                    out.append(f"{key} = {value!r}" if not isinstance(value, str) else f'{key} = "{value}"')
            out.append("")
    return "\n".join(out)


def set_floor(task: str, data: str, metric: str, value: float, *, allow_lower: bool = False,
              reason: str | None = None, noise: float = 0.01, path: Path = FLOORS) -> str:
    """Set one floor; refuse to lower it without ``allow_lower`` and a reason."""
    floors = read_floors(path)
    entries = floors.setdefault(task, {"floor": []})["floor"]
    current = next((f for f in entries if f["data"] == data and f["metric"] == metric), None)
    if current and value < current["value"] and not (allow_lower and reason):
        raise ValueError(f"{task}/{metric}: lowering {current['value']} -> {value} needs --allow-lower and --reason")
    if current is None:
        current = {"data": data, "metric": metric, "noise": noise}
        entries.append(current)
    current["value"] = value
    if reason:
        current["reason"] = reason.replace('"', "'")
    path.write_text(_dump(floors), encoding="utf-8")
    return f"{task}: {metric} on {data} floor = {value}"
