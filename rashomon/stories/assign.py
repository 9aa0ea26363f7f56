"""The single, ordered story assigner: one article at a time, in arrival order.

Per article (features from ``features.py``, computed anywhere):

1. A near-copy (MinHash Jaccard >= ``duplicate_threshold``) of an independent
   article of an active story joins that story, marked ``duplicate_of`` the
   original; it keeps the story warm but moves neither the centroid nor the
   document frequencies, and it does not count as an independent source.
2. Otherwise its lead terms are weighted by TF-IDF with the document
   frequencies of the stream so far, its names likewise; it is scored against
   every active story (decayed by the days between the article's publication
   day and the story's days), and joins the best one at or above ``threshold``, or founds a new story.
3. Stories idle for ``cold_days`` of stream time (the latest publication day
   seen so far) go cold: they leave the index and are handed
   back to the caller (to persist); no later article joins them.

A story's id is the content hash of its founding article, so the same stream
gives the same ids on any machine, and an id never changes once given:
stories are never merged or split after the fact (``docs/stories.md``).

    >>> from rashomon.model import Document
    >>> texts = ("A strong quake hit Managua, Nicaragua, on Sunday.",
    ...          "Nicaragua counts the damage after the Managua quake.",
    ...          "Oscar organizers chose Hugh Jackman as host of the Oscar gala.")
    >>> assignments, stories = assign_stream([Document.from_text(t) for t in texts])
    >>> [a.new for a in assignments], len(stories)
    ([True, False, True], 2)
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np

from ..model import Document, content_id
from .config import StoryConfig
from .features import DocFeatures
from .index import ActiveIndex, Query
from .minhash import DuplicateIndex


@dataclass(slots=True)
class Assignment:
    """Where one article went, and why."""

    seq: int
    doc_id: str
    story: str
    score: float
    new: bool
    duplicate_of: str | None = None
    source: str = ""
    title: str | None = None
    outlet: str | None = None
    published: str | None = None


@dataclass(slots=True)
class Story:
    """A story's running summary; ``members`` (its independent articles) only while active."""

    id: str
    founder: str
    title: str
    first_seq: int
    last_seq: int
    first_day: float | None = None
    last_day: float | None = None
    size: int = 0
    independent: int = 0
    outlets: list[str] = field(default_factory=list)
    members: list[str] = field(default_factory=list)
    cold: bool = False

    def summary(self) -> dict[str, object]:
        return {
            "id": self.id, "founder": self.founder, "title": self.title, "size": self.size,
            "independent": self.independent, "outlets": sorted(self.outlets),
            "first_seq": self.first_seq, "last_seq": self.last_seq,
            "first_day": self.first_day, "last_day": self.last_day, "cold": self.cold,
        }


def story_id(founder_doc_id: str) -> str:
    """A story is named by its founding article: stable across runs and machines."""
    return content_id("story", founder_doc_id)


def _label(doc: Document) -> str:
    if doc.title:
        return doc.title[:200]
    first = doc.text.strip().split("\n", 1)[0]
    return first[:120]


