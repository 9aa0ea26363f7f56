"""Layered settings resolved once into one frozen object.

Layers, later wins: packaged ``defaults.toml``, a user TOML file, environment
variables ``RASHOMON_<KEY>`` (``RASHOMON_MODELS__SPACY`` for a nested key), and
explicit overrides (CLI flags).

    >>> load_settings(overrides={"batch_size": 4}).batch_size
    4
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from pathlib import Path
from types import MappingProxyType
from typing import Any

from .errors import ConfigError

_DEFAULTS = Path(__file__).with_name("defaults.toml")


@dataclass(frozen=True)
class Settings:
    """Everything a run depends on; recorded in the manifest of every output."""

    batch_size: int = 8
    max_input_bytes: int = 20_000_000
    fetch_timeout_s: float = 10.0
    fetch_max_bytes: int = 5_000_000
    allow_private_urls: bool = True
    min_article_chars: int = 40
    doc_time_budget_s: float = 120.0  # per document, all its stages together (rashomon/budget.py)
    corpus_stage_budget_s: float = 900.0  # per corpus stage
    check_contracts: bool = False  # after each stage, check the fields it assigns hold their declared types
    alias_file: str = ""  # a user alias table read after the packaged one (docs/entities.md)
    brief_min_agree: float = 0.0  # the brief shows agree links scoring at least this
    brief_min_contradict: float = 0.0  # ... contradict links scoring at least this
    brief_min_conflict: float = 0.7  # ... fact conflicts whose confidence (when they carry one) reaches this
    brief_min_checkworthy: float = 0.5  # "only one source says" lists claims at least this check-worthy
    brief_max_items: int = 10  # lines per section of the brief
    brief_reported_cosine: float = 0.6  # "only one source says" leaves out claims aligned this close to another's
    relate_agree_min: float = -1.0  # shown-link thresholds; negative: the model's calibrated value
    relate_contradict_min: float = -1.0
    relate_possible_min: float = -1.0
    relate_rule_contradict_min: float = 0.5
    relate_rule_agree_min: float = 0.5
    relate_rule_margin: float = 0.1
    relate_cue_min: float = 0.3
    relate_cue_lean: float = 0.05
    relate_cue_min_cosine: float = 0.4
    relate_overlap_min: float = 0.4
    relate_guard_min: float = 0.05
    relate_xling_agree_min: float = 1.0
    relate_xling_contradict_min: float = 1.0
    relate_xling_possible_min: float = 0.5
    # Stage settings (defaults.toml explains each); a stage declares those it reads.
    stance_reported_weight: float = 0.3
    stance_reported_word_weight: float = 0.3
    stance_label_min: float = 0.1
    stance_mixed_share: float = 0.35
    stance_evidence_max: int = 5
    align_top_k: int = 5
    align_min_cosine: float = 0.35
    align_entity_max_claims: int = 40
    align_entity_min_cosine: float = 0.25
    align_xling_min_cosine: float = 0.80
    eventcoref_threshold: float = 0.4
    eventcoref_rule_prob: float = 0.9
    eventcoref_no_actor_prob: float = 0.3
    eventcoref_far_apart_days: int = 366
    timeline_show_confidence: float = 0.7
    facts_same_subject_cosine: float = 0.55
    facts_same_place_cosine: float = 0.45
    facts_show_confidence: float = 0.7
    story_shared_entities: int = 2
    story_cosine: float = 0.5
    story_cosine_with_name: float = 0.3
    story_specific_share: float = 0.05
    story_specific_min_docs: int = 3
    story_linkage: float = 0.5
    models: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))

    def to_dict(self) -> dict[str, Any]:
        out = {f.name: getattr(self, f.name) for f in fields(self)}
        out["models"] = dict(self.models)
        return out


def _merge(base: dict[str, Any], top: Mapping[str, Any]) -> dict[str, Any]:
    out = dict(base)
    for key, value in top.items():
        if isinstance(value, Mapping) and isinstance(out.get(key), dict):
            out[key] = _merge(out[key], value)
        else:
            out[key] = value
    return out


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read settings ({exc})") from exc


def _from_env(known: Mapping[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name, raw in os.environ.items():
        if not name.startswith("RASHOMON_") or name == "RASHOMON_CONFIG":
            continue
        path = name[len("RASHOMON_"):].lower().split("__")
        if path[0] not in known:
            continue
        target = out
        for part in path[:-1]:
            target = target.setdefault(part, {})
        target[path[-1]] = raw
    return out


def _coerce(values: dict[str, Any]) -> Settings:
    kinds = {f.name: f.type for f in fields(Settings)}
    clean: dict[str, Any] = {}
    for key, value in values.items():
        if key not in kinds:
            raise ConfigError(f"unknown setting '{key}'")
        if key == "models":
            clean[key] = MappingProxyType({str(k): str(v) for k, v in dict(value).items()})
            continue
        default = getattr(Settings, key)
        try:
            clean[key] = _as_type(value, type(default))
        except ValueError as exc:
            raise ConfigError(f"setting '{key}': {exc}") from exc
    return Settings(**clean)


def _as_type(value: Any, kind: type) -> Any:
    if kind is bool and isinstance(value, str):
        if value.lower() in {"1", "true", "yes", "on"}:
            return True
        if value.lower() in {"0", "false", "no", "off"}:
            return False
        raise ValueError(f"expected true/false, got {value!r}")
    return kind(value)


def load_settings(
    path: str | Path | None = None, overrides: Mapping[str, Any] | None = None
) -> Settings:
    """Resolve the layers into one frozen ``Settings``."""
    values = _read_toml(_DEFAULTS)
    user = path or os.environ.get("RASHOMON_CONFIG")
    if user:
        values = _merge(values, _read_toml(Path(user)))
    values = _merge(values, _from_env(values))
    values = _merge(values, {k: v for k, v in (overrides or {}).items() if v is not None})
    return _coerce(values)
