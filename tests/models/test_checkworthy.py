"""The check-worthiness head: features, save/load, scoring, and the packaged model."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest

from rashomon.errors import ModelError
from rashomon.models.checkworthy import FEATURES, CheckworthyModel, load_checkworthy, surface_features


class FakeEncoder:
    """Two-dimensional "embeddings": enough to test the head without loading MiniLM."""

    def encode(self, texts: list[str], **_: Any) -> np.ndarray:
        return np.asarray([[1.0, 0.0] if "percent" in t else [0.0, 1.0] for t in texts], dtype=np.float32)


def test_surface_features_see_figures_questions_and_person() -> None:
    feats = surface_features(["Taxes rose 20% in 2019.", "Do you agree with us?"])
    assert feats.shape == (2, len(FEATURES))
    row = dict(zip(FEATURES, feats[0]))
    assert row["has_digit"] == 1.0 and row["has_amount"] == 1.0 and row["question"] == 0.0
    row = dict(zip(FEATURES, feats[1]))
    assert row["question"] == 1.0 and row["first_person"] == 1.0 and row["second_person"] == 1.0


def test_head_scores_save_and_load(tmp_path: Path) -> None:
    coef = np.zeros(2 + len(FEATURES), dtype=np.float32)
    coef[0] = 4.0  # the "percent" direction of the fake embedding is check-worthy
    model = CheckworthyModel(coef, -2.0, "fake", {"C": 1.0})
    scores = model.score(["Unemployment fell 2 percent.", "Thank you all."], FakeEncoder())
    assert scores[0] > 0.5 > scores[1]
    model.save(tmp_path / "head")
    again = CheckworthyModel.load(tmp_path / "head")
    assert again.embedder == "fake" and again.meta == {"C": 1.0}
    assert again.score(["Unemployment fell 2 percent."], FakeEncoder()) == pytest.approx(scores[:1])
    assert model.score([], FakeEncoder()) == []


def test_missing_model_names_the_directory_and_the_fix(tmp_path: Path) -> None:
    with pytest.raises(ModelError, match="train_checkworthy"):
        CheckworthyModel.load(tmp_path / "nowhere")


def test_packaged_head_is_small_and_loads() -> None:
    model = load_checkworthy("rashomon-checkworthy")
    assert model.embedder == "minilm-l6" and model.coef.shape == (384 + len(FEATURES),)
    assert model.meta["trained_on"] == "claimbuster/train.json"
