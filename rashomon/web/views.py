"""What the pages and the JSON API both need: a story's view, exports, the store per request."""

from __future__ import annotations

import io
import re
import tempfile
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from fastapi import HTTPException, Request

from ..mapio import dumps
from ..model import Claim, Document, Entity, NarrativeMap
from ..store import Store, StoryInfo, open_store

DOC_ID = r"^doc_[0-9a-f]{16}$"
JOB_ID = r"^[0-9a-f]{32}$"
STORY_KEY_MAX = 200
_ACTORS = 15


def store_dependency(request: Request) -> Iterator[Store]:
    """One store connection per request (migrations already ran when the app started)."""
    with open_store(request.app.state.config.db, migrate_schema=False) as store:
        yield store


def clean_story_name(name: str) -> str:
    """A story name as typed: trimmed, no control characters, bounded; 400 otherwise."""
    name = " ".join(name.split())
    if not name or len(name) > STORY_KEY_MAX or re.search(r"[\x00-\x1f\x7f]", name):
        raise HTTPException(400, f"a story name needs 1 to {STORY_KEY_MAX} printable characters")
    return name


@dataclass
class Contradiction:
    a: Claim
    b: Claim
    a_source: str
    b_source: str
    score: float


@dataclass
class StoryView:
    """A story with its documents and the parts of its map the story page leads with."""

    story: StoryInfo
    documents: list[Document]
    nmap: NarrativeMap | None
    contradictions: list[Contradiction] = field(default_factory=list)
    actors: list[Entity] = field(default_factory=list)
    titles: dict[str, str] = field(default_factory=dict)


def story_view(store: Store, key: str) -> StoryView:
    story = store.story(key)
    nmap = store.map(story.id)
    docs = store.documents(story.id)
    view = StoryView(story, docs, nmap)
    if nmap is None:
        return view
    view.documents = nmap.documents + [d for d in docs if d.id not in {m.id for m in nmap.documents}]
    view.titles = {d.id: d.title or d.source for d in nmap.documents}
    claims = {c.id: c for c in nmap.claims}
    pairs = [link for link in nmap.links if link.relation == "contradict" and link.a in claims and link.b in claims]
    view.contradictions = [
        Contradiction(claims[p.a], claims[p.b], view.titles.get(claims[p.a].doc, ""),
                      view.titles.get(claims[p.b].doc, ""), p.score)
        for p in sorted(pairs, key=lambda p: -p.score)]
    view.actors = sorted(nmap.entities, key=lambda e: (-len(e.mentions), e.name))[:_ACTORS]
    return view


# --- exports -----------------------------------------------------------------------------------

_MEDIA = {"json": ("application/json", "json"), "graphml": ("application/graphml+xml", "graphml"),
          "jsonld": ("application/ld+json", "jsonld"), "csv": ("application/zip", "csv.zip")}


def export_formats() -> dict[str, tuple[str, str]]:
    """format -> (media type, file suffix): the report's export formats, or map.json alone without them."""
    try:
        from ..report.exports import FORMATS
    except ImportError:
        return {"json": _MEDIA["json"]}
    return {f: _MEDIA.get(f, ("application/octet-stream", f)) for f in FORMATS}


def export(nmap: NarrativeMap, fmt: str) -> bytes:
    """The map in one export format, as bytes; a format written as several files comes as a zip."""
    if fmt not in export_formats():
        raise HTTPException(404, f"unknown export format '{fmt[:20]}'")
    if fmt == "json":
        return (dumps(nmap) + "\n").encode("utf-8")
    from ..report.exports import export_map

    # The exporters write files: into a fresh temporary directory whose name no request chooses.
    with tempfile.TemporaryDirectory(prefix="rashomon-export-") as tmp:
        paths = export_map(nmap, fmt, Path(tmp) / f"map.{fmt}")
        if len(paths) == 1 and fmt != "csv":
            return paths[0].read_bytes()
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for path in paths:
                archive.write(path, path.relative_to(tmp).as_posix())
        return buffer.getvalue()


def paragraphs(text: str) -> list[str]:
    return [p.strip() for p in re.split(r"\n\s*\n", text) if p.strip()]


def document_link(doc: Document) -> str | None:
    """The article's URL when it is a web address (never a ``javascript:`` one)."""
    return doc.url if doc.url and doc.url.startswith(("http://", "https://")) else None
