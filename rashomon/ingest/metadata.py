"""Metadata read from plain text: title, byline (author, role), dateline, outlet."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from functools import lru_cache

_MD = re.compile(r"^\s*#{1,6}\s*|\*\*|__|(?<!\w)[*_](?=\w)|(?<=\w)[*_](?!\w)")
_BYLINE = re.compile(r"^(by|written by|von|par|por)\s+(?P<rest>.+)$", re.IGNORECASE)
_DATELINE_PREFIX = re.compile(r"^(published|posted|updated|first published|date)\s*(on)?\s*:?\s*", re.IGNORECASE)
_OUTLET = re.compile(
    r"^(?P<outlet>[A-Z][\w .&'-]{1,60}?) needs your support"
    r"|^(?:©|\(c\)|copyright)\s*(?:\d{4}\s*)?(?P<owner>[A-Z][\w .&'-]{1,60}?)\.?(?:\s+all rights reserved.*)?$"
    r"|^(?:originally|first) published (?:by|in) (?P<pub>[A-Z][\w .&'-]{1,60}?)\.?$",
    re.IGNORECASE,
)
_ORG_IN_ROLE = re.compile(r"\b(?:of|at|for)\s+(?:the\s+)?(?P<org>[A-Z][^,]*?(?:\([A-Z]{2,}\))?)\s*$")


@dataclass
class Header:
    title: str | None = None
    author: str | None = None
    author_role: str | None = None
    published: str | None = None
    outlet: str | None = None
    title_block: int | None = None  # index of the block holding the title


def strip_markdown(line: str) -> str:
    return _MD.sub("", line).strip()


@lru_cache(maxsize=4096)
def parse_date(text: str) -> str | None:
    """ISO day of a full date written alone ("14 January 2020", "January 5 2019"), else None."""
    import dateparser

    candidate = _DATELINE_PREFIX.sub("", text.strip()).strip(",.;:|-–— ")
    if not candidate or len(candidate) > 40 or not re.search(r"\d{4}", candidate):
        return None
    found = dateparser.parse(
        candidate,
        languages=["en", "fr", "de", "es", "it"],
        settings={"STRICT_PARSING": True, "REQUIRE_PARTS": ["day", "month", "year"]},
    )
    return found.date().isoformat() if found else None


def iso_day(value: str) -> str | None:
    """A publication date given by the input as a real calendar day (YYYY-MM-DD), else None.

    ISO dates and timestamps are read as such; other spellings go through ``parse_date``,
    which rejects impossible days ("31/02/2020", "February 29, 2019") rather than
    passing them on.
    """
    value = value.strip()
    m = re.match(r"^(\d{4})-(\d{2})-(\d{2})(?:[T ][\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?$", value)
    if m:
        try:
            return datetime.date(*map(int, m.groups())).isoformat()
        except ValueError:
            return None
    return parse_date(value) if len(value) <= 60 else None


def parse_byline(line: str) -> tuple[str | None, str | None, str | None]:
    """("By NAME, ROLE, DATE") -> (name, role, iso date); parts may be missing."""
    m = _BYLINE.match(strip_markdown(line))
    if not m:
        return None, None, None
    parts = [p.strip() for p in m.group("rest").rstrip(", ").split(",") if p.strip()]
    date = None
    if parts and parse_date(parts[-1]):
        date = parse_date(parts.pop())
    name = parts[0] if parts else None
    role = ", ".join(parts[1:]) or None
    return name, role, date


def outlet_from_role(role: str | None) -> str | None:
    """The organisation a byline role names ("Secretary of the X (XT)") stands for the outlet."""
    if not role:
        return None
    m = _ORG_IN_ROLE.search(role)
    return m.group("org").strip() if m else None


def read_header(blocks: list[str], removed: list[str]) -> Header:
    """Title, byline and dateline from the first few blocks of an article."""
    header = Header()
    for i, block in enumerate(blocks[:6]):
        line = strip_markdown(block.splitlines()[0])
        if header.title is None and line:
            header.title, header.title_block = line, i
            continue
        name, role, date = parse_byline(line)
        if name and header.author is None:
            header.author, header.author_role = name, role
            header.published = header.published or date
            continue
        if header.published is None and parse_date(line):
            header.published = parse_date(line)
    found = (_OUTLET.search(r) for r in removed)
    header.outlet = next((m.group("outlet") or m.group("owner") or m.group("pub") for m in found if m), None)
    header.outlet = header.outlet or outlet_from_role(header.author_role)
    return header
