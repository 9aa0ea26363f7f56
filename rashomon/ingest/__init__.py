"""Read articles from files, directories, JSON Lines and URLs into Documents.

Every input either yields Documents or a one-line ``Skipped`` reason naming it;
one bad input never stops the others. Directories are read recursively.

    >>> result = read_inputs([])
    >>> result.documents, result.skipped
    ([], [])
"""

from __future__ import annotations

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


def _read_bytes(data: bytes, source: str, suffix: str) -> Iterator[Document | InputError]:
    if suffix in TEXT_SUFFIXES:
        yield read_text(data, source)
    elif suffix in HTML_SUFFIXES:
        yield read_html(data, source)
    elif suffix == ".jsonl":
        yield from read_jsonl(data, source)
    else:
        kinds = ", ".join(sorted(ALL_SUFFIXES))
        raise InputError(source, f"unsupported file type '{suffix or '(none)'}' (expected {kinds})")


def _read_file(path: Path, settings: Settings) -> Iterator[Document | InputError]:
    size = path.stat().st_size
    if size > settings.max_input_bytes:
        raise InputError(
            str(path), f"file is {size / 1e6:.0f} MB, over the {settings.max_input_bytes / 1e6:.0f} MB limit"
        )
    if size == 0:
        raise InputError(str(path), "empty file")
    yield from _read_bytes(path.read_bytes(), str(path), path.suffix.lower())


def _read_url(url: str, settings: Settings) -> Iterator[Document | InputError]:
    got = fetch(url, settings.fetch_timeout_s, settings.fetch_max_bytes, settings.allow_private_urls)
    if "html" in got.content_type or got.body.lstrip()[:1] == b"<":
        yield read_html(got.body, url, url=got.url)
    elif got.content_type.startswith("text/") or not got.content_type:
        doc = read_text(got.body, url)
        doc.url = got.url
        yield doc
    else:
        raise InputError(url, f"unsupported content type '{got.content_type}'")


def _expand(inputs: Iterable[str | Path]) -> Iterator[str | Path | InputError]:
    for given in inputs:
        text = str(given)
        if text.startswith(("http://", "https://")):
            yield text
            continue
        path = Path(given)
        if path.is_dir():
            files = sorted(p for p in path.rglob("*") if p.is_file() and not p.name.startswith("."))
            usable = [p for p in files if p.suffix.lower() in ALL_SUFFIXES]
            if not usable:
                yield InputError(text, "directory holds no articles (.txt, .md, .html, .htm, .jsonl)")
            yield from usable
        elif path.is_file():
            yield path
        else:
            yield InputError(text, "no such file, directory or URL")


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
                elif got.id in seen:
                    yield Skipped(got.source, f"duplicate of {seen[got.id]} (same text)")
                else:
                    seen[got.id] = got.source
                    yield got
        except InputError as exc:
            yield Skipped(exc.source, exc.problem)
        except OSError as exc:
            yield Skipped(str(item), f"cannot read ({exc.strerror or exc})")


def read_inputs(inputs: Sequence[str | Path], settings: Settings | None = None) -> IngestResult:
    """Read every input; see ``iter_documents`` for the per-input contract."""
    result = IngestResult()
    for got in iter_documents(inputs, settings):
        (result.skipped if isinstance(got, Skipped) else result.documents).append(got)  # type: ignore[arg-type]
    return result
