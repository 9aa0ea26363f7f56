"""Read and write ``map.json``: the output contract, validated against its JSON Schema.

    >>> from rashomon.model import NarrativeMap
    >>> empty = NarrativeMap({}, [], [], [], [], [], [], [], [])
    >>> loads(dumps(empty)) == empty
    True
"""

from __future__ import annotations

import dataclasses
import json
import typing
from functools import lru_cache
from pathlib import Path
from typing import Any

from . import model
from .codec import build
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


def from_dict(raw: dict[str, Any]) -> NarrativeMap:
    return typing.cast(NarrativeMap, build(NarrativeMap, raw))


def loads(text: str) -> NarrativeMap:
    return from_dict(json.loads(text))


@lru_cache(maxsize=1)
def schema() -> dict[str, Any]:
    return typing.cast(dict[str, Any], json.loads(SCHEMA_PATH.read_text(encoding="utf-8")))


@lru_cache(maxsize=1)
def _validator() -> Any:
    """The schema's validator, reading tuples as arrays: ``to_dict`` keeps them, JSON writes them as lists."""
    import jsonschema

    base = jsonschema.validators.validator_for(schema())
    checker = base.TYPE_CHECKER.redefine("array", lambda _, value: isinstance(value, (list, tuple)))
    return jsonschema.validators.extend(base, type_checker=checker)(schema())


def validate(raw: dict[str, Any]) -> None:
    """Raise ``jsonschema.ValidationError`` unless ``raw`` honours the contract."""
    _validator().validate(raw)


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
