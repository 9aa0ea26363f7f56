"""The stage registry: built-in stages register exactly as a plugin would.

A stage is a factory registered under a name and a version, with a declared
contract: the fields of the data model it *requires* and those it *assigns*
(``doc.claims``, ``corpus.links``: real fields, checked by ``rashomon.contract``
when the stage registers), and its *config*: the settings it reads. Document-scoped stages take and return one
``DocAnalysis``; corpus-scoped stages take and return the ``Corpus``.
Third-party packages add stages through the ``rashomon.stages`` entry-point
group: importing their module registers them.

The version and the config values are what make a stage's output reproducible:
both are recorded in every map's manifest, and both key the store's cache of
per-document analyses, so raising a version (or changing a setting a stage
reads) re-analyses stored documents, and nothing else does.

    >>> @stage("example.noop", requires=("doc.document",), assigns=(), version="1", config=("batch_size",))
    ... def make_noop(ctx):
    ...     return lambda doc: doc
    >>> spec = get_stage("example.noop")
    >>> spec.scope, spec.config
    ('document', ('batch_size',))
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, fields
from importlib import import_module
from importlib.metadata import entry_points
from typing import TYPE_CHECKING, Any, Literal

from .config import Settings
from .contract import check_declared
from .errors import PipelineError

if TYPE_CHECKING:
    from .models.registry import ModelRegistry

Scope = Literal["document", "corpus"]


@dataclass(frozen=True)
class Context:
    """What a stage factory may use: the settings and the shared model registry."""

    settings: Settings
    models: ModelRegistry


@dataclass(frozen=True)
class StageSpec:
    name: str
    version: str
    requires: tuple[str, ...]
    assigns: tuple[str, ...]
    scope: Scope
    factory: Callable[[Context], Callable[[Any], Any]]
    doc: str = ""
    config: tuple[str, ...] = ()  # the settings the stage reads

    def config_values(self, settings: Settings) -> dict[str, Any]:
        """The stage's settings and their values in this run: what the manifest records."""
        return {name: getattr(settings, name) for name in self.config}


_STAGES: dict[str, StageSpec] = {}
_BUILTIN_MODULES = (
    "rashomon.nlp.language",
    "rashomon.nlp.parse",
    "rashomon.nlp.entities",
    "rashomon.nlp.known_names",
    "rashomon.nlp.claims",
    "rashomon.nlp.attribution",
    "rashomon.nlp.citations",
    "rashomon.nlp.timex",
    "rashomon.nlp.events",
    "rashomon.nlp.resolve",
    "rashomon.nlp.stance",
    "rashomon.compare.align",
    "rashomon.compare.relate",
    "rashomon.compare.facts",
    "rashomon.compare.timeline",
    "rashomon.compare.groups",
    "rashomon.compare.citegraph",
    "rashomon.brief.stage",
)
_loaded = False


def stage(
    name: str,
    *,
    requires: tuple[str, ...],
    assigns: tuple[str, ...],
    version: str,
    config: tuple[str, ...],
    scope: Scope = "document",
) -> Callable[[Callable[[Context], Callable[[Any], Any]]], Callable[[Context], Callable[[Any], Any]]]:
    """Register a stage factory under ``name``; its docstring documents the stage.

    ``version`` is raised whenever the stage's output for the same input changes;
    ``config`` names every setting the stage reads (``stage_config`` hands them over).
    """
    known = {f.name for f in fields(Settings)}
    unknown = [c for c in config if c not in known]
    if not isinstance(version, str) or not version:
        raise PipelineError(f"stage '{name}': version must be a non-empty string, got {version!r}")
    if unknown:
        raise PipelineError(f"stage '{name}' declares unknown settings {unknown}")
    check_declared(name, (*requires, *assigns))

    def register(factory: Callable[[Context], Callable[[Any], Any]]) -> Callable[[Context], Callable[[Any], Any]]:
        _STAGES[name] = StageSpec(
            name, version, requires, assigns, scope, factory, (factory.__doc__ or "").strip(), tuple(config)
        )
        return factory

    return register


def stage_config(ctx: Context, name: str) -> dict[str, Any]:
    """The values of the settings stage ``name`` declares: the only settings it should read."""
    return get_stage(name).config_values(ctx.settings)


def load_plugins() -> None:
    """Import the built-in stage modules and every ``rashomon.stages`` entry point once."""
    global _loaded
    if _loaded:
        return
    for module in _BUILTIN_MODULES:
        try:
            import_module(module)
        except Exception as exc:
            # A broken built-in module must fail here, naming itself: marking the registry loaded first
            # would turn it into a misleading "unknown stage" on every later call.
            raise PipelineError(f"stage module {module} cannot be imported: {type(exc).__name__}: {exc}") from exc
    for ep in entry_points(group="rashomon.stages"):
        try:
            ep.load()
        except Exception as exc:
            raise PipelineError(f"stage plugin '{ep.name}' ({ep.value}) cannot be imported: "
                                f"{type(exc).__name__}: {exc}") from exc
    _loaded = True  # only once everything imported: a failed import is retried and fails loudly again


def get_stage(name: str) -> StageSpec:
    load_plugins()
    try:
        return _STAGES[name]
    except KeyError:
        known = ", ".join(sorted(_STAGES))
        raise PipelineError(f"unknown stage '{name}'; registered stages: {known}") from None


def all_stages() -> dict[str, StageSpec]:
    load_plugins()
    return dict(_STAGES)
