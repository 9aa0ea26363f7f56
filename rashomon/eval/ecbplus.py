"""ECB+ evaluation: cross-document coreference on the dev topics, one row family per function.

The task ``ecbplus`` loads the split once (``ecbplus_data``), parses it once,
and calls every registered row builder with an ``EcbContext``; a builder
returns ``Row`` objects and may write to its own ``details`` section. Entity
coreference rows live here; other modules add theirs with ``@rows("name")``
and are imported if present (``_ROW_MODULES``).

Entity rows score the ``mentions`` + ``resolve`` stages **over gold mentions**:
each gold entity mention that overlaps a name found by the ``mentions`` stage
enters the resolver with that name's text and label; the resolver runs per
topic (one topic = one story, as a user would run rashomon); gold mentions
the stage does not see as names (nominals, pronouns, names it missed) stay
singletons. A second run gives every gold name mention (its own text) to the
resolver alone, to score resolution apart from name detection. Scores use
``coref_metrics`` (MUC, B3, CEAF-e, CoNLL F1), with singletons, beside a
head-lemma baseline computed the same way. "Names" are gold mentions ending in
a capitalised word, pronouns and time expressions aside (decided from the gold
text, so every spaCy model is scored on the same subset).

Published entity figures (ECB+ test split, trained neural models, all mention
types including nominals and pronouns) are in ``ENTITY_REFERENCE``; ours are on
the dev split, from rules and the packaged spaCy model, so they are context,
not a like-for-like comparison.

    rashomon eval ecbplus            # all 8 dev topics
    rashomon eval ecbplus --fast     # 3 topics, for the CI gate
    rashomon eval ecbplus --limit 5  # the first 5 topics
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from importlib import import_module
from typing import Any

from ..model import Mention
from .coref_metrics import b_cubed, conll
from .ecbplus_data import EcbSplit, GoldMention, load_split
from .tasks import EvalOptions, Row, TaskResult, task

FAST_TOPICS = 3
# Published cross-document entity coreference on ECB+ (test split, gold mentions, trained models).
ENTITY_REFERENCE = "CoNLL F1 ~0.70 (Barhom et al. 2019) to ~0.83 (Caciularu et al. 2021), test split, trained models"
_ROW_MODULES = ("rashomon.eval.ecbplus_events",)  # story clustering is its own task: ecbplus-stories


@dataclass
class EcbContext:
    """What row builders share: the split, options, one spaCy parse, a details dict."""

    split: EcbSplit
    opts: EvalOptions
    details: dict[str, Any] = field(default_factory=dict)
    _parsed: dict[str, Any] | None = None

    @property
    def label(self) -> str:
        """ "ECB+ dev (8 topics)": row data names say which subset was scored."""
        n = len(self.split.topics())
        return f"ECB+ dev ({n} topic{'' if n == 1 else 's'})"

    def parsed(self) -> dict[str, Any]:
        """spaCy Doc per document id, parsed once with the configured model."""
        if self._parsed is None:
            from ..config import load_settings
            from ..models.registry import ModelRegistry

            nlp = ModelRegistry(load_settings()).get("spacy")
            ids = sorted(self.split.docs)
            texts = (self.split.docs[i].text for i in ids)
            self._parsed = dict(zip(ids, nlp.pipe(texts, batch_size=32)))
        return self._parsed


RowFn = Callable[[EcbContext], list[Row]]
_ROW_BUILDERS: dict[str, RowFn] = {}


def rows(name: str) -> Callable[[RowFn], RowFn]:
    """Register a function that adds rows to the ``ecbplus`` task."""

    def register(fn: RowFn) -> RowFn:
        _ROW_BUILDERS[name] = fn
        return fn

    return register


def _load_row_modules() -> None:
    for module in _ROW_MODULES:
        try:
            import_module(module)
        except ModuleNotFoundError as exc:
            if exc.name != module:
                raise


def dev_split(opts: EvalOptions) -> EcbSplit:
    """The dev split, or its first ``FAST_TOPICS`` topics (or ``--limit`` topics) when asked."""
    split = load_split(opts.path("ecbplus"), "Dev")
    n = opts.limit or (FAST_TOPICS if opts.fast else None)
    if n:
        split = split.restrict(set(sorted(split.topics(), key=int)[:n]))
    return split


@task("ecbplus")
def run_ecbplus(opts: EvalOptions) -> TaskResult:
    _load_row_modules()
    ctx = EcbContext(dev_split(opts), opts)
    out: list[Row] = []
    for name, fn in _ROW_BUILDERS.items():
        section: dict[str, Any] = {}
        ctx.details[name] = section
        out += fn(ctx)
    ctx.details["topics"] = sorted(ctx.split.topics(), key=int)
    command = "rashomon eval ecbplus" + (" --fast" if opts.fast else "")
    return TaskResult("ecbplus", out, command, details=ctx.details)


# --- entity coreference -------------------------------------------------------------------------


def system_mentions(ctx: EcbContext) -> tuple[dict[str, list[Mention]], dict[str, list[dict[str, Any]]]]:
    """The ``mentions`` stage on every document: names and parenthesised definitions."""
    from ..nlp.entities import find_mentions

    names: dict[str, list[Mention]] = {}
    pairs: dict[str, list[dict[str, Any]]] = {}
    for doc_id, doc in ctx.parsed().items():
        names[doc_id], pairs[doc_id] = find_mentions(doc, doc_id)  # type: ignore[assignment]
    return names, pairs


def match_names(gold: list[GoldMention], names: dict[str, list[Mention]]) -> dict[str, Mention]:
    """Gold mention id -> the system name overlapping it most (same document).

    Overlap, not head position: the preprocessed text ("Dr . Regina Benjamin")
    parses too poorly for heads to be trusted, and overlap scored higher on dev.
    """
    out = {}
    for g in gold:
        best, overlap = None, 0
        for m in names.get(g.doc, []):
            shared = min(g.end, m.end) - max(g.start, m.start)
            if shared > overlap:
                best, overlap = m, shared
        if best is not None:
            out[g.id] = best
    return out


# Label for a gold mention the mentions stage did not find, from its ECB+ type.
_TYPE_LABELS = {"HUM": "PERSON", "LOC": "GPE", "NON": "ORG", "TIM": "DATE"}


def _gold_as_name(g: GoldMention) -> str:
    """The gold text without leading lower-case words ("in the Gulf of Aden" -> "Gulf of Aden")."""
    words = g.text.split()
    while len(words) > 1 and not words[0][:1].isupper():
        words = words[1:]
    return " ".join(words)


SystemLabels = dict[str, tuple[str, Hashable]]  # gold mention id -> (topic or "single", cluster)


def resolve_gold(ctx: EcbContext, gold: list[GoldMention], every_gold: bool = False) -> SystemLabels:
    """Gold mention id -> system cluster id, from the resolver run per topic.

    By default only gold mentions the ``mentions`` stage found enter, with the
    found name's text and label (end to end); with ``every_gold`` every gold
    mention enters with its own text, to score the resolver alone.
    """
    from ..nlp.resolve import resolve

    names, pairs = system_mentions(ctx)
    matched = match_names(gold, names)
    labels: SystemLabels = {g.id: ("single", g.id) for g in gold}
    by_topic: dict[str, list[tuple[str, Mention]]] = {}
    for g in gold:
        m = matched.get(g.id)
        if m is None and not every_gold:
            continue
        label = m.label if m is not None else _TYPE_LABELS.get(g.type, "ORG")
        text = _gold_as_name(g) if every_gold else m.text  # type: ignore[union-attr]
        topic = ctx.split.docs[g.doc].topic
        by_topic.setdefault(topic, []).append((g.id, Mention(g.doc, g.start, g.end, text, label)))
    for topic, items in sorted(by_topic.items()):
        topic_pairs = [p for d in ctx.split.topics()[topic] for p in pairs.get(d, [])]
        resolve([m for _, m in items], topic_pairs)
        for gid, m in items:
            labels[gid] = (topic, m.entity)
    return labels


def head_lemma_labels(ctx: EcbContext, gold: list[GoldMention]) -> SystemLabels:
    """Baseline: gold mentions of one topic with the same head lemma are one entity."""
    parsed = ctx.parsed()
    out: SystemLabels = {}
    for g in gold:
        span = parsed[g.doc].char_span(g.start, g.end, alignment_mode="expand")
        head = span.root.lemma_.lower() if span is not None and len(span) else g.text.lower()
        out[g.id] = (ctx.split.docs[g.doc].topic, head)
    return out


_PRONOUNS = frozenset(
    ["i", "me", "my", "we", "us", "our", "you", "your", "he", "him", "his", "she", "her", "it", "its", "they", "them", "their", "who", "whom", "whose", "this", "that", "these", "those"]
)


def is_name(g: GoldMention) -> bool:
    """A gold mention that ends in a capitalised word and is no pronoun or time expression.

    Decided from the gold text alone, so every spaCy model is scored on the same subset.
    """
    words = [w for w in g.text.split() if any(c.isalpha() for c in w)]
    if g.type == "TIM" or not words or g.text.lower() in _PRONOUNS:
        return False
    last = next(c for c in words[-1] if c.isalpha())
    return last.isupper()


def _score_rows(
    ctx: EcbContext, data: str, gold: list[GoldMention], system: SystemLabels, tag: str
) -> list[Row]:
    """CoNLL F1 and B3 F1 rows (fractions); all four scores go to ``details``."""
    from .coref_metrics import clusters_from_labels

    key = clusters_from_labels({g.id: g.chain for g in gold})
    response = clusters_from_labels({g.id: system[g.id] for g in gold})
    scores = conll(key, response)
    ctx.details["entities"][f"{data}{tag}"] = {k: round(v, 4) for k, v in scores.items()}
    ref = ENTITY_REFERENCE if tag == "" and data.endswith("all entity mentions") else ""
    return [
        Row(data, f"CoNLL F1{tag}", round(scores["conll"], 4), ref),
        Row(data, f"B3 F1{tag}", round(b_cubed(key, response).f1, 4)),
    ]


@rows("entities")
def entity_rows(ctx: EcbContext) -> list[Row]:
    """Entity coreference over gold mentions: end to end (mentions + resolve) and resolve alone."""
    gold = ctx.split.entities
    named = [g for g in gold if is_name(g)]
    end_to_end = resolve_gold(ctx, gold)
    alone = resolve_gold(ctx, named, every_gold=True)
    baseline = head_lemma_labels(ctx, gold)
    found = sum(1 for g in named if end_to_end[g.id][0] != "single")
    ctx.details["entities"].update(gold_mentions=len(gold), named_mentions=len(named), named_found=found)
    all_data, names_data = f"{ctx.label}, all entity mentions", f"{ctx.label}, entity mentions that are names"
    out = _score_rows(ctx, all_data, gold, end_to_end, "")
    out += _score_rows(ctx, all_data, gold, baseline, " (head-lemma baseline)")
    out += _score_rows(ctx, names_data, named, end_to_end, "")
    out += _score_rows(ctx, names_data, named, alone, " (resolve alone, every gold name)")
    out += _score_rows(ctx, names_data, named, baseline, " (head-lemma baseline)")
    out.append(Row(names_data, "names found by the mentions stage", round(found / max(1, len(named)), 4)))
    return out
