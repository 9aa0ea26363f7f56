"""How each source leans toward each actor: targeted sentiment plus loaded terms.

Two stages, so the work that needs the spaCy parse runs where the parse is:

* ``stance-cues`` (document scope) finds evaluative words in each claim and
  attributes each to the actor it is *about* through the dependency parse
  (``targets``), not to every name in the sentence. Evaluative words come
  from the VADER lexicon with a news adjustment (``NEWS_NEUTRAL``: the words
  of conflict reporting, "killed", "war", "strike", "forces", are topic, not
  judgement; words inside a name, "Revolutionary *Guard*", "*Popular*
  Mobilization Forces", never count) and from ``data/loaded_terms.tsv``.
  The cues, plain dicts keyed by mention offsets, go to ``notes.stance``.
* ``stance`` (corpus scope) maps the cue offsets to resolved entities and
  aggregates per (document, entity) into a ``Stance`` with its evidence
  claims and the loaded terms the source used, and writes a per-source
  framing summary to ``corpus.framing``.

Cues in claims a source attributes to someone else (quotes, reported
speech) weigh ``stance_reported_weight``: a source that quotes praise is not
praising; inside a claim, a cue word under another speaker's reporting verb
weighs ``stance_reported_word_weight``. The weights and the labelling bars (``stance_*``) are settings,
declared by the two stages and recorded in the manifest.
The parse attribution rules themselves live in ``rashomon.nlp.stance_parse``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from typing import Any, cast

from ..codec import build
from ..config import Settings
from ..model import Claim, Corpus, DocAnalysis, Framing, Stance
from ..notes import StanceCue
from ..registry import Context, stage, stage_config
from .stance_parse import NEWS_NEUTRAL, cues_for_sentence, load_terms, resolve_pronouns  # noqa: F401

# The functions' defaults are the packaged settings (``stance_*``); the stages pass the run's values.


def claim_weight(claim: Claim, reported_weight: float = Settings.stance_reported_weight) -> float:
    """A source's own assertions count fully; what it reports others saying counts less."""
    return reported_weight if claim.kind == "quote" or claim.speaker else 1.0


def document_cues(item: DocAnalysis, nlp: Any = None,
                  reported_weight: float = Settings.stance_reported_weight,
                  reported_word_weight: float = Settings.stance_reported_word_weight) -> list[dict[str, Any]]:
    """Every stance cue of one document, as serialisable dicts (see ``cues_for_sentence``)."""
    doc = item.scratch.spacy
    if doc is None:
        if nlp is None:
            return []
        doc = nlp(item.document.text)
    if not doc.has_annotation("DEP"):
        return []  # targets are found through the dependency tree; a pipeline without a parser has none
    mentions = [(m.start, m.end, m.label) for m in item.mentions]
    pronouns = resolve_pronouns(doc, mentions)
    cues: list[dict[str, Any]] = []
    for claim in item.claims:
        if claim.section == "comment":
            continue
        span = doc.char_span(claim.start, claim.end, alignment_mode="expand")
        if span is None:
            continue
        for cue in cues_for_sentence(span, mentions, pronouns, reported_word_weight):
            cue["claim"] = claim.id
            cue["weight"] = claim_weight(claim, reported_weight)
            cues.append(cue)
    return cues


@stage("stance-cues", requires=("doc.claims", "doc.mentions"), assigns=("doc.notes.stance",), version="4",
       config=("stance_reported_weight", "stance_reported_word_weight"))
def make_stance_cues(ctx: Context) -> Callable[[DocAnalysis], DocAnalysis]:
    """Stores targeted sentiment and loaded-term cues in ``notes.stance``."""
    config = stage_config(ctx, "stance-cues")
    weight, word_weight = config["stance_reported_weight"], config["stance_reported_word_weight"]

    def run(item: DocAnalysis) -> DocAnalysis:
        nlp = None if item.scratch.spacy is not None else ctx.models.get("spacy")
        item.notes.stance = cast(list[StanceCue], document_cues(item, nlp, weight, word_weight))
        return item

    return run


