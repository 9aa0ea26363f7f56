"""The spaCy parse every later per-document stage reads: tokens, sentences, NER."""

from __future__ import annotations

from collections.abc import Callable

from ..model import DocAnalysis, Span
from ..registry import Context, stage
from .pipelines import pipeline_for


@stage("parse", requires=("document",), assigns=("parse", "sentences"))
def make_parse(ctx: Context) -> Callable[[DocAnalysis], DocAnalysis]:
    """Parses the document once with its language's pipeline; the Doc stays in ``scratch['spacy']``."""

    def run(item: DocAnalysis) -> DocAnalysis:
        nlp = pipeline_for(ctx.models, item.document.language)
        doc = nlp(item.document.text)
        item.scratch["spacy"] = doc
        item.sentences = [
            Span(item.document.id, s.start_char, s.end_char, s.text) for s in doc.sents if s.text.strip()
        ]
        return item

    return run
