"""Main-text extraction from HTML, scored on trafilatura's evaluation set.

Scorer (the set's own method): for every page, each ``with`` snippet found in
the output is a true positive, each one missing a false negative; each
``without`` (boilerplate) snippet found is a false positive. Precision, recall
and F1 are over all snippets of all pages. trafilatura alone (its defaults) is
scored in the same run as the baseline.
"""

from __future__ import annotations

import json
import tarfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from ..errors import InputError
from .tasks import EvalOptions, Row, TaskResult, task

FAST_PAGES = 120


@dataclass
class Counts:
    tp: int = 0
    fn: int = 0
    fp: int = 0
    tn: int = 0

    def add(self, text: str, with_: list[str], without: list[str]) -> None:
        for snippet in with_:
            if snippet in text:
                self.tp += 1
            else:
                self.fn += 1
        for snippet in without:
            if snippet in text:
                self.fp += 1
            else:
                self.tn += 1

    def scores(self) -> dict[str, float]:
        p = self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0
        r = self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return {"precision": p, "recall": r, "f1": f}


def _pages(opts: EvalOptions) -> Iterator[tuple[str, dict]]:
    spec = json.loads(opts.path("extraction_eval", "evaldata.json").read_text(encoding="utf-8"))
    by_file = {v["file"]: (url, v) for url, v in spec.items()}
    limit = FAST_PAGES if opts.fast else opts.limit
    seen = 0
    with tarfile.open(opts.path("extraction_eval", "tests_eval_html.tar.gz")) as tar:
        for member in tar:
            name = member.name.rsplit("/", 1)[-1]
            if not member.isfile() or name not in by_file:
                continue
            raw = tar.extractfile(member).read()  # type: ignore[union-attr]
            html = raw.decode("utf-8", errors="replace")
            yield html, {"url": by_file[name][0], **by_file[name][1]}
            seen += 1
            if limit and seen >= limit:
                return


def ours(html: str, url: str) -> str:
    from ..ingest.html import read_html

    try:
        return read_html(html, url, url=url).text
    except InputError:
        return ""


def baseline(html: str, url: str) -> str:
    import trafilatura

    return trafilatura.extract(html, url=url) or ""


@task("extraction")
def run(opts: EvalOptions) -> TaskResult:
    systems: dict[str, Callable[[str, str], str]] = {"rashomon": ours, "trafilatura (baseline)": baseline}
    counts = {name: Counts() for name in systems}
    seconds = {name: 0.0 for name in systems}
    pages = 0
    for html, spec in _pages(opts):
        pages += 1
        for name, fn in systems.items():
            began = time.perf_counter()
            text = fn(html, spec["url"])
            seconds[name] += time.perf_counter() - began
            counts[name].add(text, spec.get("with", []), spec.get("without", []))
    data = f"extraction_eval ({pages} pages)"
    refs = {"f1": "trafilatura alone, same run: the baseline rows"}
    rows = []
    for name in systems:
        for metric, value in counts[name].scores().items():
            label = metric if name == "rashomon" else f"{metric}, {name}"
            rows.append(Row(data, label, round(value, 4), refs.get(metric, "") if name == "rashomon" else ""))
    return TaskResult(
        "extraction", rows, "rashomon eval extraction" + (" --fast" if opts.fast else ""),
        details={"seconds": seconds, "pages": pages},
    )
