"""The data model every stage passes along: plain dataclasses, no heavy imports.

Every derived item carries the id of the document it comes from and the
character span of its evidence, so ``document.text[start:end]`` is always the
sentence (or phrase) a reader can check. Ids are content hashes, so the same
input gives the same ids whatever the order of inputs.

    >>> doc = Document.from_text("Soleimani was killed.", source="a.txt")
    >>> doc.id == Document.from_text("Soleimani was killed.", source="b.txt").id
    True
"""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field
from typing import Annotated, Any, Literal, Required, TypedDict

from .notes import DocNotes, Scratch

SCHEMA = "rashomon.map/1"


@dataclass(frozen=True, slots=True)
class Bounds:
    """JSON Schema keywords a value also meets, in an ``Annotated`` hint (``rashomon.mapschema`` copies them)."""

    minimum: float | None = None
    maximum: float | None = None
    pattern: str | None = None
    minItems: int | None = None
    const: str | None = None

    def keywords(self) -> dict[str, Any]:
        return {k: v for k, v in asdict(self).items() if v is not None}


Offset = Annotated[int, Bounds(minimum=0)]  # a character offset into ``Document.text``, or a count
Probability = Annotated[float, Bounds(minimum=0, maximum=1)]
Signed = Annotated[float, Bounds(minimum=-1, maximum=1)]  # a stance score: against (-1) to for (+1)
IsoDay = Annotated[str, Bounds(pattern=r"^\d{4}-\d{2}-\d{2}$")]
IsoPartial = Annotated[str, Bounds(pattern=r"^\d{4}(-\d{2}(-\d{2})?)?$")]  # a year, a month or a day

ClaimKind = Literal["fact", "opinion", "quote"]
Section = Literal["body", "comment"]
Relation = Literal["agree", "contradict"]
StanceLabel = Literal["positive", "negative", "neutral", "mixed"]
ConflictKind = Literal["date", "number", "fact"]
CitationKind = Literal["outlet", "person", "organization", "document", "footnote"]


def content_id(prefix: str, *parts: object) -> str:
    """A short stable id from content: same parts, same id, on any machine."""
    digest = hashlib.sha256("\x1f".join(str(p) for p in parts).encode("utf-8", "surrogatepass"))  # lone surrogates too
    return f"{prefix}_{digest.hexdigest()[:16]}"


@dataclass(slots=True)
class Document:
    """One article: the outlet's own text, apart from reader comments."""

    id: str
    source: str
    text: str
    title: str | None = None
    author: str | None = None
    author_role: str | None = None
    outlet: str | None = None
    published: IsoDay | None = None  # YYYY-MM-DD
    language: str | None = None
    url: str | None = None
    comments: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)  # promos, prompts, share bars
    links: list[tuple[str, str]] = field(default_factory=list)  # (anchor text, href)
    header_end: Offset = 0  # text[:header_end] is title/byline/dateline, not the outlet's claims

    @staticmethod
    def make_id(text: str) -> str:
        """The id is the hash of the article text alone, so re-ingesting is a no-op."""
        return content_id("doc", " ".join(text.split()))

    @classmethod
    def from_text(cls, text: str, source: str = "<text>", **meta: Any) -> Document:
        return cls(id=cls.make_id(text), source=source, text=text, **meta)


@dataclass(slots=True)
class Mention:
    """A name in a document; ``entity`` is filled by cross-document resolution."""

    doc: str
    start: Offset
    end: Offset
    text: str
    label: str  # PERSON, ORG, GPE, NORP, LOC, ...
    entity: str | None = None
    source: str = "ner"  # "ner", "lookup" (second pass) or "known" (a name another document found)
    title: str | None = None  # rank or honorific the source puts before the name ("Gen.", "Ayatollah")


@dataclass(slots=True)
class Merge:
    """Why two surface forms were judged one actor, and how sure we are."""

    a: str
    b: str
    method: str
    confidence: float


@dataclass(slots=True)
class Entity:
    """One actor however each source spells it."""

    id: str
    name: str
    type: str
    aliases: list[str] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    merges: list[Merge] = field(default_factory=list)
    spellings: dict[str, list[str]] = field(default_factory=dict)  # doc id -> forms used


@dataclass(slots=True)
class Attribution:
    """One link of an attribution chain: who said it, through which channel."""

    speaker: str
    entity: str | None = None
    cue: str | None = None  # "told", "according to", "wrote", ...
    via: str | None = None  # "Reuters", "The New Yorker", ...
    start: Offset | None = None  # span of the speaker's name in the document, when it is named there
    end: Offset | None = None


