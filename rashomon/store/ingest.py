"""Add articles to a story and keep its map current, without redoing old work.

Ingestion commits each document on its own, so a crash or ``kill -9`` leaves
every article committed before it intact and nothing half-written; running
the same command again skips what is stored (same text, same id) and finishes
the rest. A story's map is then recomputed from its stored documents: the
per-document stage outputs of documents analysed before are read back from the
store (keyed by a fingerprint of the document stages' versions, the values of
the settings they declare, and the models), so only new documents are parsed; the cross-document stages run over
all of them, as ``analyze_documents`` would.

    >>> from rashomon.store import open_store
    >>> from rashomon.model import Document
    >>> with open_store(":memory:") as store:
    ...     report = add_documents(store, [Document.from_text("The strike was ordered on Thursday.")],
    ...                            story="strike", stages=("language",))
    ...     (len(report.added), report.nmap is not None and len(report.nmap.documents))
    (1, 1)
"""

from __future__ import annotations

import hashlib
import json
import logging
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from .. import __version__
from ..api import build_map
from ..config import Settings, load_settings
from ..errors import StoreError
from ..ingest import iter_documents
from ..model import Corpus, DocAnalysis, Document, NarrativeMap, Skipped
from ..pipeline import DEFAULT_STAGES, Pipeline, Progress, _no_progress
from ..registry import StageSpec
from . import _codec
from ._records import StoryInfo
from ._store import Store

log = logging.getLogger(__name__)
Stored = Callable[[Document, bool], None]  # (document, was it new)


@dataclass
class IngestReport:
    """What one ingestion did: new and known documents, skipped inputs, and the story's map."""

    added: list[str] = field(default_factory=list)
    known: list[str] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    story: StoryInfo | None = None
    nmap: NarrativeMap | None = None
    analysed: int = 0
    reused: int = 0


def _stages(pipe: Pipeline, specs: Sequence[StageSpec]) -> list[tuple[str, str, dict[str, object]]]:
    return [(s.name, s.version, s.config_values(pipe.context.settings)) for s in specs]


def _digest(raw: object) -> str:
    return hashlib.sha256(json.dumps(raw, sort_keys=True, default=str).encode()).hexdigest()[:24]


def pipeline_key(pipe: Pipeline) -> str:
    """Fingerprint of what shapes per-document outputs: each document stage's version and config, the models.

    Settings no document stage declares (the brief's limits, batch size, fetch
    timeouts) are left out, so changing one reuses every stored analysis.
    """
    return _digest({"stages": _stages(pipe, pipe.document_stages), "models": pipe.context.models.describe(),
                    "rashomon": __version__})


def full_key(pipe: Pipeline) -> str:
    """Fingerprint of the whole pipeline, corpus stages too: a map made by another one is out of date."""
    return _digest({"documents": pipeline_key(pipe), "corpus": _stages(pipe, pipe.corpus_stages)})


def _restore(store: Store, docs: Sequence[Document], key: str, pipe: Pipeline) -> dict[str, DocAnalysis]:
    out: dict[str, DocAnalysis] = {}
    vocab = lambda: pipe.context.models.get("spacy").vocab
    for doc_id, (data, spacy) in store.cached_analyses([d.id for d in docs], key).items():
        try:
            out[doc_id] = _codec.decode_analysis(data, spacy, vocab)
        except Exception as exc:  # noqa: BLE001  (a stale or unreadable cache entry is recomputed, never fatal)
            log.warning("cached analysis of %s unusable, recomputing: %s", doc_id, exc)
    return out


def _cache_one(store: Store, item: DocAnalysis, failures: Sequence[Skipped], key: str) -> None:
    """Store one finished document's analysis at once, so a crash later loses none of it."""
    if failures:
        return  # a document a stage failed on is retried next time
    encoded = _codec.encode_analysis(item)
    if encoded is None:
        log.info("analysis of %s holds values with no exact JSON form: not cached", item.document.id)
    else:
        store.cache_analysis(item.document.id, key, *encoded)


