"""Assemble registered stages, check their contracts once, run them.

Document stages run over batches of documents; a failure in one document is
recorded (``Corpus.skipped``) and that document keeps what the other stages
give it, so one bad article never costs the others. Each document has a time
budget (``doc_time_budget_s``, see ``budget.py``): past it, the document is
recorded as skipped, naming the stage, and the run goes on. Corpus stages then run once over
everything. ``Pipeline.manifest()`` records each stage's name, version and
config values, the models and the settings, and ``Pipeline.from_manifest`` rebuilds the same pipeline elsewhere
(a worker on another machine, or the same run next year).
"""

from __future__ import annotations

import dataclasses
import re
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Protocol

from .budget import OverBudget, limit
from .config import Settings, load_settings
from .contract import check_assigned, restore, snapshot
from .errors import PipelineError
from .model import Corpus, DocAnalysis, Document, Manifest, Skipped
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
    "claim-groups",
    "facts",
    "timeline",
    "stance",
    "citation-graph",
    "brief",
)

Progress = Callable[[str, int, int], None]
Finished = Callable[[DocAnalysis, list[Skipped]], None]  # a document done with every stage, and its failures
# What runs the document stages in place of ``Pipeline.run_documents`` (an engine's actors, say)
DocumentRunner = Callable[["Pipeline", Iterable[Document], Progress], tuple[list[DocAnalysis], list[Skipped]]]
_SURROGATE = re.compile("[\ud800-\udfff]")


def _real_date(value: str | None) -> str | None:
    """``value`` if it is a calendar date written YYYY-MM-DD, else None ("31/02/2020", "2019-02-29")."""
    if value is None or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return None
    try:
        date.fromisoformat(value)
    except ValueError:
        return None
    return value


def clean_document(document: Document) -> Document:
    """The document as every stage may assume it: encodable text, a real publication date or none.

    Lone surrogates (which no encoder accepts) are replaced one for one by
    U+FFFD, which keeps the text's length and so every character offset. A
    publication date that is not a real calendar date is dropped: the ``timex``
    stage then dates the article from its own text.
    """
    text = _SURROGATE.sub("\ufffd", document.text) if _SURROGATE.search(document.text) else document.text
    published = _real_date(document.published)
    if text is document.text and published == document.published:
        return document
    return dataclasses.replace(document, text=text, published=published)


def _no_progress(stage: str, done: int, total: int) -> None:
    return None


def _provided(name: str, available: set[str]) -> bool:
    """``doc.document.text`` is there once ``doc.document`` is: a field or any field containing it."""
    parts = name.split(".")
    return any(".".join(parts[:k]) in available for k in range(2, len(parts) + 1))


def check_order(specs: Sequence[StageSpec]) -> None:
    """Fail at assembly, not mid-run, when a stage needs a field nothing before it assigns."""
    available = {"doc.document"}
    seen_corpus = False
    for spec in specs:
        if spec.scope == "document" and any(n.startswith("corpus.") for n in spec.assigns):
            raise PipelineError(f"document stage '{spec.name}' cannot assign corpus fields")
        missing = {n for n in spec.requires if not _provided(n, available)}
        if missing:
            raise PipelineError(
                f"stage '{spec.name}' requires {sorted(missing)}, which no earlier stage assigns"
            )
        if spec.scope == "document" and seen_corpus:
            raise PipelineError(f"document stage '{spec.name}' cannot follow a corpus stage")
        seen_corpus = seen_corpus or spec.scope == "corpus"
        available |= set(spec.assigns)


class _Run:
    """One document's way through the document stages: its analysis, time spent, and what went wrong."""

    def __init__(self, item: DocAnalysis, budget_s: float) -> None:
        self.item, self.budget_s = item, budget_s
        self.spent = 0.0
        self.failures: list[Skipped] = []
        self.done: set[str] = set()  # stages that finished on this document
        self.lost: set[str] = set()  # what failed stages would have assigned
        self.stopped = False  # over budget: no further stage runs

    def remaining(self) -> float | None:
        return None if self.budget_s <= 0 else self.budget_s - self.spent

    def wants(self, spec: StageSpec) -> bool:
        return not self.stopped and not (self.lost & set(spec.requires))

    def step(self, spec: StageSpec, fn: Callable[[Any], Any]) -> None:
        """Run one stage on this document alone, within what is left of its budget."""
        began = time.perf_counter()
        source = self.item.document.source
        try:
            with limit(self.remaining()):
                self.item = fn(self.item)
            self.done.add(spec.name)
        except OverBudget:
            self.failures.append(Skipped(source, f"over its time budget ({self.budget_s:g} s) in stage {spec.name}",
                                         spec.name))
            self.stopped = True
        except Exception as exc:  # noqa: BLE001 - one document's failure must not stop the run
            self.failures.append(Skipped(source, f"{type(exc).__name__}: {exc}", spec.name))
            self.lost |= set(spec.assigns)
        finally:
            self.spent += time.perf_counter() - began


