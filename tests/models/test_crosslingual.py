"""The cross-lingual relation head: its forward pass, its shipped weights, and the real encoder across scripts."""

from __future__ import annotations

import json
import zlib
from pathlib import Path

import numpy as np
import pytest

from rashomon.errors import ModelError
from rashomon.models.crosslingual import DIM, CrosslingualRelation, package_dir, pair_features


class AxisEncoder:
    """One axis per text (by checksum): equal texts give equal vectors, these different ones orthogonal ones."""

    def encode(self, texts: list[str], **_: object) -> np.ndarray:
        out = np.zeros((len(texts), DIM), dtype=np.float32)
        for i, t in enumerate(texts):
            out[i, zlib.crc32(t.encode()) % DIM] = 1.0
        return out


def head_that_agrees_on_equal_vectors() -> CrosslingualRelation:
    """|u - v| summed: 0 for equal vectors (agree wins), 2 for different ones (disagree wins)."""
    w1 = np.zeros((4 * DIM, 1), dtype=np.float32)
    w1[2 * DIM : 3 * DIM, 0] = 1.0
    w2 = np.array([[-5.0, 5.0, 0.0]], dtype=np.float32)
    return CrosslingualRelation({"w1": w1, "b1": np.zeros(1), "w2": w2, "b2": np.array([2.0, -2.0, 0.0])}, {},
                                AxisEncoder())  # fmt: skip


def test_pair_features_are_the_classic_four_blocks() -> None:
    u, v = np.ones((1, 3)), np.array([[0.0, 1.0, 2.0]])
    assert pair_features(u, v).tolist() == [[1, 1, 1, 0, 1, 2, 1, 0, 1, 0, 1, 2]]


def test_predict_reads_the_head_and_answers_like_the_english_model() -> None:
    head = head_that_agrees_on_equal_vectors()
    same, other = head.predict([("Prices rose.", "Prices rose."), ("Prices rose.", "Prices fell.")])
    assert set(same) == {"agree", "disagree", "discuss", "unrelated"} and same["unrelated"] == 0.0
    assert max(same, key=same.__getitem__) == "agree" and max(other, key=other.__getitem__) == "disagree"
    assert sum(same.values()) == pytest.approx(1.0) and head.predict([]) == []


def test_a_head_of_the_wrong_shape_is_refused() -> None:
    with pytest.raises(ModelError, match="expected"):
        CrosslingualRelation({"w1": np.zeros((10, 4)), "b1": np.zeros(4), "w2": np.zeros((4, 3)),
                              "b2": np.zeros(3)}, {}, None)  # fmt: skip


def test_the_shipped_head_loads_and_says_what_it_was_trained_on() -> None:
    head = CrosslingualRelation.load(package_dir(), encoder=AxisEncoder())
    card = json.loads((package_dir() / "model.json").read_text(encoding="utf-8"))
    assert head.w1.shape == (4 * DIM, card["hidden"]) and card["held_out"] == "XNLI dev lines 0-299"
    assert min(card["held_out_accuracy"].values()) > 0.45  # chance is 0.333


def test_a_missing_head_is_a_model_error(tmp_path: Path) -> None:
    with pytest.raises(ModelError, match="cross-lingual relation head"):
        CrosslingualRelation.load(tmp_path, encoder=None)


@pytest.mark.slow
def test_the_real_encoder_and_head_read_a_translation_as_agreement() -> None:
    from rashomon.models.registry import load

    head = load("nli_multilingual", "rashomon-xrel-e5")
    en, de = "The minister resigned on Monday after the scandal.", "Der Minister trat am Montag nach dem Skandal zurück."
    vec = head.encoder.encode([en, de, "Der Fußballverein gewann das Pokalfinale."])
    assert float(vec[0] @ vec[1]) > float(vec[0] @ vec[2]) + 0.05  # one assertion across languages, not a topic
    (probs,) = head.predict([(en, de)])
    assert probs["agree"] > max(probs["disagree"], probs["discuss"])
