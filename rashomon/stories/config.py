"""Settings of story clustering: which features, their weights, the threshold, decay.

One frozen object, recorded in every run's manifest so a worker (or next
year's run) featurises and assigns the same way. The defaults were calibrated
on the ECB+ train topics (``rashomon.eval.ecbplus_stories.calibrate``) and are
evaluated on the dev topics; see ``docs/stories.md``.

    >>> StoryConfig().with_overrides(threshold=0.3).threshold
    0.3
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, fields, replace
from typing import Any

from ..errors import ConfigError

FEATURES = ("lex", "ent", "emb")
ENTITY_METHODS = ("caps", "spacy")
# Weights and threshold per feature set, from the ECB+ train grid search (bench/bench_stories.py ecb):
# embedding cosines run higher than TF-IDF cosines, so a set with ``emb`` needs its own threshold.
PRESETS: dict[tuple[str, ...], dict[str, float]] = {
    ("lex", "ent"): {"w_lex": 0.7, "w_ent": 0.3, "threshold": 0.2},
    ("lex",): {"threshold": 0.2},
    ("lex", "ent", "emb"): {"w_lex": 0.4, "w_ent": 0.2, "w_emb": 0.4, "threshold": 0.3},
}


@dataclass(frozen=True)
class StoryConfig:
    """Everything story assignment depends on.

    ``features`` names the similarities used: ``lex`` (hashed TF-IDF of the
    lead), ``ent`` (names: capitalised-name heuristic or spaCy NER), ``emb``
    (MiniLM sentence embedding of the lead). Weights are renormalised over the
    features in use. ``half_life_days`` halves a story's pull per that many days
    since its last article; a story with no article for ``cold_days`` (or for
    ``cold_after_articles`` arrivals, for undated streams) is cold: it leaves
    memory and no article joins it again.
    """

    features: tuple[str, ...] = ("lex", "ent")
    entities: str = "caps"
    w_lex: float = 0.7
    w_ent: float = 0.3
    w_emb: float = 0.5
    threshold: float = 0.2
    half_life_days: float = 3.0
    cold_days: float = 10.0
    cold_after_articles: int = 50_000
    max_active: int = 4096
    lead_chars: int = 3000  # lexical features read the lead: the part that says what the story is
    entity_chars: int = 2000
    embed_chars: int = 500
    lex_top_terms: int = 100
    lex_dims: int = 2**18  # hashing space of terms (document frequencies are counted here)
    index_lex_dims: int = 2**13  # centroids fold terms into this many columns (bounded memory)
    index_ent_dims: int = 2**11
    num_perm: int = 64
    duplicate_threshold: float = 0.8
    shingle: int = 3

    def __post_init__(self) -> None:
        unknown = set(self.features) - set(FEATURES)
        if unknown or not self.features:
            raise ConfigError(f"story features {sorted(unknown) or '(none)'}: expected some of {', '.join(FEATURES)}")
        if self.entities not in ENTITY_METHODS:
            raise ConfigError(f"story entities '{self.entities}': expected one of {', '.join(ENTITY_METHODS)}")
        for dims in (self.lex_dims, self.index_lex_dims, self.index_ent_dims):
            if dims & (dims - 1):
                raise ConfigError(f"story hashing dimensions must be powers of two, got {dims}")
        if not 0.0 < self.duplicate_threshold <= 1.0:
            raise ConfigError(f"duplicate_threshold must be in (0, 1], got {self.duplicate_threshold}")

    def weights(self) -> dict[str, float]:
        """Weights of the features in use, summing to one."""
        raw = {f: float(getattr(self, f"w_{f}")) for f in self.features}
        total = sum(raw.values()) or 1.0
        return {f: w / total for f, w in raw.items()}

    def to_dict(self) -> dict[str, Any]:
        out = asdict(self)
        out["features"] = list(self.features)
        return out

    @classmethod
    def from_dict(cls, raw: Mapping[str, Any]) -> StoryConfig:
        known = {f.name for f in fields(cls)}
        unknown = set(raw) - known
        if unknown:
            raise ConfigError(f"unknown story settings: {', '.join(sorted(unknown))}")
        values = dict(raw)
        if "features" in values:
            values["features"] = tuple(values["features"])
        return cls(**values)

    def with_overrides(self, **changes: Any) -> StoryConfig:
        return replace(self, **{k: v for k, v in changes.items() if v is not None})

    @classmethod
    def for_features(cls, features: tuple[str, ...] | None, **changes: Any) -> StoryConfig:
        """The calibrated preset of a feature set (``PRESETS``), then explicit changes.

            >>> StoryConfig.for_features(("lex", "ent", "emb")).threshold
            0.3
        """
        base = cls() if features is None else cls(features=tuple(features))
        preset = PRESETS.get(tuple(sorted(base.features, key=FEATURES.index)), {})
        return base.with_overrides(**preset).with_overrides(**changes)
