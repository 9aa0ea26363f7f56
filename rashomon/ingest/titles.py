"""A page's headline: from its metadata or headline element, never from its navigation.

Text extractors take the first heading they meet, which on many pages is page
furniture ("Jump to", "Accessibility links", "Navigation und Service", the
site's logo). The outlet states the headline itself in ``og:title`` or
``twitter:title`` and in the ``<h1>`` that the ``<title>`` repeats, so those come
first; the ``<title>`` loses the site name it usually carries ("Headline | Site").
"""

from __future__ import annotations

import re
from typing import Any

# Whole titles that name a page's furniture, not its article (English and the languages read most).
_NAVIGATION = re.compile(
    r"^(jump to( content| navigation)?|skip to( main)? content|skip navigation|accessibility( links)?|"
    r"navigation( und service)?|(main |haupt)?(menu|menü)|home( page)?|startseite|search|suche|sign in|log ?in|"
    r"anmelden|cookies?( settings| policy)?|impressum|imprint|kontakt|contact( us)?|über uns|about( us)?|"
    r"aktuelles?|news|themen|topics|allgemein|archiv(e)?|gefällt mir|share( this)?|teilen|advertisement|anzeige|"
    r"breadcrumbs?|you are here:?|sie sind hier:?)[\s:.!]*$"
    r"|^(date|datum|published|updated)?\s*\d{4}-\d{2}-\d{2}\b",
    re.IGNORECASE,
)
_PIPE = re.compile(r"\s+[|｜]\s+")
_DASH = re.compile(r"\s+(?:[-–—»·/]|::|//)\s+")
_DOMAIN = re.compile(r"^(www\.)?[\w-]+(\.[\w-]+)*\.[a-z]{2,}$", re.IGNORECASE)


def looks_like_navigation(title: str, site: str | None = None) -> bool:
    """True for a title that names page furniture or only the site."""
    text = " ".join(title.split())
    if not re.search(r"\w", text) or len(text) < 3 or _NAVIGATION.search(text):
        return True
    return bool(site) and _same(text, site or "")


def _same(a: str, b: str) -> bool:
    def key(s: str) -> str:
        return re.sub(r"\W+|^www\.", "", s.casefold())
    return bool(key(a)) and key(a) == key(b)


def _site_names(site: str | None, host: str | None) -> list[str]:
    """The site's name and host; the host's label ("gazette" of www.gazette.example, or "") last."""
    return [n for n in (site, host) if n] + [(host or "").removeprefix("www.").split(".")[0]]


def _site_like(part: str, names: list[str]) -> bool:
    """A segment of a <title> that only names the site ("Gazette", "gazette.example", "Gazette Online")."""
    text = part.strip(" .:|»«-–—").casefold()
    if _DOMAIN.match(text):
        return True
    if any(_same(text, n) for n in names):
        return True
    full = [n.casefold() for n in names[:-1] if len(n) >= 4]  # the site's name and host, not the host's label
    return any(text.startswith(n) or text.endswith(n) for n in full if len(text) <= len(n) + 15)


def clean_title(title: str, site: str | None = None, host: str | None = None) -> str:
    """``title`` without the site name a ``<title>`` appends or prepends ("Headline | Site")."""
    text = " ".join(title.split())
    names = _site_names(site, host)
    parts = [p for p in _PIPE.split(text) if not _site_like(p, names)] or [text]
    # The headline leads, sections and the site follow; a leading date or label gives way to the longest part.
    text = parts[0] if len(parts[0].split()) >= 3 else max(parts, key=len)
    pieces = _DASH.split(text)
    seps = _DASH.findall(text)
    while len(pieces) > 1 and _site_like(pieces[-1], names):
        pieces.pop()
        seps.pop()
    while len(pieces) > 1 and _site_like(pieces[0], names):
        pieces.pop(0)
        seps.pop(0)
    return "".join(p + sep for p, sep in zip(pieces, [*seps, ""])).strip()


def _texts(tree: Any, xpath: str) -> list[str]:
    found = tree.xpath(xpath)
    return [" ".join((f if isinstance(f, str) else f.text_content()).split()) for f in found[:5]]


def _words(text: str) -> set[str]:
    return set(re.findall(r"\w+", text.casefold()))


def _overlap(a: str, b: str) -> float:
    wa = _words(a)
    return len(wa & _words(b)) / len(wa) if wa else 0.0


def page_title(html: str, extracted: str | None, site: str | None, host: str | None) -> str | None:
    """The headline of a page, or None when none of its candidates is one."""
    from lxml import html as lh

    if site and extracted and _same(site, extracted) and len(extracted.split()) >= 4:
        site = None  # the extractor took the headline for the site's name
    try:
        tree = lh.document_fromstring(html.encode("utf-8"), parser=lh.HTMLParser(encoding="utf-8"))
    except (ValueError, TypeError, lh.etree.ParserError):
        return extracted if extracted and not looks_like_navigation(extracted, site) else None
    meta = _texts(tree, "//meta[@property='og:title' or @name='og:title' or @name='twitter:title' "
                        "or @property='twitter:title']/@content")
    head = next(iter(_texts(tree, "//title")), "")
    h1 = _texts(tree, "//h1")
    # The <title> repeats the headline (and perhaps the site's name): the h1 sharing most of it wins.
    confirmed = sorted((h for h in h1 if head and _overlap(h, head) >= 0.6), key=lambda h: -len(_words(h) & _words(head)))
    candidates = [*meta, *confirmed, extracted or "", head, *h1]
    names = _site_names(site, host)
    for candidate in candidates:
        text = clean_title(candidate, site, host)
        if 3 <= len(text) <= 300 and not looks_like_navigation(text, site) and not _site_like(text, names):
            return text
    return None
