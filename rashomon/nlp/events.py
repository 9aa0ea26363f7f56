"""Events as one document reports them: what happened, who took part, where and when.

A trigger is a verb or a nominalisation from a small lexicon ("killed",
"killing", "taken out", "strike", "met", "talks", "withdrew", "siege") read off
the spaCy parse. Around it the stage collects the participants (the entity
mentions in the trigger's phrase or clause), the place ("in Baghdad"), and the
date: the temporal expression of the same sentence that governs it (explicit
dates before relative ones, finer before coarser), or, for an event reported as
recent ("The recent killing", "The news came in during the last few hours"),
the document's own date. The evidence is the sentence, cut at line breaks so a
headline or dateline never joins the first sentence.

Hypothetical and negated events ("This could be the death of the revolution")
are skipped, and so are nouns that only qualify another ("death anniversary");
an attack that is the means of a killing ("killed ... by a drone attack") is
part of that killing, not a second event.

Participants are stored as mention texts in ``Event.entities`` and as spans in
``DocAnalysis.notes.events``; the corpus stage ``timeline`` maps them to
entity ids once ``resolve`` has run.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from datetime import timedelta
from typing import Any

from ..model import DateValue, DocAnalysis, Event, Mention, Timex, content_id
from ..notes import EventNote
from ..registry import Context, stage
from .timecalc import parse_iso

TRIGGERS: dict[str, str] = {
    **dict.fromkeys(("kill", "killing", "assassinate", "assassination", "murder", "execution", "execute",
                     "eliminate", "elimination", "death", "die", "slay", "massacre", "behead"), "killing"),
    **dict.fromkeys(("attack", "strike", "airstrike", "bomb", "bombing", "raid", "shelling", "shell", "assault",
                     "ambush", "bombard", "bombardment"), "attack"),
    **dict.fromkeys(("meet", "meeting", "talk", "summit", "visit", "trip", "negotiation", "negotiate"), "meeting"),
    **dict.fromkeys(("withdraw", "withdrawal", "pullout", "retreat"), "withdrawal"),
    **dict.fromkeys(("protest", "demonstration", "demonstrate", "uprising", "revolt", "rally", "insurrection",
                     "riot"), "protest"),
    **dict.fromkeys(("elect", "election", "vote", "referendum", "ballot"), "election"),
    **dict.fromkeys(("besiege", "siege", "storm", "blockade"), "siege"),
    **dict.fromkeys(("agreement", "deal", "accord", "treaty", "ceasefire", "truce", "sign"), "agreement"),
    **dict.fromkeys(("arrest", "detain", "detention", "capture", "imprison"), "arrest"),
    **dict.fromkeys(("invade", "invasion", "war", "intervention", "occupation", "offensive", "battle", "clash"),
                    "war"),
    **dict.fromkeys(("resign", "resignation"), "resignation"),
    **dict.fromkeys(("wound", "injure"), "injury"),
}
PHRASAL: dict[tuple[str, str], str] = {("take", "out"): "killing", ("pull", "out"): "withdrawal",
                                       ("blow", "up"): "attack", ("step", "down"): "resignation"}
_MODALS = {"could", "would", "may", "might", "should", "must", "can", "shall"}
_NOT_ACTORS = {"DATE", "TIME", "CARDINAL", "ORDINAL", "QUANTITY", "PERCENT", "MONEY"}
_PLACE_LABELS = {"GPE", "LOC", "FAC"}
_PLACE_PREPS = {"in", "at", "near", "outside", "inside", "into", "on"}
_SHIELD_LABELS = {"ORG", "PERSON", "GPE", "WORK_OF_ART", "LAW", "FAC", "PRODUCT"}
_RECENT = re.compile(r"\b(recently|just|news came|breaking|hours ago)\b", re.IGNORECASE)
RECENT_DAYS = 90  # how far back "the recent killing" may reach from the document's date
_PRECISION_RANK = {"day": 0, "month": 1, "range": 2, "year": 3, "open": 4}


def evidence_pieces(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """The parts of a parser sentence between line breaks, stripped: the sentences a reader sees."""
    for m in re.finditer(r"[^\n]+", text[start:end]):
        lo, hi = start + m.start(), start + m.end()
        while lo < hi and text[lo].isspace():
            lo += 1
        while hi > lo and text[hi - 1].isspace():
            hi -= 1
        if hi > lo:
            yield lo, hi


def trigger_type(tok: Any) -> str | None:
    """The event type a token triggers, or None."""
    if tok.pos_ not in ("VERB", "NOUN"):
        return None
    lemma = tok.lemma_.lower()
    for child in tok.children:
        if child.dep_ == "prt" and (lemma, child.lower_) in PHRASAL:
            return PHRASAL[(lemma, child.lower_)]
    return TRIGGERS.get(lemma)


def _governing_verb(tok: Any) -> Any:
    while tok.pos_ not in ("VERB", "AUX") and tok.head.i != tok.i:
        tok = tok.head
    return tok


def is_asserted(tok: Any) -> bool:
    """False for events that are only possible, denied, or a qualifier of another noun."""
    if tok.dep_ == "compound":
        return False
    for t in {tok, _governing_verb(tok)}:
        for child in t.children:
            if child.dep_ == "neg" or (child.dep_ == "aux" and child.lower_ in _MODALS):
                return False
    return True


def is_means_of_killing(tok: Any) -> bool:
    """An attack that is how a killing happened ("killed ... by a drone attack") belongs to it."""
    prep = tok.head
    if tok.dep_ != "pobj" or prep.dep_ not in ("agent", "prep") or prep.lower_ not in ("by", "in", "during", "with"):
        return False
    return trigger_type(prep.head) == "killing"


def _scope(tok: Any) -> tuple[int, int]:
    """Character range of the phrase (for a noun) or clause (for a verb) the trigger heads."""
    tokens = list(tok.subtree)
    if tok.pos_ == "NOUN" and tok.dep_ in ("dobj", "attr", "nsubjpass") and tok.head.pos_ == "VERB":
        tokens += [t for c in tok.head.children if c.dep_ in ("nsubj", "agent") for t in c.subtree]
    return min(t.idx for t in tokens), max(t.idx + len(t) for t in tokens)


def _is_place(mention: Mention, doc: Any) -> bool:
    if mention.label not in _PLACE_LABELS:
        return False
    span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
    return span is not None and span.root.head.lower_ in _PLACE_PREPS


def choose_timex(timexes: list[Timex], lo: int, hi: int, scope: tuple[int, int], trigger: int) -> Timex | None:
    """The date of an event: a timex of its sentence, governing ones, explicit ones, finer ones first."""
    inside = [t for t in timexes if t.start >= lo and t.end <= hi]

    def rank(t: Timex) -> tuple[int, int, int, int]:
        in_scope = scope[0] <= t.start and t.end <= scope[1]
        explicit = bool(re.search(r"\d{4}|\d0s\b", t.text))
        return (not in_scope, not explicit, _PRECISION_RANK.get(t.value.precision, 5), abs(t.start - trigger))

    return min(inside, key=rank, default=None)


def recent_date(anchor: str | None) -> DateValue | None:
    """"recent" relative to the document's date: the ``RECENT_DAYS`` before it."""
    if not anchor:
        return None
    end = parse_iso(anchor, end=True)
    return DateValue((end - timedelta(days=RECENT_DAYS)).isoformat(), end.isoformat(), "range", "recent")


