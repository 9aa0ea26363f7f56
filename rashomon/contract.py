"""What a stage's ``requires`` and ``assigns`` name: real fields of the data model, checked.

A name is a path from one of two roots: ``doc.`` (a ``DocAnalysis``, e.g.
``doc.claims``, ``doc.notes.timex``, ``doc.document.language``) or ``corpus.``
(the ``Corpus``, e.g. ``corpus.candidates``). ``field_type`` resolves a path
through the dataclasses' type hints, so a misspelt or removed field fails when
the pipeline is assembled, like spaCy's ``assigns=["doc.ents"]``. ``conforms``
checks that a value a stage left in a field has the field's type (one level
into lists and dicts: each row is the declared dataclass, or a dict with the
declared ``TypedDict``'s required keys), which the pipeline runs after every
stage when ``check_contracts`` is on (the test suite turns it on).

    >>> field_type("doc.notes.timex") is not None
    True
    >>> field_type("corpus.nothing")
    Traceback (most recent call last):
    ...
    rashomon.errors.PipelineError: 'corpus.nothing': Corpus has no field 'nothing'
"""

from __future__ import annotations

import dataclasses
import types
import typing
from functools import cache
from typing import Any

from . import model, notes
from .errors import PipelineError
from .model import Corpus, DocAnalysis

ROOTS: dict[str, type] = {"doc": DocAnalysis, "corpus": Corpus}


@cache
def _hints(kind: type) -> dict[str, Any]:
    return typing.get_type_hints(kind, {**vars(notes), **vars(model)})


@cache
def required_keys(kind: type) -> frozenset[str]:
    """The keys a ``TypedDict`` requires, read from its hints (``Required``, ``NotRequired``, totality).

    ``__required_keys__`` cannot be trusted here: under postponed annotations
    (``from __future__ import annotations``) Python 3.11 never sees ``Required`` or
    ``NotRequired`` inside the strings, so ``Manifest`` (``total=False``) would
    require nothing and ``AttributionSource`` would require its optional ``via_span``.
    """
    total = getattr(kind, "__total__", True)
    hints = typing.get_type_hints(kind, {**vars(notes), **vars(model)}, include_extras=True)
    return frozenset(name for name, hint in hints.items()
                     if typing.get_origin(hint) is typing.Required
                     or (total and typing.get_origin(hint) is not typing.NotRequired))


def _strip_optional(hint: Any) -> tuple[Any, bool]:
    if typing.get_origin(hint) in (typing.Union, types.UnionType):
        inner = [a for a in typing.get_args(hint) if a is not type(None)]
        if len(inner) == 1:
            return inner[0], True
    return hint, False


def field_type(path: str) -> Any:
    """The type hint of the field ``path`` names; PipelineError if no such field exists."""
    root, _, rest = path.partition(".")
    if root not in ROOTS or not rest:
        raise PipelineError(f"'{path}': a field name starts with 'doc.' or 'corpus.'")
    kind: Any = ROOTS[root]
    for part in rest.split("."):
        kind, _ = _strip_optional(kind)
        if not (dataclasses.is_dataclass(kind) or typing.is_typeddict(kind)):
            raise PipelineError(f"'{path}': {getattr(kind, '__name__', kind)} has no fields")
        hints = _hints(kind)
        if part not in hints:
            raise PipelineError(f"'{path}': {kind.__name__} has no field '{part}'")
        kind = hints[part]
    return kind


def value_at(obj: Any, path: str) -> Any:
    """The value ``path`` (without its root) names on ``obj``."""
    for part in path.partition(".")[2].split("."):
        obj = obj[part] if isinstance(obj, dict) else getattr(obj, part)
    return obj


def set_value_at(obj: Any, path: str, value: Any) -> None:
    """Put ``value`` in the field ``path`` (without its root) names on ``obj``."""
    *parents, last = path.partition(".")[2].split(".")
    for part in parents:
        obj = obj[part] if isinstance(obj, dict) else getattr(obj, part)
    if isinstance(obj, dict):
        obj[last] = value
    else:
        setattr(obj, last, value)


def snapshot(obj: Any, names: tuple[str, ...]) -> dict[str, Any]:
    """The values of the fields ``names`` (lists and dicts copied one level), to put back with ``restore``."""
    out = {}
    for name in names:
        value = value_at(obj, name)
        out[name] = value.copy() if isinstance(value, (list, dict)) else value
    return out


def restore(obj: Any, saved: dict[str, Any]) -> None:
    for name, value in saved.items():
        set_value_at(obj, name, value)


def _row_ok(value: Any, hint: Any) -> bool:
    hint, optional = _strip_optional(hint)
    if value is None:
        return optional or hint is Any
    origin = typing.get_origin(hint) or hint
    if hint is Any:
        return True
    if typing.is_typeddict(hint):
        return isinstance(value, dict) and all(k in value for k in required_keys(hint))
    if isinstance(origin, type):
        if origin is float:
            return isinstance(value, (int, float)) and not isinstance(value, bool)
        return isinstance(value, origin)
    return True


def conforms(value: Any, hint: Any) -> bool:
    """Whether ``value`` has the type ``hint`` declares, checking each row of a list or dict too."""
    if not _row_ok(value, hint):
        return False
    hint, _ = _strip_optional(hint)
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if origin is list and args and value is not None:
        return all(_row_ok(v, args[0]) for v in value)
    if origin is dict and len(args) == 2 and value is not None:
        return all(_row_ok(v, args[1]) for v in value.values())
    return True


def check_declared(stage: str, names: tuple[str, ...]) -> None:
    """Every name a stage declares is a field of the model (raises PipelineError naming the stage)."""
    for name in names:
        try:
            field_type(name)
        except PipelineError as exc:
            raise PipelineError(f"stage '{stage}' declares {exc}") from None


class ContractError(PipelineError):
    """A stage left a value of the wrong type in a field it assigns: a bug in the stage, not in the input."""


def check_assigned(stage: str, names: tuple[str, ...], item: DocAnalysis | None, corpus: Corpus | None) -> None:
    """After a stage ran: each field it assigns holds a value of its declared type (``doc.`` on every document)."""
    for name in names:
        hint = field_type(name)
        root = name.partition(".")[0]
        targets = [corpus] if root == "corpus" else ([item] if item is not None else list(corpus.docs if corpus else []))
        for target in targets:
            if target is None:
                continue
            value = value_at(target, name)
            if not conforms(value, hint):
                raise ContractError(f"stage '{stage}' left {type(value).__name__} in {name}, "
                                    f"which is declared {hint}")
