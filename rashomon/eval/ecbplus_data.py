"""Reading ECB+ (Barhom et al. 2019 preprocessing) into documents and gold mentions.

``ECB_{Train,Dev}_corpus.txt`` holds one token per line (doc id, sentence id,
token id, token, chains); ``ECB_{Split}_{Entity,Event}_gold_mentions.json`` the
gold mentions by token ids. Each document becomes plain text (tokens joined by
spaces, sentences by newlines) so a gold mention is a character span, the
same currency as every ``Mention`` in rashomon.

    >>> split = load_split(Path("../shared/data/ecbplus"), "Dev")  # doctest: +SKIP
    >>> sorted(split.topics())[:3]  # doctest: +SKIP
    ['12', '18', '2']
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from ..errors import InputError

DEV_TOPICS = ("2", "5", "12", "18", "21", "23", "34", "35")


@dataclass
class EcbDoc:
    """One ECB+ document as text, with each token's character span."""

    id: str
    text: str
    offsets: dict[tuple[int, int], tuple[int, int]]  # (sentence, token) -> (start, end)

    @property
    def topic(self) -> str:
        return self.id.split("_")[0]

    @property
    def subtopic(self) -> str:
        """ "36_1ecbplus" -> "36plus": the two stories of a topic (ECB vs ECB+ half)."""
        return self.topic + ("plus" if self.id.endswith("plus") else "")


@dataclass(frozen=True)
class GoldMention:
    """A gold mention: character span in its document and its gold cluster."""

    id: str
    doc: str
    start: int
    end: int
    text: str
    chain: str
    type: str
    singleton: bool


@dataclass
class EcbSplit:
    docs: dict[str, EcbDoc]
    entities: list[GoldMention] = field(default_factory=list)
    events: list[GoldMention] = field(default_factory=list)

    def topics(self) -> dict[str, list[str]]:
        """Topic -> sorted document ids."""
        out: dict[str, list[str]] = defaultdict(list)
        for doc_id in sorted(self.docs):
            out[self.docs[doc_id].topic].append(doc_id)
        return dict(out)

    def restrict(self, topics: set[str]) -> EcbSplit:
        """The same split with only the documents of ``topics``."""
        docs = {k: d for k, d in self.docs.items() if d.topic in topics}
        return EcbSplit(
            docs,
            [m for m in self.entities if m.doc in docs],
            [m for m in self.events if m.doc in docs],
        )


def _read_corpus(path: Path) -> dict[str, EcbDoc]:
    tokens: dict[str, list[tuple[int, int, str]]] = defaultdict(list)
    for line in path.read_text(encoding="utf-8").splitlines():
        cols = line.split("\t")
        if len(cols) >= 4:
            tokens[cols[0]].append((int(cols[1]), int(cols[2]), cols[3]))
    docs = {}
    for doc_id, toks in tokens.items():
        parts: list[str] = []
        offsets: dict[tuple[int, int], tuple[int, int]] = {}
        pos, last_sent = 0, None
        for sent, tok, word in toks:
            if parts:
                sep = "\n" if sent != last_sent else " "
                parts.append(sep)
                pos += 1
            offsets[(sent, tok)] = (pos, pos + len(word))
            parts.append(word)
            pos += len(word)
            last_sent = sent
        docs[doc_id] = EcbDoc(doc_id, "".join(parts), offsets)
    return docs


def _read_mentions(path: Path, docs: dict[str, EcbDoc], kind: str) -> list[GoldMention]:
    out = []
    for i, raw in enumerate(json.loads(path.read_text(encoding="utf-8"))):
        doc = docs.get(raw["doc_id"])
        if doc is None:
            continue
        spans = [doc.offsets[(raw["sent_id"], t)] for t in raw["tokens_number"] if (raw["sent_id"], t) in doc.offsets]
        if not spans:
            continue
        start, end = min(s for s, _ in spans), max(e for _, e in spans)
        out.append(
            GoldMention(
                id=f"{kind}{i}",
                doc=doc.id,
                start=start,
                end=end,
                text=doc.text[start:end],
                chain=raw["coref_chain"],
                type=raw["mention_type"],
                singleton=bool(raw.get("is_singleton")),
            )
        )
    return out


@lru_cache(maxsize=4)
def load_split(root: Path, split: str = "Dev") -> EcbSplit:
    """Documents and gold entity and event mentions of one split ("Train" or "Dev")."""
    corpus = root / f"ECB_{split}_corpus.txt"
    if not corpus.exists():
        raise InputError(str(corpus), "ECB+ corpus file not found (set --data or RASHOMON_DATA)")
    docs = _read_corpus(corpus)
    out = EcbSplit(docs)
    for kind in ("Entity", "Event"):
        path = root / f"ECB_{split}_{kind}_gold_mentions.json"
        if path.exists():
            mentions = _read_mentions(path, docs, kind[:3].lower())
            if kind == "Entity":
                out.entities = mentions
            else:
                out.events = mentions
    return out
