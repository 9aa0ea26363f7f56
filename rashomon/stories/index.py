"""The index of active stories: centroid vectors in numpy, one row per story.

Each active story owns a row (a *slot*) in three matrices: the sum of its
articles' unit TF-IDF vectors (terms folded into ``index_lex_dims`` columns),
the same for name keys, and the sum of their embeddings. Scoring one article
against every active story is a gather of the article's few non-zero columns
and a dot product, so it costs O(active stories x terms per article), not
O(vocabulary). Matrices grow by doubling up to ``max_active`` rows; cold
stories free their row (the last row moves into it), so memory follows the
number of *active* stories, never the length of the stream.

    >>> import numpy as np
    >>> from rashomon.stories.config import StoryConfig
    >>> idx = ActiveIndex(StoryConfig())
    >>> q = Query(np.array([3]), np.array([1.0], dtype=np.float32), np.zeros(0, np.int64), np.zeros(0, np.float32))
    >>> idx.add("s1", q, day=None, seq=1)
    >>> idx.scores(q, clock=None).round(3).tolist()
    [1.0]
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .config import StoryConfig

_INITIAL_ROWS = 64


@dataclass(slots=True)
class Query:
    """One article's weighted, unit-length, folded features."""

    lex_idx: np.ndarray
    lex_val: np.ndarray
    ent_idx: np.ndarray
    ent_val: np.ndarray
    emb: np.ndarray | None = None


class ActiveIndex:
    """Centroids of the active stories, scored all at once."""

    def __init__(self, config: StoryConfig) -> None:
        self.config = config
        self.weights = config.weights()
        self.ids: list[str] = []
        self.slot: dict[str, int] = {}
        self._rows = 0
        self._alloc(_INITIAL_ROWS, emb_dims=0)

    def _alloc(self, rows: int, emb_dims: int) -> None:
        cfg = self.config
        keep = len(self.ids)

        def grow(old: np.ndarray | None, shape: tuple[int, ...], fill: float = 0.0,
                 dtype: type = np.float32) -> np.ndarray:
            new = np.full(shape, fill, dtype=dtype)
            if old is not None and keep:
                if new.ndim == 2:
                    new[:keep, : old.shape[1]] = old[:keep]
                else:
                    new[:keep] = old[:keep]
            return new

        prev = self.__dict__
        self.lex = grow(prev.get("lex"), (rows, cfg.index_lex_dims))
        self.ent = grow(prev.get("ent"), (rows, cfg.index_ent_dims))
        self.emb = grow(prev.get("emb"), (rows, emb_dims))
        self.norms = grow(prev.get("norms"), (rows, 3))
        self.last_day = grow(prev.get("last_day"), (rows,), np.nan, np.float64)
        self.last_seq = grow(prev.get("last_seq"), (rows,), 0, np.int64)
        self._rows = rows

    def __len__(self) -> int:
        return len(self.ids)

    @property
    def full(self) -> bool:
        return len(self.ids) >= self.config.max_active

    def nbytes(self) -> int:
        return sum(a.nbytes for a in (self.lex, self.ent, self.emb, self.norms, self.last_day, self.last_seq))

    def decay(self, clock: float | None) -> np.ndarray:
        """Per active story, 0.5 ** (days since its last article / half-life); 1 when undated."""
        n = len(self.ids)
        if clock is None:
            return np.ones(n, dtype=np.float32)
        idle = np.nan_to_num(clock - self.last_day[:n], nan=0.0).clip(min=0.0)
        return np.power(0.5, idle / self.config.half_life_days).astype(np.float32)

    def scores(self, q: Query, clock: float | None) -> np.ndarray:
        """Decayed weighted cosine of the article with every active story's centroid."""
        n = len(self.ids)
        if n == 0:
            return np.zeros(0, dtype=np.float32)
        parts: list[tuple[float, np.ndarray]] = []
        norms = np.maximum(self.norms[:n], 1e-9)
        if "lex" in self.weights and len(q.lex_idx):
            parts.append((self.weights["lex"], self.lex[:n, q.lex_idx] @ q.lex_val / norms[:, 0]))
        if "ent" in self.weights and len(q.ent_idx):
            parts.append((self.weights["ent"], self.ent[:n, q.ent_idx] @ q.ent_val / norms[:, 1]))
        if "emb" in self.weights and q.emb is not None and self.emb.shape[1]:
            parts.append((self.weights["emb"], self.emb[:n] @ q.emb / norms[:, 2]))
        if not parts:
            return np.zeros(n, dtype=np.float32)
        total = sum(w for w, _ in parts)  # features this article lacks do not count against it
        combined = sum(w * s for w, s in parts) / total
        return (combined * self.decay(clock)).astype(np.float32)

    def add(self, story_id: str, q: Query, day: float | None, seq: int) -> None:
        n = len(self.ids)
        emb_dims = self.emb.shape[1] or (len(q.emb) if q.emb is not None else 0)
        if n >= self._rows or emb_dims != self.emb.shape[1]:
            self._alloc(self._rows * 2 if n >= self._rows else self._rows, emb_dims)
        self.lex[n], self.ent[n], self.norms[n] = 0.0, 0.0, 0.0
        if self.emb.shape[1]:
            self.emb[n] = 0.0
        self.ids.append(story_id)
        self.slot[story_id] = n
        self.update(story_id, q, day, seq)

    def update(self, story_id: str, q: Query, day: float | None, seq: int) -> None:
        """Add the article to the story's centroid sums."""
        s = self.slot[story_id]
        self.lex[s, q.lex_idx] += q.lex_val
        self.ent[s, q.ent_idx] += q.ent_val
        self.norms[s, 0] = np.sqrt(self.lex[s] @ self.lex[s])
        self.norms[s, 1] = np.sqrt(self.ent[s] @ self.ent[s])
        if q.emb is not None and self.emb.shape[1]:
            self.emb[s] += q.emb
            self.norms[s, 2] = np.sqrt(self.emb[s] @ self.emb[s])
        self.touch(story_id, day, seq)

    def touch(self, story_id: str, day: float | None, seq: int) -> None:
        """Record activity (a duplicate copy keeps a story warm without moving its centroid)."""
        s = self.slot[story_id]
        if day is not None and not day <= self.last_day[s]:
            self.last_day[s] = day
        self.last_seq[s] = seq

    def cold(self, clock: float | None, seq: int) -> list[str]:
        """Stories idle for ``cold_days`` (dated) or ``cold_after_articles`` arrivals."""
        n = len(self.ids)
        idle_articles = seq - self.last_seq[:n] > self.config.cold_after_articles
        if clock is not None:
            idle_days = np.nan_to_num(clock - self.last_day[:n], nan=0.0) > self.config.cold_days
            idle_articles |= idle_days
        return [self.ids[i] for i in np.flatnonzero(idle_articles)]

    def least_recent(self) -> str:
        """The story whose last article is oldest: evicted first when the index is full."""
        return self.ids[int(np.argmin(self.last_seq[: len(self.ids)]))]

    def remove(self, story_id: str) -> None:
        """Free the story's row; the last row moves into it."""
        s = self.slot.pop(story_id)
        last = len(self.ids) - 1
        if s != last:
            moved = self.ids[last]
            for arr in (self.lex, self.ent, self.emb, self.norms, self.last_day, self.last_seq):
                arr[s] = arr[last]
            self.ids[s] = moved
            self.slot[moved] = s
        self.ids.pop()
