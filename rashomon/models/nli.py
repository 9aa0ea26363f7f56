"""The agree / disagree / discuss / unrelated model: our packaged one, or any cross-encoder by path.

No three-way NLI or stance model ships inside a PyPI package, so rashomon
trains its own (``rashomon.models.train_nli``; card in ``docs/models/nli.md``)
and ships it in ``rashomon/data/models/nli/``: a MiniLM-L6 cross-encoder
stored as int8 weights with one scale per row (dequantised to fp32 at load),
plus a tiny related/unrelated gate over similarity features.

``predict`` works on two kinds of pairs:

* **claim vs claim** (the body has fewer than ``DOC_SENTENCES`` sentences):
  the cross-encoder reads both sentences and its own four-way softmax is the
  answer;
* **headline vs article body**: the gate gives P(related) from the whole body,
  the cross-encoder reads the headline beside the body sentences nearest to it
  and splits that mass among agree / disagree / discuss.

Users replace it by name: ``[models] nli = "/path/to/cross-encoder"`` loads any
HF sequence-classification directory whose labels are agree/disagree/discuss
(/unrelated) or entailment/contradiction/neutral.

The packaged format runs on ONNX Runtime: on first use the dequantised
classifier is exported to an fp32 graph, checked against torch on a few pairs
and cached under ``RASHOMON_CACHE`` by the model directory's content hash
(``onnx_encoder.content_hash``), so later processes never import torch for it
and new weights in the same place get a new graph. Where the export cannot be
made (no ``onnx`` package, a read-only cache, a graph that disagrees with
torch), the same model runs on torch. ``RASHOMON_NLI_BACKEND`` (``auto``,
``onnx``, ``torch``) chooses for the registry's loaders; ``bench/bench_nli.py``
measures both.

    >>> from rashomon.models.nli import load_packaged  # doctest: +SKIP
    >>> load_packaged("rashomon-nli-minilm").predict([("Prices rose.", "Prices fell.")])  # doctest: +SKIP
    [{'agree': 0.03, 'disagree': 0.81, 'discuss': 0.1, 'unrelated': 0.06}]
"""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Literal

import numpy as np

from ..errors import ModelError
from .nli_features import EmbeddedBody, GateMLP, embed_bodies, embed_texts, select_evidence, split_sentences
from .registry import load, loader

Backend = Literal["auto", "onnx", "torch"]
LABELS = ("agree", "disagree", "discuss", "unrelated")
DOC_SENTENCES = 3  # a "body" with at least this many sentences is read as an article
GATE_SKIP = 0.05  # below this P(related) the cross-encoder is not run at all
ENCODER = "minilm-l6"  # the embedder the gate was trained on (all-MiniLM-L6-v2), by its registry alias
EXPORT_TOLERANCE = 1e-4  # largest probability difference from torch an exported graph may show
_CHECK_PAIRS = [
    ("The mayor approved the new stadium budget.", "The mayor rejected the new stadium budget."),
    ("Rebels seized the airport on Monday.", "The orchestra played Mahler on Friday night, " * 20),
    ("", "An empty claim."),
]  # fmt: skip  (short, truncated, empty: the shapes the exported graph must get right)
_SYNONYMS = {
    "entailment": "agree", "support": "agree", "supports": "agree", "agree": "agree",
    "contradiction": "disagree", "refute": "disagree", "refutes": "disagree", "disagree": "disagree",
    "neutral": "discuss", "discuss": "discuss", "unrelated": "unrelated",
}  # fmt: skip


def packaged_dir() -> Path:
    """Where the packaged model lives inside the installed rashomon package."""
    return Path(__file__).resolve().parent.parent / "data" / "models" / "nli"


# --- int8 storage -----------------------------------------------------------------------------


def quantize_state(state: dict[str, Any], min_numel: int = 4096) -> dict[str, Any]:
    """int8 with a per-row fp32 scale for every large 2-D weight; everything else kept as is."""
    import torch

    out: dict[str, Any] = {}
    for name, t in state.items():
        t = t.detach().float().cpu()
        if t.dim() == 2 and t.numel() >= min_numel:
            scale = t.abs().amax(dim=1, keepdim=True).clamp_min(1e-12) / 127.0
            out[name] = torch.round(t / scale).clamp(-127, 127).to(torch.int8).contiguous()
            out[name + ".__scale"] = scale.squeeze(1).contiguous()
        else:
            out[name] = t.contiguous()
    return out


def dequantize_state(tensors: dict[str, Any]) -> dict[str, Any]:
    """Inverse of ``quantize_state``: fp32 tensors ready for ``load_state_dict``."""
    out = {}
    for name, t in tensors.items():
        if name.endswith(".__scale"):
            continue
        scale = tensors.get(name + ".__scale")
        out[name] = t.float() * scale.unsqueeze(1) if scale is not None else t
    return out


