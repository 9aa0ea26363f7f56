"""What every engine's workers run: the pipeline rebuilt from its manifest.

A worker (a local process, a Ray actor) receives only the run's manifest, a
plain JSON-able dict: the narrative-map pipeline's own manifest (stages,
versions, settings, model names) and the story settings. It rebuilds the
pipeline with ``Pipeline.from_manifest`` once, so models load once per worker,
then featurises batches of articles and computes stories' maps on request.
Nothing a worker returns depends on which worker computed it: that is what
lets the single assigner give the same stories on any engine.

For ``rashomon analyze`` a worker runs the document stages (``analysed_rows``)
and ships each document's analysis back in the store's lossless codec (the
fields as JSON, the spaCy ``Doc`` as its bytes, NumPy arrays exact), so the
corpus stages in the calling process read what they would have read locally.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable, Sequence
from dataclasses import asdict
from typing import Any

from ..api import analyze_documents
from ..codec import decode_document as doc_from_json  # the names the engines ship documents by
from ..codec import encode_document as doc_to_json
from ..model import DocAnalysis, Document, NarrativeMap, Skipped, StorySummary
from ..pipeline import Pipeline
from ..store._codec import decode_analysis, encode_analysis
from ..stories.config import StoryConfig
from ..stories.features import DocFeatures, Featurizer
from ..stories.run import make_manifest

__all__ = ["Worker", "doc_from_json", "doc_to_json", "make_manifest", "read_input"]

log = logging.getLogger(__name__)


class Worker:
    """A pipeline and a featuriser built once from a manifest; models load lazily, once."""

    def __init__(self, manifest: dict[str, Any], threads: int | None = None) -> None:
        self.manifest = manifest
        self.pipeline = Pipeline.from_manifest(manifest["pipeline"])
        self.config = StoryConfig.from_dict(manifest["stories"])
        self.featurizer = Featurizer(self.config, self.pipeline.context.models)
        if threads and "emb" in self.config.features:
            import torch

            torch.set_num_threads(threads)  # several workers on few cores: no oversubscription

    def featurize(self, docs: Sequence[Document]) -> list[DocFeatures]:
        return self.featurizer(docs)

    def story_map(self, docs: Sequence[Document], story: StorySummary) -> NarrativeMap | None:
        """The narrative map of one story's articles (the manifest's pipeline); None if it failed.

        Per-document failures are recorded in the map by the pipeline; a failure of
        the whole story is logged and costs that story's map only, never the run.
        """
        try:
            nmap = analyze_documents(docs, pipeline=self.pipeline)
        except Exception:
            log.exception("map of story %s failed", story.id)
            return None
        nmap.story = story
        return nmap


def analysed_rows(pipeline: Pipeline, docs: Sequence[Document]) -> list[dict[str, Any]]:
    """The document stages over ``docs`` (time budgets included), one row per document, in order.

    A row holds the encoded analysis, the spaCy language of its parse (whose
    vocabulary decodes it), the stages that failed on it and the seconds each
    stage took. An analysis holding a value with no exact JSON form (a plugin's
    note) is sent as its document instead, which the caller analyses itself.
    """
    rows: list[dict[str, Any]] = []
    before = dict(pipeline.timings)

    def done(item: DocAnalysis, failures: list[Skipped]) -> None:
        seconds = {k: v - before.get(k, 0.0) for k, v in pipeline.timings.items() if v != before.get(k)}
        before.update(pipeline.timings)
        encoded = encode_analysis(item)
        spacy_doc = item.scratch.spacy
        rows.append({
            "analysis": encoded[0] if encoded else "",
            "spacy": encoded[1] if encoded else None,
            "spacy_lang": spacy_doc.lang_ if encoded and spacy_doc is not None else "",
            "doc": "" if encoded else doc_to_json(docs[len(rows)]),
            "failures": json.dumps([asdict(f) for f in failures], ensure_ascii=False),
            "seconds": json.dumps(seconds),
        })

    pipeline.run_documents(docs, on_done=done)
    return rows


def analysis_from_row(row: dict[str, Any], pipeline: Pipeline) -> tuple[DocAnalysis, list[Skipped]]:
    """One document's analysis and failures from its row; its stage seconds join ``pipeline.timings``."""
    from ..nlp.pipelines import pipeline_for

    for name, seconds in json.loads(row["seconds"]).items():
        pipeline.timings[name] = pipeline.timings.get(name, 0.0) + seconds
    if not row["analysis"]:
        (item,), failures = pipeline.run_documents([doc_from_json(row["doc"])])
        return item, failures
    item = decode_analysis(row["analysis"], row["spacy"],
                           lambda: pipeline_for(pipeline.context.models, row["spacy_lang"]).vocab)
    return item, [Skipped(**f) for f in json.loads(row["failures"])]


def read_input(given: str, settings_overrides: dict[str, Any]) -> Iterable[Document | Skipped]:
    """One input (file, directory or URL) as ingestion streams it, in order."""
    from ..config import load_settings
    from ..ingest import iter_documents

    yield from iter_documents([given], load_settings(overrides=settings_overrides))