@dataclass(slots=True)
class Claim:
    """A sentence-sized assertion of one document, with its authority."""

    id: str
    doc: str
    start: Offset
    end: Offset
    text: str
    kind: ClaimKind = "fact"
    section: Section = "body"
    speaker: str | None = None
    entities: list[str] = field(default_factory=list)
    checkworthy: Probability = 0.0
    chain: list[Attribution] = field(default_factory=list)  # outermost first

    @staticmethod
    def make_id(doc: str, start: int, end: int) -> str:
        return content_id("claim", doc, start, end)


@dataclass(slots=True)
class Link:
    """Two claims of different documents that agree or contradict."""

    a: str
    b: str
    relation: Relation
    score: Probability
    holder_a: str = ""  # who asserts side a: the attributed speaker, else the document id
    holder_b: str = ""


@dataclass(slots=True)
class Stance:
    """How one document leans toward one actor, with the claims that show it."""

    doc: str
    entity: str
    label: StanceLabel
    score: Signed
    evidence: list[str] = field(default_factory=list)
    terms: list[str] = field(default_factory=list)  # loaded words used for the actor


@dataclass(slots=True)
class DateValue:
    """A normalised date or range; ``start``/``end`` are ISO at their precision."""

    start: IsoPartial | None
    end: IsoPartial | None
    precision: Literal["day", "month", "year", "range", "open"] = "day"
    hedge: str | None = None  # "almost", "around", "at least"


@dataclass(slots=True)
class Timex:
    """A temporal expression found in a document and its normalised value."""

    doc: str
    start: Offset
    end: Offset
    text: str
    value: DateValue


@dataclass(slots=True)
class Event:
    """Something that happened, as one document reports it."""

    id: str
    doc: str
    start: Offset
    end: Offset
    text: str
    type: str = "other"
    trigger: str = ""
    date: DateValue | None = None
    entities: list[str] = field(default_factory=list)
    cluster: str | None = None  # cross-document event id


@dataclass(slots=True)
class ConflictItem:
    doc: str
    start: Offset
    end: Offset
    text: str
    value: str
    holder: str | None = None  # who holds this side: the attributed speaker, else the source


@dataclass(slots=True)
class Conflict:
    """Sources giving incompatible values for the same thing, each with its span."""

    kind: ConflictKind
    items: Annotated[list[ConflictItem], Bounds(minItems=2)]
    explanation: str
    subject: str | None = None
    confidence: Probability = 1.0  # how sure the comparison is that both sides speak of one thing (0..1)


@dataclass(slots=True)
class Citation:
    """A source a document relies on: outlet, person, organisation, book, footnote."""

    doc: str
    start: Offset
    end: Offset
    text: str
    cited: str
    kind: CitationKind
    speaker: str | None = None
    resolved: bool = True  # False for a footnote marker whose reference is missing
    reference: str | None = None  # the footnote entry or hyperlink target


BriefSection = Literal["agreed", "disputed", "single", "left_out", "relied_on", "leans"]


@dataclass(slots=True)
class BriefEntry:
    """One source's own words behind a brief item: the span, whose words they are, and the value."""

    doc: str
    start: Offset
    end: Offset
    text: str
    holder: str  # the source, or the person or body it attributes the words to
    claim: str | None = None  # the claim id when the span is a claim
    value: str | None = None  # a fact conflict's value; the side a contradiction's entry is on


@dataclass(slots=True)
class BriefItem:
    """One line of the brief: what it is about (the sources' words) and every span that supports it."""

    text: str  # extractive: a claim's text, a cited name, an actor's name, a conflict's explanation
    entries: Annotated[list[BriefEntry], Bounds(minItems=1)]
    kind: str = ""  # disputed: contradiction/date/number/fact; relied_on: outlet/person/...; leans: the label
    confidence: Probability | None = None  # the link's or conflict's score; None for a rule with no score
    doc: str | None = None  # left_out and leans: the source the line is about
    entity: str | None = None  # leans: the actor
    score: Signed | None = None  # leans: the stance score (-1..1)
    terms: list[str] = field(default_factory=list)  # leans: the loaded words behind it
    docs: list[str] = field(default_factory=list)  # the sources that hold it (agreed, relied_on, left_out)


@dataclass(slots=True)
class Brief:
    """What the sources agree on, dispute and leave out, on one page; every entry extractive."""

    agreed: list[BriefItem] = field(default_factory=list)
    disputed: list[BriefItem] = field(default_factory=list)
    single: list[BriefItem] = field(default_factory=list)
    left_out: list[BriefItem] = field(default_factory=list)
    relied_on: list[BriefItem] = field(default_factory=list)
    leans: list[BriefItem] = field(default_factory=list)
    thresholds: dict[str, float] = field(default_factory=dict)  # what an item had to reach to be shown


GroupCell = Literal["asserts", "contradicts", "both"]


