"""The library entry point the CLI, the tests and the web app all call.

    >>> from rashomon import analyze  # doctest: +SKIP
    >>> nmap = analyze(["articles/"])  # doctest: +SKIP
    >>> nmap.documents[0].title  # doctest: +SKIP
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

from .config import Settings, load_settings
from .ingest import read_inputs
from .mapio import check_map
from .model import Corpus, Document, Manifest, NarrativeMap
from .pipeline import DEFAULT_STAGES, DocumentEngine, Pipeline, Progress, _no_progress


def build_map(corpus: Corpus, manifest: Manifest) -> NarrativeMap:
    """Flatten the pipeline's state into the output contract, in a stable order."""
    docs = sorted(corpus.docs, key=lambda d: d.document.id)
    nmap = NarrativeMap(
        manifest=manifest,
        documents=[d.document for d in docs],
        entities=sorted(corpus.entities, key=lambda e: e.id),
        claims=[c for d in docs for c in sorted(d.claims, key=lambda c: c.start)],
        links=sorted(corpus.links, key=lambda l: (l.a, l.b)),
        possible_links=sorted(corpus.possible_links, key=lambda l: (l.a, l.b)),
        stances=sorted(corpus.stances, key=lambda s: (s.doc, s.entity)),
        events=[e for d in docs for e in sorted(d.events, key=lambda e: e.start)],
        conflicts=corpus.conflicts,
        possible_conflicts=corpus.possible_conflicts,
        citations=[c for d in docs for c in sorted(d.citations, key=lambda c: c.start)],
        timexes=[t for d in docs for t in sorted(d.timexes, key=lambda t: t.start)],
        skipped=corpus.skipped,
        brief=corpus.brief,
        claim_groups=corpus.claim_groups,
        citation_graph=corpus.citation_graph,
        timeline=corpus.timeline,
        framing=corpus.framing,
        candidates=corpus.candidates,
        relations=corpus.relations,
    )
    check_map(nmap)
    return nmap


def analyze_documents(
    documents: Sequence[Document],
    settings: Settings | None = None,
    stages: Sequence[str] = DEFAULT_STAGES,
    progress: Progress = _no_progress,
    pipeline: Pipeline | None = None,
    engine: DocumentEngine | None = None,
) -> NarrativeMap:
    """Run the pipeline over Documents already read.

    With ``engine`` (``rashomon.engines.get_engine("ray")``) the document stages run
    on its workers; the corpus stages always run here, so the map is the same.
    """
    began = time.perf_counter()
    pipe = pipeline or Pipeline.assemble(stages, settings or load_settings())
    corpus = pipe(documents, progress, runner=None if engine is None else engine.run_documents)
    manifest = pipe.manifest()
    if engine is not None:
        manifest["engine"] = {"name": engine.name, "workers": engine.workers}
    manifest["created"] = datetime.now(UTC).isoformat(timespec="seconds")
    manifest["duration_s"] = round(time.perf_counter() - began, 3)
    return build_map(corpus, manifest)


def analyze(
    sources: Sequence[str | Path],
    settings: Settings | None = None,
    stages: Sequence[str] = DEFAULT_STAGES,
    progress: Progress = _no_progress,
    engine: DocumentEngine | None = None,
) -> NarrativeMap:
    """Read every source (files, directories, URLs) and build their narrative map.

    Inputs that cannot be read are listed in ``NarrativeMap.skipped`` (and the
    manifest) with the reason; they never stop the run. Inputs are read here
    whatever the ``engine``, so a cluster's workers need no access to them.
    """
    settings = settings or load_settings()
    began = time.perf_counter()
    ingested = read_inputs(sources, settings)
    nmap = analyze_documents(ingested.documents, settings, stages, progress, engine=engine)
    nmap.skipped = ingested.skipped + nmap.skipped
    nmap.manifest["skipped"] = [{"source": s.source, "reason": s.reason, "stage": s.stage} for s in nmap.skipped]
    nmap.manifest["duration_s"] = round(time.perf_counter() - began, 3)
    return nmap
