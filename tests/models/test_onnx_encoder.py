"""MiniLM on ONNX Runtime gives sentence-transformers' vectors, in input order."""

from __future__ import annotations

import numpy as np
import pytest

SENTENCES = [
    "Rebels seized the airport on Monday.",
    "The government sent troops to retake it after two days of heavy fighting near the northern bridge.",
    "Prices rose.",
    "Officials said 42 people were killed, a figure the opposition disputes.",
]


@pytest.mark.slow
def test_onnx_vectors_match_torch_and_keep_input_order() -> None:
    from rashomon.models.loaders import load_minilm_torch
    from rashomon.models.onnx_encoder import OnnxSentenceEncoder

    ref = np.asarray(load_minilm_torch("minilm-l6-torch").encode(SENTENCES, normalize_embeddings=True))
    onnx = OnnxSentenceEncoder.packaged("fp32")
    got = onnx.encode(SENTENCES, batch_size=2)
    assert got.shape == (4, 384)
    assert np.allclose(np.linalg.norm(got, axis=1), 1.0, atol=1e-5)
    assert (got * ref).sum(axis=1).min() > 0.9999
    assert np.allclose(onnx.encode(SENTENCES[1]), got[1], atol=1e-5)
    assert onnx.encode([]).shape == (0, 384)
