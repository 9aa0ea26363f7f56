"""Check-worthiness: how likely a sentence is a checkable factual claim.

A logistic regression over MiniLM sentence embeddings plus a few surface
features (numbers, amounts, length, questions, first and second person),
trained on ClaimBuster by ``rashomon.models.train_checkworthy`` and shipped
inside the package (``data/models/checkworthy``: a few KB). The model records
which embedder its features come from; if the user configures another
embedder for the rest of the pipeline, this head still gets the one it was
trained on (loaded once through the model registry).

    >>> model = load_checkworthy("rashomon-checkworthy")  # doctest: +SKIP
    >>> model.score(["Unemployment fell to 3.5% in 2019."], encoder)  # doctest: +SKIP
    [0.93]
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

import numpy as np

from ..errors import ModelError
from .loaders import package_file
from .registry import loader

if TYPE_CHECKING:
    from .registry import ModelRegistry

MODEL_DIR = ("models", "checkworthy")
FEATURES = ("has_digit", "has_amount", "log_words", "question", "first_person", "second_person")
_AMOUNT = re.compile(r"%|\bper ?cent\b|[$€£]|\b(?:million|billion|trillion|thousand)\b", re.IGNORECASE)
_FIRST = re.compile(r"\b(?:I|we|me|my|our|us)\b", re.IGNORECASE)
_SECOND = re.compile(r"\byou\b", re.IGNORECASE)


def surface_features(texts: Sequence[str]) -> np.ndarray:
    """Cheap cues the embedding blurs: figures and amounts make claims checkable."""
    rows = [
        [
            float(any(c.isdigit() for c in t)),
            float(bool(_AMOUNT.search(t))),
            math.log1p(len(t.split())) / 4.0,
            float(t.rstrip().rstrip("”\"'’").endswith("?")),
            float(bool(_FIRST.search(t))),
            float(bool(_SECOND.search(t))),
        ]
        for t in texts
    ]
    return np.asarray(rows, dtype=np.float32).reshape(len(texts), len(FEATURES))


def embed(encoder: Any, texts: Sequence[str]) -> np.ndarray:
    """Unit-length sentence embeddings, as the head was trained on."""
    if not texts:
        return np.zeros((0, 0), dtype=np.float32)
    vecs = encoder.encode(list(texts), batch_size=64, normalize_embeddings=True, show_progress_bar=False)
    return np.asarray(vecs, dtype=np.float32)


def design_matrix(encoder: Any, texts: Sequence[str]) -> np.ndarray:
    return np.hstack([embed(encoder, texts), surface_features(texts)])


@dataclass
class CheckworthyModel:
    """A linear head: ``sigmoid(features @ coef + intercept)``."""

    coef: np.ndarray
    intercept: float
    embedder: str = "minilm-l6"
    meta: dict[str, Any] = field(default_factory=dict)

    def score(self, texts: Sequence[str], encoder: Any) -> list[float]:
        """Probability that each text is a check-worthy factual claim."""
        if not texts:
            return []
        return self.score_embedded(embed(encoder, texts), texts)

    def score_embedded(self, vectors: np.ndarray, texts: Sequence[str]) -> list[float]:
        """Scores from embeddings already computed (by ``embed``) for ``texts``."""
        if not texts:
            return []
        logits = np.hstack([vectors, surface_features(texts)]) @ self.coef + self.intercept
        return [float(p) for p in 1.0 / (1.0 + np.exp(-logits))]

    def save(self, directory: Path) -> None:
        directory.mkdir(parents=True, exist_ok=True)
        np.savez_compressed(directory / "head.npz", coef=self.coef.astype(np.float32), intercept=self.intercept)
        info = {"embedder": self.embedder, "features": list(FEATURES), **self.meta}
        (directory / "model.json").write_text(json.dumps(info, indent=2, sort_keys=True) + "\n", "utf-8")

    @classmethod
    def load(cls, directory: Path) -> CheckworthyModel:
        try:
            info = json.loads((directory / "model.json").read_text("utf-8"))
            head = np.load(directory / "head.npz")
        except OSError as exc:
            raise ModelError(f"{directory}: check-worthiness model missing ({exc}); "
                             "run python -m rashomon.models.train_checkworthy") from exc
        if tuple(info.get("features", ())) != FEATURES:
            raise ModelError(f"{directory}: model features {info.get('features')} differ from {FEATURES}")
        meta = {k: v for k, v in info.items() if k not in ("embedder", "features")}
        return cls(np.asarray(head["coef"], dtype=np.float32), float(head["intercept"]), info["embedder"], meta)


@loader("checkworthy", "rashomon-checkworthy")
def load_checkworthy(name: str) -> CheckworthyModel:
    """The head trained on ClaimBuster, shipped inside the package."""
    return CheckworthyModel.load(package_file(*MODEL_DIR))


@loader("checkworthy")
def load_checkworthy_dir(name: str) -> CheckworthyModel:
    """A head saved by the training script in a local directory."""
    return CheckworthyModel.load(Path(name))


def encoder_for(models: ModelRegistry, model: CheckworthyModel) -> Any:
    """The embedder the head was trained on, shared with the pipeline when it is the same."""
    if models.name("embedder") == model.embedder:
        return models.get("embedder")
    from .registry import ModelRegistry

    own = {**models.settings.models, "embedder": model.embedder}
    return ModelRegistry(replace(models.settings, models=MappingProxyType(own))).get("embedder")