def refresh_map(
    store: Store,
    story: str,
    pipeline: Pipeline | None = None,
    settings: Settings | None = None,
    progress: Progress = _no_progress,
    stages: Sequence[str] = DEFAULT_STAGES,
) -> tuple[NarrativeMap, int, int]:
    """Recompute and save a story's map; returns (map, documents analysed, documents reused)."""
    pipe = pipeline or Pipeline.assemble(stages, settings or load_settings())
    docs = store.documents(story)
    if not docs:
        raise StoreError(f"story '{story}' has no documents to analyse")
    began = time.perf_counter()
    pipe.timings.clear()
    key = pipeline_key(pipe)
    cached = _restore(store, docs, key, pipe)
    fresh, skipped = pipe.run_documents([d for d in docs if d.id not in cached], progress,
                                        on_done=lambda item, failures: _cache_one(store, item, failures, key))
    by_id = {**cached, **{a.document.id: a for a in fresh}}
    corpus = pipe.run_corpus(Corpus(docs=[by_id[d.id] for d in docs], skipped=list(skipped)), progress)
    for item in corpus.docs:
        item.scratch.clear()
    manifest = pipe.manifest()
    manifest["created"] = datetime.now(UTC).isoformat(timespec="seconds")
    manifest["duration_s"] = round(time.perf_counter() - began, 3)
    manifest["incremental"] = {"analysed": len(fresh), "reused": len(cached)}
    manifest["pipeline_key"] = full_key(pipe)
    manifest["skipped"] = [{"source": s.source, "reason": s.reason, "stage": s.stage} for s in corpus.skipped]
    nmap = build_map(corpus, manifest)
    store.save_map(nmap, story)
    return nmap, len(fresh), len(cached)


def _refresh_into(report: IngestReport, store: Store, story: str | None, refresh: bool,
                  pipeline: Pipeline | None, settings: Settings | None, progress: Progress,
                  stages: Sequence[str]) -> IngestReport:
    if story is None:
        return report
    report.story = store.story(story)
    if refresh and (store.is_stale(story) or _made_by_another(store, story, pipeline, settings, stages)):
        report.nmap, report.analysed, report.reused = refresh_map(store, story, pipeline, settings, progress, stages)
        report.story = store.story(story)
    elif refresh:
        report.nmap = store.map(story)
    return report


def _made_by_another(store: Store, story: str, pipeline: Pipeline | None, settings: Settings | None,
                     stages: Sequence[str]) -> bool:
    """True when the stored map was made by other stage versions, settings or models than this run's."""
    nmap = store.map(story)
    if nmap is None:
        return True
    pipe = pipeline or Pipeline.assemble(stages, settings or load_settings())
    return nmap.manifest.get("pipeline_key") != full_key(pipe)


def add_documents(
    store: Store,
    documents: Iterable[Document],
    story: str | None = None,
    *,
    refresh: bool = True,
    pipeline: Pipeline | None = None,
    settings: Settings | None = None,
    progress: Progress = _no_progress,
    stages: Sequence[str] = DEFAULT_STAGES,
    on_stored: Stored | None = None,
) -> IngestReport:
    """Store each document in its own transaction, then bring the story's map up to date."""
    report = IngestReport()
    for doc in documents:
        new = bool(store.add_new([doc], story))
        (report.added if new else report.known).append(doc.id)
        if on_stored:
            on_stored(doc, new)
    return _refresh_into(report, store, story, refresh, pipeline, settings, progress, stages)


def add_inputs(
    store: Store,
    inputs: Sequence[str | Path],
    story: str | None = None,
    *,
    settings: Settings | None = None,
    on_skipped: Callable[[Skipped], None] | None = None,
    **kwargs: object,
) -> IngestReport:
    """Read files, directories and URLs as ``rashomon analyze`` does and add what they hold."""
    settings = settings or load_settings()
    skipped: list[Skipped] = []

    def readable() -> Iterable[Document]:
        for got in iter_documents(inputs, settings):
            if isinstance(got, Skipped):
                skipped.append(got)
                if on_skipped:
                    on_skipped(got)
            else:
                yield got

    report = add_documents(store, readable(), story, settings=settings, **kwargs)  # type: ignore[arg-type]
    report.skipped = skipped + report.skipped
    return report
