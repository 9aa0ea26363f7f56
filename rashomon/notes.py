"""What document stages hand on to later stages, typed: the fields of ``DocNotes`` and ``Scratch``.

A per-document stage finds more than the map shows: the anchor date an article
is read against, who each attribution row names, the participants of each
event, the stance cues of each sentence. Corpus stages aggregate these, so they
are part of the contract between stages: every row here is a ``TypedDict`` (the
JSON it is stored and shipped as), every container a dataclass field that a
stage declares in ``assigns`` and the pipeline checks. Spans are ``[start, end]``
character offsets into ``Document.text``.

``DocNotes`` is serialisable (the store keeps it, an engine's workers ship it);
``Scratch`` holds what only lives in one process: the spaCy ``Doc`` and NumPy
vectors, never written to a map.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, NotRequired, TypedDict


class TimexNote(TypedDict):
    """The date an article is read against (``timex``) and where its dateline is."""

    anchor: str | None  # ISO at its precision: "2020-01-03", "2020-01", "2020"
    anchor_precision: str | None  # day, month or year
    anchor_source: str | None  # "published", or the phrase it was inferred from
    dateline: list[Any] | None  # [start, end, text] of the dateline's date


class AttributionSource(TypedDict):
    """One attribution link occurrence ("X told Reuters") and every claim it covers (``attribution``)."""

    claims: list[str]
    cue: str | None
    speaker: str
    via: str | None
    speaker_span: list[int]
    speaker_label: str  # the speaker's entity label; "" for "media reports", "the ministry"
    speaker_text: str
    via_span: NotRequired[list[int]]
    via_label: NotRequired[str]


class QuoteBlock(TypedDict):
    """A quoted passage over several paragraphs, introduced once (``attribution``)."""

    intro: list[int]
    paragraphs: list[list[int]]
    speaker: str
    via: str | None


class AttributionNotes(TypedDict):
    sources: list[AttributionSource]
    blocks: list[QuoteBlock]


class MentionPair(TypedDict):
    """A name defined by its gloss or acronym in one document ("Kataib Hezbollah (KH)", ``mentions``)."""

    long: str
    short: str
    kind: str  # "acronym" or "gloss"
    initials: bool


class EventNote(TypedDict):
    """What ``events`` saw around one event's trigger, for the corpus stages that cluster and date events."""

    trigger: list[int]
    lemma: str
    participants: list[list[Any]]  # [start, end, text, label]
    places: list[list[Any]]  # [start, end, text]
    date_source: str | None  # "timex", "recent" or None
    timex: list[Any] | None  # [start, end, text] of the date phrase chosen
    anchor: str | None
    pronoun: bool  # the patient is only a pronoun ("his death")


class StanceCue(TypedDict):
    """A targeted sentiment or loaded-term cue toward one mention in one claim (``stance-cues``)."""

    mention: list[int]
    score: float
    words: list[str]
    terms: list[str]
    claim: str
    weight: float


class CommentClaim(TypedDict):
    """A sentence of a reader comment, scored like a body claim but kept apart (``claims``)."""

    comment: int
    start: int
    end: int
    text: str
    section: str
    kind: str
    checkworthy: float


@dataclass(slots=True)
class DocNotes:
    """Serialisable per-document findings that corpus stages read; each field names the stage filling it."""

    timex: TimexNote | None = None  # timex
    attribution: AttributionNotes | None = None  # attribution
    mention_pairs: list[MentionPair] = field(default_factory=list)  # mentions
    events: dict[str, EventNote] = field(default_factory=dict)  # events: event id -> note
    stance: list[StanceCue] = field(default_factory=list)  # stance-cues
    comment_claims: list[CommentClaim] = field(default_factory=list)  # claims


@dataclass(slots=True)
class Scratch:
    """What stages share within one process and never write out: a parse, paragraph spans, claim vectors."""

    spacy: Any = None  # the spaCy Doc of ``parse``
    paragraphs: list[tuple[int, int]] | None = None
    claim_vectors: dict[str, Any] = field(default_factory=dict)  # claim id -> its embedding (NumPy)

    def clear(self) -> None:
        """Drop the parse and vectors once no stage needs them (they are most of a document's memory)."""
        self.spacy, self.paragraphs, self.claim_vectors = None, None, {}
