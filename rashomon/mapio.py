"""Read and write ``map.json``: the output contract, validated against its JSON Schema.

    >>> from rashomon.model import NarrativeMap
    >>> empty = NarrativeMap({}, [], [], [], [], [], [], [], [])
    >>> loads(dumps(empty)) == empty
    True
"""

from __future__ import annotations

import dataclasses
import json
import types
import typing
from functools import lru_cache
from pathlib import Path
from typing import Any

from . import model
from .errors import InputError, PipelineError
from .model import NarrativeMap

SCHEMA_PATH = Path(__file__).with_name("schema") / "map.schema.json"
_ORDER = ("schema", "manifest", "documents", "entities", "claims", "links", "stances", "events",
          "conflicts", "citations")


def to_dict(nmap: NarrativeMap) -> dict[str, Any]:
    raw = dataclasses.asdict(nmap)
    return {k: raw[k] for k in _ORDER} | {k: v for k, v in raw.items() if k not in _ORDER}


def dumps(nmap: NarrativeMap) -> str:
    return json.dumps(to_dict(nmap), ensure_ascii=False, indent=1)


def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls, vars(model))


def _build(kind: Any, value: Any) -> Any:
    """Rebuild a typed value (dataclass, list, dict, optional) from plain JSON."""
    origin = typing.get_origin(kind)
    if value is None:
        return None
    if origin in (typing.Union, types.UnionType):
        inner = [a for a in typing.get_args(kind) if a is not type(None)]
        return _build(inner[0], value) if len(inner) == 1 else value
    if origin is list:
        (item,) = typing.get_args(kind)
        return [_build(item, v) for v in value]
    if origin is tuple:
        return tuple(value)
    if origin is dict:
        _, item = typing.get_args(kind)
        return {k: _build(item, v) for k, v in value.items()}
    if dataclasses.is_dataclass(kind) and isinstance(kind, type):
        hints = _hints(kind)
        names = {f.name for f in dataclasses.fields(kind)}
        return kind(**{k: _build(hints[k], v) for k, v in value.items() if k in names})
    return value


def from_dict(raw: dict[str, Any]) -> NarrativeMap:
    return typing.cast(NarrativeMap, _build(NarrativeMap, raw))


def loads(text: str) -> NarrativeMap:
    return from_dict(json.loads(text))


@lru_cache(maxsize=1)
def schema() -> dict[str, Any]:
    return typing.cast(dict[str, Any], json.loads(SCHEMA_PATH.read_text(encoding="utf-8")))


def validate(raw: dict[str, Any]) -> None:
    """Raise ``jsonschema.ValidationError`` unless ``raw`` honours the contract."""
    import jsonschema

    jsonschema.validate(raw, schema())


def check_map(nmap: NarrativeMap) -> None:
    """Refuse to hand on a map that breaks its own schema: a bug to report, never output to trust."""
    import jsonschema

    try:
        validate(to_dict(nmap))
    except jsonschema.ValidationError as exc:
        where = "/".join(str(p) for p in exc.absolute_path) or "(top)"
        raise PipelineError(f"the map fails its schema at {where}: {exc.message[:300]}") from None


def write_map(nmap: NarrativeMap, path: Path) -> Path:
    """Write ``map.json`` once it is known to honour the schema."""
    check_map(nmap)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(dumps(nmap) + "\n", encoding="utf-8")
    return path


def read_map(path: Path) -> NarrativeMap:
    try:
        raw = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise InputError(str(path), f"cannot read a narrative map ({exc})") from None
    if raw.get("schema") != model.SCHEMA:
        raise InputError(str(path), f"not a {model.SCHEMA} file (schema: {raw.get('schema')!r})")
    return from_dict(raw)
