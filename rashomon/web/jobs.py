"""Background workers that read and analyse submitted articles.

A request only queues a job and answers at once; the page then polls the job's
status. ``WebConfig.workers`` threads take jobs from one queue, each with its own
pipeline (models loaded once per worker and kept between jobs), so one slow
article holds up one worker, not the app. The queue holds at most
``WebConfig.max_queued`` waiting jobs: beyond that a submission is answered 503
before its uploads are spooled. Job state lives in memory: the articles and maps
themselves are committed to the store as each job goes.
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
from .sources import Refused, Submission, read_submission

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
    """Jobs in, ``config.workers`` threads out; ``get`` is safe from any request thread."""

    def __init__(self, config: WebConfig) -> None:
        self.config = config
        self._queue: queue.Queue[tuple[Job, Callable[[Job], None], Callable[[], None]]] = queue.Queue(
            maxsize=max(1, config.max_queued))
        self._jobs: dict[str, Job] = {}
        self._lock = threading.Lock()
        self._threads: list[threading.Thread] = []
        self._stopping = threading.Event()
        self._local = threading.local()  # each worker's own pipeline

    # --- lifecycle -------------------------------------------------------------------------

    def start(self) -> None:
        with self._lock:
            self._stopping.clear()
            self._threads = [t for t in self._threads if t.is_alive()]
            while len(self._threads) < max(1, self.config.workers):
                thread = threading.Thread(target=self._work, name=f"rashomon-worker-{len(self._threads)}",
                                          daemon=True)
                thread.start()
                self._threads.append(thread)

    def stop(self, timeout: float = 5.0) -> None:
        self._stopping.set()
        for thread in self._threads:
            thread.join(timeout)
        self._threads = []

    def _work(self) -> None:
        while not self._stopping.is_set():
            try:
                job, run, done = self._queue.get(timeout=0.2)
            except queue.Empty:
                continue
            try:
                run(job)
                self._update(job, status="done", finished=time.time())
            except RashomonError as exc:
                self._update(job, status="failed", message=str(exc), finished=time.time())
            except Exception as exc:  # the worker must survive any one job
                log.exception("job %s failed", job.id)
                self._update(job, status="failed", message=f"{type(exc).__name__}: {exc}", finished=time.time())
            finally:
                done()

    # --- jobs ------------------------------------------------------------------------------

    def check_room(self) -> None:
        """Answer 503 at once when the queue is full, before any upload is spooled."""
        if self._queue.full():
            raise Refused("queue", f"busy: {self._queue.maxsize} jobs are waiting; try again in a minute", 503)

    def _submit(self, job: Job, run: Callable[[Job], None], done: Callable[[], None] = lambda: None) -> Job:
        try:
            self._queue.put_nowait((job, run, done))
        except queue.Full:
            done()
            raise Refused("queue", f"busy: {self._queue.maxsize} jobs are waiting; try again in a minute",
                          503) from None
        with self._lock:
            self._jobs[job.id] = job
            finished = [j for j in self._jobs.values() if j.finished]
            for old in sorted(finished, key=lambda j: j.created)[: max(0, len(finished) - _KEEP)]:
                del self._jobs[old.id]
        self.start()
        return job

    def submit(self, sub: Submission) -> Job:
        job = Job(uuid.uuid4().hex, "add", sub.story, sub.describe())
        return self._submit(job, lambda j: self._add(j, sub), sub.discard)

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
        """This worker's pipeline: stages hold models and caches that are not shared between threads."""
        pipe: Pipeline | None = getattr(self._local, "pipeline", None)
        if pipe is None:
            pipe = self._local.pipeline = Pipeline.assemble(self.config.stages, self.config.settings)
        return pipe

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
