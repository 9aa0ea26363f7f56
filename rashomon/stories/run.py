"""A story run: inputs -> engine (features, in order) -> the one assigner -> a sink.

``run_stories`` is what ``rashomon stories`` calls. The engine does the
parallel, stateless work; this module keeps the sequential, stateful part:
assignment, the batching of map updates, and the state file that lets the next
run continue the same stories with the same ids.

Maps are batched: a story's map is computed when it goes cold, at the end of
the run, and (with ``map_every=N``) every N articles for the stories touched
since; never once per article. ``maps=False`` (``--no-maps``) clusters only.

    >>> from rashomon.engines import get_engine
    >>> from rashomon.stories.sinks import DirSink
    >>> import tempfile
    >>> run = run_stories([], sink=DirSink(Path(tempfile.mkdtemp())), maps=False,
    ...                   engine=get_engine("local", workers=1))
    >>> run.articles, run.stories
    (0, 0)
"""

from __future__ import annotations

import pickle
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from ..config import Settings, load_settings
from ..errors import ConfigError, InputError
from ..ingest import _expand
from ..model import Document, DuplicateCopy, Skipped, StorySummary
from ..pipeline import DEFAULT_STAGES, Pipeline
from .assign import Assigner, Assignment, Story
from .config import StoryConfig
from .sinks import Sink

STATE_VERSION = 2  # 2: the index keeps event-time spans and stream time apart
Log = Callable[[str], None]


def make_manifest(pipeline: Pipeline, config: StoryConfig, maps: bool) -> dict[str, Any]:
    """Everything an engine's worker needs to rebuild the same pipeline and featuriser."""
    return {"pipeline": pipeline.manifest(), "stories": config.to_dict(), "maps": maps}


@dataclass
class StoryRunResult:
    """What a run did, for the CLI summary and the benchmark."""

    articles: int = 0
    duplicates: int = 0
    new_stories: int = 0
    stories: int = 0
    cold: int = 0
    maps: int = 0
    active_peak: int = 0
    seconds: float = 0.0
    skipped: list[Skipped] = field(default_factory=list)

    def summary(self) -> dict[str, Any]:
        out = asdict(self)
        out["skipped"] = len(self.skipped)
        out["articles_per_s"] = round(self.articles / self.seconds, 1) if self.seconds else None
        return out


class MapTracker:
    """Batches map updates: remembers the active stories' articles and which changed."""

    def __init__(self, engine: Any, sink: Sink, every: int, result: StoryRunResult) -> None:
        self.engine, self.sink, self.every, self.result = engine, sink, every, result
        self.docs: dict[str, list[Document]] = {}
        self.copies: dict[str, list[DuplicateCopy]] = {}
        self.touched: set[str] = set()
        self.complete: set[str] = set()  # stories whose earlier articles (previous runs) are loaded

    def add(self, a: Assignment, doc: Document) -> None:
        if a.duplicate_of:
            self.copies.setdefault(a.story, []).append(
                DuplicateCopy(a.doc_id, a.duplicate_of, a.source, a.outlet, a.score))
        else:
            self.docs.setdefault(a.story, []).append(doc)
        self.touched.add(a.story)

    def due(self, seq: int) -> bool:
        return bool(self.every) and seq % self.every == 0

    def update(self, stories: Sequence[Story]) -> None:
        """Recompute the maps of those of ``stories`` that changed since their last map."""
        jobs = []
        for s in stories:
            if s.id in self.touched and self.docs.get(s.id):
                self._load_earlier(s)
                mapped = len(self.docs[s.id])
                summary = StorySummary(**s.summary(), duplicates=self.copies.get(s.id, []),  # type: ignore[arg-type]
                                       mapped=mapped, partial=mapped < s.independent)
                jobs.append((s.id, self.docs[s.id], summary))
        by_id = {s.id: s for s in stories}
        for sid, nmap in self.engine.story_maps(jobs):
            self.touched.discard(sid)
            if nmap is None:
                self.result.skipped.append(Skipped(sid, "story map failed (see the log)", "map"))
                continue
            self.sink.story_map(by_id[sid], nmap)
            self.result.maps += 1

    def _load_earlier(self, s: Story) -> None:
        """A story continued from saved state: prepend what earlier runs gave it, once."""
        if s.id in self.complete:
            return
        self.complete.add(s.id)
        known = self.docs.get(s.id, [])
        if s.independent <= len(known):
            return
        docs, copies = self.sink.earlier(s)
        ids = {d.id for d in known}
        self.docs[s.id] = [d for d in docs if d.id not in ids] + known
        seen = {c.doc for c in self.copies.get(s.id, [])}
        self.copies[s.id] = [c for c in copies if c.doc not in seen] + self.copies.get(s.id, [])

    def forget(self, sid: str) -> None:
        self.docs.pop(sid, None)
        self.copies.pop(sid, None)
        self.touched.discard(sid)
        self.complete.discard(sid)