def _reported_recent(tok: Any, piece: str) -> bool:
    return any(c.dep_ == "amod" and c.lemma_.lower() in ("recent", "latest") for c in tok.children) \
        or bool(_RECENT.search(piece))


def _mentions(item: DocAnalysis, doc: Any) -> list[Mention]:
    if item.mentions:
        return [m for m in item.mentions if m.label not in _NOT_ACTORS]
    return [Mention(item.document.id, e.start_char, e.end_char, e.text, e.label_) for e in doc.ents
            if e.label_ not in _NOT_ACTORS]


def extract_events(item: DocAnalysis, doc: Any) -> tuple[list[Event], dict[str, EventNote]]:
    """Events of one parsed document and the per-event notes the corpus stage reads."""
    text = item.document.text
    mentions = _mentions(item, doc)
    shields = [(m.start, m.end) for m in mentions if m.label in _SHIELD_LABELS]
    anchor = (item.notes.timex.get("anchor") if item.notes.timex else None) or item.document.published
    events: list[Event] = []
    notes: dict[str, EventNote] = {}
    for sent in doc.sents:
        for lo, hi in evidence_pieces(text, sent.start_char, sent.end_char):
            for tok in sent:
                if not (lo <= tok.idx < hi):
                    continue
                kind = trigger_type(tok)
                if kind is None or not is_asserted(tok) or any(a <= tok.idx < b for a, b in shields):
                    continue
                if kind == "attack" and is_means_of_killing(tok):
                    continue
                event, note = _event(item, doc, tok, kind, (lo, hi), mentions, anchor)
                events.append(event)
                notes[event.id] = note
    return events, notes


