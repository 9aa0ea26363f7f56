"""What a user submits (uploaded files, pasted text, a URL), checked and read into Documents.

Cheap checks (size, file type, URL scheme) run while the request is answered,
so a bad upload is refused at once with 413 or 415; reading and fetching run
later in the worker. While a job waits, its uploads wait on disk (a private
temporary folder per submission, files named by their position), not in memory;
a file name taken from the request only becomes the document's ``source`` label.
"""

from __future__ import annotations

import re
import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO
from urllib.parse import urlparse

from ..errors import InputError
from ..ingest import iter_documents
from ..ingest.html import read_html
from ..ingest.jsonl import read_jsonl
from ..ingest.text import read_text
from ..model import Document, Skipped
from .config import UPLOAD_SUFFIXES, WebConfig


class Refused(InputError):
    """A submission refused before any work: ``status`` is the HTTP status to answer with."""

    def __init__(self, source: str, problem: str, status: int) -> None:
        super().__init__(source, problem)
        self.status = status


@dataclass
class Submission:
    """Articles a user asked to add to one story; read by the worker."""

    story: str
    files: list[tuple[str, Path]] = field(default_factory=list)  # (label, spooled copy)
    text: str | None = None
    title: str | None = None
    url: str | None = None
    spool: Path | None = None  # the folder holding the spooled uploads

    def add_file(self, name: str, upload: BinaryIO, limit: int, folder: str | None) -> int:
        """Copy an upload to this submission's spool folder, at most ``limit + 1`` bytes; returns its size."""
        if self.spool is None:
            self.spool = Path(tempfile.mkdtemp(prefix="rashomon-upload-", dir=folder))
        path = self.spool / str(len(self.files))
        size = 0
        with path.open("wb") as out:
            while size <= limit and (chunk := upload.read(min(1 << 20, limit + 1 - size))):
                out.write(chunk)
                size += len(chunk)
        self.files.append((name, path))
        return size

    def discard(self) -> None:
        """Remove the spooled uploads (the job is done, failed or was never queued)."""
        if self.spool is not None:
            shutil.rmtree(self.spool, ignore_errors=True)
            self.spool = None

    def describe(self) -> str:
        parts = [name for name, _ in self.files]
        if self.text:
            parts.append("pasted text")
        if self.url:
            parts.append(self.url)
        return ", ".join(parts) or "nothing"

    def empty(self) -> bool:
        return not (self.files or self.text or self.url)


def safe_name(filename: str | None) -> str:
    """The last path component of an upload's name, without control characters: a label only."""
    base = re.split(r"[\\/]", filename or "")[-1]
    base = re.sub(r"[\x00-\x1f\x7f]", "", base).strip().lstrip(".")
    return base[:120] or "upload"


def check_file(filename: str | None, size: int, config: WebConfig) -> str:
    """The upload's label, or ``Refused`` (413 too large, 415 not an article type)."""
    name = safe_name(filename)
    if size > config.max_upload_bytes:
        raise Refused(name, f"file is {size:,} bytes, over the {config.max_upload_bytes:,}-byte upload limit", 413)
    suffix = "." + name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if suffix not in UPLOAD_SUFFIXES:
        raise Refused(name, f"unsupported file type '{suffix or '(none)'}' (accepted: "
                      f"{', '.join(UPLOAD_SUFFIXES)})", 415)
    if size == 0:
        raise Refused(name, "empty file", 400)
    return name


def check_content(name: str, head: bytes) -> None:
    """Refuse binary content whatever its name claims (a PDF or image renamed .txt)."""
    if b"\x00" in head:
        raise Refused(name, "binary content, not a text or HTML article", 415)


def check_text(text: str, config: WebConfig) -> None:
    if len(text.encode("utf-8")) > config.max_text_bytes:
        raise Refused("pasted text", f"over the {config.max_text_bytes:,}-byte limit for pasted text", 413)


def check_url(url: str) -> str:
    """The URL to fetch; the scheme is matched in any case (``HTTP://`` is a URL, never a path)."""
    url = url.strip()
    parts = urlparse(url)
    if parts.scheme.lower() not in {"http", "https"} or not parts.hostname:
        raise Refused(url[:200], "only http:// and https:// URLs with a host can be fetched", 400)
    return url


def _read_file(name: str, data: bytes) -> Iterator[Document | InputError | Skipped]:
    source = f"upload:{name}"
    suffix = name.rsplit(".", 1)[-1].lower()
    if suffix in {"html", "htm"}:
        yield read_html(data, source)
    elif suffix == "jsonl":
        yield from read_jsonl(data, source)
    else:
        yield read_text(data, source)


def read_submission(sub: Submission, config: WebConfig) -> tuple[list[Document], list[Skipped]]:
    """Every readable article of the submission, and a reason for each part that was not."""
    docs: list[Document] = []
    skipped: list[Skipped] = []
    for name, path in sub.files:
        try:
            for got in _read_file(name, path.read_bytes()):
                if isinstance(got, InputError):
                    skipped.append(Skipped(got.source, got.problem))
                else:
                    (skipped if isinstance(got, Skipped) else docs).append(got)  # type: ignore[arg-type]
        except InputError as exc:
            skipped.append(Skipped(exc.source, exc.problem))
    if sub.text:
        body = f"{sub.title.strip()}\n\n{sub.text}" if sub.title and sub.title.strip() else sub.text
        try:
            docs.append(read_text(body.encode("utf-8"), "pasted text"))
        except InputError as exc:
            skipped.append(Skipped(exc.source, exc.problem))
    if sub.url:
        for item in iter_documents([sub.url], config.fetch_settings()):
            (skipped if isinstance(item, Skipped) else docs).append(item)  # type: ignore[arg-type]
    return docs, skipped
