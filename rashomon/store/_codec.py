"""Turn model objects into database values and back, losslessly.

Documents and maps are stored as JSON text (``json`` escapes NUL and other
control characters, which PostgreSQL text columns refuse, so any text
survives). A per-document analysis is stored so that a story's map can be
recomputed without parsing its old documents again: the serialisable fields as
JSON, the spaCy ``Doc`` as its own bytes (without the tensor), NumPy arrays in
``scratch`` as typed base64. An analysis holding anything else in ``scratch``
is not cached (``encode_analysis`` returns None) and is simply recomputed.
"""

from __future__ import annotations

import base64
import dataclasses
import json
import types
import typing
from typing import Any, Callable

from .. import model
from ..model import DocAnalysis, Document


def dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def build(kind: Any, value: Any) -> Any:
    """Rebuild a typed value (dataclass, list, tuple, dict, optional) from plain JSON."""
    origin = typing.get_origin(kind)
    if value is None:
        return None
    if origin in (typing.Union, types.UnionType):
        inner = [a for a in typing.get_args(kind) if a is not type(None)]
        return build(inner[0], value) if len(inner) == 1 else value
    if origin is list:
        (item,) = typing.get_args(kind)
        return [build(item, v) for v in value]
    if origin is tuple:
        return tuple(value)
    if origin is dict:
        _, item = typing.get_args(kind)
        return {k: build(item, v) for k, v in value.items()}
    if dataclasses.is_dataclass(kind) and isinstance(kind, type):
        hints = typing.get_type_hints(kind, vars(model))
        names = {f.name for f in dataclasses.fields(kind)}
        return kind(**{k: build(hints[k], v) for k, v in value.items() if k in names})
    return value


def encode_document(doc: Document) -> str:
    return dumps(dataclasses.asdict(doc))


def decode_document(data: str) -> Document:
    return typing.cast(Document, build(Document, json.loads(data)))


def clean(text: str | None) -> str | None:
    """Text for a searchable column: PostgreSQL text cannot hold NUL (the JSON copy keeps it)."""
    return None if text is None else text.replace("\x00", "")


# --- per-document analyses -------------------------------------------------------------------

def _encode_array(value: Any) -> dict[str, Any]:
    return {"__ndarray__": base64.b64encode(value.tobytes()).decode("ascii"),
            "dtype": str(value.dtype), "shape": list(value.shape)}


def _decode_array(raw: dict[str, Any]) -> Any:
    import numpy as np

    flat = np.frombuffer(base64.b64decode(raw["__ndarray__"]), dtype=raw["dtype"])
    return flat.reshape(raw["shape"]).copy()


def _is_spacy_doc(value: Any) -> bool:
    return type(value).__module__.startswith("spacy.") and type(value).__name__ == "Doc"


def encode_analysis(item: DocAnalysis) -> tuple[str, bytes | None] | None:
    """(JSON, spaCy bytes) for one document's stage outputs, or None when it cannot be cached."""
    scratch: dict[str, Any] = {}
    spacy_bytes = None
    for key, value in item.scratch.items():
        if _is_spacy_doc(value) and key == "spacy":
            spacy_bytes = value.to_bytes(exclude=["tensor"])
        elif type(value).__name__ == "ndarray":
            scratch[key] = _encode_array(value)
        else:
            return None
    raw = {f.name: getattr(item, f.name) for f in dataclasses.fields(DocAnalysis) if f.name != "scratch"}
    try:
        data = dumps({"analysis": _plain(raw), "scratch": scratch})
    except (TypeError, ValueError):
        return None
    return data, spacy_bytes


def _plain(raw: dict[str, Any]) -> dict[str, Any]:
    return {k: dataclasses.asdict(v) if dataclasses.is_dataclass(v) else
            [dataclasses.asdict(x) if dataclasses.is_dataclass(x) else x for x in v] if isinstance(v, list) else v
            for k, v in raw.items()}


def decode_analysis(data: str, spacy_bytes: bytes | None, vocab: Callable[[], Any]) -> DocAnalysis:
    """Rebuild a cached analysis; ``vocab()`` gives the spaCy vocabulary when a Doc must be restored."""
    raw = json.loads(data)
    item = typing.cast(DocAnalysis, build(DocAnalysis, raw["analysis"]))
    item.scratch = {k: _decode_array(v) for k, v in raw["scratch"].items()}
    if spacy_bytes is not None:
        from spacy.tokens import Doc

        item.scratch["spacy"] = Doc(vocab()).from_bytes(bytes(spacy_bytes))
    return item
