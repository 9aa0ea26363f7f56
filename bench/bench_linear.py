"""Every per-document stage near-linear in its input: seconds per stage as hostile inputs double.

    .venv/bin/python bench/bench_linear.py [--sizes 2000 4000 8000 16000]

Three kinds of generated article, each at doubling sizes (in words): ``sentence`` is one sentence with
no stop (a list of 18,000 words is a real shape of scraped pages), ``pronouns`` is short sentences
dense with he / his / him after a few named people, ``names`` is sentences each naming several
different people and places. The document stages run one by one in this process on the same parse
(the time budget is off), and the table gives each stage's seconds at the largest size and its growth
per doubling (2.0x: linear in words; 4.0x: quadratic); the spaCy pass of the same text is the baseline.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

WORDS = ["the", "minister", "said", "that", "forces", "of", "the", "government", "attacked", "the", "convoy", "near", "Baghdad", "on", "Friday", "and", "killed"]
PEOPLE = ["Qassem Soleimani", "Donald Trump", "Ali Khamenei", "Mark Esper", "Abu Mahdi al-Muhandis", "Adil Abdul-Mahdi"]
PLACES = ["Baghdad", "Tehran", "Erbil", "Kerman", "Ain al-Asad", "Damascus"]


def article(kind: str, words: int, rng: random.Random) -> str:
    if kind == "sentence":
        return "A headline\n\n" + " ".join(rng.choice(WORDS) for _ in range(words)) + "."
    out: list[str] = []
    while sum(len(s.split()) for s in out) < words:
        if kind == "pronouns":
            out.append(rng.choice([f"{rng.choice(PEOPLE)} said he had met them.", "He said his aides told him so.",
                                   "His office said he would not resign.", "They said he lied to them."]))
        else:
            out.append(f"{rng.choice(PEOPLE)} met {rng.choice(PEOPLE)} in {rng.choice(PLACES)} after "
                       f"{rng.choice(PEOPLE)} had flown from {rng.choice(PLACES)} on Monday.")
    return "A headline\n\n" + " ".join(out)


def run(kind: str, words: int, fns: list, nlp: object) -> dict[str, float]:
    from rashomon.model import DocAnalysis, Document

    text = article(kind, words, random.Random(words))
    began = time.perf_counter()
    nlp(text)  # type: ignore[operator]
    times = {"spaCy pass": time.perf_counter() - began}
    item = DocAnalysis(Document(id="d", source=f"{kind}-{words}.txt", title="A headline", text=text, language="en"))
    for spec, fn in fns:
        began = time.perf_counter()
        item = fn(item)
        times[spec.name] = time.perf_counter() - began
    return times


def main() -> None:
    import math

    import spacy

    from rashomon.config import load_settings
    from rashomon.pipeline import Pipeline

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[2000, 4000, 8000, 16000])
    args = ap.parse_args()
    settings = load_settings(overrides={"doc_time_budget_s": 0})
    pipe = Pipeline.assemble(settings=settings)
    fns = [(spec, spec.factory(pipe.context)) for spec in pipe.document_stages]
    nlp = spacy.load(settings.models["spacy"])
    run("names", 200, fns, nlp)  # models loaded before timing
    print(f"| input | stage | s at {args.sizes[-1]:,} words | growth per doubling |\n|---|---|---|---|")
    for kind in ("sentence", "pronouns", "names"):
        rows = [run(kind, n, fns, nlp) for n in args.sizes]
        steps = math.log2(args.sizes[-1] / args.sizes[0])
        for name in rows[0]:
            first, last = max(rows[0][name], 1e-3), max(rows[-1][name], 1e-3)
            if last < 0.05:
                continue  # too small to time
            growth = 2 ** (math.log2(last / first) / steps)
            print(f"| {kind} | {name} | {rows[-1][name]:.2f} | {growth:.2f}x |", flush=True)


if __name__ == "__main__":
    main()
