"""The README's evaluation table, generated from ``eval/results/*.json``, never typed."""

from __future__ import annotations

import re
from pathlib import Path

from .tasks import load_results

BEGIN, END = "<!-- eval-table:begin -->", "<!-- eval-table:end -->"


def render_table() -> str:
    lines = [
        "| task | data | metric | ours | published reference | command |",
        "|---|---|---|---|---|---|",
    ]
    for result in load_results():
        for row in result.rows:
            lines.append(
                f"| {result.task} | {row.data} | {row.metric} | {row.value:.3f} | {row.reference} | "
                f"`{result.command}` |"
            )
    return "\n".join(lines)


def update_file(path: Path) -> str:
    """Replace the table between the markers in ``path``; return the new table."""
    text = path.read_text(encoding="utf-8")
    table = render_table()
    pattern = re.compile(re.escape(BEGIN) + r".*?" + re.escape(END), re.DOTALL)
    if not pattern.search(text):
        raise SystemExit(f"{path}: no {BEGIN} ... {END} markers")
    path.write_text(pattern.sub(lambda _: f"{BEGIN}\n{table}\n{END}", text), encoding="utf-8")
    return table
