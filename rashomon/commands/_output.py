"""Terminal output shared by commands: progress bars, JSON logs, one-line errors."""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any

from ..model import Skipped
from ..pipeline import Progress


def log_json(event: str, **fields: Any) -> None:
    print(json.dumps({"event": event, "time": round(time.time(), 3), **fields}), file=sys.stderr, flush=True)


def error(message: str, json_log: bool = False) -> None:
    if json_log:
        log_json("error", message=message)
    else:
        print(f"rashomon: error: {message}", file=sys.stderr)


def note(message: str, json_log: bool = False) -> None:
    """A used input that lost one field (an impossible date, say): worth saying, not a failure."""
    if json_log:
        log_json("note", message=message)
    else:
        print(f"rashomon: note: {message}", file=sys.stderr)


def report_skipped(item: Skipped, json_log: bool = False) -> None:
    """A skipped input as an error, or as a note when its document was used with one field left empty."""
    if item.stage == "metadata":
        note(f"{item.source}: {item.reason}", json_log)
    else:
        error(f"skipped {item.source}: {item.reason}", json_log)


def failures(items: Iterable[Skipped]) -> list[Skipped]:
    """The skipped items that cost an input or a stage (notes about one empty field are not)."""
    return [s for s in items if s.stage != "metadata"]


@contextmanager
def progress_reporter(quiet: bool, json_log: bool) -> Iterator[Progress]:
    """A progress callback: a bar per stage on a terminal, JSON lines for scripts, or nothing."""
    if json_log:
        yield lambda stage, done, total: log_json("progress", stage=stage, done=done, total=total)
        return
    if quiet or not sys.stderr.isatty():
        yield lambda stage, done, total: None
        return
    from rich.progress import BarColumn, MofNCompleteColumn, TextColumn, TimeElapsedColumn
    from rich.progress import Progress as Bars

    with Bars(TextColumn("{task.description:>12}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
              transient=False) as bars:
        tasks: dict[str, Any] = {}

        def update(stage: str, done: int, total: int) -> None:
            if stage not in tasks:
                tasks[stage] = bars.add_task(stage, total=total)
            bars.update(tasks[stage], completed=done, total=total)

        yield update
