"""Language of each document, from the packaged fastText language id."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..model import DocAnalysis
from ..registry import Context, stage


def detect_language(detector: Any, text: str) -> str | None:
    """ISO 639-1 code of the text's language, or None when the text gives no signal."""
    sample = " ".join(text.split())[:2000]
    if not sample:
        return None
    found = detector.detect(sample, k=1)
    return str(found[0]["lang"]).lower() if found else None


@stage("language", requires=("document",), assigns=("language",))
def make_language(ctx: Context) -> Callable[[DocAnalysis], DocAnalysis]:
    """Sets ``Document.language`` unless the source already declared it."""

    def run(item: DocAnalysis) -> DocAnalysis:
        if not item.document.language:
            item.document.language = detect_language(ctx.models.get("language"), item.document.text)
        return item

    return run
