"""Cheap text features shared by the agree/contradict model's training and its loader.

Two things live here, both computed the same way at training and at run time:

* **Evidence selection.** A news body is far longer than the cross-encoder's
  128-token window, so it sees the headline (or claim) beside the few body
  sentences closest to it, in body order.
* **Relatedness features** for the cheap first stage that says whether a text
  is about the headline at all: sentence-embedding cosines, hashed TF-IDF
  cosine and idf-weighted word overlap. A tiny MLP over them separates
  related from unrelated FNC-1 pairs almost perfectly, so the expensive
  cross-encoder only runs on pairs that are about the same thing.

    >>> split_sentences("One. Two here!  Three?")
    ['One.', 'Two here!', 'Three?']
    >>> content_tokens("The strikes killed 8 people")
    ['strike', 'killed', '8', 'people']
"""

from __future__ import annotations

import hashlib
import itertools
import math
import re
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

HASH_BUCKETS = 1 << 16
MAX_SENTENCE_WORDS = 60
FEATURE_NAMES = (
    "cos_max",
    "cos_top3",
    "cos_centroid",
    "cos_lead",
    "tfidf_cos",
    "idf_overlap",
    "idf_overlap_best_sentence",
    "token_overlap",
    "bigram_overlap",
    "log_body_words",
)

_SENT_RE = re.compile(r"(?:(?<=[.!?])|(?<=[.!?][\"'”’)]))\s+(?=[\"'“‘(]?[A-Z0-9])")
_TOKEN_RE = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
_STOP = frozenset(
    ["a", "an", "the", "and", "or", "but", "if", "of", "to", "in", "on", "at", "by", "for", "with", "from", "as", "is", "are", "was", "were", "be", "been", "being", "it", "its", "this", "that", "these", "those", "he", "she", "they", "we", "you", "i", "his", "her", "their", "our", "your", "my", "me", "him", "them", "us", "not", "no", "so", "than", "then", "there", "here", "has", "have", "had", "do", "does", "did", "will", "would", "can", "could", "should", "may", "might", "must", "shall", "about", "into", "over", "after", "before", "up", "down", "out", "off", "said", "says", "say", "also", "just", "more", "most", "some", "any", "all", "what", "which", "who", "whom", "whose", "when", "where", "why", "how", "new", "news", "report", "reports", "reported", "s"]
)


def split_sentences(text: str) -> list[str]:
    """Split a body into sentences on line breaks and end punctuation; cap very long ones."""
    out: list[str] = []
    for block in re.split(r"\n+", text):
        for sent in _SENT_RE.split(block.strip()):
            words = sent.split()
            for i in range(0, len(words), MAX_SENTENCE_WORDS):
                piece = " ".join(words[i : i + MAX_SENTENCE_WORDS])
                if piece:
                    out.append(piece)
    return out


def _stem(tok: str) -> str:
    """A crude plural/possessive strip: enough to match "strikes" with "strike"."""
    tok = tok.removesuffix("'s")
    if len(tok) > 4 and tok.endswith("s") and not tok.endswith("ss"):
        tok = tok[:-1]
    return tok


def content_tokens(text: str) -> list[str]:
    """Lower-cased, stemmed tokens without stop words."""
    return [_stem(t) for t in _TOKEN_RE.findall(text.lower()) if t not in _STOP]


def bucket(token: str) -> int:
    """Stable hash bucket of a token (crc32, so the same across processes and machines)."""
    return zlib.crc32(token.encode("utf-8")) % HASH_BUCKETS


def fit_idf(documents: Sequence[str]) -> np.ndarray:
    """Smoothed inverse document frequency per hash bucket, from a list of documents."""
    df = np.zeros(HASH_BUCKETS, dtype=np.float64)
    for doc in documents:
        for b in {bucket(t) for t in content_tokens(doc)}:
            df[b] += 1
    return np.log((1 + len(documents)) / (1 + df)) + 1.0


@dataclass
class EmbeddedBody:
    """A body split into sentences, with unit-norm sentence vectors and its token bag."""

    sentences: list[str]
    vectors: np.ndarray  # (n_sentences, dim), rows unit-norm
    tokens: list[list[str]]


def embed_texts(encoder: Any, texts: Sequence[str], batch_size: int = 64) -> np.ndarray:
    """Unit-norm sentence embeddings (sentence-transformers ``encode``)."""
    if not texts:
        return np.zeros((0, 384), dtype=np.float32)
    vecs = encoder.encode(list(texts), batch_size=batch_size, normalize_embeddings=True, show_progress_bar=False)
    return np.asarray(vecs, dtype=np.float32)


def embed_bodies(encoder: Any, bodies: Sequence[str], cache_dir: Path | None = None) -> list[EmbeddedBody]:
    """Split and embed many bodies in one encoder pass (much faster than body by body).

    With ``cache_dir`` the sentence vectors are kept in a ``.npy`` file named by
    a hash of the sentences, so re-running an evaluation skips the encoder.
    """
    split = [split_sentences(b) or [b.strip() or "."] for b in bodies]
    flat = [s for sents in split for s in sents]
    cached = None
    if cache_dir is not None:
        key = hashlib.sha1("\n\x00".join(flat).encode("utf-8")).hexdigest()[:20]
        cached = cache_dir / f"minilm-sentences-{key}.npy"
    if cached is not None and cached.exists():
        vecs = np.load(cached)
    else:
        vecs = embed_texts(encoder, flat)
        if cached is not None:
            cached.parent.mkdir(parents=True, exist_ok=True)
            np.save(cached, vecs)
    out, i = [], 0
    for sents in split:
        out.append(EmbeddedBody(sents, vecs[i : i + len(sents)], [content_tokens(s) for s in sents]))
        i += len(sents)
    return out