@dataclass(slots=True)
class ClaimGroup:
    """Claims joined by agree/contradict links, and where each source stands on the group's claim.

    ``agree`` links keep two claims on one side, ``contradict`` links put them on
    opposite sides; side 0 is the side more sources take, and ``label`` (the
    best-connected claim of side 0) names the group.
    """

    claims: list[str]  # claim ids, by document then position
    side: dict[str, int]  # claim id -> 0 (the label's side) or 1
    label: str
    consistent: bool  # False when the links cannot all hold at once
    cells: dict[str, GroupCell]  # doc id -> its position; a silent source is absent
    agree: Offset = 0  # the group's links of each relation
    contradict: Offset = 0


@dataclass(slots=True)
class Evidence:
    """One span of a document's text behind a derived item: ``documents[doc].text[start:end] == text``."""

    doc: str
    start: Offset
    end: Offset
    text: str


@dataclass(slots=True)
class CiteNode:
    """A node of the citation graph: a document of the corpus, or a source the documents cite."""

    id: str  # "doc:<document id>" or "cited:<normalised name>"
    label: str  # the document's outlet, title or source; the cited source's name
    kind: str  # "document", else the kind of the citations behind it (outlet, person, organization, ...)
    doc: str | None = None  # the document's id, for a document of the corpus
    missing: bool = False  # the footnote markers whose reference is missing


@dataclass(slots=True)
class CiteEdge:
    """A document relying on a source: every citation behind it, as spans."""

    source: str  # node id of the citing document
    target: str  # node id of the cited source (a document of the corpus when it names one)
    kind: str  # "outlet" when any citation names an outlet, else the most frequent kind
    count: Offset
    evidence: list[Evidence] = field(default_factory=list)  # in the order of the map's citations
    speakers: list[str] = field(default_factory=list)  # who the document quotes through this source
    references: list[str] = field(default_factory=list)  # footnote entries or link targets


@dataclass(slots=True)
class CitationGraph:
    """Who relies on whom: the documents, the sources they cite (names grouped), and the edges between."""

    nodes: list[CiteNode] = field(default_factory=list)
    edges: list[CiteEdge] = field(default_factory=list)


@dataclass(slots=True)
class TimelineReport:
    """One source's report of a timeline entry's event, with the date it gives."""

    event: str
    doc: str
    start: Offset
    end: Offset
    text: str
    date: str | None = None  # ISO at its precision, "start/end" for a range
    date_source: str | None = None  # where the date came from ("timex", "dateline", "recent", ...)
    trigger: str = ""


@dataclass(slots=True)
class TimelineEntry:
    """One event across sources: its consensus date and every source's report of it."""

    cluster: str  # the events' cross-document cluster
    type: str
    label: str
    date: str | None
    value: DateValue | None
    places: list[str] = field(default_factory=list)
    reports: list[TimelineReport] = field(default_factory=list)


@dataclass(slots=True)
class FramedActor:
    """An actor as one source frames it: its stance label and score and the loaded words used."""

    entity: str
    name: str
    label: StanceLabel
    score: Signed
    terms: list[str] = field(default_factory=list)


@dataclass(slots=True)
class Framing:
    """How one source frames the actors it takes a side on or uses loaded words for."""

    source: str
    actors: list[FramedActor] = field(default_factory=list)


@dataclass(slots=True)
class CandidatePair:
    """Two claims of different documents that ``align`` judged worth comparing, and their cosine."""

    a: str
    b: str
    cosine: float


@dataclass(slots=True)
class RelationDetail:
    """Why ``relate`` linked two claims: the rule that decided and the model's probabilities."""

    a: str
    b: str
    relation: Relation
    rule: str  # "calibrated", or the documented rule that fired
    shown: bool  # False for a possible link
    cosine: float
    overlap: float
    agree: Probability = 0.0
    disagree: Probability = 0.0
    discuss: Probability = 0.0
    unrelated: Probability = 0.0


@dataclass(slots=True)
class Skipped:
    """An input or document that could not be used, and why."""

    source: str
    reason: str
    stage: str | None = None


@dataclass(slots=True)
class DocAnalysis:
    """Everything the per-document stages learn about one document.

    ``notes`` holds the typed per-document findings that a later corpus stage
    aggregates (serialisable, so a distributed engine can ship them between
    workers); ``scratch`` holds transient objects (a spaCy ``Doc``, vectors)
    shared between stages in one process; it never reaches the output.
    """

    document: Document
    mentions: list[Mention] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    citations: list[Citation] = field(default_factory=list)
    timexes: list[Timex] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    notes: DocNotes = field(default_factory=DocNotes)
    scratch: Scratch = field(default_factory=Scratch, repr=False)