def save_packaged(model: Any, tokenizer: Any, out: Path, manifest: dict[str, Any], gate: GateMLP | None,
                  idf: np.ndarray | None) -> None:  # fmt: skip
    """Write the int8 weights, config, tokenizer, gate, idf table and manifest into ``out``."""
    from safetensors.torch import save_file

    out.mkdir(parents=True, exist_ok=True)
    save_file(quantize_state(model.state_dict()), str(out / "model.int8.safetensors"))
    model.config.save_pretrained(str(out))
    tokenizer.save_pretrained(str(out))
    if gate is not None and idf is not None:
        (out / "gate.json").write_text(json.dumps(gate.to_json()), encoding="utf-8")
        np.save(out / "idf.npy", idf.astype(np.float16))
    (out / "manifest.json").write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n", encoding="utf-8")


# --- the model object -------------------------------------------------------------------------


class NLIModel:
    """Probabilities of agree / disagree / discuss / unrelated for (claim or headline, text) pairs.

    The cross-encoder is either a torch ``model`` with its HF ``tokenizer`` or,
    with both None, an ``onnx`` ``OnnxPairClassifier`` of the same weights.
    """

    def __init__(self, model: Any, tokenizer: Any, max_len: int, label_map: list[str | None],
                 gate: GateMLP | None = None, idf: np.ndarray | None = None, name: str = "",
                 manifest: dict[str, Any] | None = None, onnx: Any = None) -> None:  # fmt: skip
        if (model is None) == (onnx is None):
            raise ValueError("NLIModel needs exactly one of a torch model and an ONNX classifier")
        self.model: Any = model.eval() if model is not None else None
        self.tokenizer = tokenizer
        self.onnx = onnx
        self.backend = "onnx" if onnx is not None else "torch"
        self.max_len = max_len
        self.label_map = label_map  # model output index -> one of LABELS (None: ignored)
        self.gate = gate
        self.idf = idf
        self.name = name
        self.manifest = manifest or {}
        self.calibrator: Any = None  # nli_calibrate.Calibrator, where calibration.json ships beside the weights
        self._encoder: Any = None

    @property
    def encoder(self) -> Any:
        """all-MiniLM-L6-v2 for documents: the registry's embedder (ONNX where it can be), loaded once per process."""
        if self._encoder is None:
            self._encoder = load("embedder", ENCODER)
        return self._encoder

    def logits(self, pairs: Sequence[tuple[str, str]], batch_size: int = 32) -> np.ndarray:
        """The cross-encoder's raw (n, outputs) logits in input order, run in length-sorted batches."""
        if self.onnx is not None:
            return np.asarray(self.onnx.logits(pairs, batch_size), dtype=np.float32)
        import torch

        out = np.zeros((len(pairs), len(self.label_map)), dtype=np.float32)
        order = sorted(range(len(pairs)), key=lambda i: len(pairs[i][0]) + len(pairs[i][1]))
        with torch.inference_mode():
            for start in range(0, len(order), batch_size):
                idx = order[start : start + batch_size]
                enc = self.tokenizer([pairs[i][0] for i in idx], [pairs[i][1] for i in idx], truncation="longest_first",
                                     max_length=self.max_len, padding=True, return_tensors="pt")  # fmt: skip
                out[idx] = self.model(**enc).logits.float().numpy()
        return out

    def scores(self, pairs: Sequence[tuple[str, str]], batch_size: int = 32) -> np.ndarray:
        """Cross-encoder probabilities over LABELS for raw text pairs (no gate, no selection)."""
        out = np.zeros((len(pairs), len(LABELS)), dtype=np.float64)
        for i, row in enumerate(_softmax(self.logits(pairs, batch_size))):
            out[i] = self._to_labels(row)
        return out

    def _to_labels(self, row: np.ndarray) -> np.ndarray:
        full = np.zeros(len(LABELS))
        for p, label in zip(row, self.label_map):
            if label is not None:
                full[LABELS.index(label)] += p
        return full / full.sum() if full.sum() > 0 else np.full(len(LABELS), 1 / len(LABELS))

    def predict(self, pairs: Sequence[tuple[str, str]], batch_size: int = 32) -> list[dict[str, float]]:
        """One dict of probabilities per (a, b) pair; b may be a sentence or a whole article body."""
        probs = self.predict_array(pairs, batch_size)
        return [{label: float(p) for label, p in zip(LABELS, row)} for row in probs]

    def predict_array(self, pairs: Sequence[tuple[str, str]], batch_size: int = 32) -> np.ndarray:
        """``predict`` as an (n, 4) array in LABELS order."""
        for i, pair in enumerate(pairs):
            if len(pair) != 2 or not all(isinstance(x, str) for x in pair):
                raise ModelError(f"nli.predict: pair {i} is not a (str, str) tuple")
        out = np.zeros((len(pairs), len(LABELS)))
        docs = [i for i, (_, b) in enumerate(pairs) if self.gate is not None and len(split_sentences(b)) >= DOC_SENTENCES]
        short = sorted(set(range(len(pairs))) - set(docs))
        if short:
            out[short] = self.scores([pairs[i] for i in short], batch_size)
        if docs:
            out[docs] = self._predict_documents([pairs[i] for i in docs], batch_size)
        return out

    def _predict_documents(self, pairs: Sequence[tuple[str, str]], batch_size: int) -> np.ndarray:
        """Gate over the whole body, then the cross-encoder on the headline and its evidence."""
        assert self.gate is not None and self.idf is not None
        heads = sorted({a for a, _ in pairs})
        bodies = sorted({b for _, b in pairs})
        head_vec = dict(zip(heads, embed_texts(self.encoder, heads)))
        body_emb: dict[str, EmbeddedBody] = dict(zip(bodies, embed_bodies(self.encoder, bodies)))
        return self.predict_embedded([(a, head_vec[a], body_emb[b]) for a, b in pairs], batch_size)

    def predict_embedded(self, items: Sequence[tuple[str, np.ndarray, EmbeddedBody]], batch_size: int = 32) -> np.ndarray:
        """Document-mode prediction when the caller already embedded headlines and bodies."""
        from .nli_features import relatedness_features

        assert self.gate is not None and self.idf is not None
        feats = np.array([relatedness_features(v, h, body, self.idf) for h, v, body in items])
        p_rel = self.gate.predict_proba(feats)
        out = np.zeros((len(items), len(LABELS)))
        out[:, 3] = 1.0 - p_rel
        run = [i for i in range(len(items)) if p_rel[i] >= GATE_SKIP]
        stance = np.tile(np.array([0.25, 0.05, 0.70]), (len(items), 1))  # training prior of related pairs
        if run:
            evid = [(items[i][0], select_evidence(items[i][1], items[i][0], items[i][2])) for i in run]
            ce = self.scores(evid, batch_size)[:, :3]
            stance[run] = ce / np.clip(ce.sum(axis=1, keepdims=True), 1e-9, None)
        out[:, :3] = stance * p_rel[:, None]
        return out


