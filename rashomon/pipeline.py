"""Assemble registered stages, check their contracts once, run them.

Document stages run over batches of documents; a failure in one document is
recorded (``Corpus.skipped``) and that document keeps what earlier stages gave
it, so one bad article never costs the others. Corpus stages then run once over
everything. ``Pipeline.manifest()`` records names, versions, models and
settings, and ``Pipeline.from_manifest`` rebuilds the same pipeline elsewhere
(a worker on another machine, or the same run next year).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from .config import Settings, load_settings
from .errors import PipelineError
from .model import Corpus, DocAnalysis, Document, Skipped
from .registry import Context, StageSpec, get_stage

DEFAULT_STAGES: tuple[str, ...] = (
    "language",
    "parse",
    "mentions",
    "claims",
    "attribution",
    "citations",
    "timex",
    "events",
    "stance-cues",
    "known-names",
    "resolve",
    "claim-entities",
    "align",
    "relate",
    "facts",
    "timeline",
    "stance",
    "brief",
)

Progress = Callable[[str, int, int], None]


def _no_progress(stage: str, done: int, total: int) -> None:
    return None


def check_order(specs: Sequence[StageSpec]) -> None:
    """Fail at assembly, not mid-run, when a stage needs what nothing before it assigns."""
    available = {"document"}
    seen_corpus = False
    for spec in specs:
        missing = set(spec.requires) - available
        if missing:
            raise PipelineError(
                f"stage '{spec.name}' requires {sorted(missing)}, which no earlier stage assigns"
            )
        if spec.scope == "document" and seen_corpus:
            raise PipelineError(f"document stage '{spec.name}' cannot follow a corpus stage")
        seen_corpus = seen_corpus or spec.scope == "corpus"
        available |= set(spec.assigns)


@dataclass
class Pipeline:
    """An ordered, contract-checked list of stages bound to one context."""

    specs: list[StageSpec]
    context: Context
    timings: dict[str, float] = field(default_factory=dict)

    @classmethod
    def assemble(
        cls,
        names: Sequence[str] = DEFAULT_STAGES,
        settings: Settings | None = None,
        context: Context | None = None,
    ) -> Pipeline:
        from .models.registry import ModelRegistry

        specs = [get_stage(n) for n in names]
        check_order(specs)
        if context is None:
            settings = settings or load_settings()
            context = Context(settings, ModelRegistry(settings))
        return cls(specs, context)

    @classmethod
    def from_manifest(cls, manifest: Mapping[str, Any]) -> Pipeline:
        """Rebuild the pipeline a manifest describes; versions must match."""
        settings = load_settings(overrides=dict(manifest.get("settings", {})))
        names = [s["name"] for s in manifest["stages"]]
        pipe = cls.assemble(names, settings)
        for spec, recorded in zip(pipe.specs, manifest["stages"]):
            if spec.version != str(recorded["version"]):
                raise PipelineError(
                    f"stage '{spec.name}' is version {spec.version}, manifest asks {recorded['version']}"
                )
        return pipe

    def manifest(self) -> dict[str, Any]:
        return {
            "stages": [
                {"name": s.name, "version": s.version, "seconds": round(self.timings.get(s.name, 0.0), 3)}
                for s in self.specs
            ],
            "models": self.context.models.describe(),
            "settings": self.context.settings.to_dict(),
        }

    @property
    def document_stages(self) -> list[StageSpec]:
        return [s for s in self.specs if s.scope == "document"]

    @property
    def corpus_stages(self) -> list[StageSpec]:
        return [s for s in self.specs if s.scope == "corpus"]

    def run_documents(
        self, documents: Iterable[Document], progress: Progress = _no_progress
    ) -> tuple[list[DocAnalysis], list[Skipped]]:
        """Run the document stages batch by batch; failures are per document."""
        docs = [DocAnalysis(d) for d in documents]
        skipped: list[Skipped] = []
        failed: set[str] = set()
        batch = max(1, self.context.settings.batch_size)
        for spec in self.document_stages:
            fn = spec.factory(self.context)
            began = time.perf_counter()
            for i in range(0, len(docs), batch):
                for j, item in enumerate(docs[i : i + batch], start=i):
                    if item.document.id in failed:
                        continue
                    try:
                        docs[j] = fn(item)
                    except Exception as exc:  # noqa: BLE001 - one document's failure must not stop the run
                        failed.add(item.document.id)
                        skipped.append(Skipped(item.document.source, f"{type(exc).__name__}: {exc}", spec.name))
                progress(spec.name, min(i + batch, len(docs)), len(docs))
            self.timings[spec.name] = self.timings.get(spec.name, 0.0) + time.perf_counter() - began
        return docs, skipped

    def run_corpus(self, corpus: Corpus, progress: Progress = _no_progress) -> Corpus:
        for spec in self.corpus_stages:
            fn = spec.factory(self.context)
            began = time.perf_counter()
            try:
                corpus = fn(corpus)
            except Exception as exc:  # noqa: BLE001 - a failed comparison must not lose the documents' analysis
                corpus.skipped.append(Skipped("(corpus)", f"{type(exc).__name__}: {exc}", spec.name))
            self.timings[spec.name] = self.timings.get(spec.name, 0.0) + time.perf_counter() - began
            progress(spec.name, 1, 1)
        return corpus

    def __call__(self, documents: Iterable[Document], progress: Progress = _no_progress) -> Corpus:
        docs, skipped = self.run_documents(documents, progress)
        corpus = self.run_corpus(Corpus(docs=docs, skipped=skipped), progress)
        for d in corpus.docs:
            d.scratch.clear()
        return corpus