@dataclass(slots=True)
class Corpus:
    """The state the cross-document stages read and extend."""

    docs: list[DocAnalysis]
    entities: list[Entity] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    stances: list[Stance] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)
    possible_links: list[Link] = field(default_factory=list)  # below the shown threshold
    skipped: list[Skipped] = field(default_factory=list)
    brief: Brief | None = None  # filled by the ``brief`` stage
    possible_conflicts: list[Conflict] = field(default_factory=list)  # below the shown confidence
    claim_groups: list[ClaimGroup] = field(default_factory=list)  # filled by the ``claim-groups`` stage
    citation_graph: CitationGraph | None = None  # filled by the ``citation-graph`` stage
    candidates: list[CandidatePair] = field(default_factory=list)  # ``align``: the claim pairs to compare
    relations: list[RelationDetail] = field(default_factory=list)  # ``relate``: why each link was made
    stories: dict[str, int] = field(default_factory=dict)  # ``align``: doc id -> story group within the corpus
    event_clusters: dict[str, list[str]] = field(default_factory=dict)  # ``align``/``timeline``: cluster -> event ids
    timeline: list[TimelineEntry] = field(default_factory=list)  # ``timeline``
    framing: dict[str, Framing] = field(default_factory=dict)  # ``stance``: doc id -> how it frames its actors

    @property
    def claims(self) -> list[Claim]:
        return [c for d in self.docs for c in d.claims]

    def doc(self, doc_id: str) -> DocAnalysis:
        for d in self.docs:
            if d.document.id == doc_id:
                return d
        raise KeyError(doc_id)


@dataclass(slots=True)
class DuplicateCopy:
    """An article of a story run that copies one already in the story (kept out of its map)."""

    doc: str
    duplicate_of: str
    source: str = ""
    outlet: str | None = None
    similarity: float = 0.0


@dataclass(slots=True)
class StorySummary:
    """A story run's map: which story it is, how big, over which stretch of the stream, and its copies."""

    id: str
    founder: str = ""
    title: str = ""
    size: Offset = 0
    independent: Offset = 0
    outlets: list[str] = field(default_factory=list)
    first_seq: int = 0
    last_seq: int = 0
    first_day: float | None = None
    last_day: float | None = None
    cold: bool = False
    duplicates: list[DuplicateCopy] = field(default_factory=list)
    mapped: Offset = 0  # articles in this map
    partial: bool = False  # True when earlier articles of the story were not available to it


SettingValue = str | int | float | bool  # what one setting of ``rashomon.config.Settings`` holds (bar ``models``)


class StageRecord(TypedDict):
    """One stage as it ran: name, version, the settings it declares with their values, seconds spent."""

    name: str
    version: str
    config: dict[str, SettingValue]
    seconds: float


class SkipRecord(TypedDict):
    """An input or document the run could not use (``Skipped``), as the manifest lists it."""

    source: str
    reason: str
    stage: str | None


class EngineRecord(TypedDict):
    """The engine a distributed run used (``rashomon.engines``) and how many workers it had."""

    name: str
    workers: int


class Manifest(TypedDict, total=False):
    """What produced a map (``map.json``'s ``manifest``; which keys are required: the schema).

    ``Pipeline.from_manifest`` rebuilds the same pipeline from it; the store adds
    ``incremental`` (documents analysed and reused) and ``pipeline_key``.
    """

    stages: Required[list[StageRecord]]
    models: Required[dict[str, str]]  # role -> model name
    settings: Required[dict[str, SettingValue | dict[str, str]]]  # every setting of the run (``models``: a table)
    created: str
    duration_s: float
    skipped: list[SkipRecord]
    incremental: dict[str, int]
    pipeline_key: str
    engine: EngineRecord  # a distributed run's engine


@dataclass(slots=True)
class NarrativeMap:
    """The product: what ``map.json`` holds (see ``docs/map.md``)."""

    manifest: Manifest
    documents: list[Document]
    entities: list[Entity]
    claims: list[Claim]
    links: list[Link]
    stances: list[Stance]
    events: list[Event]
    conflicts: list[Conflict]
    citations: list[Citation]
    timexes: list[Timex] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    story: StorySummary | None = None  # only in a story run's maps
    schema: Annotated[str, Bounds(const=SCHEMA)] = SCHEMA
    brief: Brief | None = None  # None when the map was made without the ``brief`` stage
    possible_links: list[Link] = field(default_factory=list)  # weaker candidates, labelled "possible"
    possible_conflicts: list[Conflict] = field(default_factory=list)  # weaker conflicts, shown apart
    claim_groups: list[ClaimGroup] = field(default_factory=list)  # contested groups first
    citation_graph: CitationGraph | None = None  # None when the map was made without the ``citation-graph`` stage
    timeline: list[TimelineEntry] = field(default_factory=list)  # oldest first, undated last
    framing: dict[str, Framing] = field(default_factory=dict)  # doc id -> how that source frames its actors
    candidates: list[CandidatePair] = field(default_factory=list)  # the claim pairs ``relate`` compared
    relations: list[RelationDetail] = field(default_factory=list)  # why each link and possible link was made

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)
