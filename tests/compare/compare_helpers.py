"""Helpers for the cross-document tests: corpora built by hand, fake models (no model loads)."""

from __future__ import annotations

import re
import zlib
from collections.abc import Sequence
from typing import Any

import numpy as np

from rashomon.model import Claim, Corpus, DocAnalysis, Document, Entity, Mention


def make_corpus(docs: dict[str, str], names: dict[str, tuple[str, str]]) -> Corpus:
    """Documents cut into sentence claims; every occurrence of a listed name is a resolved mention.

    ``names`` maps a surface form to ``(entity id, label)``.
    """
    items: list[DocAnalysis] = []
    entities: dict[str, Entity] = {}
    for source, text in docs.items():
        document = Document.from_text(text, source=source)
        item = DocAnalysis(document)
        for surface, (entity, label) in names.items():
            for m in re.finditer(rf"\b{re.escape(surface)}\b", text):
                if any(x.start <= m.start() < x.end for x in item.mentions):
                    continue
                mention = Mention(document.id, m.start(), m.end(), surface, label, entity)
                item.mentions.append(mention)
                entities.setdefault(entity, Entity(entity, surface, label)).mentions.append(mention)
        item.mentions.sort(key=lambda x: x.start)
        for m in re.finditer(r"[^.!?\n]+[.!?]?", text):
            start = m.start() + len(m.group(0)) - len(m.group(0).lstrip())
            end = m.end()
            if not text[start:end].strip():
                continue
            claim = Claim(Claim.make_id(document.id, start, end), document.id, start, end, text[start:end])
            claim.entities = sorted({x.entity for x in item.mentions if start <= x.start < end and x.entity})
            item.claims.append(claim)
        items.append(item)
    return Corpus(items, entities=list(entities.values()))


class FakeEmbedder:
    """Bag-of-words vectors: claims sharing words are similar, deterministic, no model."""

    def __init__(self, dim: int = 256) -> None:
        self.dim = dim
        self.calls = 0

    def encode(self, texts: Sequence[str], **_: Any) -> np.ndarray:
        self.calls += len(texts)
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for i, t in enumerate(texts):
            for w in re.findall(r"[a-z0-9]+", t.lower()):
                out[i, zlib.crc32(w.encode()) % self.dim] += 1.0
        return out


class FakeModels:
    """Stands in for ModelRegistry: fixed models by role."""

    def __init__(self, **models: Any) -> None:
        self.models = models

    def name(self, role: str) -> str:
        return f"fake-{role}-{id(self.models.get(role))}"

    def get(self, role: str) -> Any:
        from rashomon.errors import ModelError

        if role not in self.models:
            raise ModelError(f"no model configured for role '{role}'")
        return self.models[role]
