"""Turn model objects into database values and back, losslessly.

Documents and maps are stored as JSON text by the package's one codec
(``rashomon.codec``; ``json`` escapes NUL and other control characters, which
PostgreSQL text columns refuse, so any text survives). A per-document analysis is stored so that a story's map can be
recomputed without parsing its old documents again: the typed fields (``notes``
included) as JSON, rebuilt from their type hints; the spaCy ``Doc`` as its own
bytes (without the tensor); the scratch's paragraphs and claim vectors tagged so
tuples and NumPy arrays come back exact. An analysis holding anything else (a
scratch value of another type) is not cached (``encode_analysis`` returns None)
and is simply recomputed.
"""

from __future__ import annotations

import base64
import dataclasses
import json
import typing
from collections.abc import Callable
from typing import Any

from ..codec import build, dumps
from ..model import DocAnalysis
from ..notes import Scratch


def clean(text: str | None) -> str | None:
    """Text for a searchable column: PostgreSQL text cannot hold NUL (the JSON copy keeps it)."""
    return None if text is None else text.replace("\x00", "")


# --- per-document analyses -------------------------------------------------------------------

class Uncacheable(TypeError):
    """A value with no exact JSON form: the analysis holding it is recomputed instead of cached."""


def tagged(value: Any) -> Any:
    """JSON for ``scratch`` values that keeps tuples, dicts and NumPy arrays exact."""
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, list):
        return [tagged(v) for v in value]
    if isinstance(value, tuple):
        return {"__tuple__": [tagged(v) for v in value]}
    if isinstance(value, dict) and all(isinstance(k, str) for k in value):
        return {"__dict__": {k: tagged(v) for k, v in value.items()}}
    if type(value).__name__ == "ndarray":
        return {"__ndarray__": base64.b64encode(value.tobytes()).decode("ascii"),
                "dtype": str(value.dtype), "shape": list(value.shape)}
    raise Uncacheable(type(value).__name__)


def untagged(raw: Any) -> Any:
    if isinstance(raw, list):
        return [untagged(v) for v in raw]
    if not isinstance(raw, dict):
        return raw
    if "__tuple__" in raw:
        return tuple(untagged(v) for v in raw["__tuple__"])
    if "__dict__" in raw:
        return {k: untagged(v) for k, v in raw["__dict__"].items()}
    import numpy as np

    flat = np.frombuffer(base64.b64decode(raw["__ndarray__"]), dtype=raw["dtype"])
    return flat.reshape(raw["shape"]).copy()


def _is_spacy_doc(value: Any) -> bool:
    return type(value).__module__.startswith("spacy.") and type(value).__name__ == "Doc"


def _plain(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return dataclasses.asdict(value)
    return [_plain(v) for v in value] if isinstance(value, list) else value


def encode_analysis(item: DocAnalysis) -> tuple[str, bytes | None] | None:
    """(JSON, spaCy bytes) for one document's stage outputs, or None when it cannot be cached."""
    spacy_doc = item.scratch.spacy
    if spacy_doc is not None and not _is_spacy_doc(spacy_doc):
        return None
    fields = {f.name: _plain(getattr(item, f.name)) for f in dataclasses.fields(DocAnalysis) if f.name != "scratch"}
    kept = {"paragraphs": item.scratch.paragraphs, "claim_vectors": item.scratch.claim_vectors}
    try:
        data = dumps({"analysis": fields, "scratch": tagged(kept)})
    except (Uncacheable, TypeError, ValueError):
        return None
    return data, None if spacy_doc is None else spacy_doc.to_bytes(exclude=["tensor"])


def decode_analysis(data: str, spacy_bytes: bytes | None, vocab: Callable[[], Any]) -> DocAnalysis:
    """Rebuild a cached analysis; ``vocab()`` gives the spaCy vocabulary when a Doc must be restored."""
    raw = json.loads(data)
    item = typing.cast(DocAnalysis, build(DocAnalysis, raw["analysis"]))
    kept = untagged(raw["scratch"])
    item.scratch = Scratch(paragraphs=kept.get("paragraphs"), claim_vectors=kept.get("claim_vectors") or {})
    if spacy_bytes is not None:
        from spacy.tokens import Doc

        item.scratch.spacy = Doc(vocab()).from_bytes(bytes(spacy_bytes))
    return item
