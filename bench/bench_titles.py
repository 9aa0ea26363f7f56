"""How many page titles look like navigation, on the real pages of extraction_eval.

    PYTHONPATH=. python bench/bench_titles.py --pages 200          # also rewrites "Page titles" in README.md
    PYTHONPATH=OTHER_CHECKOUT python bench/bench_titles.py --no-readme   # the same count for another version

Pages are the first N file names of ``evaldata.json`` in sorted order (no
selection by content). The judging rule is independent of the title code's own
guard: a title "looks like navigation" when it starts with a furniture phrase
(jump/skip to, accessibility, navigation, menu, home, search, sign in, cookie,
imprint, contact, about, news, topics, archive, share, welcome, in English and
German), starts with a bare date, or is only the outlet's name. Pages trafilatura
cannot extract any text from are counted apart.
"""

from __future__ import annotations

import argparse
import json
import re
import tarfile
import tempfile
import time
from collections import Counter
from pathlib import Path

from rashomon.benchdata import data_root
from rashomon.errors import InputError
from rashomon.ingest.html import read_html

JUDGE = re.compile(
    r"^(jump to|skip to|accessibility|navigation|(main |haupt)?men[uü]|home|startseite|search|suche|sign in|"
    r"log ?in|anmelden|cookie|impressum|kontakt|contact|über uns|about|aktuelles?|news|themen|allgemein|archiv|"
    r"gefällt mir|share|teilen|willkommen|welcome)\b|^(date|datum)?\s*\d{4}-\d{2}-\d{2}",
    re.IGNORECASE,
)


def verdict(title: str | None, outlet: str | None) -> str:
    if not title:
        return "no title"
    text = " ".join(title.split())
    if JUDGE.search(text):
        return "navigation"
    if outlet and re.sub(r"\W", "", text.casefold()) == re.sub(r"\W", "", outlet.casefold()):
        return "site name only"
    return "headline"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pages", type=int, default=200)
    ap.add_argument("--out", help="write file, verdict, title per page here (JSON)")
    ap.add_argument("--no-readme", action="store_true", help="print only; leave bench/README.md alone")
    args = ap.parse_args()
    began = time.perf_counter()
    root = data_root() / "extraction_eval"
    files = sorted({v["file"] for v in json.loads((root / "evaldata.json").read_text()).values()})[: args.pages]
    counts: Counter[str] = Counter()
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        with tarfile.open(root / "tests_eval_html.tar.gz") as tar:
            tar.extractall(tmp, filter="data")
        pages = {p.name: p for p in Path(tmp).rglob("*.html")}
        for name in files:
            try:
                doc = read_html(pages[name].read_bytes(), name)
                got = verdict(doc.title, doc.outlet)
                rows.append((name, got, doc.title))
            except InputError:
                got = "no text extracted"
            counts[got] += 1
    seconds = time.perf_counter() - began
    print(json.dumps({"pages": len(files), **counts, "seconds": round(seconds, 1)}))
    if not args.no_readme:
        from _readme import machine, update_section

        kinds = ["headline", "navigation", "site name only", "no title", "no text extracted"]
        table = ("| pages | " + " | ".join(kinds) + " | seconds |\n|" + "---|" * (len(kinds) + 2) + "\n"
                 f"| {len(files)} | " + " | ".join(str(counts[k]) for k in kinds) + f" | {seconds:.0f} |")
        update_section("Page titles", f"How many HTML titles look like navigation (rule: `bench/bench_titles.py` "
                       f"docstring); `read_html` on the first {len(files)} pages of extraction_eval by file name. "
                       f"Machine: {machine()}. Measured {time.strftime('%Y-%m-%d')}.\n\n{table}")
    if args.out:
        Path(args.out).write_text(json.dumps(rows, ensure_ascii=False, indent=0))


if __name__ == "__main__":
    main()
