"""Dataclasses to JSON and back: the one codec of map.json, the store and the engines' workers.

Encoding is ``dataclasses.asdict`` then JSON with non-ASCII text kept;
decoding rebuilds each value from its field's type hint (dataclasses, typed dicts,
lists, tuples, dicts, optionals), so a round trip gives back equal objects: tuples
stay tuples (``Document.links``), nested dataclasses come back typed, and keys
a newer writer added are ignored rather than refused.

    >>> from rashomon.model import Document
    >>> doc = Document.from_text("A strike near Baghdad.", links=[("source", "https://example.org")])
    >>> decode_document(encode_document(doc)) == doc
    True
"""

from __future__ import annotations

import dataclasses
import json
import types
import typing
from typing import Any

from . import model, notes
from .model import Document


def dumps(value: Any) -> str:
    """Compact JSON that keeps non-ASCII text as it is."""
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
    if origin is typing.NotRequired:
        return build(typing.get_args(kind)[0], value)
    if dataclasses.is_dataclass(kind) and isinstance(kind, type):
        hints = _hints(kind)
        names = {f.name for f in dataclasses.fields(kind)}
        return kind(**{k: build(hints[k], v) for k, v in value.items() if k in names})
    if typing.is_typeddict(kind):
        hints = _hints(kind)
        return {k: build(hints[k], v) for k, v in value.items() if k in hints}
    return value


def _hints(kind: type) -> dict[str, Any]:
    return typing.get_type_hints(kind, {**vars(notes), **vars(model)})


def encode_document(doc: Document) -> str:
    return dumps(dataclasses.asdict(doc))


def decode_document(data: str) -> Document:
    return typing.cast(Document, build(Document, json.loads(data)))