def _weighted_overlap(head: list[str], bag: set[str], idf: np.ndarray) -> float:
    total = sum(idf[bucket(t)] for t in set(head))
    if total == 0:
        return 0.0
    return float(sum(idf[bucket(t)] for t in set(head) if t in bag) / total)


def _tfidf_cos(a: list[str], b: list[str], idf: np.ndarray) -> float:
    va: dict[int, float] = {}
    vb: dict[int, float] = {}
    for t in a:
        va[bucket(t)] = va.get(bucket(t), 0.0) + 1.0
    for t in b:
        vb[bucket(t)] = vb.get(bucket(t), 0.0) + 1.0
    dot = sum(va[k] * vb[k] * idf[k] ** 2 for k in va.keys() & vb.keys())
    na = math.sqrt(sum((v * idf[k]) ** 2 for k, v in va.items()))
    nb = math.sqrt(sum((v * idf[k]) ** 2 for k, v in vb.items()))
    return dot / (na * nb) if na and nb else 0.0


def _bigrams(tokens: list[str]) -> set[tuple[str, str]]:
    return set(itertools.pairwise(tokens))


def relatedness_features(head_vec: np.ndarray, head: str, body: EmbeddedBody, idf: np.ndarray) -> list[float]:
    """The ``FEATURE_NAMES`` vector for one (headline, body) pair."""
    cos = body.vectors @ head_vec if len(body.vectors) else np.zeros(1, dtype=np.float32)
    centroid = body.vectors.mean(axis=0) if len(body.vectors) else np.zeros_like(head_vec)
    norm = float(np.linalg.norm(centroid)) or 1.0
    head_toks = content_tokens(head)
    body_toks = [t for toks in body.tokens for t in toks]
    bag = set(body_toks)
    best_sentence = max((_weighted_overlap(head_toks, set(t), idf) for t in body.tokens), default=0.0)
    head_set = set(head_toks)
    head_bi = _bigrams(head_toks)
    return [
        float(cos.max()),
        float(np.sort(cos)[-3:].mean()),
        float(centroid @ head_vec) / norm,
        float(cos[0]),
        _tfidf_cos(head_toks, body_toks, idf),
        _weighted_overlap(head_toks, bag, idf),
        best_sentence,
        len(head_set & bag) / max(1, len(head_set)),
        len(head_bi & _bigrams(body_toks)) / max(1, len(head_bi)),
        math.log1p(len(body_toks)),
    ]


def select_evidence(head_vec: np.ndarray, head: str, body: EmbeddedBody, k: int = 4, max_words: int = 110) -> str:
    """The ``k`` body sentences most similar to the headline, in body order, within ``max_words``.

    Similarity is the embedding cosine plus a small bonus for shared content
    words, so a sentence that names the headline's subject wins ties.
    """
    if not body.sentences:
        return ""
    head_set = set(content_tokens(head))
    scores = [
        float(v @ head_vec) + 0.2 * len(head_set & set(t)) / max(1, len(head_set))
        for v, t in zip(body.vectors, body.tokens)
    ]
    chosen: list[int] = []
    words = 0
    for i in sorted(range(len(scores)), key=lambda j: -scores[j]):
        n = len(body.sentences[i].split())
        if chosen and words + n > max_words:
            continue
        chosen.append(i)
        words += n
        if len(chosen) >= k:
            break
    return " ".join(body.sentences[i] for i in sorted(chosen))


class GateMLP:
    """A tiny numpy MLP (standardise, ReLU layers, sigmoid) for P(related); weights in JSON."""

    def __init__(self, mean: list[float], scale: list[float], weights: list[Any], biases: list[Any]) -> None:
        self.mean = np.asarray(mean, dtype=np.float64)
        self.scale = np.asarray(scale, dtype=np.float64)
        self.weights = [np.asarray(w, dtype=np.float64) for w in weights]
        self.biases = [np.asarray(b, dtype=np.float64) for b in biases]

    def predict_proba(self, features: np.ndarray) -> np.ndarray:
        h = (np.asarray(features, dtype=np.float64) - self.mean) / self.scale
        for w, b in zip(self.weights[:-1], self.biases[:-1]):
            h = np.maximum(h @ w + b, 0.0)
        z = (h @ self.weights[-1] + self.biases[-1]).ravel()
        return 1.0 / (1.0 + np.exp(-z))

    def to_json(self) -> dict[str, Any]:
        return {
            "features": list(FEATURE_NAMES),
            "mean": self.mean.tolist(),
            "scale": self.scale.tolist(),
            "weights": [w.tolist() for w in self.weights],
            "biases": [b.tolist() for b in self.biases],
        }

    @classmethod
    def from_json(cls, raw: dict[str, Any]) -> GateMLP:
        if list(raw.get("features", [])) != list(FEATURE_NAMES):
            raise ValueError("gate features do not match this version of rashomon")
        return cls(raw["mean"], raw["scale"], raw["weights"], raw["biases"])

    @classmethod
    def from_sklearn(cls, scaler: Any, mlp: Any) -> GateMLP:
        return cls(list(scaler.mean_), list(scaler.scale_), list(mlp.coefs_), list(mlp.intercepts_))
