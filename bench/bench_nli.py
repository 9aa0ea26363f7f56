"""The agree/contradict cross-encoder on torch against ONNX Runtime fp32, timed in the same run.

    .venv/bin/python bench/bench_nli.py [--pairs 2000] [--rounds 2]

Pairs: the labelled cross-source claim pairs (``crosssource_pairs/pairs.jsonl``) in both directions, as
``relate`` reads them, then further pairs of the same sentences within each story (every a-side sentence
beside every b-side sentence of its story, in file order) up to N: real claims from different outlets
about one story (the stories in turn), the lengths ``relate`` sees. Both backends are loaded in one process (the ONNX graph
exported beforehand, so the figure is the steady state), warmed on 32 pairs, then timed on all N pairs with
batch 32 in alternating rounds (torch, ONNX, ONNX, torch, ...) so a change in the shared machine's load
falls on both. Load: each backend loaded in a fresh process (imports included), alternating, best of the
rounds. Agreement: largest absolute difference of the four probabilities, and how often the top label is
the same.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

BACKENDS = ("torch", "onnx")


def pairs(n: int) -> list[tuple[str, str]]:
    from rashomon.eval.tasks import data_root

    rows = [json.loads(line) for line in (data_root() / "crosssource_pairs" / "pairs.jsonl").open(encoding="utf-8")]
    out = [(r["a_text"], r["b_text"]) for r in rows]
    out += [(b, a) for a, b in out]
    seen = set(out)
    more = []
    for story in dict.fromkeys(r["story"] for r in rows):
        a_side = list(dict.fromkeys(r["a_text"] for r in rows if r["story"] == story))
        b_side = list(dict.fromkeys(r["b_text"] for r in rows if r["story"] == story))
        more.append([(a, b) for a in a_side for b in b_side if a != b and (a, b) not in seen])
    out += [p for group in itertools.zip_longest(*more) for p in group if p is not None]  # stories in turn
    return out[:n]


def load_seconds(backend: str) -> float:
    """Seconds from a fresh process's first import to a loaded model."""
    code = ("import time; t = time.perf_counter(); from rashomon.models.nli import load_directory, packaged_dir; "
            f"load_directory(packaged_dir(), backend={backend!r}); print(time.perf_counter() - t)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return float(out.stdout.strip().splitlines()[-1])


def main() -> None:
    from _readme import machine, update_section

    from rashomon.models.nli import load_directory, packaged_dir

    parser = argparse.ArgumentParser()
    parser.add_argument("--pairs", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    texts = pairs(args.pairs)
    load_before = os.getloadavg()[0]
    models = {b: load_directory(packaged_dir(), backend=b) for b in BACKENDS}  # exports the graph if need be
    assert models["onnx"].backend == "onnx", "the ONNX export failed; see the warning above"
    loads: dict[str, list[float]] = {b: [] for b in BACKENDS}
    for r in range(args.rounds):
        for b in BACKENDS if r % 2 == 0 else BACKENDS[::-1]:
            loads[b].append(load_seconds(b))
    probs, secs = {}, {b: [] for b in BACKENDS}
    for b, model in models.items():
        model.predict_array(texts[:32])
    for r in range(args.rounds):
        for b in BACKENDS if r % 2 == 0 else BACKENDS[::-1]:
            began = time.perf_counter()
            probs[b] = models[b].predict_array(texts, batch_size=32)
            secs[b].append(time.perf_counter() - began)
    load_after = os.getloadavg()[0]
    diff = float(np.abs(probs["onnx"] - probs["torch"]).max())
    same = float((probs["onnx"].argmax(axis=1) == probs["torch"].argmax(axis=1)).mean())
    names = {"torch": "torch (transformers)", "onnx": "ONNX Runtime fp32"}
    best = {b: min(s) for b, s in secs.items()}
    rows = ["| backend | load s (fresh process) | predict s, each round | pairs/s (best) | speed-up |",
            "|---|---|---|---|---|"]
    rows += [f"| {names[b]} | {min(loads[b]):.1f} | {', '.join(f'{s:.1f}' for s in secs[b])} | "
             f"{len(texts) / best[b]:.0f} | {best['torch'] / best[b]:.2f}x |" for b in BACKENDS]
    body = "\n".join([
        (f"Command: `.venv/bin/python bench/bench_nli.py --pairs {args.pairs} --rounds {args.rounds}` on {machine()}; "
         f"measured {date.today().isoformat()}, load average {load_before:.1f} at the start, {load_after:.1f} at the end."),
        (f"{len(texts)} real cross-source claim pairs (`crosssource_pairs`, see the script's docstring), batch 32, "
         "both backends in one process in alternating rounds; load: a fresh process each, ONNX graph cached."), "",
        *rows, "",
        (f"Agreement with torch on all {len(texts)} pairs: largest probability difference {diff:.1e}, "
         f"the same top label for {100 * same:.1f}% of pairs."),
    ])
    update_section("Agree/contradict cross-encoder backends", body)
    print(body)


if __name__ == "__main__":
    main()
