"""map.json's JSON Schema, generated from the data model: one definition, so the two cannot drift.

Each dataclass and ``TypedDict`` that ``NarrativeMap`` reaches becomes a
definition (``$defs``) with its docstring's first line as description; every
field the writer emits is required (``asdict`` writes them all) and nothing
else is allowed. Types map as JSON Schema expects: ``Literal`` to ``enum``,
``X | None`` to a type that allows null, fixed tuples to ``prefixItems``; the
bounds in ``Annotated`` hints (``Offset``, ``Probability``, ``IsoDay`` ...) are
copied as they are. The committed ``schema/map.schema.json`` is this output
(a test says so); regenerate it after a change to the model with

    python -m rashomon.mapschema --write
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import types
import typing
from pathlib import Path
from typing import Any

from . import model, notes
from .contract import required_keys
from .model import SCHEMA, Bounds, NarrativeMap

PATH = Path(__file__).with_name("schema") / "map.schema.json"
_HEADER = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "$id": "https://rashomon.invalid/schema/map-1.json",
    "title": f"rashomon narrative map ({SCHEMA})",
}
_SCALARS: dict[Any, str] = {str: "string", int: "integer", float: "number", bool: "boolean"}


class _Builder:
    def __init__(self) -> None:
        self.defs: dict[str, dict[str, Any]] = {}

    def of(self, hint: Any) -> dict[str, Any]:
        """The schema of one type hint."""
        origin, args = typing.get_origin(hint), typing.get_args(hint)
        if origin is typing.Annotated:
            return {**self.of(args[0]), **{k: v for b in hint.__metadata__ if isinstance(b, Bounds) for k, v in b.keywords().items()}}
        if origin in (typing.Required, typing.NotRequired):
            return self.of(args[0])
        if origin in (typing.Union, types.UnionType):
            inner = [a for a in args if a is not type(None)]
            if len(inner) == 1 and len(args) == 2:
                return _nullable(self.of(inner[0]))
            return {"anyOf": [self.of(a) for a in args]}
        if origin is typing.Literal:
            return {"enum": list(args)}
        if origin is list:
            return {"type": "array", "items": self.of(args[0])}
        if origin is tuple:
            return {"type": "array", "prefixItems": [self.of(a) for a in args],
                    "minItems": len(args), "maxItems": len(args)}
        if origin is dict:
            return {"type": "object", "additionalProperties": self.of(args[1])}
        if hint is Any:
            return {}
        if hint in _SCALARS:
            return {"type": _SCALARS[hint]}
        if dataclasses.is_dataclass(hint) or typing.is_typeddict(hint):
            return self.ref(hint)
        raise TypeError(f"no JSON Schema for {hint!r}")

    def ref(self, kind: type) -> dict[str, Any]:
        name = kind.__name__
        if name not in self.defs:
            self.defs[name] = {}  # reserved first: a type that contains itself ends here
            self.defs[name] = self.object(kind)
        return {"$ref": f"#/$defs/{name}"}

    def object(self, kind: type) -> dict[str, Any]:
        hints = typing.get_type_hints(kind, {**vars(notes), **vars(model)}, include_extras=True)
        if dataclasses.is_dataclass(kind):
            names = [f.name for f in dataclasses.fields(kind)]
            required = names
        else:
            names = list(hints)
            required = [n for n in names if n in required_keys(kind)]  # not __required_keys__ (see there)
        out: dict[str, Any] = {"type": "object"}
        doc = (kind.__doc__ or "").strip().split("\n")[0]
        if doc and not doc.startswith(f"{kind.__name__}("):  # not the signature dataclasses write
            out["description"] = doc
        out["properties"] = {n: self.of(hints[n]) for n in names}
        out["required"] = required
        out["additionalProperties"] = False
        return out


def _nullable(schema: dict[str, Any]) -> dict[str, Any]:
    if "$ref" in schema or "enum" in schema:
        return {"anyOf": [schema, {"type": "null"}]}
    if "type" in schema:
        return {**schema, "type": [schema["type"], "null"]}
    return schema


def generate() -> dict[str, Any]:
    """The schema of ``map.json``: ``NarrativeMap``'s definition at the root, every other type in ``$defs``."""
    builder = _Builder()
    root = builder.object(NarrativeMap)
    root["description"] = ("What `rashomon analyze` writes to map.json. Every evidence item names a document id "
                           "and a character span: documents[doc].text[start:end] == text. Generated from "
                           "rashomon/model.py (python -m rashomon.mapschema --write).")
    return {**_HEADER, **root, "$defs": dict(sorted(builder.defs.items()))}


def render() -> str:
    return json.dumps(generate(), indent=1, ensure_ascii=False) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description="print or write map.json's JSON Schema, generated from the model")
    parser.add_argument("--write", action="store_true", help=f"write it to {PATH.name} in the package")
    args = parser.parse_args()
    if args.write:
        PATH.write_text(render(), encoding="utf-8")
    else:
        print(render(), end="")


if __name__ == "__main__":
    main()
