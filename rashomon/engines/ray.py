"""The Ray engine: the same pipeline, from its manifest, on a Ray cluster with Ray Data.

Dataflow (``docs/stories.md`` has the picture)::

    inputs ──from_items──▶ flat_map(read_input)      reading, one task per input
           ──map_batches(_Featurize actors)──▶        models loaded once per actor
           ──iter_batches (order preserved)──▶ driver: the single assigner ─▶ store / Parquet

Each actor rebuilds the pipeline with ``Pipeline.from_manifest`` in its
constructor, so a model loads once per actor however many batches it serves.
Ray Data streams: blocks flow through with backpressure, so neither the driver
nor the object store holds the whole input. ``preserve_order`` makes the
driver see articles in input order, and the assigner (the only stateful step:
the index of active stories lives in the driver) places them one by one,
which is why the stories are the same as the local engine's.

``rashomon analyze --engine ray`` (``run_documents``) reads its inputs in the
driver, as the local path does, so skipped inputs and duplicates are the same::

    documents ──from_items──▶ map_batches(_Analyse actors)   the document stages, per-document budgets
              ──iter_rows (order preserved)──▶ driver: decode ─▶ the corpus stages ─▶ map.json

An ``_Analyse`` actor runs its batches in its main thread (Ray Data's default
wraps a class in a thread of its own), so the per-document time budget stops a
runaway stage with the same timer signal as in the CLI's process.

``--address`` joins an existing cluster (the stories' inputs must then be
readable from the workers: a shared file system or URLs; an analysis reads
them in the driver; the models must be installed on every worker either way);
without it a local cluster is started on demand with ``workers`` CPUs and
stopped at the end. Ray is the optional ``[ray]`` extra; without it this
engine raises ``MissingExtra`` naming the pip line, and the local engine
works unchanged.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import asdict
from typing import Any

from ..codec import build
from ..errors import ConfigError, MissingExtra
from ..mapio import dumps, loads
from ..model import DocAnalysis, Document, NarrativeMap, Skipped, StorySummary
from ..pipeline import Pipeline, Progress, _no_progress
from ..stories.features import DocFeatures
from .worker import Worker, analysed_rows, analysis_from_row, doc_from_json, doc_to_json, read_input

_READ_COLUMNS = ("kind", "doc", "source", "reason", "stage")
BLOCK_BYTES = 1 << 18


def _import_ray() -> Any:
    try:
        import pyarrow  # noqa: F401
        import ray
        import ray.data
    except ImportError:
        raise MissingExtra("the Ray engine (--engine ray)", "ray") from None
    return ray


def _feature_schema() -> Any:
    import pyarrow as pa

    floats, ints = pa.list_(pa.float32()), pa.list_(pa.int32())
    return pa.schema([
        *[(c, pa.string()) for c in _READ_COLUMNS],
        ("doc_id", pa.string()), ("lex_idx", ints), ("lex_val", floats), ("ent_idx", ints),
        ("ent_val", floats), ("sig", pa.list_(pa.uint64())), ("day", pa.float64()), ("emb", floats),
    ])


def _read_rows(row: dict[str, Any], settings: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """flat_map: one input -> its articles (and skip reasons), in order."""
    for got in read_input(str(row["input"]), settings):
        if isinstance(got, Skipped):
            yield {"kind": "skip", "doc": "", "source": got.source, "reason": got.reason, "stage": got.stage or ""}
        else:
            yield {"kind": "doc", "doc": doc_to_json(got), "source": got.source, "reason": "", "stage": ""}


class _Featurize:
    """A Ray Data actor: the pipeline and featuriser built once, then batch after batch."""

    def __init__(self, manifest: dict[str, Any], threads: int) -> None:
        self.worker = Worker(manifest, threads)
        self.schema = _feature_schema()

    def __call__(self, batch: Any) -> Any:
        import pyarrow as pa

        rows = batch.to_pylist()
        docs = [doc_from_json(r["doc"]) for r in rows if r["kind"] == "doc"]
        feats = iter(self.worker.featurize(docs))
        empty: dict[str, Any] = {"doc_id": "", "lex_idx": [], "lex_val": [], "ent_idx": [], "ent_val": [], "sig": [],
                 "day": None, "emb": []}
        out = [{**{c: r[c] for c in _READ_COLUMNS}, **(next(feats).to_row() if r["kind"] == "doc" else empty)}
               for r in rows]
        return pa.Table.from_pylist(out, schema=self.schema)


class _StoryMap:
    """A Ray Data actor computing stories' maps with the manifest's pipeline."""

    def __init__(self, manifest: dict[str, Any]) -> None:
        self.worker = Worker(manifest)

    def __call__(self, batch: Any) -> Any:
        import pyarrow as pa

        out = []
        for row in batch.to_pylist():
            docs = [doc_from_json(d) for d in json.loads(row["docs"])]
            nmap = self.worker.story_map(docs, build(StorySummary, json.loads(row["story_summary"])))
            out.append({"story": row["story"], "map": "" if nmap is None else dumps(nmap)})
        return pa.Table.from_pylist(out)


def _analysed_schema() -> Any:
    import pyarrow as pa

    return pa.schema([("analysis", pa.string()), ("spacy", pa.binary()), ("spacy_lang", pa.string()),
                      ("doc", pa.string()), ("failures", pa.string()), ("seconds", pa.string())])


class _Analyse:
    """A Ray Data actor: the document stages of the manifest's pipeline, built once, then batch after batch."""

    def __init__(self, manifest: dict[str, Any]) -> None:
        self.pipeline = Pipeline.from_manifest(manifest)
        self.schema = _analysed_schema()

    def __call__(self, batch: Any) -> Any:
        import pyarrow as pa

        docs = [doc_from_json(d) for d in batch.column("doc").to_pylist()]
        return pa.Table.from_pylist(analysed_rows(self.pipeline, docs), schema=self.schema)


