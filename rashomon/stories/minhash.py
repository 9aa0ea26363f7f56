"""Near-duplicate and syndicated copies: MinHash signatures and an evictable LSH index.

The same wire story runs in ten outlets with a new headline, a byline and a
trimmed last paragraph; counting it ten times would make "ten sources agree"
out of one. Word 3-shingles keep their order, so a copy scores a Jaccard
similarity near 1 while two independent reports of the same event stay far
below the 0.8 threshold.

Signatures are computed with numpy (vectorised over shingles and
permutations) using the same permutation parameters as ``datasketch``, whose
``MinHashLSH`` finds the candidates; documents of cold stories are removed,
so the index stays as small as the set of active stories.

    >>> a = signature("the quick brown fox jumps over the lazy dog " * 3)
    >>> b = signature("the quick brown fox jumps over the lazy dog " * 3 + "Reuters")
    >>> jaccard(a, b) > 0.8
    True
"""

from __future__ import annotations

import re
import zlib

import numpy as np
from datasketch import LeanMinHash, MinHashLSH

_MERSENNE = np.uint64((1 << 61) - 1)
_MAX_HASH = np.uint64((1 << 32) - 1)
_WORD = re.compile(r"\w+")
_PERMS: dict[int, tuple[np.ndarray, np.ndarray]] = {}
SEED = 1
SCHEME = "legacy"  # (a * h + b) mod (2^61 - 1), truncated to 32 bits: what datasketch calls it


def _permutations(num_perm: int) -> tuple[np.ndarray, np.ndarray]:
    """The (a, b) permutation parameters datasketch draws for ``seed=1``."""
    if num_perm not in _PERMS:
        gen = np.random.RandomState(SEED)
        perms = np.array(
            [(gen.randint(1, _MERSENNE, dtype=np.uint64), gen.randint(0, _MERSENNE, dtype=np.uint64))
             for _ in range(num_perm)],
            dtype=np.uint64,
        ).T
        _PERMS[num_perm] = (perms[0], perms[1])
    return _PERMS[num_perm]


def shingle_hashes(text: str, size: int = 3) -> np.ndarray:
    """32-bit hashes of the word ``size``-grams of ``text`` (lower-cased), unique."""
    words = _WORD.findall(text.lower())
    return _shingles(np.fromiter((zlib.crc32(w.encode("utf-8")) for w in words), dtype=np.uint64,
                                 count=len(words)), size)


def _shingles(hashed: np.ndarray, size: int) -> np.ndarray:
    if len(hashed) < size:
        return np.unique(hashed) if len(hashed) else np.zeros(1, dtype=np.uint64)
    combined = hashed[: len(hashed) - size + 1].copy()
    for k in range(1, size):
        combined = combined * np.uint64(1_000_003) + hashed[k : len(hashed) - size + 1 + k]
    return np.unique(combined & _MAX_HASH)


def signature(text: str, num_perm: int = 64, size: int = 3) -> np.ndarray:
    """The MinHash signature (``num_perm`` uint64 values) of a text's word shingles."""
    return _minhash(shingle_hashes(text, size), num_perm)


def signature_of_hashes(word_hashes: np.ndarray, num_perm: int = 64, size: int = 3) -> np.ndarray:
    """The same signature from the CRC-32 hashes of the (lower-cased) words, already computed."""
    return _minhash(_shingles(word_hashes, size), num_perm)


def _minhash(hashes: np.ndarray, num_perm: int) -> np.ndarray:
    a, b = _permutations(num_perm)
    with np.errstate(over="ignore"):
        permuted = ((hashes[None, :] * a[:, None] + b[:, None]) % _MERSENNE) & _MAX_HASH
    sig: np.ndarray = permuted.min(axis=1)
    return sig


def jaccard(a: np.ndarray, b: np.ndarray) -> float:
    """Estimated Jaccard similarity of two signatures."""
    return float(np.mean(a == b))


class DuplicateIndex:
    """Signatures of the independent documents of active stories, queryable by similarity."""

    def __init__(self, num_perm: int = 64, threshold: float = 0.8) -> None:
        self.num_perm = num_perm
        self.threshold = threshold
        self._lsh = MinHashLSH(threshold=threshold, num_perm=num_perm)
        self._sigs: dict[str, np.ndarray] = {}

    def __len__(self) -> int:
        return len(self._sigs)

    def find(self, sig: np.ndarray) -> tuple[str, float] | None:
        """The most similar indexed document at or above the threshold, ties broken by id."""
        found = self._lsh.query(LeanMinHash(seed=SEED, hashvalues=sig, scheme=SCHEME))
        best: tuple[str, float] | None = None
        for key in sorted(found):
            score = jaccard(sig, self._sigs[key])
            if score >= self.threshold and (best is None or score > best[1]):
                best = (key, score)
        return best

    def add(self, doc_id: str, sig: np.ndarray) -> None:
        if doc_id not in self._sigs:
            self._sigs[doc_id] = sig
            self._lsh.insert(doc_id, LeanMinHash(seed=SEED, hashvalues=sig, scheme=SCHEME))

    def remove(self, doc_id: str) -> None:
        if self._sigs.pop(doc_id, None) is not None:
            self._lsh.remove(doc_id)

    def items(self) -> list[tuple[str, np.ndarray]]:
        return list(self._sigs.items())
