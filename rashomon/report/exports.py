"""Exports of a narrative map for other tools, behind one function the CLI and web app call.

    >>> sorted(FORMATS)
    ['csv', 'graphml', 'json', 'jsonld']
    >>> default_output(Path("out/map.json"), "csv")
    PosixPath('out/map-csv')
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from ..errors import ConfigError
from ..mapio import write_map
from ..model import NarrativeMap
from .csv_tables import write_csv
from .graph import write_graphml
from .jsonld import write_jsonld


def _one(writer: Callable[[NarrativeMap, Path], Path]) -> Callable[[NarrativeMap, Path], list[Path]]:
    return lambda nmap, path: [writer(nmap, path)]


FORMATS: dict[str, Callable[[NarrativeMap, Path], list[Path]]] = {
    "json": _one(write_map),
    "graphml": _one(write_graphml),
    "jsonld": _one(write_jsonld),
    "csv": write_csv,
}
SUFFIXES = {"json": ".json", "graphml": ".graphml", "jsonld": ".jsonld", "csv": "-csv"}


def default_output(map_path: Path, fmt: str) -> Path:
    """Where an export goes unless told: beside the map, named after it (a folder for CSV)."""
    return map_path.with_name(map_path.stem + SUFFIXES[fmt])


def export_map(nmap: NarrativeMap, fmt: str, out: Path) -> list[Path]:
    """Write ``nmap`` in format ``fmt`` to ``out`` (a file, or a folder for ``csv``); the paths written."""
    try:
        writer = FORMATS[fmt]
    except KeyError:
        raise ConfigError(f"unknown export format {fmt!r}; choose one of {', '.join(sorted(FORMATS))}") from None
    return writer(nmap, Path(out))
