"""Plain-text and Markdown articles: body, comments and header metadata."""

from __future__ import annotations

import unicodedata

from ..errors import InputError
from ..model import Document
from .boilerplate import clean
from .metadata import parse_byline, parse_date, read_header, strip_markdown

_BOMS = (  # longest first: the UTF-32 LE mark begins with the UTF-16 LE one
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\xfe\xff", "utf-16-be"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xef\xbb\xbf", "utf-8"),
)


def decode(data: bytes, source: str) -> str:
    """UTF-8 (with or without BOM), or UTF-16/UTF-32 with BOM; anything else is refused by name."""
    bom, encoding = next(((b, e) for b, e in _BOMS if data.startswith(b)), (b"", "utf-8"))
    if not bom and b"\x00" in data[:4096]:
        raise InputError(source, "binary file, not an article (found NUL bytes)")
    try:
        text = data[len(bom):].decode(encoding)
    except UnicodeDecodeError as exc:
        raise InputError(
            source, f"undecodable bytes: not valid {encoding.upper()} at byte {exc.start + len(bom)}; "
            "re-save the file as UTF-8"
        ) from None
    if "\x00" in text[:4096]:
        raise InputError(source, "binary file, not an article (found NUL characters)")
    return text


# Format (zero-width, bidi marks), control, separator and whitespace characters show nothing.
_INVISIBLE = {"Cc", "Cf", "Cs", "Co", "Cn", "Zs", "Zl", "Zp"}


def visible_length(text: str) -> int:
    """How many characters of ``text`` a reader would see."""
    return sum(1 for ch in text if not ch.isspace() and unicodedata.category(ch) not in _INVISIBLE)


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
    if raw.strip() and not visible_length(raw):
        raise InputError(source, "no visible text: only zero-width, control or whitespace characters")
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
    if not visible_length(raw):
        raise InputError(source, "no visible text: only zero-width, control or whitespace characters")
    if visible_length(raw) < 20:
        raise InputError(source, "too short to be an article")
    return document_from_text(raw, source)