def _softmax(logits: np.ndarray) -> np.ndarray:
    z = logits.astype(np.float64)
    exp = np.exp(z - z.max(axis=1, keepdims=True, initial=-np.inf))
    out: np.ndarray = exp / exp.sum(axis=1, keepdims=True)
    return out


# --- loaders ----------------------------------------------------------------------------------


def _torch_packaged(path: Path) -> tuple[Any, Any]:
    """The packaged classifier on torch, dequantised to fp32, with its HF tokenizer."""
    import torch
    from safetensors.torch import load_file
    from transformers import AutoConfig, AutoModelForSequenceClassification, AutoTokenizer

    torch.set_num_threads(max(1, min(torch.get_num_threads(), 4)))
    config = AutoConfig.from_pretrained(str(path))
    model = AutoModelForSequenceClassification.from_config(config)  # type: ignore[no-untyped-call]
    model.load_state_dict(dequantize_state(load_file(str(path / "model.int8.safetensors"))))
    return model.eval(), AutoTokenizer.from_pretrained(str(path))


def onnx_packaged(path: Path, max_len: int) -> Any:
    """The packaged classifier on ONNX Runtime; exported, checked against torch and cached on first use.

    The graph is written to a temporary name and only moved into the cache once
    its probabilities match torch's within ``EXPORT_TOLERANCE``; a mismatch is a
    ``RuntimeError``, like a failed export, and leaves the cache as it was.
    """
    from .onnx_encoder import EXPORT_LOCK, OnnxPairClassifier, cache_dir, content_hash, export_classifier

    graph = cache_dir() / "onnx" / f"nli-{content_hash(path)}" / "model.onnx"
    with EXPORT_LOCK:
        if not graph.exists():
            model, tok = _torch_packaged(path)
            graph.parent.mkdir(parents=True, exist_ok=True)
            candidate = export_classifier(model, graph.with_name(f"check.{os.getpid()}.onnx"))
            try:
                labels: list[str | None] = [None] * model.config.num_labels  # raw logits: no label map needed
                ref = NLIModel(model, tok, max_len, labels).logits(_CHECK_PAIRS)
                onnx = OnnxPairClassifier(candidate, path / "tokenizer.json", max_len)
                diff = np.abs(_softmax(ref) - _softmax(onnx.logits(_CHECK_PAIRS))).max()
                if not diff <= EXPORT_TOLERANCE:
                    raise RuntimeError(f"the exported graph differs from torch by {diff:.2g}")
                os.replace(candidate, graph)
            finally:
                candidate.unlink(missing_ok=True)
    return OnnxPairClassifier(graph, path / "tokenizer.json", max_len)


