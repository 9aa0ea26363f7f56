"""Per-article features for story assignment: the part that runs on every core.

Everything here is a pure function of one article and the packaged models, so
any worker (a local process, a Ray actor) computes the same features for the
same article. Whatever depends on the stream so far (document frequencies,
story centroids) belongs to the single assigner (``assign.py``).

Features of one article (``DocFeatures``):

- ``lex``: term counts of the lead (title + first ``lead_chars``), stop words
  and numbers removed, hashed into ``lex_dims`` columns (CRC-32: the same on
  every machine and in every process, unlike Python's ``hash``).
- ``ent``: counts of name keys (``names.py``), hashed the same way.
- ``emb``: the MiniLM embedding of the title and first sentences (optional:
  about 20 leads a second on this machine, so off for large streams).
- ``sig``: the MinHash signature of the lead's word 3-grams, for duplicates
  (a syndicated copy keeps the lead; the tail is what outlets trim).
- ``day``: the publication date as days since 1970-01-01 (None if unknown).
"""

from __future__ import annotations

import math
import re
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

import numpy as np

from ..model import Document
from .config import StoryConfig
from .minhash import signature_of_hashes
from .names import caps_names, name_keys, spacy_names

_WORD = re.compile(r"[^\W\d_]\w+")  # words of two or more characters, starting with a letter
STOP_WORDS = frozenset(["a", "about", "above", "across", "after", "afterwards", "again", "against", "all", "almost", "alone", "along", "already", "also", "although", "always", "am", "among", "amongst", "an", "and", "another", "any", "anyhow", "anyone", "anything", "anyway", "anywhere", "are", "around", "as", "at", "be", "became", "because", "become", "becomes", "becoming", "been", "before", "beforehand", "behind", "being", "below", "beside", "besides", "between", "beyond", "both", "but", "by", "can", "cannot", "could", "did", "do", "does", "doing", "done", "down", "due", "during", "each", "either", "else", "elsewhere", "enough", "etc", "even", "ever", "every", "everyone", "everything", "everywhere", "except", "few", "for", "former", "formerly", "from", "further", "had", "has", "have", "having", "he", "hence", "her", "here", "hereafter", "hereby", "herein", "hers", "herself", "him", "himself", "his", "how", "however", "i", "if", "in", "indeed", "into", "is", "it", "its", "itself", "just", "last", "latter", "least", "less", "many", "may", "me", "meanwhile", "might", "more", "moreover", "most", "mostly", "much", "must", "my", "myself", "neither", "never", "nevertheless", "next", "no", "nobody", "none", "noone", "nor", "not", "nothing", "now", "nowhere", "of", "off", "often", "on", "once", "one", "only", "onto", "or", "other", "others", "otherwise", "our", "ours", "ourselves", "out", "over", "own", "per", "perhaps", "rather", "same", "seem", "seemed", "seeming", "seems", "several", "she", "should", "since", "so", "some", "somehow", "someone", "something", "sometime", "sometimes", "somewhere", "still", "such", "than", "that", "the", "their", "theirs", "them", "themselves", "then", "thence", "there", "thereafter", "thereby", "therefore", "therein", "thereupon", "these", "they", "this", "those", "though", "through", "throughout", "thru", "thus", "to", "together", "too", "toward", "towards", "under", "until", "up", "upon", "us", "very", "via", "was", "we", "well", "were", "what", "whatever", "when", "whence", "whenever", "where", "whereafter", "whereas", "whereby", "wherein", "whereupon", "wherever", "whether", "which", "while", "whither", "who", "whoever", "whole", "whom", "whose", "why", "will", "with", "within", "without", "would", "yet", "you", "your", "yours", "yourself", "yourselves", "s", "t", "ll", "ve", "re", "d", "m", "don", "didn", "doesn", "isn", "wasn", "aren", "weren", "won", "wouldn", "couldn", "shouldn"])
_STOP_HASHES = np.array(sorted(zlib.crc32(w.encode()) for w in STOP_WORDS), dtype=np.uint64)


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
            day=None if day is None or math.isnan(day) else float(day),
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


def hash_words(words: Sequence[str]) -> np.ndarray:
    """CRC-32 of each word (uint64 array)."""
    return np.array(list(map(zlib.crc32, map(str.encode, words))), dtype=np.uint64)


def _counts(hashes: np.ndarray, dims: int) -> tuple[np.ndarray, np.ndarray]:
    if not len(hashes):
        return np.zeros(0, dtype=np.int32), np.zeros(0, dtype=np.float32)
    idx, counts = np.unique(hashes & np.uint64(dims - 1), return_counts=True)
    return idx.astype(np.int32), counts.astype(np.float32)


def lexical(text: str, cfg: StoryConfig) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(term columns, term counts, MinHash signature) of a lead, from one tokenisation."""
    hashes = hash_words(_WORD.findall(text.lower()))
    idx, val = _counts(hashes[~np.isin(hashes, _STOP_HASHES)], cfg.lex_dims)
    return idx, val, signature_of_hashes(hashes, cfg.num_perm, cfg.shingle)


class Featurizer:
    """Computes ``DocFeatures`` for batches of articles; models come from the context's registry."""

    def __init__(self, config: StoryConfig, models: Any = None) -> None:
        self.config = config
        self.models = models

    def __call__(self, docs: Sequence[Document]) -> list[DocFeatures]:
        if not docs:
            return []
        cfg = self.config
        names = self._names(docs)
        embs = self._embed(docs) if "emb" in cfg.features else [None] * len(docs)
        out = []
        for i, doc in enumerate(docs):
            lex_idx, lex_val, sig = lexical(lead(doc, cfg.lead_chars), cfg)
            ent_idx, ent_val = _counts(hash_words(name_keys(names[i])), cfg.lex_dims)
            out.append(DocFeatures(doc.id, lex_idx, lex_val, ent_idx, ent_val, sig,
                                   publication_day(doc.published), embs[i]))
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
