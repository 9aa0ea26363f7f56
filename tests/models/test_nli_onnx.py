"""The cross-encoder on ONNX Runtime: torch's probabilities, a graph per model content, torch when it cannot be had."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from rashomon.errors import ModelError
from rashomon.models.nli import load_directory, packaged_dir
from rashomon.models.onnx_encoder import content_hash

PAIRS = [
    ("The mayor approved the new stadium budget.", "The mayor rejected the new stadium budget."),
    ("Police confirmed the arrest.", "The suspect's arrest was confirmed by police on Tuesday night."),
]


@pytest.fixture(scope="module")
def torch_model() -> Any:
    return load_directory(packaged_dir(), "rashomon-nli-minilm", backend="torch")


def test_content_hash_sees_bytes_not_names_sizes_or_times(tmp_path: Path) -> None:
    (tmp_path / "model.int8.safetensors").write_bytes(b"weights-a")
    (tmp_path / "config.json").write_text("{}")
    before = content_hash(tmp_path)
    stat = (tmp_path / "model.int8.safetensors").stat()
    (tmp_path / "model.int8.safetensors").write_bytes(b"weights-b")  # same size, then the old mtime
    os.utime(tmp_path / "model.int8.safetensors", ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert content_hash(tmp_path) != before
    (tmp_path / "model.int8.safetensors").write_bytes(b"weights-a")
    assert content_hash(tmp_path) == before


def test_unknown_backend_is_a_model_error(monkeypatch: pytest.MonkeyPatch) -> None:
    from rashomon.models.nli import backend_choice

    monkeypatch.setenv("RASHOMON_NLI_BACKEND", "tensorrt")
    with pytest.raises(ModelError, match="RASHOMON_NLI_BACKEND"):
        backend_choice()


@pytest.mark.slow
def test_onnx_matches_torch_on_real_cross_source_pairs(nli_model: Any, torch_model: Any, shared_data: Path) -> None:
    """200 real claim pairs from different outlets, in both directions as ``relate`` reads them."""
    rows = [json.loads(line) for line in (shared_data / "crosssource_pairs" / "pairs.jsonl").open(encoding="utf-8")]
    pairs = [(r["a_text"], r["b_text"]) for r in rows[:: max(1, len(rows) // 200)][:200]]
    pairs += [(b, a) for a, b in pairs]
    assert nli_model.backend == "onnx" and torch_model.backend == "torch"
    got, ref = nli_model.predict_array(pairs, batch_size=16), torch_model.predict_array(pairs, batch_size=16)
    assert np.abs(got - ref).max() < 1e-4
    assert (got.argmax(axis=1) == ref.argmax(axis=1)).all()


@pytest.mark.slow
def test_new_weights_in_the_same_place_get_their_own_graph(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                           nli_model: Any) -> None:  # fmt: skip
    """A retrained model written over the old files (same names and sizes) is exported afresh, never the old graph."""
    from safetensors.torch import load_file, save_file

    model_dir = tmp_path / "nli"
    shutil.copytree(packaged_dir(), model_dir)
    before = content_hash(model_dir)
    weights = model_dir / "model.int8.safetensors"
    tensors = load_file(str(weights))
    tensors["classifier.weight"] = tensors["classifier.weight"].flip(0).contiguous()  # labels' rows swapped
    save_file(tensors, str(weights))
    assert content_hash(model_dir) != before
    monkeypatch.setenv("RASHOMON_CACHE", str(tmp_path / "cache"))
    retrained = load_directory(model_dir, backend="onnx")
    assert retrained.onnx.graph.parent.name == f"nli-{content_hash(model_dir)}"
    got = retrained.predict_array(PAIRS)
    assert np.abs(got - load_directory(model_dir, backend="torch").predict_array(PAIRS)).max() < 1e-4
    assert np.abs(got - nli_model.predict_array(PAIRS)).max() > 0.01


@pytest.mark.slow
def test_a_graph_unlike_torch_is_refused_and_torch_answers(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                            torch_model: Any) -> None:  # fmt: skip
    from rashomon.models import nli

    monkeypatch.setenv("RASHOMON_CACHE", str(tmp_path))
    monkeypatch.setattr(nli, "EXPORT_TOLERANCE", -1.0)  # no graph can pass the check
    with pytest.raises(RuntimeError, match="differs from torch"):
        load_directory(packaged_dir(), backend="onnx")
    fallback = load_directory(packaged_dir(), backend="auto")
    assert fallback.backend == "torch"
    assert list(tmp_path.rglob("*.onnx")) == []  # nothing half-checked left in the cache
    assert np.abs(fallback.predict_array(PAIRS) - torch_model.predict_array(PAIRS)).max() < 1e-6


@pytest.mark.slow
def test_document_encoder_is_the_registry_embedder(nli_model: Any, torch_model: Any) -> None:
    """One MiniLM per process: the gate's sentence vectors come from the registry's (ONNX) embedder."""
    from rashomon.models.loaders import load_minilm_torch
    from rashomon.models.onnx_encoder import OnnxSentenceEncoder
    from rashomon.models.registry import load

    assert nli_model.encoder is load("embedder", "minilm-l6")
    assert isinstance(nli_model.encoder, OnnxSentenceEncoder)
    body = ("Lava poured down the slopes of the volcano on Sunday. Residents of the village were evacuated by bus. "
            "Officials said the eruption could last for days. No injuries were reported.")
    pairs = [("Volcano erupts near mountain village", body), ("Football club signs a striker", body)]
    torch_model._encoder = load_minilm_torch("minilm-l6-torch")  # the sentence-transformers vectors
    assert np.abs(nli_model.predict_array(pairs) - torch_model.predict_array(pairs)).max() < 1e-4


@pytest.mark.slow
def test_a_process_with_the_graph_cached_never_imports_torch(nli_model: Any) -> None:
    assert nli_model.backend == "onnx"  # the graph is in the cache now
    code = ("import sys; from rashomon.models.nli import load_packaged; "
            "load_packaged('rashomon-nli-minilm').predict([('Prices rose.', 'Prices fell.')]); "
            "print('torch' in sys.modules)")  # fmt: skip
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
