"""Plain-text and Markdown articles: body, comments and header metadata."""

from __future__ import annotations

import re

from ..errors import InputError
from ..model import Document
from .boilerplate import clean
from .metadata import parse_byline, parse_date, read_header, strip_markdown


def decode(data: bytes, source: str) -> str:
    """UTF-8 (with or without BOM) or UTF-16 with BOM; anything else is refused by name."""
    if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InputError(source, "binary file, not an article (found NUL bytes)")
    try:
        if data.startswith((b"\xff\xfe", b"\xfe\xff")):
            return data.decode("utf-16")
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(
            source, f"undecodable bytes: not valid UTF-8 at byte {exc.start}; re-save the file as UTF-8"
        ) from None


def _header_end(blocks: list[str], text: str) -> int:
    """Offset after the title, byline and dateline blocks at the top of ``text``."""
    end = 0
    for i, block in enumerate(blocks[:4]):
        first = block.splitlines()[0]
        if i == 0 or parse_byline(first)[0] or parse_date(first) or (i == 1 and len(block) < 120):
            end = text.index(block, end) + len(block)
        else:
            break
    return end


def document_from_text(raw: str, source: str, **meta: str | None) -> Document:
    """Build a Document from article text as pasted from a page or saved as .txt/.md."""
    raw = raw.replace("\r\n", "\n").replace("\r", "\n")
    cleaned = clean(raw)
    blocks = ["\n".join(strip_markdown(ln) for ln in b.splitlines()).strip() for b in cleaned.body]
    blocks = [b for b in blocks if b]
    if not blocks:
        raise InputError(source, "no article text (the file is empty or holds only page furniture)")
    text = "\n\n".join(blocks)
    header = read_header(blocks, cleaned.removed)
    values: dict[str, str | None] = {
        "title": header.title,
        "author": header.author,
        "author_role": header.author_role,
        "published": header.published,
        "outlet": header.outlet,
    }
    values.update({k: v for k, v in meta.items() if v})
    return Document(
        id=Document.make_id(text),
        source=source,
        text=text,
        comments=cleaned.comments,
        removed=cleaned.removed,
        header_end=_header_end(blocks, text),
        **values,  # type: ignore[arg-type]
    )


def read_text(data: bytes, source: str) -> Document:
    raw = decode(data, source)
    if not raw.strip():
        raise InputError(source, "empty file")
    if len(re.sub(r"\s", "", raw)) < 20:
        raise InputError(source, "too short to be an article")
    return document_from_text(raw, source)