def _event(item: DocAnalysis, doc: Any, tok: Any, kind: str, piece: tuple[int, int], mentions: list[Mention],
           anchor: str | None) -> tuple[Event, EventNote]:
    text, doc_id = item.document.text, item.document.id
    lo, hi = piece
    s_lo, s_hi = _scope(tok)
    s_lo, s_hi = max(s_lo, lo), min(s_hi, hi)
    inside = [m for m in mentions if s_lo <= m.start and m.end <= s_hi]
    places = [m for m in inside if _is_place(m, doc)]
    actors = [m for m in inside if m not in places]
    timex = choose_timex(item.timexes, lo, hi, (s_lo, s_hi), tok.idx)
    when, source = (timex.value, "timex") if timex else (None, None)
    if when is None and _reported_recent(tok, text[lo:hi]):
        when, source = recent_date(anchor), "recent"
    trigger_end = tok.idx + len(tok)
    for child in tok.children:
        if child.dep_ == "prt":
            trigger_end = max(trigger_end, child.idx + len(child))
    event = Event(content_id("event", doc_id, tok.idx, trigger_end), doc_id, lo, hi, text[lo:hi], kind,
                  text[tok.idx : trigger_end], when, [m.text for m in actors])
    note: EventNote = {
        "trigger": [tok.idx, trigger_end],
        "lemma": " ".join([tok.lemma_.lower()] + [c.lower_ for c in tok.children if c.dep_ == "prt"]),
        "participants": [[m.start, m.end, m.text, m.label] for m in actors],
        "places": [[m.start, m.end, m.text] for m in places],
        "date_source": source,
        "timex": [timex.start, timex.end, timex.text] if timex else None,
        "anchor": anchor,
        "pronoun": _pronoun_owner(tok),
    }
    return event, note


def _pronoun_owner(tok: Any) -> bool:
    """Whether the event's patient is only a pronoun ("his death"): the corpus stage may resolve it."""
    return any(c.dep_ in ("poss", "nsubjpass", "dobj") and c.pos_ == "PRON" for c in tok.children)


@stage("events",
       requires=("doc.scratch.spacy", "doc.mentions", "doc.timexes", "doc.notes.timex"),
       assigns=("doc.events", "doc.notes.events"),
       version="2", config=())
def make_events(ctx: Context) -> Callable[[DocAnalysis], DocAnalysis]:
    """Finds event triggers with their participants, place, date and sentence."""

    def run(item: DocAnalysis) -> DocAnalysis:
        doc = item.scratch.spacy
        if doc is None:
            doc = ctx.models.get("spacy")(item.document.text)
            item.scratch.spacy = doc
        item.events, item.notes.events = extract_events(item, doc)
        return item

    return run
