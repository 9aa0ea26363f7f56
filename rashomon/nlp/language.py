"""Language of each document, from the packaged fastText language id."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..model import DocAnalysis
from ..registry import Context, stage

WINDOW = 500  # characters a window; five windows spread over the text
WINDOWS = 5


def detect_language(detector: Any, text: str) -> str | None:
    """ISO 639-1 code of the text's language, or None when the text gives no signal.

    Windows spread over the text vote with their scores, so an article that
    opens on foreign place names ("Bukowina Tatrzańska. A strong wind...") is
    still read as the language of its body: the language now picks the pipeline.
    """
    sample = " ".join(text.split())
    if not sample:
        return None
    step = max(WINDOW, (len(sample) - WINDOW) // max(1, WINDOWS - 1))
    votes: dict[str, float] = {}
    for start in range(0, max(1, len(sample) - WINDOW // 2), step)[:WINDOWS]:
        for found in detector.detect(sample[start : start + WINDOW], k=1):
            lang = str(found["lang"]).lower()
            votes[lang] = votes.get(lang, 0.0) + float(found.get("score", 1.0))
    return max(votes, key=lambda k: votes[k]) if votes else None


@stage("language", requires=("doc.document",), assigns=("doc.document.language",), version="1", config=())
def make_language(ctx: Context) -> Callable[[DocAnalysis], DocAnalysis]:
    """Sets ``Document.language`` unless the source already declared it."""

    def run(item: DocAnalysis) -> DocAnalysis:
        if not item.document.language:
            item.document.language = detect_language(ctx.models.get("language"), item.document.text)
        return item

    return run
