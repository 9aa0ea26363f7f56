"""Engines run the per-article work of a story stream: on this machine, or on a Ray cluster.

Both take the run's manifest (``stories.run.make_manifest``), rebuild the same
pipeline in each worker, and hand features back *in input order* to the one
assigner in the calling process; so the stories do not depend on the engine.
The Ray engine also runs the document stages of ``rashomon analyze``
(``DocumentEngine``): analyses come back in input order and the corpus stages
run in the calling process, so the map does not depend on the engine either.

    local   a process pool over this machine's cores (default)
    ray     Ray Data actors on a local or existing Ray cluster (the ``[ray]`` extra)

    >>> get_engine("local", workers=1).name
    'local'
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import Any, Protocol

from ..errors import ConfigError
from ..model import Document, NarrativeMap, Skipped, StorySummary
from ..pipeline import DocumentEngine
from ..stories.features import DocFeatures

ENGINES = ("local", "ray")
MapJob = tuple[str, list[Document], StorySummary]  # story id, its articles, its summary


class Engine(Protocol):
    """What the story runner needs from an engine."""

    name: str
    workers: int

    def start(self, manifest: dict[str, Any]) -> None: ...

    def stream(
        self, inputs: Sequence[str], settings: dict[str, Any], on_skipped: Callable[[Skipped], None]
    ) -> Iterator[tuple[Document, DocFeatures]]: ...

    def story_maps(self, jobs: Sequence[MapJob]) -> Iterator[tuple[str, NarrativeMap | None]]: ...

    def close(self) -> None: ...


def get_engine(name: str, workers: int | None = None, address: str | None = None) -> Engine:
    """An engine by name; ``address`` (an existing Ray cluster) only for ``ray``."""
    if name == "local":
        if address:
            raise ConfigError("--address is for --engine ray (the local engine uses this machine)")
        from .local import LocalEngine

        return LocalEngine(workers)
    if name == "ray":
        from .ray import RayEngine

        return RayEngine(workers, address)
    raise ConfigError(f"unknown engine '{name}' (expected one of: {', '.join(ENGINES)})")


__all__ = ["ENGINES", "DocumentEngine", "Engine", "MapJob", "get_engine"]
