"""Cost of the ``mentions`` + ``resolve`` stages against the spaCy parse they sit on.

    .venv/bin/python bench/bench_entities.py [--fnc 300] [--repeat 3] [--model NAME] [--no-readme]

Same text, same run, same process: the configured spaCy pipeline parses every
document (``nlp(text)``, as the ``parse`` stage does), then ``find_mentions``
runs on the parsed documents and ``resolve`` once over all their mentions.
The model is loaded and warmed up before any clock starts. Each corpus is
timed ``--repeat`` times and the fastest run is kept (the machine is shared).

Corpora: the seed articles (``../shared/seeds`` read with ``read_inputs``) and
the first ``--fnc`` bodies (by Body ID) of FNC-1 ``train_bodies.csv``.
The table goes under "## Entities" in ``bench/README.md``.
"""

from __future__ import annotations

import argparse
import csv
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))


def seed_texts() -> list[str]:
    from rashomon.ingest import read_inputs

    seeds = ROOT.parent / "shared" / "seeds"
    return [d.text for d in read_inputs([seeds]).documents] if seeds.is_dir() else []


def fnc_texts(n: int) -> list[str]:
    from rashomon.benchdata import data_root

    path = data_root() / "fnc1" / "train_bodies.csv"
    if not path.exists() or n <= 0:
        return []
    csv.field_size_limit(10**8)
    with path.open(encoding="utf-8") as fh:
        rows = sorted(csv.DictReader(fh), key=lambda r: int(r["Body ID"]))
    return [r["articleBody"] for r in rows[:n]]


def time_once(nlp: Any, texts: list[str]) -> dict[str, float]:
    from rashomon.nlp.entities import find_mentions
    from rashomon.nlp.resolve import resolve

    began = time.perf_counter()
    docs = [nlp(t) for t in texts]
    parsed = time.perf_counter()
    mentions, pairs = [], []
    for i, doc in enumerate(docs):
        found, notes = find_mentions(doc, f"d{i}")
        mentions += found
        pairs += notes["pairs"]
    found_at = time.perf_counter()
    entities = resolve(mentions, pairs)
    done = time.perf_counter()
    return {
        "parse": parsed - began,
        "mentions": found_at - parsed,
        "resolve": done - found_at,
        "n_mentions": len(mentions),
        "n_entities": len(entities),
        "words": sum(len(d) for d in docs),
    }


def measure(nlp: Any, texts: list[str], repeat: int) -> dict[str, float]:
    runs = [time_once(nlp, texts) for _ in range(repeat)]
    return min(runs, key=lambda r: r["parse"] + r["mentions"] + r["resolve"])


def table(results: dict[str, tuple[int, dict[str, float]]]) -> str:
    lines = [
        (
            "| corpus | docs | tokens | mentions | entities | parse s | mentions s | resolve s "
            "| (mentions + resolve) / parse |"
        ),
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for name, (n, r) in results.items():
        ratio = (r["mentions"] + r["resolve"]) / r["parse"]
        lines.append(
            f"| {name} | {n} | {int(r['words']):,} | {int(r['n_mentions']):,} | {int(r['n_entities']):,} "
            f"| {r['parse']:.2f} | {r['mentions']:.3f} | {r['resolve']:.3f} | {ratio:.1%} |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--fnc", type=int, default=300, help="FNC-1 bodies to time")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--model", default=None, help="spaCy model name (default: settings models.spacy)")
    ap.add_argument("--no-readme", action="store_true")
    args = ap.parse_args(argv)

    from _readme import machine, update_section

    from rashomon.config import load_settings
    from rashomon.models.registry import ModelRegistry

    overrides = {"models": {"spacy": args.model}} if args.model else None
    registry = ModelRegistry(load_settings(overrides=overrides))
    nlp = registry.get("spacy")
    corpora = {"seeds": seed_texts(), f"FNC-1 bodies (first {args.fnc})": fnc_texts(args.fnc)}
    time_once(nlp, [t for texts in corpora.values() for t in texts[:3]])  # warm-up: lazy imports, caches
    results = {name: (len(texts), measure(nlp, texts, args.repeat)) for name, texts in corpora.items() if texts}
    body = (
        f"Machine: {machine()}; shared, so figures are indicative. spaCy model: "
        f"`{registry.name('spacy')}`. Command: `.venv/bin/python bench/bench_entities.py "
        f"--fnc {args.fnc} --repeat {args.repeat}` (fastest of {args.repeat} runs, model warm).\n\n"
        + table(results)
    )
    print(body)
    if not args.no_readme:
        update_section("Entities", body)


if __name__ == "__main__":
    main()
