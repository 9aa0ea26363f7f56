"""Event clustering embeds each distinct text once per corpus, and the timeline is what per-group calls gave."""

from __future__ import annotations

import zlib
from typing import Any

import numpy as np
import pytest
from test_timeline import corpus_with_conflict

import rashomon.compare.timeline as tl


class CountingEmbed:
    """Bag-of-words vectors (hashed), a text's own whatever batch it comes in; records every call."""

    def __init__(self) -> None:
        self.calls: list[list[str]] = []

    def __call__(self, texts: list[str]) -> np.ndarray:
        self.calls.append(list(texts))
        out = np.zeros((len(texts), 64), dtype=np.float32)
        for row, text in zip(out, texts):
            for word in text.lower().split():
                row[zlib.crc32(word.encode()) % 64] += 1.0
        return out / np.clip(np.linalg.norm(out, axis=1, keepdims=True), 1e-9, None)


def _run(embed: Any, monkeypatch: pytest.MonkeyPatch | None = None) -> tuple[Any, ...]:
    corpus, _ = corpus_with_conflict()
    if monkeypatch is not None:  # the code before embed_once: every group asks the embedder itself
        monkeypatch.setattr(tl, "embed_once", lambda embed, texts: embed)
    tl.build_timeline(corpus, embed)
    events = [(e.id, e.cluster, e.entities) for d in corpus.docs for e in d.events]
    return corpus.timeline, corpus.event_clusters, corpus.conflicts, corpus.possible_conflicts, events


def test_embed_once_answers_each_text_with_its_own_vector() -> None:
    embed = CountingEmbed()
    lookup = tl.embed_once(embed, ["b c", "a", "b c"])
    assert embed.calls == [["a", "b c"]]
    batch = ["b c", "a", "b c", "new text"]
    assert np.array_equal(lookup(batch), CountingEmbed()(batch))
    assert embed.calls[1:] == [["new text"]]  # only what the table lacked


def test_clustering_embeds_once_per_corpus_with_the_same_timeline(monkeypatch: pytest.MonkeyPatch) -> None:
    once, per_group = CountingEmbed(), CountingEmbed()
    new = _run(once)
    assert len(once.calls) == 1 and len(once.calls[0]) == len(set(once.calls[0]))
    old = _run(per_group, monkeypatch)
    assert len(per_group.calls) == 4  # two event types, sentences and lemmas apart
    assert new == old and new[0]


@pytest.mark.slow
def test_real_embedder_gives_the_same_timeline(context: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """The packaged embedder's vectors do not depend on which texts share a batch."""
    embed = tl._embedder(context)
    new = _run(embed)
    assert _run(embed, monkeypatch) == new
