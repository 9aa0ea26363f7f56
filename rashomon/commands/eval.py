"""``rashomon eval TASK``: score the pipeline on the shared benchmark data.

``rashomon eval table [--update README.md]`` rebuilds the results table from
``eval/results/*.json``; ``rashomon eval gate`` runs the CI quality gate.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from ..benchdata import data_root
from ..errors import RashomonError
from ..eval.tasks import EvalOptions, all_tasks, save_result
from ._output import error


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("eval", help="score rashomon on public benchmarks",
                       description="Run an evaluation task (see docs/evaluation.md), 'all', 'table' or 'gate'.")
    p.add_argument("task", help="a task name, 'all', 'table' (rebuild the README table), 'gate' or 'floor'")
    p.add_argument("floor", nargs="*", help="with 'floor': TASK DATA METRIC VALUE")
    p.add_argument("--allow-lower", action="store_true", help="with 'floor': allow lowering (needs --reason)")
    p.add_argument("--reason", help="with 'floor': why the floor moves")
    p.add_argument("--data", help="benchmark data directory (default: $RASHOMON_DATA or ../shared/data)")
    p.add_argument("--fast", action="store_true", help="a small subset (what the CI gate runs)")
    p.add_argument("--split", help="a task-specific split, e.g. fnc1 --split competition_test")
    p.add_argument("--out", type=Path, help="where a task writes predictions")
    p.add_argument("--limit", type=int, help="score at most this many items")
    p.add_argument("--no-save", action="store_true", help="do not write eval/results/TASK.json")
    p.add_argument("--update", type=Path, help="with 'table': rewrite the table inside this Markdown file")
    p.set_defaults(handler=run)


def _print(result) -> None:
    for row in result.rows:
        ref = f"   (published: {row.reference})" if row.reference else ""
        print(f"{result.task:12} {row.data:40} {row.metric:34} {row.value:8.4f}{ref}")


def run(args: argparse.Namespace) -> int:
    opts = EvalOptions(data_root(args.data), fast=args.fast, split=args.split, out=args.out, limit=args.limit)
    try:
        if args.task == "table":
            from ..eval.table import render_table, update_file

            print(update_file(args.update) if args.update else render_table())
            return 0
        if args.task == "floor":
            from ..eval.gate import set_floor

            if len(args.floor) != 4:
                error("usage: rashomon eval floor TASK DATA METRIC VALUE [--allow-lower --reason TEXT]")
                return 2
            task, data, metric, value = args.floor
            print(set_floor(task, data, metric, float(value), allow_lower=args.allow_lower, reason=args.reason))
            return 0
        if args.task == "gate":
            from ..eval.gate import run_gate

            checks, _ = run_gate(opts)
            for c in checks:
                print(c.line())
            return 0 if all(c.ok for c in checks) else 1
        tasks = all_tasks()
        names = sorted(tasks) if args.task == "all" else [args.task]
        for name in names:
            if name not in tasks:
                error(f"unknown task '{name}'; tasks: {', '.join(sorted(tasks))}")
                return 2
            began = time.perf_counter()
            result = tasks[name](opts)
            result.seconds = round(time.perf_counter() - began, 1)
            _print(result)
            if not args.no_save and not args.fast and not args.limit and not args.split:
                print(f"saved {save_result(result)}")
    except (RashomonError, ValueError) as exc:
        error(str(exc))
        return 1
    return 0
