"""Read articles from files, directories, JSON Lines and URLs into Documents.

Every input either yields Documents or a one-line ``Skipped`` reason naming it;
one bad input never stops the others. Directories are read recursively.

    >>> result = read_inputs([])
    >>> result.documents, result.skipped
    ([], [])
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ..config import Settings, load_settings
from ..errors import InputError
from ..model import Document, Skipped
from .fetch import fetch
from .html import read_html
from .jsonl import read_jsonl
from .text import read_text

TEXT_SUFFIXES = {".txt", ".md", ".markdown"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
ALL_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | {".jsonl"}


@dataclass
class IngestResult:
    documents: list[Document] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)


def _read_bytes(data: bytes, source: str, suffix: str) -> Iterator[Document | InputError | Skipped]:
    if suffix in TEXT_SUFFIXES:
        yield read_text(data, source)
    elif suffix in HTML_SUFFIXES:
        yield read_html(data, source)
    elif suffix == ".jsonl":
        yield from read_jsonl(data, source)
    else:
        kinds = ", ".join(sorted(ALL_SUFFIXES))
        raise InputError(source, f"unsupported file type '{suffix or '(none)'}' (expected {kinds})")


def label(path: Path | str) -> str:
    """A path as printable text: bytes that are not UTF-8 in a file name are shown escaped (``\\xff``)."""
    return os.fsencode(path).decode("utf-8", errors="backslashreplace")


def _read_file(path: Path, settings: Settings) -> Iterator[Document | InputError | Skipped]:
    source = label(path)
    size = path.stat().st_size
    if size > settings.max_input_bytes:
        raise InputError(
            source, f"file is {size / 1e6:.0f} MB, over the {settings.max_input_bytes / 1e6:.0f} MB limit"
        )
    if size == 0:
        raise InputError(source, "empty file")
    yield from _read_bytes(path.read_bytes(), source, path.suffix.lower())


def _read_url(url: str, settings: Settings) -> Iterator[Document | InputError]:
    got = fetch(url, settings.fetch_timeout_s, settings.fetch_max_bytes, settings.allow_private_urls)
    if "html" in got.content_type or got.body.lstrip()[:1] == b"<":
        yield read_html(got.body, url, url=got.url)
    else:
        doc = read_text(got.body, url)
        doc.url = got.url
        yield doc


_URL = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")


def is_url(text: str) -> bool:
    """Anything with a scheme is a URL (``HTTP://``, ``ftp://``): fetch refuses what it cannot read."""
    return bool(_URL.match(text.strip()))


def _walk(root: Path) -> Iterator[Path | InputError]:
    """Article files under ``root`` in name order; each unreadable folder is reported by name."""
    found = False
    problems: list[InputError] = []

    def unreadable(exc: OSError) -> None:
        where = label(exc.filename if exc.filename is not None else root)
        problems.append(InputError(where, f"cannot read directory ({exc.strerror or exc})"))

    for folder, dirs, files in os.walk(root, onerror=unreadable):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            path = Path(folder, name)
            if name.startswith(".") or path.suffix.lower() not in ALL_SUFFIXES or not path.is_file():
                continue
            found = True
            yield path
    yield from problems
    if not found and not problems:
        yield InputError(label(root), "directory holds no articles (.txt, .md, .html, .htm, .jsonl)")


def _expand(inputs: Iterable[str | Path]) -> Iterator[str | Path | InputError]:
    for given in inputs:
        if isinstance(given, str) and is_url(given):
            yield given.strip()
            continue
        path = Path(given)
        if path.is_dir():
            yield from _walk(path)
        elif path.is_file():
            yield path
        else:
            yield InputError(label(given), "no such file, directory or URL")


def iter_documents(
    inputs: Sequence[str | Path], settings: Settings | None = None
) -> Iterator[Document | Skipped]:
    """Stream Documents (and Skipped reasons) in input order; duplicates are skipped by id."""
    settings = settings or load_settings()
    seen: dict[str, str] = {}
    for item in _expand(inputs):
        if isinstance(item, InputError):
            yield Skipped(item.source, item.problem)
            continue
        try:
            reader = _read_url(item, settings) if isinstance(item, str) else _read_file(item, settings)
            for got in reader:
                if isinstance(got, InputError):
                    yield Skipped(got.source, got.problem)
                elif isinstance(got, Skipped):
                    yield got
                elif got.id in seen:
                    yield Skipped(got.source, f"duplicate of {seen[got.id]} (same text)")
                else:
                    seen[got.id] = got.source
                    yield got
        except InputError as exc:
            yield Skipped(exc.source, exc.problem)
        except OSError as exc:
            yield Skipped(label(item), f"cannot read ({exc.strerror or exc})")


def read_inputs(inputs: Sequence[str | Path], settings: Settings | None = None) -> IngestResult:
    """Read every input; see ``iter_documents`` for the per-input contract."""
    result = IngestResult()
    for got in iter_documents(inputs, settings):
        (result.skipped if isinstance(got, Skipped) else result.documents).append(got)  # type: ignore[arg-type]
    return result
