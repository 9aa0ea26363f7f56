"""Names in an article's lead, as cheap keys for story similarity.

Two ways, chosen by ``StoryConfig.entities``:

- ``caps``: runs of capitalised words (``Rosario Murillo``, ``National
  Autonomous University of Nicaragua``), minus sentence-initial single words
  and function words. About 20,000 leads a second on one core, so it suits a
  stream of 100k articles.
- ``spacy``: the packaged spaCy NER on the lead (about 50 leads a second here):
  fewer false names, too slow for large streams.

A multi-word name also yields its last word, so "Murillo" in one article meets
"Rosario Murillo" in another.

    >>> name_keys(caps_names("Police said Rosario Murillo met Ortega in Managua."))
    ['rosario murillo', 'murillo', 'ortega', 'managua']
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Any

_CAPS = re.compile(r"[A-Z][\w'’\-]*(?:\s+(?:(?:of|de|del|al|bin|van|von|der|la|le)\s+)?[A-Z][\w'’\-]*)*")
_SENTENCE_END = re.compile(r"(?:^|[.!?:;\"“”]\s*|\n\s*)$")
_POSSESSIVE = re.compile(r"['’]s$")
_NOT_NAMES = frozenset(
    ["a", "an", "the", "this", "that", "these", "those", "he", "she", "it", "they", "we", "i", "you", "his", "her", "its", "their", "our", "my", "your", "there", "here", "what", "when", "where", "who", "why", "how", "if", "but", "and", "or", "so", "as", "at", "in", "on", "of", "for", "to", "by", "from", "with", "after", "before", "while", "mr", "mrs", "ms", "dr", "sir", "st", "no", "yes", "not", "all", "some", "many", "more", "most", "one", "two", "three", "also", "however", "meanwhile", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december", "today", "yesterday", "tomorrow", "read", "more", "related", "photo", "video", "image", "advertisement", "update", "updated"]
)
SPACY_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC", "EVENT", "PRODUCT", "WORK_OF_ART", "LAW"})


def _clean(name: str) -> str:
    return _POSSESSIVE.sub("", " ".join(name.split())).strip("'’-")


def caps_names(text: str) -> list[str]:
    """Capitalised-word runs that look like names, in order of appearance."""
    out = []
    for match in _CAPS.finditer(text):
        name = _clean(match.group())
        words = name.split()
        while words and words[0].lower() in _NOT_NAMES:
            words = words[1:]
        if not words:
            continue
        sentence_start = bool(_SENTENCE_END.search(text[max(0, match.start() - 3) : match.start()]))
        if len(words) == 1 and (sentence_start and words[0] == name.split()[0] or len(words[0]) < 2):
            continue
        out.append(" ".join(words))
    return out


def spacy_names(nlp: Any, texts: Sequence[str]) -> list[list[str]]:
    """Named entities of each text from a spaCy pipeline, NER alone (the rest disabled)."""
    keep = {"ner", "tok2vec"}
    disable = [p for p in nlp.pipe_names if p not in keep]
    return [
        [_clean(e.text) for e in doc.ents if e.label_ in SPACY_LABELS]
        for doc in nlp.pipe(texts, disable=disable, batch_size=32)
    ]


def name_keys(names: Iterable[str]) -> list[str]:
    """Lower-cased keys: each full name, plus the last word of a multi-word name."""
    keys = []
    for name in names:
        full = name.lower()
        if not full:
            continue
        keys.append(full)
        words = full.split()
        if len(words) > 1 and len(words[-1]) > 2 and words[-1] not in _NOT_NAMES:
            keys.append(words[-1])
    return keys
