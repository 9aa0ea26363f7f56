"""Calibrate the ``relate`` thresholds on held-out sentence pairs: what precision does each give?

    .venv/bin/python bench/calibrate_relate.py [--split dev] [--precision-agree 0.8] [--precision-contradict 0.7]

Pairs: PERSPECTRUM claim/perspective pairs of one split the NLI model was not
trained on (support -> agree, undermine -> contradict), plus three *no relation*
pairs per claim: the claim beside a perspective of each of the three most
similar other claims (packaged MiniLM cosine), the kind of near-topic pair alignment hands to
``relate``. Each pair is scored in both directions and averaged, as the stage
does. For each relation the script reports the lowest threshold whose
precision reaches the target, its recall, and the precision and recall of the
thresholds ``relate`` ships with; the table goes to bench/README.md under
"Relation thresholds".
"""

from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path

import numpy as np

NONE_PER_CLAIM = 3  # near-topic pairs with no relation, per claim: most candidates relate is given are such
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))


def pairs(split: str, ctx: object) -> list[tuple[str, str, str]]:
    """``(claim, perspective, gold)`` with gold in agree / contradict / none."""
    from rashomon.benchdata import data_root
    from rashomon.models.fnc_data import read_perspectrum

    rows = read_perspectrum(data_root() / "perspectrum", split)
    gold = {"agree": "agree", "disagree": "contradict"}
    out = [(r.claim, r.perspective, gold[r.stance]) for r in rows]
    claims = sorted({r.claim for r in rows})
    by_claim: dict[str, list[str]] = {}
    for r in rows:
        by_claim.setdefault(r.claim, []).append(r.perspective)
    model = ctx.models.get("embedder")  # type: ignore[attr-defined]
    emb = np.asarray(model.encode(claims, convert_to_numpy=True, normalize_embeddings=True))
    sims = emb @ emb.T
    np.fill_diagonal(sims, -1)
    rng = random.Random(13)
    for i, claim in enumerate(claims):
        for j in np.argsort(-sims[i])[:NONE_PER_CLAIM]:
            out.append((claim, rng.choice(by_claim[claims[int(j)]]), "none"))
    return out


def score(split: str, targets: dict[str, float], limit: int = 0) -> tuple[str, dict[str, dict[str, float]]]:
    from rashomon.compare import relate as rel
    from rashomon.config import load_settings
    from rashomon.models.registry import ModelRegistry
    from rashomon.registry import Context

    settings = load_settings()
    ctx = Context(settings, ModelRegistry(settings))
    data = pairs(split, ctx)
    if limit:
        data = random.Random(13).sample(data, min(limit, len(data)))
    nli = ctx.models.get("nli")
    preds = nli.predict([p for a, b, _ in data for p in ((a, b), (b, a))])
    probs = [rel.combine(preds[2 * k], preds[2 * k + 1]) for k in range(len(data))]
    results: dict[str, dict[str, float]] = {}
    for relation, label, shipped in (
        ("agree", "agree", rel.RULES.agree_min),
        ("contradict", "disagree", rel.RULES.contradict_min),
    ):
        other = "disagree" if label == "agree" else "agree"
        scores = [p[label] if p[label] > p[other] else 0.0 for p in probs]
        positive = [g == relation for _, _, g in data]
        found = rel.calibrate_threshold(scores, positive, targets[relation])
        chosen = [s >= shipped and s > 0 for s in scores]
        hits = sum(c and pos for c, pos in zip(chosen, positive))
        found["shipped_threshold"] = shipped
        found["shipped_precision"] = hits / max(1, sum(chosen))
        found["shipped_recall"] = hits / max(1, sum(positive))
        results[relation] = found
    counts = {g: sum(1 for *_, x in data if x == g) for g in ("agree", "contradict", "none")}
    return f"PERSPECTRUM {split}: {counts}", results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", default="dev")
    parser.add_argument("--precision-agree", type=float, default=0.8)
    parser.add_argument("--precision-contradict", type=float, default=0.7)
    parser.add_argument("--limit", type=int, default=0, help="score a fixed random sample of this many pairs")
    parser.add_argument("--no-readme", action="store_true")
    args = parser.parse_args()
    from _readme import update_section

    targets = {"agree": args.precision_agree, "contradict": args.precision_contradict}
    what, res = score(args.split, targets, args.limit)
    head = (
        "| relation | target precision | lowest threshold reaching it | its recall | shipped threshold "
        "| shipped precision | shipped recall |"
    )
    lines = [head, "|---|---|---|---|---|---|---|"]
    target = {"agree": args.precision_agree, "contradict": args.precision_contradict}
    for rel_name, r in res.items():
        lines.append(f"| {rel_name} | {target[rel_name]:.2f} | {r['threshold']:.2f} | {r['recall']:.3f} "
                     f"| {r['shipped_threshold']:.2f} | {r['shipped_precision']:.3f} | {r['shipped_recall']:.3f} |")  # fmt: skip
    out = "\n".join(lines)
    print(what)
    print(out)
    if not args.no_readme:
        cmd = f"    .venv/bin/python bench/calibrate_relate.py --split {args.split}"
        update_section(
            "Relation thresholds", f"{what} (pairs; see the script's docstring).\n\n{cmd}\n\n{out}"
        )


if __name__ == "__main__":
    main()
