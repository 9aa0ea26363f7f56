"""HTML pages: main text by trafilatura, the page's metadata, links, and comments."""

from __future__ import annotations

from typing import Any

from ..errors import InputError
from ..model import Document
from .text import decode, document_from_text
from .titles import looks_like_navigation, page_title


def _links(html: str, base: str | None) -> list[tuple[str, str]]:
    """Hyperlinks inside the main content, as (anchor text, absolute href)."""
    import trafilatura
    from lxml import html as lh

    marked = trafilatura.extract(html, include_links=True, output_format="xml", url=base)
    if not marked:
        return []
    tree = lh.fromstring(marked.encode("utf-8"))
    out = []
    for ref in tree.iter("ref"):
        target, anchor = ref.get("target"), " ".join(ref.text_content().split())
        if target and anchor and target.startswith(("http://", "https://")):
            out.append((anchor, target))
    return out


def read_html(data: bytes | str, source: str, url: str | None = None, **meta: Any) -> Document:
    """Extract the article of a page; a page with no main text is a clear per-input error."""
    import trafilatura

    if isinstance(data, bytes):  # a byte order mark decides; otherwise UTF-8, bad bytes replaced
        data = decode(data, source) if data[:4].startswith((b"\xff\xfe", b"\xfe\xff", b"\x00\x00\xfe\xff")) \
            else data.decode("utf-8", errors="replace")
    if not data.strip():
        raise InputError(source, "empty file")
    found: dict[str, Any] | None = trafilatura.bare_extraction(  # type: ignore[assignment]
        data, url=url, include_comments=True, with_metadata=True, favor_precision=True, as_dict=True
    )
    if not found or not (found.get("text") or "").strip():
        raise InputError(source, "broken or empty HTML: no main text could be extracted")
    body = "\n\n".join(ln for ln in found["text"].splitlines() if ln.strip())  # one paragraph per line
    title = page_title(data, found.get("title"), found.get("sitename"), found.get("hostname"))
    site = found.get("sitename")
    if site and site == found.get("title") and len(site.split()) >= 4:
        site = None  # the extractor took the headline for the site's name
    if title and not body.startswith(title):
        body = f"{title}\n\n{body}"
    page_meta = {
        "title": title,
        "author": found.get("author"),
        "published": (found.get("date") or None),
        "outlet": site or found.get("hostname"),
        "url": found.get("url") or url,
        "language": found.get("language"),
    }
    page_meta.update({k: v for k, v in meta.items() if v})
    doc = document_from_text(body, source, **page_meta)
    if not title and doc.title and looks_like_navigation(doc.title, page_meta["outlet"]):
        doc.title = None  # the first line of the text was page furniture, not a headline
    if found.get("comments"):
        doc.comments = [c for c in found["comments"].split("\n") if c.strip()] + doc.comments
    doc.links = _links(data, page_meta["url"])
    return doc
