"""A background worker that reads and analyses submitted articles, one job at a time.

A request only queues a job and answers at once; the page then polls the job's
status. One worker thread keeps the models loaded between jobs and the 2-core
machine busy with one analysis at a time. Job state lives in memory: the
articles and maps themselves are committed to the store as each job goes.
"""

from __future__ import annotations

import logging
import queue
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

from ..errors import RashomonError
from ..model import Document, Skipped
from ..pipeline import Pipeline
from ..store import open_store
from ..store.ingest import add_documents, refresh_map
from .config import WebConfig
from .sources import Submission, read_submission

log = logging.getLogger(__name__)
Status = Literal["queued", "reading", "analysing", "done", "failed"]
_KEEP = 500  # finished jobs remembered


@dataclass
class Job:
    """What a page polls: where the job is, and what it did."""

    id: str
    kind: Literal["add", "refresh"]
    story: str
    label: str
    status: Status = "queued"
    message: str = "waiting for the worker"
    stage: str | None = None
    done: int = 0
    total: int = 0
    story_id: str | None = None
    added: list[str] = field(default_factory=list)
    known: list[str] = field(default_factory=list)
    skipped: list[dict[str, str | None]] = field(default_factory=list)
    created: float = field(default_factory=time.time)
    finished: float | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


class JobQueue:
    """Jobs in, one worker thread out; ``get`` is safe from any request thread."""

    def __init__(self, config: WebConfig) -> None:
        self.config = config
        self._queue: queue.Queue[tuple[Job, Callable[[Job], None]] | None] = queue.Queue()
        self._jobs: dict[str, Job] = {}
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None
        self._pipeline: Pipeline | None = None

    # --- lifecycle -------------------------------------------------------------------------

    def start(self) -> None:
        if self._thread is None or not self._thread.is_alive():
            self._thread = threading.Thread(target=self._work, name="rashomon-worker", daemon=True)
            self._thread.start()

    def stop(self, timeout: float = 5.0) -> None:
        if self._thread is not None:
            self._queue.put(None)
            self._thread.join(timeout)
            self._thread = None

    def _work(self) -> None:
        while (item := self._queue.get()) is not None:
            job, run = item
            try:
                run(job)
                self._update(job, status="done", finished=time.time())
            except RashomonError as exc:
                self._update(job, status="failed", message=str(exc), finished=time.time())
            except Exception as exc:  # the worker must survive any one job
                log.exception("job %s failed", job.id)
                self._update(job, status="failed", message=f"{type(exc).__name__}: {exc}", finished=time.time())

    # --- jobs ------------------------------------------------------------------------------

    def _submit(self, job: Job, run: Callable[[Job], None]) -> Job:
        with self._lock:
            self._jobs[job.id] = job
            finished = [j for j in self._jobs.values() if j.finished]
            for old in sorted(finished, key=lambda j: j.created)[: max(0, len(finished) - _KEEP)]:
                del self._jobs[old.id]
        self._queue.put((job, run))
        self.start()
        return job

    def submit(self, sub: Submission) -> Job:
        job = Job(uuid.uuid4().hex, "add", sub.story, sub.describe())
        return self._submit(job, lambda j: self._add(j, sub))

    def submit_refresh(self, story: str) -> Job:
        job = Job(uuid.uuid4().hex, "refresh", story, "recompute the map")
        return self._submit(job, self._refresh)

    def get(self, job_id: str) -> Job | None:
        with self._lock:
            job = self._jobs.get(job_id)
            return None if job is None else Job(**job.__dict__)

    def recent(self, limit: int = 20) -> list[Job]:
        with self._lock:
            jobs = sorted(self._jobs.values(), key=lambda j: j.created, reverse=True)[:limit]
            return [Job(**j.__dict__) for j in jobs]

    def _update(self, job: Job, **changes: Any) -> None:
        with self._lock:
            for key, value in changes.items():
                setattr(job, key, value)

    # --- the work --------------------------------------------------------------------------

    def pipeline(self) -> Pipeline:
        if self._pipeline is None:
            self._pipeline = Pipeline.assemble(self.config.stages, self.config.settings)
        return self._pipeline

    def _progress(self, job: Job) -> Callable[[str, int, int], None]:
        def update(stage: str, done: int, total: int) -> None:
            self._update(job, stage=stage, done=done, total=total, message=f"analysing: {stage} {done}/{total}")

        return update

    def _add(self, job: Job, sub: Submission) -> None:
        self._update(job, status="reading", message="reading the articles")
        docs, skipped = read_submission(sub, self.config)
        self._update(job, skipped=[{"source": s.source, "reason": s.reason} for s in skipped])
        if not docs:
            reasons = "; ".join(f"{s.source}: {s.reason}" for s in skipped) or "nothing was submitted"
            raise RashomonError(f"no article could be read ({reasons})")
        self._update(job, status="analysing", message=f"storing {len(docs)} article(s)")
        with open_store(self.config.db, migrate_schema=False) as store:
            report = add_documents(store, docs, sub.story, pipeline=self.pipeline(),
                                   progress=self._progress(job), on_stored=self._stored(job))
        assert report.story is not None
        self._update(job, story_id=report.story.id, message=self._done_message(docs, skipped, report.analysed))

    def _stored(self, job: Job) -> Callable[[Document, bool], None]:
        def stored(doc: Document, new: bool) -> None:
            self._update(job, **{"added" if new else "known": [*(job.added if new else job.known), doc.id]})

        return stored

    @staticmethod
    def _done_message(docs: list[Document], skipped: list[Skipped], analysed: int) -> str:
        text = f"{len(docs)} article(s) stored, {analysed} newly analysed"
        return text + (f", {len(skipped)} skipped" if skipped else "")

    def _refresh(self, job: Job) -> None:
        self._update(job, status="analysing", message="recomputing the map")
        with open_store(self.config.db, migrate_schema=False) as store:
            story = store.story(job.story)
            refresh_map(store, story.id, self.pipeline(), progress=self._progress(job))
        self._update(job, story_id=story.id, message="map recomputed")
