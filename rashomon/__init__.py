"""rashomon: read many sources' accounts of the same story and lay them side by side.

The public names load on first use, so ``rashomon --help`` and light commands never
import the analysis pipeline.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

__all__ = ["NarrativeMap", "Settings", "analyze", "analyze_documents", "load_settings"]
__version__ = "0.1.0"

_HOMES = {"analyze": "api", "analyze_documents": "api", "Settings": "config", "load_settings": "config",
          "NarrativeMap": "model"}


def __getattr__(name: str) -> Any:
    if name in _HOMES:
        value = getattr(import_module(f".{_HOMES[name]}", __name__), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'rashomon' has no attribute {name!r}")
