"""Per-article features for story assignment: the part that runs on every core.

Everything here is a pure function of one article and the packaged models, so
any worker (a local process, a Ray actor) computes the same features for the
same article. Whatever depends on the stream so far (document frequencies,
story centroids) belongs to the single assigner (``assign.py``).

Features of one article (``DocFeatures``):

- ``lex``: term counts of the lead (title + first ``lead_chars``), stop words
  removed, hashed into ``lex_dims`` columns (murmurhash, stable everywhere).
- ``ent``: counts of name keys (``names.py``), hashed the same way.
- ``emb``: the MiniLM embedding of the title and first sentences (optional:
  about 20 leads a second on this machine, so off for large streams).
- ``sig``: the MinHash signature of the whole text, for duplicate detection.
- ``day``: the publication date as days since 1970-01-01 (None if unknown).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any, Sequence

import numpy as np
from sklearn.feature_extraction.text import HashingVectorizer
from sklearn.utils import murmurhash3_32

from ..model import Document
from .config import StoryConfig
from .minhash import signature
from .names import caps_names, name_keys, spacy_names

_TOKEN = r"(?u)\b[^\W\d_][\w'\-]+\b"


@dataclass(slots=True)
class DocFeatures:
    """The features of one article, small and picklable (about 2 KB)."""

    doc_id: str
    lex_idx: np.ndarray  # int32, sorted
    lex_val: np.ndarray  # float32 counts
    ent_idx: np.ndarray
    ent_val: np.ndarray
    sig: np.ndarray  # uint64 MinHash signature
    day: float | None = None
    emb: np.ndarray | None = None  # float32, unit length

    def to_row(self) -> dict[str, Any]:
        """Plain columns for Arrow/Parquet and Ray Data."""
        return {
            "doc_id": self.doc_id,
            "lex_idx": self.lex_idx.tolist(), "lex_val": self.lex_val.tolist(),
            "ent_idx": self.ent_idx.tolist(), "ent_val": self.ent_val.tolist(),
            "sig": self.sig.tolist(),
            "day": float("nan") if self.day is None else self.day,
            "emb": [] if self.emb is None else self.emb.tolist(),
        }

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> DocFeatures:
        day = row.get("day")
        emb = row.get("emb")
        return cls(
            doc_id=str(row["doc_id"]),
            lex_idx=np.asarray(row["lex_idx"], dtype=np.int32), lex_val=np.asarray(row["lex_val"], dtype=np.float32),
            ent_idx=np.asarray(row["ent_idx"], dtype=np.int32), ent_val=np.asarray(row["ent_val"], dtype=np.float32),
            sig=np.asarray(row["sig"], dtype=np.uint64),
            day=None if day is None or day != day else float(day),
            emb=np.asarray(emb, dtype=np.float32) if emb is not None and len(emb) else None,
        )


def publication_day(published: str | None) -> float | None:
    """``YYYY-MM-DD`` (or a longer ISO stamp) as days since the epoch; None when absent or unreadable."""
    if not published:
        return None
    try:
        return float(date.fromisoformat(published[:10]).toordinal() - date(1970, 1, 1).toordinal())
    except ValueError:
        return None


def lead(doc: Document, chars: int) -> str:
    """Title and the first ``chars`` characters of the text: what the story is about."""
    body = doc.text[:chars]
    if doc.title and doc.title not in doc.text[: max(doc.header_end, len(doc.title) + 200)]:
        return f"{doc.title}\n{body}"
    return body


def _hash_counts(keys: Sequence[str], dims: int) -> tuple[np.ndarray, np.ndarray]:
    if not keys:
        return np.zeros(0, dtype=np.int32), np.zeros(0, dtype=np.float32)
    hashed = np.fromiter((murmurhash3_32(k, positive=True) % dims for k in keys), dtype=np.int64, count=len(keys))
    idx, counts = np.unique(hashed, return_counts=True)
    return idx.astype(np.int32), counts.astype(np.float32)


class Featurizer:
    """Computes ``DocFeatures`` for batches of articles; models come from the context's registry."""

    def __init__(self, config: StoryConfig, models: Any = None) -> None:
        self.config = config
        self.models = models
        self._vectorizer = HashingVectorizer(
            n_features=config.lex_dims, alternate_sign=False, norm=None, stop_words="english",
            token_pattern=_TOKEN, dtype=np.float32,
        )

    def __call__(self, docs: Sequence[Document]) -> list[DocFeatures]:
        if not docs:
            return []
        cfg = self.config
        leads = [lead(d, cfg.lead_chars) for d in docs]
        lex = self._vectorizer.transform(leads).tocsr()
        lex.sort_indices()
        names = self._names(docs)
        embs = self._embed(docs) if "emb" in cfg.features else [None] * len(docs)
        out = []
        for i, doc in enumerate(docs):
            row = lex[i]
            ent_idx, ent_val = _hash_counts(name_keys(names[i]), cfg.lex_dims)
            out.append(DocFeatures(
                doc_id=doc.id,
                lex_idx=row.indices.astype(np.int32), lex_val=row.data.astype(np.float32),
                ent_idx=ent_idx, ent_val=ent_val,
                sig=signature(doc.text, cfg.num_perm, cfg.shingle),
                day=publication_day(doc.published),
                emb=embs[i],
            ))
        return out

    def _names(self, docs: Sequence[Document]) -> list[list[str]]:
        if "ent" not in self.config.features:
            return [[] for _ in docs]
        texts = [lead(d, self.config.entity_chars) for d in docs]
        if self.config.entities == "spacy":
            return spacy_names(self._model("spacy"), texts)
        return [caps_names(t) for t in texts]

    def _embed(self, docs: Sequence[Document]) -> list[np.ndarray | None]:
        model = self._model("embedder")
        texts = [lead(d, self.config.embed_chars) for d in docs]
        vectors = model.encode(texts, batch_size=32, normalize_embeddings=True, convert_to_numpy=True)
        return [np.asarray(v, dtype=np.float32) for v in vectors]

    def _model(self, role: str) -> Any:
        if self.models is None:
            from ..config import load_settings
            from ..models.registry import ModelRegistry

            self.models = ModelRegistry(load_settings())
        return self.models.get(role)
