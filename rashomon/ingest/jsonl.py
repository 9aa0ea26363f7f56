"""JSON Lines: one article per line with ``text`` or ``html`` and optional metadata."""

from __future__ import annotations

import json
from collections.abc import Iterator

from ..errors import InputError
from ..model import Document
from .html import read_html
from .text import decode, document_from_text

_META = ("title", "url", "author", "published", "outlet")


def read_jsonl(data: bytes, source: str) -> Iterator[Document | InputError]:
    """Yield a Document per good line and an InputError per bad one (``file:line``)."""
    text = decode(data, source)
    if not text.strip():
        yield InputError(source, "empty file")
        return
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        where = f"{source}:{number}"
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            yield InputError(where, f"invalid JSON ({exc.msg})")
            continue
        if not isinstance(record, dict):
            yield InputError(where, "expected a JSON object per line")
            continue
        meta = {k: str(record[k]) for k in _META if record.get(k)}
        try:
            if isinstance(record.get("text"), str) and record["text"].strip():
                yield document_from_text(record["text"], where, **meta)
            elif isinstance(record.get("html"), str) and record["html"].strip():
                yield read_html(record["html"], where, **meta)
            else:
                yield InputError(where, "no 'text' or 'html' field")
        except InputError as exc:
            yield exc