class RayEngine:
    """Featurise and map, or run an analysis's document stages, on a Ray cluster; the driver keeps the rest."""

    name = "ray"

    def __init__(self, workers: int | None = None, address: str | None = None, batch_size: int = 64) -> None:
        self.ray = _import_ray()
        self.workers = max(1, workers or 1)
        self.address = address
        self.batch_size = batch_size
        self._manifest: dict[str, Any] | None = None
        self._started = False

    def start(self, manifest: dict[str, Any]) -> None:
        self._manifest = manifest
        self._connect()

    def _connect(self) -> None:
        """Join ``address``, or start a local cluster of ``workers`` CPUs; Ray Data keeps input order."""
        ray = self.ray
        # Ray Data logs every dataset it executes at INFO on stderr, on a logger it configures itself:
        # keep the CLI's stderr for our messages
        for name in ("ray", "ray.data"):
            logging.getLogger(name).setLevel(logging.WARNING)
        if not ray.is_initialized():
            if self.address:
                try:
                    ray.init(address=self.address, log_to_driver=False, logging_level=logging.WARNING)
                except ConnectionError as exc:
                    raise ConfigError(f"cannot join the Ray cluster at {self.address}: {exc}") from None
            else:
                ray.init(num_cpus=self.workers, include_dashboard=False, log_to_driver=False,
                         object_store_memory=512 * 2**20, logging_level=logging.WARNING)
            self._started = True
        ctx = ray.data.DataContext.get_current()
        ctx.execution_options.preserve_order = True
        ctx.enable_progress_bars = False
        # Actors receive whole blocks: blocks of about 60 articles (256 KiB) spread one input file
        # over every actor instead of handing it to one.
        ctx.target_max_block_size = BLOCK_BYTES

    def _pool(self) -> Any:
        return self.ray.data.ActorPoolStrategy(size=self.workers)

    def _featurized(self, ds: Any) -> Iterator[dict[str, Any]]:
        threads = 1
        ds = ds.map_batches(
            _Featurize, fn_constructor_kwargs={"manifest": self._manifest, "threads": threads},
            batch_size=self.batch_size, batch_format="pyarrow", compute=self._pool(), num_cpus=1,
        )
        for batch in ds.iter_batches(batch_size=self.batch_size, batch_format="pyarrow"):
            yield from batch.to_pylist()

    def stream(
        self, inputs: Sequence[str], settings: dict[str, Any], on_skipped: Callable[[Skipped], None]
    ) -> Iterator[tuple[Document, DocFeatures]]:
        """Read (one task per input), featurise (actor pool) and yield in input order."""
        if not inputs:
            return
        ds = self.ray.data.from_items([{"input": str(i)} for i in inputs], override_num_blocks=len(inputs))
        # reading is light and must not wait for a CPU that the actors hold: zero CPUs reserved
        ds = ds.flat_map(_read_rows, fn_kwargs={"settings": settings}, num_cpus=0)
        for row in self._featurized(ds):
            if row["kind"] == "skip":
                on_skipped(Skipped(row["source"], row["reason"], row["stage"] or None))
            else:
                yield doc_from_json(row["doc"]), DocFeatures.from_row(row)

    def run_documents(
        self, pipeline: Pipeline, documents: Iterable[Document], progress: Progress = _no_progress
    ) -> tuple[list[DocAnalysis], list[Skipped]]:
        """``pipeline.run_documents`` on the cluster's actors: the same analyses and failures, in input order."""
        docs = list(documents)
        if not docs:
            return [], []
        self._connect()
        size = max(1, min(pipeline.context.settings.batch_size, -(-len(docs) // self.workers)))
        blocks = -(-len(docs) // size)  # one batch a block: actors take the next batch as they finish one
        ds = self.ray.data.from_items([{"doc": doc_to_json(d)} for d in docs], override_num_blocks=blocks)
        # no wrapper thread: one call at a time in the actor's main thread, where the budget's timer works
        actors = self.ray.data.ActorPoolStrategy(size=min(self.workers, blocks), enable_true_multi_threading=True)
        ds = ds.map_batches(
            _Analyse, fn_constructor_kwargs={"manifest": pipeline.manifest()}, batch_size=size,
            batch_format="pyarrow", num_cpus=1, compute=actors,
        )
        analysed: list[DocAnalysis] = []
        skipped: list[Skipped] = []
        names = [s.name for s in pipeline.document_stages]
        for row in ds.iter_rows():
            item, failures = analysis_from_row(row, pipeline)
            analysed.append(item)
            skipped.extend(failures)
            if len(analysed) % size == 0 or len(analysed) == len(docs):
                for name in names:
                    progress(name, len(analysed), len(docs))
        return analysed, skipped

    def story_maps(
        self, jobs: Sequence[tuple[str, list[Document], StorySummary]]
    ) -> Iterator[tuple[str, NarrativeMap | None]]:
        """Each (story, articles, summary) job's map, computed by an actor pool, in job order."""
        if not jobs:
            return
        items = [{"story": sid, "docs": json.dumps([doc_to_json(d) for d in docs]), "story_summary": json.dumps(asdict(story), ensure_ascii=False)}
                 for sid, docs, story in jobs]
        ds = self.ray.data.from_items(items).map_batches(
            _StoryMap, fn_constructor_kwargs={"manifest": self._manifest}, batch_size=1,
            batch_format="pyarrow", compute=self._pool(), num_cpus=1,
        )
        for row in ds.iter_rows():
            yield row["story"], loads(row["map"]) if row["map"] else None

    def close(self) -> None:
        if self._started and self.ray.is_initialized():
            self.ray.shutdown()
        self._started = False