def _try_batch(batch_fn: Callable[[list[DocAnalysis]], list[DocAnalysis]], runs: list[_Run],
               assigns: tuple[str, ...]) -> list[DocAnalysis] | None:
    """The batch call's results, or None when it failed or overran (the caller then runs each document alone).

    What the failed call had already written into the fields the stage assigns is
    put back first, so each document's rerun starts from what it had before.
    """
    budgets = [r.remaining() for r in runs]
    tightest = None if None in budgets else min(b for b in budgets if b is not None)
    saved = [snapshot(r.item, assigns) for r in runs]
    try:
        with limit(tightest):
            return batch_fn([r.item for r in runs])
    except Exception:  # noqa: BLE001 - each document is run alone next, which records what failed
        for run, before in zip(runs, saved):
            restore(run.item, before)
        return None


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

    def manifest(self) -> Manifest:
        """Each stage's name, version and config values (with its time), the models and every setting."""
        settings = self.context.settings
        return {
            "stages": [
                {"name": s.name, "version": s.version, "config": s.config_values(settings),
                 "seconds": round(self.timings.get(s.name, 0.0), 3)}
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
        self,
        documents: Iterable[Document],
        progress: Progress = _no_progress,
        on_done: Finished | None = None,
    ) -> tuple[list[DocAnalysis], list[Skipped]]:
        """Run the document stages batch by batch; failures and time budgets are per document.

        Within a batch of ``batch_size`` documents the stages run one after
        another over the whole batch, so a stage with a batch entry (``fn.pipe``:
        spaCy's ``nlp.pipe``, one embedding pass over every claim) lets its model
        see many documents at once. Each batch is finished (and ``on_done``
        called: the store saves each document) long before the run ends. A stage
        that fails on a document is recorded and only the later stages that need
        what it assigns are dropped for it; a document over its time budget keeps
        what its finished stages gave it.
        """
        docs = [DocAnalysis(clean_document(d)) for d in documents]
        skipped: list[Skipped] = []
        fns = [(spec, spec.factory(self.context)) for spec in self.document_stages]
        settings = self.context.settings
        batch = max(1, settings.batch_size)
        for i in range(0, len(docs), batch):
            group = [_Run(item, settings.doc_time_budget_s) for item in docs[i : i + batch]]
            for spec, fn in fns:
                self._run_stage(spec, fn, [r for r in group if r.wants(spec)])
            for k, run in enumerate(group):
                docs[i + k] = run.item
                skipped.extend(run.failures)
                if on_done is not None:
                    on_done(run.item, run.failures)
            done = min(i + batch, len(docs))
            for spec in self.document_stages:
                progress(spec.name, done, len(docs))
        return docs, skipped

    def _run_stage(self, spec: StageSpec, fn: Callable[[Any], Any], runs: list[_Run]) -> None:
        """One stage over the live documents of a batch: at once through ``fn.pipe`` if it has one, else each alone.

        The batch call must finish within the tightest remaining budget and is
        charged to its documents in equal shares; if it fails or overruns, its
        time is charged to no one and each document is run alone, so the one
        that fails or overruns is found and the others keep their results.
        """
        began = time.perf_counter()
        batch_fn = getattr(fn, "pipe", None)
        try:
            results = _try_batch(batch_fn, runs, spec.assigns) if batch_fn is not None and len(runs) > 1 else None
            if results is not None:
                share = (time.perf_counter() - began) / len(runs)
                for run, result in zip(runs, results):
                    run.item, run.spent = result, run.spent + share
                    run.done.add(spec.name)
            else:
                for run in runs:
                    run.step(spec, fn)
        finally:
            self.timings[spec.name] = self.timings.get(spec.name, 0.0) + time.perf_counter() - began
        if self.context.settings.check_contracts:
            for run in runs:
                if spec.name in run.done:
                    check_assigned(spec.name, spec.assigns, run.item, None)

    def run_corpus(self, corpus: Corpus, progress: Progress = _no_progress) -> Corpus:
        budget_s = self.context.settings.corpus_stage_budget_s
        for spec in self.corpus_stages:
            fn = spec.factory(self.context)
            began = time.perf_counter()
            try:
                with limit(budget_s if budget_s > 0 else None):
                    corpus = fn(corpus)
            except OverBudget:
                corpus.skipped.append(Skipped("(corpus)", f"over its time budget ({budget_s:g} s) in stage "
                                                          f"{spec.name}", spec.name))
            except Exception as exc:  # noqa: BLE001 - a failed comparison must not lose the documents' analysis
                corpus.skipped.append(Skipped("(corpus)", f"{type(exc).__name__}: {exc}", spec.name))
            else:
                if self.context.settings.check_contracts:
                    check_assigned(spec.name, spec.assigns, None, corpus)
            self.timings[spec.name] = self.timings.get(spec.name, 0.0) + time.perf_counter() - began
            progress(spec.name, 1, 1)
        return corpus

    def __call__(self, documents: Iterable[Document], progress: Progress = _no_progress,
                 runner: DocumentRunner | None = None) -> Corpus:
        """Document stages (here, or by ``runner``: same outputs, same order), then the corpus stages here."""
        docs, skipped = runner(self, documents, progress) if runner else self.run_documents(documents, progress)
        corpus = self.run_corpus(Corpus(docs=docs, skipped=skipped), progress)
        for d in corpus.docs:
            d.scratch.clear()
        return corpus


class DocumentEngine(Protocol):
    """What ``analyze_documents`` needs to run the document stages elsewhere (``Pipeline.run_documents``'s contract)."""

    name: str
    workers: int

    def run_documents(
        self, pipeline: Pipeline, documents: Iterable[Document], progress: Progress
    ) -> tuple[list[DocAnalysis], list[Skipped]]: ...

    def close(self) -> None: ...
