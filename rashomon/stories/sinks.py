"""Where a story run writes: a directory, Parquet files, or the store.

Every sink receives the same calls in stream order: ``assignment`` per article
(as soon as it is placed, so nothing accumulates in memory), ``story`` once per
story (when it goes cold, or at the end), ``story_map`` when a story's map is
(re)computed, and ``close``. ``earlier`` gives back what earlier runs wrote of a
story continued from saved state, so its map covers all its articles; only the
store keeps article texts, so only ``StoreSink`` can (the others map the
articles of the current run and say so in the map's ``story``).

- ``DirSink``: ``assignments.jsonl``, ``stories.jsonl``, ``maps/STORY.json``,
  ``manifest.json``.
- ``ParquetSink``: assignments to ``PATH`` (row groups of 10,000), stories to
  ``PATH`` with suffix ``.stories.parquet``, maps (JSON text) to ``.maps.parquet``;
  column types are fixed (``_COLUMNS``), the same in every file and row group.
- ``StoreSink``: articles into the store, each independent article joined to its
  story (named after the founding article, id = the story id); duplicates are
  stored but not joined, so a story's document count is its independent sources,
  and the copies are listed in its map under ``story.duplicates``.
"""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path
from typing import Any, Protocol

from ..errors import MissingExtra
from ..mapio import dumps, write_map
from ..model import Document, DuplicateCopy, NarrativeMap
from .assign import Assignment, Story

_ROW_GROUP = 10_000
# Column types fixed up front: inferred from the first row group, a column that happens to be all
# null there (no copy yet, no dates) would get Arrow's null type and reject the next group.
_COLUMNS = {
    "assignments": [("seq", "int64"), ("doc_id", "string"), ("story", "string"), ("score", "float64"),
                    ("new", "bool_"), ("duplicate_of", "string"), ("source", "string"), ("title", "string"),
                    ("outlet", "string"), ("published", "string")],
    "stories": [("id", "string"), ("founder", "string"), ("title", "string"), ("size", "int64"),
                ("independent", "int64"), ("outlets", "string"), ("first_seq", "int64"), ("last_seq", "int64"),
                ("first_day", "float64"), ("last_day", "float64"), ("cold", "bool_")],
    "maps": [("story", "string"), ("map", "string")],
}


Earlier = tuple[list[Document], list[DuplicateCopy]]  # a story's earlier articles and copies


class Sink(Protocol):
    def begin(self, manifest: dict[str, Any]) -> None: ...
    def earlier(self, story: Story) -> Earlier: ...
    def assignment(self, a: Assignment, doc: Document) -> None: ...
    def story(self, story: Story) -> None: ...
    def story_map(self, story: Story, nmap: NarrativeMap) -> None: ...
    def close(self, summary: dict[str, Any]) -> None: ...


class DirSink:
    """JSON Lines and map files under one directory."""

    def __init__(self, out: Path) -> None:
        self.out = Path(out)
        self.out.mkdir(parents=True, exist_ok=True)
        self._assignments = (self.out / "assignments.jsonl").open("w", encoding="utf-8")
        self._stories = (self.out / "stories.jsonl").open("w", encoding="utf-8")
        self._manifest: dict[str, Any] = {}

    def begin(self, manifest: dict[str, Any]) -> None:
        self._manifest = manifest

    def earlier(self, story: Story) -> Earlier:
        return [], []  # texts of earlier runs are not kept here

    def assignment(self, a: Assignment, doc: Document) -> None:
        self._assignments.write(json.dumps(asdict(a), ensure_ascii=False) + "\n")

    def story(self, story: Story) -> None:
        self._stories.write(json.dumps(story.summary(), ensure_ascii=False) + "\n")

    def story_map(self, story: Story, nmap: NarrativeMap) -> None:
        write_map(nmap, self.out / "maps" / f"{story.id}.json")

    def close(self, summary: dict[str, Any]) -> None:
        self._assignments.close()
        self._stories.close()
        text = json.dumps({**self._manifest, "run": summary}, indent=1, default=str)
        (self.out / "manifest.json").write_text(text + "\n", encoding="utf-8")