def load_directory(path: Path, name: str = "", backend: Backend = "torch") -> NLIModel:
    """Our packaged format (``manifest.json`` + int8 weights) or an HF sequence-classification dir.

    ``backend`` applies to the packaged format: ``torch`` (the default: training
    and evaluation read ``.model`` and ``.tokenizer``), ``onnx``, or ``auto``
    (ONNX, torch where the graph cannot be had). HF directories run on torch.
    """
    if not path.is_dir() and (path.exists() or path.is_absolute() or str(path).startswith(".")):
        raise ModelError(f"nli model '{name or path}': {path} is not a model directory")
    manifest_path = path / "manifest.json"
    if manifest_path.exists() and (path / "model.int8.safetensors").exists():
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
        max_len, labels = int(manifest["max_len"]), list(manifest["labels"])
        gate = idf = None
        if (path / "gate.json").exists():
            gate = GateMLP.from_json(json.loads((path / "gate.json").read_text(encoding="utf-8")))
            idf = np.load(path / "idf.npy").astype(np.float64)
        from .nli_calibrate import Calibrator

        onnx = None
        if backend != "torch":
            try:
                onnx = onnx_packaged(path, max_len)
            except Exception as exc:  # whatever stops the export, the torch model still answers
                if backend == "onnx":
                    raise
                # no onnx package to export with, a read-only cache, a graph unlike torch: same model, slower
                logging.getLogger(__name__).warning("nli model on ONNX Runtime unavailable (%s); using torch", exc)
        model, tok = _torch_packaged(path) if onnx is None else (None, None)
        loaded = NLIModel(model, tok, max_len, labels, gate, idf, name or str(path), manifest, onnx=onnx)
        try:
            loaded.calibrator = Calibrator.load(path / "calibration.json")
        except (ValueError, KeyError, json.JSONDecodeError) as exc:
            raise ModelError(f"nli model '{name or path}': {path / 'calibration.json'}: {exc}") from exc
        return loaded
    import torch
    from transformers import AutoModelForSequenceClassification, AutoTokenizer

    torch.set_num_threads(max(1, min(torch.get_num_threads(), 4)))
    model = AutoModelForSequenceClassification.from_pretrained(str(path))  # also a hub name, where one is reachable
    id2label = {int(k): str(v).lower() for k, v in model.config.id2label.items()}
    label_map = [_SYNONYMS.get(id2label[i]) for i in range(len(id2label))]
    if not any(label_map):
        raise ModelError(f"nli model '{name or path}': labels {sorted(id2label.values())} mean nothing to rashomon "
                         "(expected agree/disagree/discuss/unrelated or entailment/contradiction/neutral)")  # fmt: skip
    tok = AutoTokenizer.from_pretrained(str(path))
    return NLIModel(model, tok, min(512, getattr(tok, "model_max_length", 512)), label_map, name=name or str(path))


@loader("nli", "rashomon-nli-minilm")
def load_packaged(name: str) -> NLIModel:
    """The model trained by ``rashomon.models.train_nli`` and shipped inside the package."""
    path = packaged_dir()
    if not (path / "manifest.json").exists():
        raise ModelError(f"nli model '{name}': packaged files missing in {path}; reinstall rashomon")
    return load_directory(path, name, backend_choice())


@loader("nli")
def load_by_path(name: str) -> NLIModel:
    """Any other name: a local directory (ours, or an HF cross-encoder with NLI or stance labels).

    A hub name (e.g. ``cross-encoder/nli-deberta-v3-base``) works too where a
    model hub is reachable and ``HF_HUB_OFFLINE`` is unset.
    """
    return load_directory(Path(name).expanduser(), name, backend_choice())


def backend_choice() -> Backend:
    """``RASHOMON_NLI_BACKEND`` where set (``auto``, ``onnx``, ``torch``), else ``auto``."""
    chosen = os.environ.get("RASHOMON_NLI_BACKEND", "auto")
    if chosen not in ("auto", "onnx", "torch"):
        raise ModelError(f"RASHOMON_NLI_BACKEND={chosen!r}: expected one of auto, onnx, torch")
    return chosen  # type: ignore[return-value]
