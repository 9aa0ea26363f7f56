"""JSON Lines: one article per line with ``text`` or ``html`` and optional metadata.

Lines are split on "\\n" alone: U+2028, U+2029 and U+0085 are valid inside JSON
strings. A line that cannot become an article (invalid JSON, nesting too deep for
the parser, a lone surrogate escape such as ``\\ud800``) is a per-line error naming
``file:line``; the other lines are read as usual.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

from ..errors import InputError
from ..model import Document, Skipped
from .html import read_html
from .metadata import iso_day
from .text import decode, document_from_text

_META = ("title", "url", "author", "published", "outlet")
_SURROGATE = re.compile(r"[\ud800-\udfff]")


def _load(line: str, where: str) -> dict[str, Any] | InputError:
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        return InputError(where, f"invalid JSON ({exc.msg} at column {exc.colno})")
    except RecursionError:
        return InputError(where, "JSON nested too deeply to read")
    if not isinstance(record, dict):
        return InputError(where, "expected a JSON object per line")
    return record


def _fields(record: dict[str, Any], where: str) -> tuple[dict[str, str], list[Skipped]] | InputError:
    """The metadata as text; a lone surrogate in any field used is an error, a bad date a note."""
    meta = {k: str(record[k]) for k in _META if record.get(k) and not isinstance(record[k], (dict, list))}
    for key, value in [*meta.items(), *((k, record.get(k)) for k in ("text", "html"))]:
        if isinstance(value, str) and _SURROGATE.search(value):
            return InputError(where, f"'{key}' holds a lone surrogate escape (\\ud800-\\udfff): not valid text")
    notes = []
    if "published" in meta:
        day = iso_day(meta["published"])
        if day is None:
            notes.append(Skipped(where, f"published '{meta['published'][:60]}' is not a real calendar date: "
                                        "left empty", stage="metadata"))
            del meta["published"]
        else:
            meta["published"] = day
    return meta, notes


def read_jsonl(data: bytes, source: str) -> Iterator[Document | InputError | Skipped]:
    """Yield a Document per good line, an InputError per bad one and a Skipped note per dropped field."""
    text = decode(data, source)
    if not text.strip():
        yield InputError(source, "empty file")
        return
    for number, line in enumerate(text.split("\n"), start=1):
        line = line.removesuffix("\r")
        if not line.strip():
            continue
        where = f"{source}:{number}"
        record = _load(line, where)
        fields = record if isinstance(record, InputError) else _fields(record, where)
        if isinstance(fields, InputError):
            yield fields
            continue
        assert isinstance(record, dict)
        meta, notes = fields
        try:
            if isinstance(record.get("text"), str) and record["text"].strip():
                yield document_from_text(record["text"], where, **meta)
            elif isinstance(record.get("html"), str) and record["html"].strip():
                yield read_html(record["html"], where, **meta)
            else:
                yield InputError(where, "no 'text' or 'html' field")
                continue
        except InputError as exc:
            yield exc
            continue
        yield from notes