class ParquetSink:
    """Arrow tables written in row groups (the ``[ray]`` extra brings pyarrow)."""

    def __init__(self, path: Path) -> None:
        try:
            import pyarrow.parquet  # noqa: F401
        except ImportError:
            raise MissingExtra("Parquet output (--parquet)", "ray") from None
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._rows: dict[str, list[dict[str, Any]]] = {"assignments": [], "stories": [], "maps": []}
        self._writers: dict[str, Any] = {}

    def _target(self, table: str) -> Path:
        return self.path if table == "assignments" else self.path.with_suffix(f".{table}.parquet")

    def _push(self, table: str, row: dict[str, Any], force: bool = False) -> None:
        if row:
            self._rows[table].append(row)
        if self._rows[table] and (force or len(self._rows[table]) >= _ROW_GROUP):
            import pyarrow as pa
            import pyarrow.parquet as pq

            schema = pa.schema([(name, getattr(pa, kind)()) for name, kind in _COLUMNS[table]])
            data = pa.Table.from_pylist(self._rows[table], schema=schema)
            if table not in self._writers:
                self._writers[table] = pq.ParquetWriter(self._target(table), schema)
            self._writers[table].write_table(data)
            self._rows[table] = []

    def begin(self, manifest: dict[str, Any]) -> None:
        self._manifest = manifest

    def earlier(self, story: Story) -> Earlier:
        return [], []  # texts of earlier runs are not kept here

    def assignment(self, a: Assignment, doc: Document) -> None:
        self._push("assignments", asdict(a))

    def story(self, story: Story) -> None:
        row = story.summary()
        row["outlets"] = json.dumps(row["outlets"])
        self._push("stories", row)

    def story_map(self, story: Story, nmap: NarrativeMap) -> None:
        self._push("maps", {"story": story.id, "map": dumps(nmap)})

    def close(self, summary: dict[str, Any]) -> None:
        for table in self._rows:
            self._push(table, {}, force=True)
        for writer in self._writers.values():
            writer.close()


class StoreSink:
    """Articles and maps into the store (``rashomon.store``), a transaction per batch."""

    def __init__(self, store: Any, batch: int = 500) -> None:
        self.store = store
        self.batch = batch
        self._pending: list[tuple[Assignment, Document]] = []
        self._names: dict[str, str] = {}

    def begin(self, manifest: dict[str, Any]) -> None:
        return None

    def earlier(self, story: Story) -> Earlier:
        """The story's stored articles and the copies listed in its last map (earlier runs)."""
        from ..store import StoryNotFound

        self.flush()
        try:
            docs = self.store.documents(story.id)
            nmap = self.store.map(story.id)
        except StoryNotFound:
            return [], []
        copies = nmap.story.duplicates if nmap is not None and nmap.story is not None else []
        return docs, list(copies)

    def assignment(self, a: Assignment, doc: Document) -> None:
        self._pending.append((a, doc))
        if len(self._pending) >= self.batch:
            self.flush()

    def _name(self, sid: str, founder: Document) -> str:
        """The story's store name; a new story is named after its founding article."""
        if sid not in self._names:
            from ..store import StoryNotFound

            try:
                self._names[sid] = self.store.story(sid).name
            except StoryNotFound:
                self._names[sid] = self.store.ensure_story(_label_story(sid, founder), new_id=sid).name
        return self._names[sid]

    def flush(self) -> None:
        """Store pending articles: independent ones joined to their story, copies only stored."""
        by_story: dict[str, list[Document]] = {}
        copies: list[Document] = []
        for a, doc in self._pending:
            if a.duplicate_of:
                copies.append(doc)
            else:
                by_story.setdefault(a.story, []).append(doc)
        if copies:
            self.store.add(copies)
        for sid, docs in by_story.items():
            self.store.add(docs, story=self._name(sid, docs[0]))
        self._pending = []

    def story(self, story: Story) -> None:
        self.flush()
        self._names.pop(story.id, None)

    def story_map(self, story: Story, nmap: NarrativeMap) -> None:
        self.flush()
        self.store.save_map(nmap, story=self._names.get(story.id) or self.store.story(story.id).name)

    def close(self, summary: dict[str, Any]) -> None:
        self.flush()


def _label_story(sid: str, founder: Document) -> str:
    """A readable, unique store name: the founding title and the id's tail."""
    title = founder.title or founder.text.strip().split("\n", 1)[0]
    return f"{' '.join(title.split())[:80]} · {sid[-6:]}"
