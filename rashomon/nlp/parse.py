"""The spaCy parse every later per-document stage reads: tokens, sentences, NER.

spaCy refuses texts longer than its ``max_length`` (E088); a long article is
parsed in pieces cut at paragraph boundaries (else line, sentence or word
boundaries) and the pieces joined back into one Doc whose text, and so every
character offset, is exactly the article's.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any

from ..model import DocAnalysis
from ..registry import Context, stage
from .pipelines import pipeline_for

CHUNK_CHARS = 100_000  # well under spaCy's max_length, and small enough to keep the parser's memory flat
_BREAKS = (re.compile(r"\n[ \t]*\n\s*"), re.compile(r"\n\s*"), re.compile(r"[.!?]\s+"), re.compile(r"\s+"))


def chunks(text: str, size: int = CHUNK_CHARS) -> Iterator[tuple[int, int]]:
    """Contiguous (start, end) pieces of at most ``size`` characters covering ``text``, cut at the best break."""
    start = 0
    while len(text) - start > size:
        end = start + size
        cut = None
        for pattern in _BREAKS:  # the last break of the strongest kind in the second half of the window
            found = [m.end() for m in pattern.finditer(text, start + size // 2, end)]
            if found:
                cut = found[-1]
                break
        cut = cut or end
        yield start, cut
        start = cut
    yield start, len(text)


def parse_text(nlp: Any, text: str) -> Any:
    """One Doc of ``text`` however long it is."""
    if len(text) <= min(CHUNK_CHARS, nlp.max_length):
        return nlp(text)
    from spacy.tokens import Doc

    pieces = [text[a:b] for a, b in chunks(text, min(CHUNK_CHARS, nlp.max_length))]
    return Doc.from_docs(list(nlp.pipe(pieces)), ensure_whitespace=False)


@stage("parse", requires=("document",), assigns=("parse",), version="1", config=())
def make_parse(ctx: Context) -> Callable[[DocAnalysis], DocAnalysis]:
    """Parses the document once with its language's pipeline; the Doc stays in ``scratch['spacy']``."""

    def run(item: DocAnalysis) -> DocAnalysis:
        nlp = pipeline_for(ctx.models, item.document.language)
        doc = parse_text(nlp, item.document.text)
        item.scratch["spacy"] = doc
        return item

    return run
