"""The local engine: every core of this machine, through a process pool.

Articles are read in the main process (ingestion is cheap), grouped into
batches and featurised by a pool of worker processes, each of which rebuilt
the pipeline from the run's manifest once (models load once per process).
Results come back *in input order* (a bounded window of batches in flight
keeps memory flat), so the single assigner in the main process sees the same
sequence as with one process. Story maps are computed the same way, one story
per task. With ``workers=1`` everything runs in-process (no pool start-up).

    >>> engine = LocalEngine(workers=1)
    >>> engine.workers
    1
"""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Any

from ..model import Document, NarrativeMap, Skipped, StorySummary
from ..stories.features import DocFeatures
from .worker import Worker, read_input

_WORKER: Worker | None = None


def _init(manifest: dict[str, Any], threads: int) -> None:
    global _WORKER
    _WORKER = Worker(manifest, threads)


def _featurize(docs: Sequence[Document]) -> list[DocFeatures]:
    assert _WORKER is not None, "worker process not initialised"
    return _WORKER.featurize(docs)


def _read_featurize(given: str, settings: dict[str, Any]) -> tuple[list[tuple[Document, DocFeatures]], list[Skipped]]:
    assert _WORKER is not None, "worker process not initialised"
    docs: list[Document] = []
    skipped: list[Skipped] = []
    for got in read_input(given, settings):
        (skipped if isinstance(got, Skipped) else docs).append(got)  # type: ignore[arg-type]
    return list(zip(docs, _WORKER.featurize(docs))), skipped


def _story_map(docs: Sequence[Document], story: StorySummary) -> NarrativeMap | None:
    assert _WORKER is not None, "worker process not initialised"
    return _WORKER.story_map(docs, story)


class LocalEngine:
    """Featurise and map on this machine's cores; see the module docstring."""

    name = "local"

    def __init__(self, workers: int | None = None, batch_size: int = 64) -> None:
        self.workers = max(1, workers or os.cpu_count() or 1)
        self.batch_size = batch_size
        self._pool: ProcessPoolExecutor | None = None
        self._local: Worker | None = None
        self._manifest: dict[str, Any] | None = None

    def start(self, manifest: dict[str, Any]) -> None:
        self._manifest = manifest
        if self.workers == 1:
            self._local = Worker(manifest)
        else:
            import multiprocessing

            threads = max(1, (os.cpu_count() or 1) // self.workers)
            self._pool = ProcessPoolExecutor(
                self.workers, mp_context=multiprocessing.get_context("spawn"),
                initializer=_init, initargs=(manifest, threads),
            )

    def stream(
        self, inputs: Sequence[str], settings: dict[str, Any], on_skipped: Callable[[Skipped], None]
    ) -> Iterator[tuple[Document, DocFeatures]]:
        """Read every input in order and featurise its articles; skips go to ``on_skipped``.

        With several input files each worker reads and featurises whole files (the
        main process only assigns); otherwise the main process reads and workers
        featurise batches.
        """
        if self._pool is not None and len(inputs) > 1:
            yield from self._per_file(inputs, settings, on_skipped)
            return

        def documents() -> Iterator[Document]:
            for given in inputs:
                for got in read_input(given, settings):
                    if isinstance(got, Skipped):
                        on_skipped(got)
                    else:
                        yield got

        yield from self.featurize(documents())

    def _per_file(
        self, inputs: Sequence[str], settings: dict[str, Any], on_skipped: Callable[[Skipped], None]
    ) -> Iterator[tuple[Document, DocFeatures]]:
        assert self._pool is not None
        window: deque[Future[tuple[list[tuple[Document, DocFeatures]], list[Skipped]]]] = deque()
        pending = iter(inputs)
        for given in pending:
            window.append(self._pool.submit(_read_featurize, given, settings))
            if len(window) >= 2 * self.workers:
                break
        while window:
            done, skipped = window.popleft().result()
            for given in pending:  # keep the window full while this file is consumed
                window.append(self._pool.submit(_read_featurize, given, settings))
                break
            for s in skipped:
                on_skipped(s)
            yield from done

    def featurize(self, docs: Iterable[Document]) -> Iterator[tuple[Document, DocFeatures]]:
        """Features of every article, in input order."""
        if self._pool is None:
            worker = self._require_local()
            for batch in _batches(docs, self.batch_size):
                yield from zip(batch, worker.featurize(batch))
            return
        window: deque[tuple[list[Document], Future[list[DocFeatures]]]] = deque()
        for batch in _batches(docs, self.batch_size):
            window.append((batch, self._pool.submit(_featurize, batch)))
            if len(window) >= 2 * self.workers:
                done, future = window.popleft()
                yield from zip(done, future.result())
        while window:
            done, future = window.popleft()
            yield from zip(done, future.result())

    def story_maps(
        self, jobs: Sequence[tuple[str, list[Document], StorySummary]]
    ) -> Iterator[tuple[str, NarrativeMap | None]]:
        """The map of each (story, articles, summary) job, in job order."""
        if self._pool is None:
            worker = self._require_local()
            for sid, docs, story in jobs:
                yield sid, worker.story_map(docs, story)
            return
        futures = [(sid, self._pool.submit(_story_map, docs, story)) for sid, docs, story in jobs]
        for sid, future in futures:
            yield sid, future.result()

    def _require_local(self) -> Worker:
        if self._local is None:
            if self._manifest is None:
                raise RuntimeError("LocalEngine.start(manifest) must be called first")
            self._local = Worker(self._manifest)
        return self._local

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(cancel_futures=True)
            self._pool = None


def _batches(items: Iterable[Document], size: int) -> Iterator[list[Document]]:
    batch: list[Document] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch
