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
    >>> idx.scores(q, day=None).round(3).tolist()
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

    lex: np.ndarray  # (index_lex_dims, rows): term-major sums of unit TF-IDF vectors
    ent: np.ndarray  # (index_ent_dims, rows)
    emb: np.ndarray  # (rows, embedding dims), zero columns without embeddings
    norms2: np.ndarray  # (rows, 3): squared norms of the three sums
    first_day: np.ndarray  # event time: the earliest and latest publication day of its articles
    last_day: np.ndarray
    last_clock: np.ndarray  # stream time (latest day seen in the stream) of its last article
    last_seq: np.ndarray

    def __init__(self, config: StoryConfig) -> None:
        self.config = config
        self.weights = config.weights()
        self.ids: list[str] = []
        self.slot: dict[str, int] = {}
        self._rows = 0
        self._alloc(_INITIAL_ROWS, emb_dims=0)

    def _alloc(self, rows: int, emb_dims: int) -> None:
        """(Re)allocate for ``rows`` stories. Sparse features are stored term-major
        (``lex[term, story]``), so scoring gathers a few contiguous rows."""
        cfg, n = self.config, len(self.ids)
        old = self.__dict__.copy()

        def grow(name: str, shape: tuple[int, ...], dtype: type, fill: float = 0.0, axis: int = 0) -> None:
            new: np.ndarray = np.full(shape, fill, dtype=dtype)
            prev = old.get(name)
            if prev is not None and n:
                if axis == 1:
                    new[:, :n] = prev[:, :n]
                elif new.ndim == 2:
                    new[:n, : prev.shape[1]] = prev[:n]
                else:
                    new[:n] = prev[:n]
            setattr(self, name, new)

        grow("lex", (cfg.index_lex_dims, rows), np.float32, axis=1)
        grow("ent", (cfg.index_ent_dims, rows), np.float32, axis=1)
        grow("emb", (rows, emb_dims), np.float32)
        grow("norms2", (rows, 3), np.float64)
        grow("first_day", (rows,), np.float64, np.nan)
        grow("last_day", (rows,), np.float64, np.nan)
        grow("last_clock", (rows,), np.float64, np.nan)
        grow("last_seq", (rows,), np.int64)
        self._rows = rows

    def __len__(self) -> int:
        return len(self.ids)

    @property
    def full(self) -> bool:
        return len(self.ids) >= self.config.max_active

    def nbytes(self) -> int:
        arrays = (self.lex, self.ent, self.emb, self.norms2, self.first_day, self.last_day, self.last_clock,
                  self.last_seq)
        return sum(a.nbytes for a in arrays)

    def decay(self, day: float | None) -> np.ndarray:
        """Per active story, 0.5 ** (days between the article and the story / half-life); 1 when undated.

        The distance is measured in event time, from the article's own day to the span of the story's
        days (zero inside it), so an archive fed out of date order still groups: an old article is far
        from this week's stories and close to the stories of its own week.
        """
        n = len(self.ids)
        if day is None:
            return np.ones(n, dtype=np.float32)
        gap = np.fmax(day - self.last_day[:n], self.first_day[:n] - day)
        idle = np.nan_to_num(gap, nan=0.0).clip(min=0.0)
        return np.power(0.5, idle / self.config.half_life_days).astype(np.float32)

    def scores(self, q: Query, day: float | None) -> np.ndarray:
        """Decayed weighted cosine of the article (published on ``day``) with every active story's centroid."""
        n = len(self.ids)
        if n == 0:
            return np.zeros(0, dtype=np.float32)
        parts: list[tuple[float, np.ndarray]] = []
        norms = np.sqrt(np.maximum(self.norms2[:n], 1e-18))
        if "lex" in self.weights and len(q.lex_idx):
            parts.append((self.weights["lex"], q.lex_val @ self.lex[q.lex_idx, :n] / norms[:, 0]))
        if "ent" in self.weights and len(q.ent_idx):
            parts.append((self.weights["ent"], q.ent_val @ self.ent[q.ent_idx, :n] / norms[:, 1]))
        if "emb" in self.weights and q.emb is not None and self.emb.shape[1]:
            parts.append((self.weights["emb"], self.emb[:n] @ q.emb / norms[:, 2]))
        if not parts:
            return np.zeros(n, dtype=np.float32)
        total = sum(w for w, _ in parts)  # features this article lacks do not count against it
        combined = sum(w * s for w, s in parts) / total
        return (combined * self.decay(day)).astype(np.float32)

    def add(self, story_id: str, q: Query, day: float | None, seq: int, clock: float | None = None) -> None:
        n = len(self.ids)
        emb_dims = self.emb.shape[1] or (len(q.emb) if q.emb is not None else 0)
        if n >= self._rows or emb_dims != self.emb.shape[1]:
            self._alloc(self._rows * 2 if n >= self._rows else self._rows, emb_dims)
        self.lex[:, n], self.ent[:, n], self.norms2[n] = 0.0, 0.0, 0.0
        if self.emb.shape[1]:
            self.emb[n] = 0.0
        self.ids.append(story_id)
        self.slot[story_id] = n
        self.first_day[n] = self.last_day[n] = self.last_clock[n] = np.nan
        self.update(story_id, q, day, seq, clock)

    def update(self, story_id: str, q: Query, day: float | None, seq: int, clock: float | None = None) -> None:
        """Add the article to the story's centroid sums."""
        s = self.slot[story_id]
        self.norms2[s, 0] += _add(self.lex, q.lex_idx, s, q.lex_val)
        self.norms2[s, 1] += _add(self.ent, q.ent_idx, s, q.ent_val)
        if q.emb is not None and self.emb.shape[1]:
            self.emb[s] += q.emb
            self.norms2[s, 2] = float(self.emb[s] @ self.emb[s])
        self.touch(story_id, day, seq, clock)

    def touch(self, story_id: str, day: float | None, seq: int, clock: float | None = None) -> None:
        """Record activity (a duplicate copy keeps a story warm without moving its centroid).

        ``day`` is the article's publication day (event time); ``clock`` the stream time when it
        arrived (defaults to ``day``), which is what decides when the story goes cold.
        """
        s = self.slot[story_id]
        if day is not None:
            self.first_day[s] = np.fmin(self.first_day[s], day)
            self.last_day[s] = np.fmax(self.last_day[s], day)
        clock = day if clock is None else clock
        if clock is not None:
            self.last_clock[s] = np.fmax(self.last_clock[s], clock)
        self.last_seq[s] = seq

    def cold(self, clock: float | None, seq: int) -> list[str]:
        """Stories idle for ``cold_days`` of stream time (dated) or ``cold_after_articles`` arrivals."""
        n = len(self.ids)
        idle_articles = seq - self.last_seq[:n] > self.config.cold_after_articles
        if clock is not None:
            idle_days = np.nan_to_num(clock - self.last_clock[:n], nan=0.0) > self.config.cold_days
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
            for arr in (self.lex, self.ent):
                arr[:, s] = arr[:, last]
            for arr in (self.emb, self.norms2, self.first_day, self.last_day, self.last_clock, self.last_seq):
                arr[s] = arr[last]
            self.ids[s] = moved
            self.slot[moved] = s
        self.ids.pop()


def _add(matrix: np.ndarray, idx: np.ndarray, col: int, val: np.ndarray) -> float:
    """Add ``val`` at rows ``idx`` of column ``col``; return the change of the column's squared norm."""
    if not len(idx):
        return 0.0
    before = matrix[idx, col].astype(np.float64)
    after = before + val
    matrix[idx, col] = after
    return float(after @ after - before @ before)