def expand_inputs(inputs: Sequence[str | Path], on_skipped: Callable[[Skipped], None]) -> list[str]:
    """Files (directories expanded, sorted) and URLs, in order; unusable inputs are reported."""
    out = []
    for item in _expand(inputs):
        if isinstance(item, InputError):
            on_skipped(Skipped(item.source, item.problem))
        else:
            out.append(str(item))
    return out


def load_assigner(path: Path | None, config: StoryConfig) -> Assigner:
    """The assigner saved by the previous run at ``path`` (same settings), else a new one."""
    if path is None or not path.exists():
        return Assigner(config)
    try:
        with path.open("rb") as fh:
            version, saved = pickle.load(fh)
    except Exception as exc:
        raise InputError(str(path), f"cannot read the story state ({exc}); delete it to start afresh") from exc
    if version != STATE_VERSION or not isinstance(saved, Assigner):
        raise InputError(str(path), "story state from another version; delete it to start afresh")
    if saved.config != config:
        raise ConfigError(f"{path}: story state was built with other story settings; "
                          "use the same settings or another --state file")
    return saved


def save_assigner(path: Path, assigner: Assigner) -> None:
    """Write the state atomically (a crash leaves the previous state intact)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(path.suffix + ".tmp")
    with tmp.open("wb") as fh:
        pickle.dump((STATE_VERSION, assigner), fh, protocol=pickle.HIGHEST_PROTOCOL)
    tmp.replace(path)


def run_stories(
    inputs: Sequence[str | Path],
    *,
    sink: Sink,
    engine: Any,
    config: StoryConfig | None = None,
    settings: Settings | None = None,
    maps: bool = True,
    map_every: int = 0,
    stages: Sequence[str] = DEFAULT_STAGES,
    state: Path | None = None,
    log: Log | None = None,
) -> StoryRunResult:
    """Group the articles of ``inputs`` into stories, in input order; see the module docstring.

    ``engine`` is one of ``rashomon.engines`` (``get_engine("local")``): it is
    passed in because the engines build on this package, not the other way.
    """
    config = config or StoryConfig()
    settings = settings or load_settings()
    result = StoryRunResult()
    began = time.perf_counter()
    pipeline = Pipeline.assemble(list(stages) if maps else [], settings)
    manifest = make_manifest(pipeline, config, maps)
    manifest["engine"] = {"name": engine.name, "workers": engine.workers}
    assigner = load_assigner(state, config)
    tracker = MapTracker(engine, sink, map_every, result) if maps else None
    files = expand_inputs(inputs, result.skipped.append)
    engine.start(manifest)
    sink.begin(manifest)
    try:
        for doc, feats in engine.stream(files, settings.to_dict(), result.skipped.append):
            placed = assigner.assign(doc, feats)
            if placed is None:
                result.skipped.append(Skipped(doc.source, "same text as an article already in an active story"))
                continue
            _record(result, placed, assigner)
            sink.assignment(placed, doc)
            if tracker:
                tracker.add(placed, doc)
            _close(assigner.drain_closed(), tracker, sink, result)
            if tracker and tracker.due(assigner.seq):
                tracker.update(list(assigner.stories.values()))
            if log and result.articles % 10_000 == 0:
                log(f"{result.articles} articles, {len(assigner.stories)} active stories")
        active = assigner.close_all()
        if tracker:
            tracker.update(active)
        for story in active:
            sink.story(story)
        result.stories = result.cold + len(active)
        if state is not None:
            save_assigner(state, assigner)
    finally:
        engine.close()
        result.seconds = round(time.perf_counter() - began, 3)
        sink.close(result.summary())
    return result


def _record(result: StoryRunResult, placed: Assignment, assigner: Assigner) -> None:
    result.articles += 1
    result.duplicates += placed.duplicate_of is not None
    result.new_stories += placed.new
    result.active_peak = max(result.active_peak, len(assigner.stories))


def _close(closed: list[Story], tracker: MapTracker | None, sink: Sink, result: StoryRunResult) -> None:
    if not closed:
        return
    if tracker:
        tracker.update(closed)
    for story in closed:
        if tracker:
            tracker.forget(story.id)
        sink.story(story)
    result.cold += len(closed)


def stderr_log(message: str) -> None:
    print(f"rashomon stories: {message}", file=sys.stderr, flush=True)
