"""The map's schema describes every field of the data model that reaches map.json, at every depth."""

from __future__ import annotations

import dataclasses
import types
import typing
from typing import Any

from rashomon import mapio, model, notes


def _resolve(node: dict[str, Any]) -> dict[str, Any]:
    """Follow ``$ref`` and pick the object (or array) branch of an ``anyOf`` with null."""
    schema = mapio.schema()
    while "$ref" in node:
        target: Any = schema
        for part in node["$ref"].removeprefix("#/").split("/"):
            target = target[part]
        node = target
    for branch in node.get("anyOf", []):
        branch = _resolve(branch)
        if "properties" in branch or "items" in branch:
            return branch
    return node


def _missing(kind: Any, node: dict[str, Any], path: str) -> list[str]:
    node = _resolve(node)
    origin = typing.get_origin(kind)
    if origin in (typing.Union, types.UnionType):
        inner = [a for a in typing.get_args(kind) if a is not type(None)]
        return _missing(inner[0], node, path) if len(inner) == 1 else []
    if origin is list:
        return _missing(typing.get_args(kind)[0], node.get("items", {}), f"{path}[]")
    if origin is dict:
        item = typing.get_args(kind)[1]
        if not dataclasses.is_dataclass(item):
            return []
        values = node.get("additionalProperties")
        return _missing(item, values, f"{path}{{}}") if isinstance(values, dict) else [f"{path}{{}}"]
    if not dataclasses.is_dataclass(kind):
        return []
    hints = typing.get_type_hints(kind, {**vars(notes), **vars(model)})
    props = node.get("properties", {})
    out = []
    for f in dataclasses.fields(kind):
        if f.name in props:
            out += _missing(hints[f.name], props[f.name], f"{path}.{f.name}")
        else:
            out.append(f"{path}.{f.name}")
    return out


def test_every_field_of_the_map_is_in_the_schema() -> None:
    assert _missing(model.NarrativeMap, mapio.schema(), "") == []


def test_the_manifests_keys_are_in_the_schema() -> None:
    manifest = _resolve(mapio.schema()["properties"]["manifest"])
    assert set(typing.get_type_hints(model.Manifest)) == set(manifest["properties"])
    assert manifest["additionalProperties"] is False


def test_the_committed_schema_is_the_one_generated_from_the_model() -> None:
    from rashomon.mapschema import PATH, render

    assert PATH.read_text(encoding="utf-8") == render(), "run: python -m rashomon.mapschema --write"


def test_nothing_in_the_map_is_free_form() -> None:
    """An empty map validates; one with an undeclared key, anywhere, does not (``extra`` is gone)."""
    import jsonschema

    schema = mapio.schema()
    assert "extra" not in schema["properties"] and schema["additionalProperties"] is False
    assert all(d["additionalProperties"] is False for d in schema["$defs"].values())
    manifest = {"stages": [], "models": {}, "settings": {}}
    raw = mapio.to_dict(model.NarrativeMap(manifest, [], [], [], [], [], [], [], [],
                                           story=model.StorySummary("story_0123456789abcdef")))
    mapio.validate(raw)
    for bad in ({**raw, "extra": {}}, {**raw, "story": {**raw["story"], "colour": "red"}}):
        try:
            mapio.validate(bad)
        except jsonschema.ValidationError:
            continue
        raise AssertionError(f"an undeclared key passed: {sorted(set(bad) ^ set(raw)) or 'story.colour'}")
