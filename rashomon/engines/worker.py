"""What every engine's workers run: the pipeline rebuilt from its manifest.

A worker (a local process, a Ray actor) receives only the run's manifest, a
plain JSON-able dict: the narrative-map pipeline's own manifest (stages,
versions, settings, model names) and the story settings. It rebuilds the
pipeline with ``Pipeline.from_manifest`` once, so models load once per worker,
then featurises batches of articles and computes stories' maps on request.
Nothing a worker returns depends on which worker computed it: that is what
lets the single assigner give the same stories on any engine.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from typing import Any

from ..api import analyze_documents
from ..codec import decode_document as doc_from_json  # the names the engines ship documents by
from ..codec import encode_document as doc_to_json
from ..model import Document, NarrativeMap, Skipped
from ..pipeline import Pipeline
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

    def story_map(self, docs: Sequence[Document], extra: dict[str, Any]) -> NarrativeMap | None:
        """The narrative map of one story's articles (the manifest's pipeline); None if it failed.

        Per-document failures are recorded in the map by the pipeline; a failure of
        the whole story is logged and costs that story's map only, never the run.
        """
        try:
            nmap = analyze_documents(docs, pipeline=self.pipeline)
        except Exception:
            log.exception("map of story %s failed", extra.get("story", {}).get("id"))
            return None
        nmap.extra = {**nmap.extra, **extra}
        return nmap


def read_input(given: str, settings_overrides: dict[str, Any]) -> Iterable[Document | Skipped]:
    """One input (file, directory or URL) as ingestion streams it, in order."""
    from ..config import load_settings
    from ..ingest import iter_documents

    yield from iter_documents([given], load_settings(overrides=settings_overrides))
