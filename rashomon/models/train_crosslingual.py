"""Train the cross-lingual agree / contradict head (``models.crosslingual``) on XNLI dev.

Split, fixed and documented: XNLI dev lines 0-299 (100 premises, three
hypotheses each, labels balanced) are held out for ``rashomon eval xnli``; the
head trains on lines 300-2489. Line ``i`` is the same pair in every language,
so each training line gives the pair in each language on its own and, line by
line, premise and hypothesis in two different languages (as many random
language pairs again): what two outlets in two languages look like.

Features are e5 vectors of both sides (``crosslingual.pair_features``); the
network is scikit-learn's ``MLPClassifier`` (one hidden layer, early stopping on
a tenth of the training lines), written out as plain arrays.

    python -m rashomon.models.train_crosslingual [--data DIR] [--out DIR]
"""

from __future__ import annotations

import argparse
import json
import time
from datetime import date
from pathlib import Path

import numpy as np

from .crosslingual import ENCODER, HEAD_LABELS, package_dir, pair_features

LANGS = ("en", "ar", "de", "es", "fr", "ru", "tr", "zh")
HELD_OUT = 300  # lines 0..299 are the evaluation split
XNLI_TO_HEAD = {"entailment": "agree", "contradiction": "disagree", "neutral": "discuss"}
SEED = 13
UNRELATED_PER_LINE = 4  # unrelated pairs per training line, labelled neutral


def read_lines(root: Path, lang: str) -> list[tuple[str, str, str]]:
    with (root / f"dev-{lang}.tsv").open(encoding="utf-8") as fh:
        rows = [line.rstrip("\n").split("\t") for line in fh]
    return [(p, h, lab) for p, h, lab in rows]


def embed_language(encoder: object, rows: list[tuple[str, str, str]]) -> tuple[np.ndarray, np.ndarray]:
    """Premise and hypothesis vectors of every line (each distinct sentence embedded once)."""
    texts = sorted({t for p, h, _ in rows for t in (p, h)})
    vecs = dict(zip(texts, encoder.encode(texts, batch_size=64)))  # type: ignore[attr-defined]
    return np.stack([vecs[p] for p, _, _ in rows]), np.stack([vecs[h] for _, h, _ in rows])


def training_set(prem: dict[str, np.ndarray], hyp: dict[str, np.ndarray], labels: np.ndarray,
                 lines: np.ndarray, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:  # fmt: skip
    """Every language alone, and as many random (premise, hypothesis) language pairs, per line.

    Plus, per line, a premise beside the hypothesis of another training line, labelled neutral:
    XNLI pairs are always about one thing, and a head that never saw two unrelated sentences
    reads many of them as agreeing (measured on real pages: "Separate dependencies from your
    setup.py" agreed with "Dann schau Dir unsere Vergleichsseite an" at 0.96).
    """
    langs = list(prem)
    neutral = HEAD_LABELS.index("discuss")
    xs, ys = [], []
    for i in lines:
        combos = [(lang, lang) for lang in langs] + [tuple(rng.choice(langs, 2)) for _ in langs]
        for a, b in combos:
            xs.append(pair_features(prem[a][i : i + 1], hyp[b][i : i + 1])[0])
            ys.append(labels[i])
        for a, b in [tuple(rng.choice(langs, 2)) for _ in range(UNRELATED_PER_LINE)]:
            j = int(rng.choice(lines))
            if j // 3 != i // 3:  # another premise's hypothesis (XNLI gives each premise three)
                xs.append(pair_features(prem[a][i : i + 1], hyp[b][j : j + 1])[0])
                ys.append(neutral)
    return np.asarray(xs, dtype=np.float32), np.asarray(ys)


def main(argv: list[str] | None = None) -> None:
    from sklearn.neural_network import MLPClassifier

    from ..benchdata import data_root
    from .registry import load

    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, default=None, help="folder holding xnli_dev/")
    ap.add_argument("--out", type=Path, default=package_dir())
    ap.add_argument("--cache", type=Path, default=None, help="keep the sentence vectors here (npz per language)")
    ap.add_argument("--langs", default=",".join(LANGS), help="comma-separated XNLI languages to train on")
    args = ap.parse_args(argv)
    root = (args.data or data_root()) / "xnli_dev"
    encoder = load("embedder_multilingual", ENCODER)
    prem, hyp, labels = {}, {}, None
    langs = tuple(args.langs.split(","))
    for lang in langs:
        cached = args.cache / f"xnli_{lang}.npz" if args.cache else None
        rows = read_lines(root, lang)
        if cached is not None and cached.exists():
            with np.load(cached) as raw:
                prem[lang], hyp[lang] = raw["p"], raw["h"]
        else:
            start = time.time()
            prem[lang], hyp[lang] = embed_language(encoder, rows)
            print(f"{lang}: {len(rows)} lines embedded in {time.time() - start:.0f} s", flush=True)
            if cached is not None:
                cached.parent.mkdir(parents=True, exist_ok=True)
                np.savez(cached, p=prem[lang], h=hyp[lang])
        y = np.array([HEAD_LABELS.index(XNLI_TO_HEAD[lab]) for _, _, lab in rows])
        if labels is not None and not np.array_equal(labels, y):
            raise SystemExit(f"dev-{lang}.tsv is not aligned with dev-en.tsv (labels differ)")
        labels = y
    assert labels is not None
    rng = np.random.default_rng(SEED)
    x, y = training_set(prem, hyp, labels, np.arange(HELD_OUT, len(labels)), rng)
    clf = MLPClassifier(hidden_layer_sizes=(256,), alpha=1e-3, max_iter=60, early_stopping=True,
                        random_state=SEED)  # fmt: skip
    start = time.time()
    clf.fit(x, y)
    held = np.arange(HELD_OUT)
    accuracy = {f"{a}-{b}": float((clf.predict(pair_features(prem[a][held], hyp[b][held])) == labels[held]).mean())
                for a in langs for b in langs if a == b or "en" in (a, b)}  # fmt: skip
    args.out.mkdir(parents=True, exist_ok=True)
    np.savez(args.out / "head.npz", w1=clf.coefs_[0].astype(np.float32), b1=clf.intercepts_[0].astype(np.float32),
             w2=clf.coefs_[1].astype(np.float32), b2=clf.intercepts_[1].astype(np.float32))  # fmt: skip
    card = {"encoder": ENCODER, "labels": list(HEAD_LABELS), "hidden": 256, "features": "[u, v, |u-v|, u*v]",
            "trained_on": f"XNLI dev lines {HELD_OUT}-{len(labels) - 1}, languages {', '.join(langs)}, "
                          "each alone and in random cross-language pairs, plus "
                          f"{UNRELATED_PER_LINE} unrelated pairs per line (another line's hypothesis) as neutral",
            "held_out": f"XNLI dev lines 0-{HELD_OUT - 1}", "examples": len(y), "seed": SEED,
            "epochs": int(clf.n_iter_), "fit_seconds": round(time.time() - start, 1),
            "held_out_accuracy": {k: round(v, 4) for k, v in sorted(accuracy.items())},
            "date": date.today().isoformat()}  # fmt: skip
    (args.out / "model.json").write_text(json.dumps(card, indent=1) + "\n", encoding="utf-8")
    print(json.dumps(card["held_out_accuracy"]))


if __name__ == "__main__":
    main()