class Assigner:
    """Holds the active index, the duplicate index and the stream's document frequencies."""

    def __init__(self, config: StoryConfig) -> None:
        self.config = config
        self.index = ActiveIndex(config)
        self.dups = DuplicateIndex(config.num_perm, config.duplicate_threshold)
        self.df_lex = np.zeros(config.lex_dims, dtype=np.int32)
        self.df_ent = np.zeros(config.lex_dims, dtype=np.int32)
        self.n_docs = 0
        self.seq = 0
        self.clock: float | None = None
        self.stories: dict[str, Story] = {}  # active stories only
        self.doc_story: dict[str, str] = {}  # independent articles of active stories
        self.closed: list[Story] = []  # cold since the last ``drain_closed``

    # -- the public step -------------------------------------------------
    def assign(self, doc: Document, feats: DocFeatures) -> Assignment | None:
        """Place one article; None when the same text is already in an active story."""
        if doc.id in self.doc_story:
            return None
        self.seq += 1
        if feats.day is not None:
            self.clock = feats.day if self.clock is None else max(self.clock, feats.day)
        day = feats.day if feats.day is not None else self.clock
        self._expire()
        found = self.dups.find(feats.sig)
        if found is not None:
            return self._duplicate(doc, found, day)
        q = self._query(feats)
        scores = self.index.scores(q, day)
        best = int(np.argmax(scores)) if len(scores) else -1
        if best >= 0 and scores[best] >= self.config.threshold:
            sid, new = self.index.ids[best], False
            self.index.update(sid, q, day, self.seq, self.clock)
        else:
            sid, new = self._found(doc, q, day), True
        story = self.stories[sid]
        story.independent += 1
        story.members.append(doc.id)
        self._count(story, doc, day)
        self.dups.add(doc.id, feats.sig)
        self.doc_story[doc.id] = sid
        score = float(scores[best]) if best >= 0 and not new else 1.0
        return self._assignment(doc, sid, score, new, None)

    def assign_all(self, docs: Sequence[Document], feats: Sequence[DocFeatures]) -> list[Assignment]:
        return [a for d, f in zip(docs, feats) if (a := self.assign(d, f)) is not None]

    def drain_closed(self) -> list[Story]:
        """Stories that went cold since the last call (the caller persists them)."""
        out, self.closed = self.closed, []
        return out

    def close_all(self) -> list[Story]:
        """End of stream: hand back every active story (still warm, ``cold`` false)."""
        return sorted(self.stories.values(), key=lambda s: s.first_seq)

    # -- steps -------------------------------------------------------------
    def _duplicate(self, doc: Document, found: tuple[str, float], day: float | None) -> Assignment:
        original, similarity = found
        sid = self.doc_story[original]
        self.index.touch(sid, day, self.seq, self.clock)
        self._count(self.stories[sid], doc, day)
        return self._assignment(doc, sid, similarity, False, original)

    def _found(self, doc: Document, q: Query, day: float | None) -> str:
        if self.index.full:
            self._close(self.index.least_recent())
        sid = story_id(doc.id)
        if sid in self.index.slot:  # same founder text seen before in this run: keep one story
            self.index.update(sid, q, day, self.seq, self.clock)
            return sid
        self.stories[sid] = Story(sid, doc.id, _label(doc), self.seq, self.seq, day, day)
        self.index.add(sid, q, day, self.seq, self.clock)
        return sid

    def _count(self, story: Story, doc: Document, day: float | None) -> None:
        story.size += 1
        story.last_seq = self.seq
        if day is not None:
            story.first_day = day if story.first_day is None else min(story.first_day, day)
            story.last_day = day if story.last_day is None else max(story.last_day, day)
        if doc.outlet and doc.outlet not in story.outlets:
            story.outlets.append(doc.outlet)

    def _expire(self) -> None:
        for sid in self.index.cold(self.clock, self.seq):
            self._close(sid)

    def _close(self, sid: str) -> None:
        story = self.stories.pop(sid)
        self.index.remove(sid)
        for doc_id in story.members:
            self.dups.remove(doc_id)
            self.doc_story.pop(doc_id, None)
        story.members = []
        story.cold = True
        self.closed.append(story)

    # -- features -> query -------------------------------------------------
    def _query(self, f: DocFeatures) -> Query:
        self.n_docs += 1
        self.df_lex[f.lex_idx] += 1
        self.df_ent[f.ent_idx] += 1
        cfg = self.config
        lex_idx, lex_val = self._weigh(f.lex_idx, f.lex_val, self.df_lex, cfg.lex_top_terms, cfg.index_lex_dims)
        ent_idx, ent_val = self._weigh(f.ent_idx, f.ent_val, self.df_ent, cfg.lex_top_terms, cfg.index_ent_dims)
        return Query(lex_idx, lex_val, ent_idx, ent_val, f.emb)

    def _weigh(
        self, idx: np.ndarray, counts: np.ndarray, df: np.ndarray, top: int, dims: int
    ) -> tuple[np.ndarray, np.ndarray]:
        """Sublinear TF x smooth IDF, top terms, unit length, folded into ``dims`` columns."""
        if not len(idx):
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32)
        idf = np.log((1.0 + self.n_docs) / (1.0 + df[idx])) + 1.0
        w = ((1.0 + np.log(counts)) * idf).astype(np.float32)
        if len(w) > top:
            keep = np.sort(np.argpartition(-w, top - 1)[:top])
            idx, w = idx[keep], w[keep]
        w /= np.linalg.norm(w) or 1.0
        folded, inverse = np.unique(idx.astype(np.int64) & (dims - 1), return_inverse=True)
        return folded, np.bincount(inverse, weights=w).astype(np.float32)

    def _assignment(self, doc: Document, sid: str, score: float, new: bool, dup: str | None) -> Assignment:
        return Assignment(self.seq, doc.id, sid, round(score, 4), new, dup, doc.source, doc.title,
                          doc.outlet, doc.published)


def assign_stream(
    docs: Iterable[Document], config: StoryConfig | None = None, featurizer: object | None = None
) -> tuple[list[Assignment], list[Story]]:
    """Assign a small in-memory stream in one process; for tests and notebooks."""
    from .features import Featurizer

    config = config or StoryConfig()
    docs = list(docs)
    feats = (featurizer or Featurizer(config))(docs)  # type: ignore[operator]
    assigner = Assigner(config)
    out = assigner.assign_all(docs, feats)
    return out, assigner.drain_closed() + assigner.close_all()
