"""The spaCy parse every later per-document stage reads: tokens, sentences, NER.

spaCy refuses texts longer than its ``max_length`` (E088); a long article is
parsed in pieces cut at paragraph boundaries (else line, sentence or word
boundaries) and the pieces joined back into one Doc whose text, and so every
character offset, is exactly the article's. A stretch with no sentence break
longer than ``RUN_CHARS`` (a run of 20,000 ";", a list of 18,000 words) is cut
too: the parser's time and every later stage's per-sentence work grow faster
than linearly in a sentence's length, so no sentence is allowed to be longer.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from itertools import pairwise
from typing import Any

from ..model import DocAnalysis
from ..registry import Context, stage
from .pipelines import pipeline_for

CHUNK_CHARS = 100_000  # well under spaCy's max_length, and small enough to keep the parser's memory flat
RUN_CHARS = 3_000  # about 500 words: far beyond any real sentence
_BREAKS = (re.compile(r"\n[ \t]*\n\s*"), re.compile(r"\n\s*"), re.compile(r"[.!?]\s+"), re.compile(r"\s+"))
_SENTENCE_BREAK = re.compile(r"\n|[.!?\u3002\u061f\u06d4]+[\"'\u201d\u2019)\]]*\s+")
_WEAK_BREAKS = (re.compile(r"[;,:\u060c\u061b]\s*"), re.compile(r"\s+"))


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


def run_cuts(text: str, run: int = RUN_CHARS) -> Iterator[int]:
    """Offsets that cut every stretch without a sentence break into pieces of at most ``run`` characters.

    Each cut falls on the last clause break (``;``, ``,``, ``:``), else space,
    in the second half of its window, else at the window's end.
    """
    start = 0
    for m in (*_SENTENCE_BREAK.finditer(text), None):
        end = len(text) if m is None else m.end()
        while end - start > run:
            limit_ = start + run
            cut = None
            for pattern in _WEAK_BREAKS:
                found = [b.end() for b in pattern.finditer(text, start + run // 2, limit_)]
                if found:
                    cut = found[-1]
                    break
            start = cut or limit_
            yield start
        start = end


def pieces(text: str, size: int = CHUNK_CHARS, run: int = RUN_CHARS) -> list[tuple[int, int]]:
    """Contiguous pieces covering ``text``: none over ``size`` characters, no sentence over ``run``."""
    cuts = {b for _, b in chunks(text, size)} | set(run_cuts(text, run))
    bounds = [0, *sorted(c for c in cuts if 0 < c < len(text)), len(text)]
    return list(pairwise(bounds))


def parse_text(nlp: Any, text: str) -> Any:
    """One Doc of ``text`` however long it is, its offsets exactly the text's."""
    spans = pieces(text, min(CHUNK_CHARS, nlp.max_length))
    if len(spans) == 1:
        return nlp(text)
    from spacy.tokens import Doc

    return Doc.from_docs(list(nlp.pipe(text[a:b] for a, b in spans)), ensure_whitespace=False)


@stage("parse", requires=("doc.document",), assigns=("doc.scratch.spacy",), version="1", config=())
def make_parse(ctx: Context) -> Callable[[DocAnalysis], DocAnalysis]:
    """Parses the document once with its language's pipeline; the Doc stays in ``scratch.spacy``."""

    def keep(item: DocAnalysis, doc: Any) -> DocAnalysis:
        item.scratch.spacy = doc
        return item

    def pipe(items: list[DocAnalysis]) -> list[DocAnalysis]:
        """Many documents at once: those of one language that need no cutting go through one ``nlp.pipe``."""
        groups: dict[str | None, list[DocAnalysis]] = {}
        for item in items:
            groups.setdefault(item.document.language, []).append(item)
        for language, group in groups.items():
            nlp = pipeline_for(ctx.models, language)
            whole = [it for it in group if len(pieces(it.document.text, min(CHUNK_CHARS, nlp.max_length))) == 1]
            for item, doc in zip(whole, nlp.pipe((it.document.text for it in whole), batch_size=len(whole))):
                keep(item, doc)
            for item in group:
                if item.scratch.spacy is None:
                    keep(item, parse_text(nlp, item.document.text))
        return items

    def run(item: DocAnalysis) -> DocAnalysis:
        return keep(item, parse_text(pipeline_for(ctx.models, item.document.language), item.document.text))

    run.pipe = pipe  # type: ignore[attr-defined]  # the batch entry point for the pipeline
    return run