def label_for(score: float, pos: float, neg: float, label_min: float = Settings.stance_label_min,
              mixed_share: float = Settings.stance_mixed_share) -> str:  # fmt: skip
    """positive / negative / neutral / mixed from the weighted score and the two masses."""
    total = pos + neg
    if total and min(pos, neg) / total >= mixed_share and abs(score) < 2 * label_min:
        return "mixed"
    if score <= -label_min:
        return "negative"
    if score >= label_min:
        return "positive"
    return "neutral"


def aggregate(doc_id: str, entity: str, cues: list[dict[str, Any]],
              label_min: float = Settings.stance_label_min, mixed_share: float = Settings.stance_mixed_share,
              evidence_max: int = Settings.stance_evidence_max) -> Stance:  # fmt: skip
    """One stance from the cues about one entity in one document.

    The score is the weighted mean of the cue scores shrunk toward 0 by one
    pseudo-cue, so a single mild word does not make a stance.
    """
    total_w = sum(c["weight"] for c in cues)
    score = sum(c["score"] * c["weight"] for c in cues) / (total_w + 1.0)
    pos = sum(c["score"] * c["weight"] for c in cues if c["score"] > 0)
    neg = -sum(c["score"] * c["weight"] for c in cues if c["score"] < 0)
    label = label_for(score, pos, neg, label_min, mixed_share)
    by_claim: dict[str, float] = defaultdict(float)
    for c in cues:
        by_claim[c["claim"]] += c["score"] * c["weight"]
    sign = -1 if label == "negative" else 1
    ranked = sorted(by_claim.items(), key=lambda kv: -sign * kv[1] if label != "mixed" else -abs(kv[1]))
    evidence = [cid for cid, v in ranked if label in ("mixed", "neutral") or v * sign > 0][:evidence_max]
    terms = sorted({t for c in cues for t in c.get("terms", [])})
    return Stance(doc_id, entity, label, round(max(-1.0, min(1.0, score)), 4), evidence, terms)  # type: ignore[arg-type]


def stances(
    corpus: Corpus,
    label_min: float = Settings.stance_label_min,
    mixed_share: float = Settings.stance_mixed_share,
    evidence_max: int = Settings.stance_evidence_max,
) -> tuple[list[Stance], dict[str, Any]]:
    """Stances per (document, entity) and the per-source framing summary."""
    names = {e.id: e.name for e in corpus.entities}
    out: list[Stance] = []
    framing: dict[str, Any] = {}
    for item in corpus.docs:
        entity_at = {(m.start, m.end): m.entity for m in item.mentions if m.entity}
        grouped: dict[str, list[StanceCue]] = defaultdict(list)
        for cue in item.notes.stance:
            entity = entity_at.get((cue["mention"][0], cue["mention"][1]))
            if entity:
                grouped[entity].append(cue)
        doc_stances = [aggregate(item.document.id, e, cast(list[dict[str, Any]], cues), label_min, mixed_share, evidence_max)
                       for e, cues in sorted(grouped.items())]  # fmt: skip
        out.extend(doc_stances)
        framing[item.document.id] = {
            "source": item.document.outlet or item.document.source,
            "actors": [
                {"entity": s.entity, "name": names.get(s.entity, s.entity), "label": s.label,
                 "score": s.score, "terms": s.terms}
                for s in sorted(doc_stances, key=lambda s: s.score) if s.terms or s.label != "neutral"
            ],
        }  # fmt: skip
    return out, framing


@stage("stance",
       requires=("corpus.entities", "doc.claims", "doc.notes.stance"),
       assigns=("corpus.stances", "corpus.framing"),
       scope="corpus", version="1",
       config=("stance_label_min", "stance_mixed_share", "stance_evidence_max"))
def make_stance(ctx: Context) -> Callable[[Corpus], Corpus]:
    """Aggregates the documents' stance cues per (document, entity) into ``corpus.stances``."""
    config = stage_config(ctx, "stance")
    limits = (config["stance_label_min"], config["stance_mixed_share"], config["stance_evidence_max"])

    def run(corpus: Corpus) -> Corpus:
        found, framing = stances(corpus, *limits)
        corpus.stances = found
        corpus.framing = build(dict[str, Framing], framing)
        return corpus

    return run
