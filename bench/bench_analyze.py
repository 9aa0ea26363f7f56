"""End-to-end ``analyze`` against one plain spaCy pass over the same text, in the same run.

    .venv/bin/python bench/bench_analyze.py [--docs 100]

Corpus: the first N bodies (by Body ID) of FNC-1 ``train_bodies.csv`` plus the three seed articles, so
the text is real news and fixed. Each measurement runs in its own process, so peak memory (max RSS) is
that measurement's own. Reports words/s, docs/s, peak memory, the ratio of our whole analysis to one
spaCy pass, the per-stage profile from the run's manifest, and cold start (process start to map.json on
the seeds, models included).
"""

from __future__ import annotations

import argparse
import csv
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))


def corpus(n: int, out: Path) -> Path:
    from rashomon.benchdata import data_root

    csv.field_size_limit(10**8)
    with (data_root() / "fnc1" / "train_bodies.csv").open(encoding="utf-8") as fh:
        rows = sorted(csv.DictReader(fh), key=lambda r: int(r["Body ID"]))[:n]
    lines = [json.dumps({"text": r["articleBody"], "title": f"FNC-1 body {r['Body ID']}"}) for r in rows]
    path = out / "corpus.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _child(kind: str, inputs: list[str]) -> dict:
    """Runs inside the measured process."""
    from rashomon.ingest import read_inputs

    docs = read_inputs(inputs).documents
    words = sum(len(d.text.split()) for d in docs)
    began = time.perf_counter()
    stages: dict = {}
    if kind == "spacy":
        import spacy

        from rashomon.config import load_settings

        nlp = spacy.load(load_settings().models["spacy"])
        load = time.perf_counter() - began
        began = time.perf_counter()
        for _ in nlp.pipe((d.text for d in docs), batch_size=8):
            pass
    else:
        from rashomon.api import analyze_documents

        load = 0.0
        nmap = analyze_documents(docs)
        stages = {s["name"]: s["seconds"] for s in nmap.manifest["stages"]}
    seconds = time.perf_counter() - began
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"kind": kind, "docs": len(docs), "words": words, "seconds": seconds, "load_s": load,
            "peak_mib": rss, "stages": stages}


def measure(kind: str, inputs: list[str]) -> dict:
    code = f"import json,sys; sys.path.insert(0,{str(ROOT / 'bench')!r}); import bench_analyze as b; " \
           f"print(json.dumps(b._child({kind!r}, {inputs!r})))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    if out.returncode != 0:
        raise SystemExit(f"the {kind} measurement failed:\n{out.stderr[-3000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def cold_start(seeds: Path, out: Path) -> float:
    began = time.perf_counter()
    subprocess.run([sys.executable, "-m", "rashomon", "analyze", str(seeds), "-o", str(out), "--quiet"],
                   check=True, capture_output=True)
    return time.perf_counter() - began


def main() -> None:
    from _readme import machine, update_section

    parser = argparse.ArgumentParser()
    parser.add_argument("--docs", type=int, default=100)
    args = parser.parse_args()
    from rashomon.benchdata import data_root

    seeds = data_root().parent / "seeds"
    with tempfile.TemporaryDirectory() as tmp:
        inputs = [str(corpus(args.docs, Path(tmp))), str(seeds)]
        base, ours = measure("spacy", inputs), measure("analyze", inputs)
        cold = cold_start(seeds, Path(tmp) / "cold")
    ratio = ours["seconds"] / base["seconds"]
    rows = [
        "| run | docs | words | seconds | words/s | docs/s | peak MiB |",
        "|---|---|---|---|---|---|---|",
    ]
    for r, name in ((base, "spaCy pipeline alone (one pass)"), (ours, "rashomon analyze (all stages)")):
        rows.append(f"| {name} | {r['docs']} | {r['words']} | {r['seconds']:.1f} | {r['words'] / r['seconds']:.0f} "
                    f"| {r['docs'] / r['seconds']:.2f} | {r['peak_mib']:.0f} |")
    total = sum(ours["stages"].values()) or 1.0
    profile = ["| stage | seconds | share |", "|---|---|---|"] + [
        f"| {k} | {v:.1f} | {100 * v / total:.0f}% |"
        for k, v in sorted(ours["stages"].items(), key=lambda kv: -kv[1])
    ]
    body = "\n".join([
        f"Command: `.venv/bin/python bench/bench_analyze.py --docs {args.docs}` on {machine()}.",
        f"Corpus: the first {args.docs} FNC-1 train bodies (by Body ID) plus the three seed articles.", "",
        *rows, "",
        (f"**Ratio**: the whole analysis takes {ratio:.1f}x one spaCy pass over the same text "
         f"(spaCy model load {base['load_s']:.1f} s not counted on either side)."), "",
        f"**Cold start** (process start to `map.json` of the three seeds, models loaded): {cold:.1f} s.", "",
        "Per-stage profile of the analyze run:", "", *profile,
    ])
    update_section("Analyze: end to end", body)
    (ROOT / "bench" / "results").mkdir(exist_ok=True)
    (ROOT / "bench" / "results" / "analyze.json").write_text(
        json.dumps({"spacy": base, "analyze": ours, "ratio": ratio, "cold_start_s": cold}, indent=1))
    print(body)


if __name__ == "__main__":
    main()
