"""What the store hands back besides model objects: stories, search hits, actor hits."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from anyascii import anyascii

from ..errors import StoreError
from ..model import content_id

# Marks around a matched term in a search snippet: private-use characters never found in articles.
HIT_START, HIT_END = "\ue000", "\ue001"


class StoryNotFound(StoreError):
    """No story has this name or id."""

    def __init__(self, key: str) -> None:
        super().__init__(f"no story named or with id '{key}' (list them with: rashomon stories --list)")
        self.key = key


class DocumentNotFound(StoreError):
    def __init__(self, key: str) -> None:
        super().__init__(f"no document with id '{key}' in the store")
        self.key = key


@dataclass(slots=True)
class StoryInfo:
    """A story as listed: its counts and when it last changed."""

    id: str
    name: str
    created: str
    updated: str
    documents: int = 0
    entities: int = 0
    claims: int = 0
    links: int = 0
    conflicts: int = 0
    map_updated: str | None = None
    map_documents: int = 0

    @property
    def has_map(self) -> bool:
        return self.map_updated is not None

    @property
    def stale(self) -> bool:
        """True when documents were added since the map was computed (or it never was)."""
        return self.documents > 0 and self.map_documents != self.documents


@dataclass(slots=True)
class Segment:
    text: str
    hit: bool = False


@dataclass(slots=True)
class SearchHit:
    """A document matching a full-text query, with a snippet whose matched terms are marked."""

    document: str
    title: str | None
    source: str
    snippet: list[Segment]
    stories: list[dict[str, str]] = field(default_factory=list)

    @property
    def snippet_text(self) -> str:
        return "".join(s.text for s in self.snippet)


@dataclass(slots=True)
class ActorMention:
    document: str
    start: int
    end: int
    text: str


@dataclass(slots=True)
class ActorHit:
    """One actor of one story's map whose name or an alias matches the query."""

    story: str
    story_name: str
    entity: str
    name: str
    type: str
    aliases: list[str]
    mention_count: int
    mentions: list[ActorMention] = field(default_factory=list)


def story_id(name: str) -> str:
    return content_id("story", name)


def normalize_name(name: str) -> str:
    """The form names are matched in: ASCII, lower case, punctuation as spaces."""
    return " ".join(re.sub(r"[^0-9a-z]+", " ", anyascii(name).lower()).split())


def segments(snippet: str) -> list[Segment]:
    """Split a marked snippet into plain and matched segments (templates escape each)."""
    out: list[Segment] = []
    for part in re.split(f"({HIT_START}.*?{HIT_END})", snippet, flags=re.DOTALL):
        if not part:
            continue
        hit = part.startswith(HIT_START)
        out.append(Segment(part.strip(HIT_START + HIT_END) if hit else part, hit))
    return out


def story_info(row: dict[str, Any]) -> StoryInfo:
    return StoryInfo(
        id=row["id"], name=row["name"], created=row["created"], updated=row["updated"],
        documents=int(row["documents"] or 0), entities=int(row["entities"] or 0),
        claims=int(row["claims"] or 0), links=int(row["links"] or 0), conflicts=int(row["conflicts"] or 0),
        map_updated=row["map_updated"], map_documents=int(row["map_documents"] or 0),
    )
