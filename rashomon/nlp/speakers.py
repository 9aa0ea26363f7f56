"""Who speaks and through which channel, read off the dependency parse.

Shared by the attribution and citation stages. A *cue* is a speech or writing
verb (said, told, wrote, denied, reports ...) whose subject is the speaker; the
channel comes from the verb's object or prepositions ("told Reuters", "wrote
for The New Yorker", "said in a statement") or from an apposition on the
speaker ("Bill Roggio, from The Long War Journal"). Speakers are resolved to
name mentions by character overlap; pronouns to the nearest preceding person
(or, for "it"/"they", organisation) in the same paragraph or before it.

Text extracted from HTML sometimes glues a link's anchor to the next word
("The Long War Journalwrote"); ``glued_cue`` finds such verbs so the speaker
and the outlet are still recovered.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from ..model import Mention
from .doctext import doc_text

CUE_VERBS = frozenset(
    ["say", "tell", "write", "claim", "deny", "state", "report", "add", "note", "argue", "explain", "insist", "assert", "announce", "declare", "acknowledge", "admit", "confirm", "warn", "suggest", "allege", "describe", "quote", "accuse", "maintain", "stress", "emphasize", "emphasise", "comment", "observe", "conclude", "estimate", "reply", "respond", "recall", "testify", "tweet", "caution", "predict", "complain", "contend", "concede", "reveal", "disclose", "urge", "remark", "ask"]
)
WRITING_VERBS = frozenset(["write", "author", "publish", "pen", "compile", "release", "issue", "produce"])
CHANNEL_NOUNS = frozenset(
    ["statement", "interview", "report", "article", "profile", "op-ed", "column", "post", "tweet", "letter", "speech", "conference", "briefing", "book", "paper", "study", "essay", "blog", "podcast", "broadcast", "documentary", "memo", "release", "communique", "communiqué", "editorial", "transcript"]
)
QUOTE_NOUNS = frozenset(["words", "quote", "quotes", "quotation", "passage", "excerpt", "extract", "lines", "remarks"])
_PRONOUNS = {"he": "PERSON", "she": "PERSON", "him": "PERSON", "her": "PERSON", "it": "ORG", "they": "ORG"}
_FIRST_PERSON = {"i", "we", "me", "us"}
_HYPOTHETICAL = {"might", "could", "would", "may", "should", "must"}
_OF_ON_FOR = {"of", "on", "for"}
_SPEAKER_LABELS = ("PERSON", "ORG", "NORP", "GPE", "FAC", "WORK_OF_ART", "PRODUCT", "LOC")
_GLUED = re.compile(r"(?<=[a-z])(wrote|writes|said|says|reported|reports|stated|states|told|explained|noted)$")


@dataclass(frozen=True, slots=True)
class Named:
    """A speaker or channel found in the text: its span and the name to show."""

    start: int
    end: int
    name: str
    label: str = ""


def mentions_in(mentions: Sequence[Mention], start: int, end: int) -> list[Mention]:
    """Mentions lying inside ``[start, end)``."""
    return [m for m in mentions if start <= m.start and m.end <= end]


def strip_glued(name: str) -> str:
    """"The Long War Journalwrote" -> "The Long War Journal"."""
    return _GLUED.sub("", name)


def glued_cue(tok: Any) -> str | None:
    """The speech verb glued to the end of a token by HTML extraction, if any."""
    m = _GLUED.search(tok.text)
    return m.group(1) if m and len(tok.text) > len(m.group(1)) + 2 else None


def is_cue(tok: Any) -> bool:
    """A speech verb that asserts: not negated, not hypothetical."""
    if tok.lemma_.lower() not in CUE_VERBS or tok.pos_ not in ("VERB", "AUX"):
        return False
    return not any(c.dep_ == "neg" or c.lower_ in _HYPOTHETICAL for c in tok.children)


def subject_of(verb: Any) -> Any | None:
    """The verb's subject, or the agent of a passive ("was reported by Reuters")."""
    subjects = [
        c for c in verb.children
        if not c.is_punct and (c.dep_ == "nsubj" or (c.dep_ == "nsubjpass" and verb.lemma_.lower() == "quote"))
    ]
    if subjects:  # "the diplomat Anna Weber said" can parse as two subjects: the name wins
        return next((c for c in subjects if c.pos_ == "PROPN"), subjects[0])
    for c in verb.children:
        if c.dep_ == "agent":
            return next((g for g in c.children if g.dep_ == "pobj"), None)
    if verb.dep_ == "conj" and verb.head.pos_ in ("VERB", "AUX"):
        return subject_of(verb.head)  # "... were quoted as calling X and said that ..."
    return None


def phrase_span(tok: Any) -> tuple[int, int]:
    """The noun phrase a token heads, without relative clauses, appositions or trailing commas."""
    left = tok.left_edge.i
    right = tok.i
    for c in tok.rights:
        if c.dep_ not in ("compound", "prep", "nummod", "amod") or (c.dep_ == "prep" and c.lower_ not in _OF_ON_FOR):
            break
        right = c.right_edge.i
    doc = tok.doc
    if tok.pos_ == "PROPN":
        right = max(right, _title_run(tok))
    while left < tok.i and (doc[left].is_punct or doc[left].is_space):
        left += 1
    while right > tok.i and (doc[right].is_space or (doc[right].is_punct and ")" not in doc[right].text)):
        right -= 1
    start, end = doc[left].idx, doc[right].idx + len(doc[right].text)
    while end > start and doc_text(doc)[end - 1] in " \t\n:;,.":
        end -= 1
    return start, end


def _title_run(tok: Any) -> int:
    """Last token of a title-cased run the parser split ("War on the Rocks"): capitalised
    words joined by small function words, ending on a capitalised word."""
    doc, last = tok.doc, int(tok.i)
    for j in range(tok.i + 1, min(len(doc), tok.i + 8)):
        word = doc[j]
        if word.ent_type_ in ("DATE", "TIME"):
            break
        if word.text[:1].isupper() and word.is_alpha:
            last = j
        elif word.lower_ not in _OF_ON_FOR | {"the", "and", "in"}:
            break
    return last


def name_for(tok: Any, mentions: Sequence[Mention], text: str) -> Named | None:
    """The speaker a subject token stands for: a mention in its phrase, a resolved pronoun, or the phrase."""
    low = tok.lower_
    if low in _FIRST_PERSON:
        return None
    if low in _PRONOUNS:
        return resolve_pronoun(mentions, tok.idx, _PRONOUNS[low])
    start, end = tok.left_edge.idx, tok.right_edge.idx + len(tok.right_edge.text)
    inside = [m for m in mentions_in(mentions, start, end) if m.label in _SPEAKER_LABELS]
    best = _best_mention(inside, tok)
    if best is not None:
        return Named(best.start, best.end, strip_glued(best.text), best.label)
    if tok.pos_ in ("PRON", "DET", "NUM"):
        return None
    s, e = phrase_span(tok)
    named = any(t.pos_ == "PROPN" for t in tok.doc.char_span(s, e, alignment_mode="expand"))
    return Named(s, e, _clean(text[s:e]), "PROPN" if named else "")


def _best_mention(inside: list[Mention], tok: Any) -> Mention | None:
    """The mention holding the head word, else a person named in the phrase ("a commander
    known as Abu Abdullah"); a nationality modifying a common noun ("Kurdish fighters") is
    not the speaker, the whole phrase is."""
    head = [m for m in inside if m.start <= tok.idx < m.end]
    people = [m for m in inside if m.label == "PERSON"]
    if head or people:
        return (head or people)[0]
    return None if tok.pos_ == "NOUN" or not inside else inside[0]


def resolve_pronoun(mentions: Sequence[Mention], before: int, label: str) -> Named | None:
    """The nearest preceding mention of the pronoun's kind (people for he/she)."""
    wanted = ("PERSON",) if label == "PERSON" else ("ORG", "GPE", "NORP")
    for m in sorted(mentions, key=lambda m: m.start, reverse=True):
        if m.end <= before and m.label in wanted:
            return Named(m.start, m.end, strip_glued(m.text), m.label)
    return None


def full_name(name: Named, mentions: Sequence[Mention]) -> str:
    """A surname alone ("Crocker") expanded to the fuller form used earlier ("Ryan Crocker")."""
    if " " in name.name.strip():
        return name.name
    for m in mentions:
        if m.start < name.start and m.text.endswith(" " + name.name) and m.label in ("PERSON", name.label, ""):
            return m.text
    return name.name


def channel_of(verb: Any, speaker: Any | None, mentions: Sequence[Mention], text: str) -> Named | None:
    """Through what the speaker spoke: "told Reuters", "for The New Yorker", "in a statement"."""
    for c in verb.children:
        if c.dep_ in ("dobj", "dative") and verb.lemma_.lower() == "tell" and c.pos_ == "PROPN":
            return _named_phrase(c, mentions, text)
    holders = [verb] + [c for c in verb.children if c.dep_ == "dobj"]
    for holder in holders:
        for prep in holder.children:
            if prep.dep_ == "prep" and prep.lower_ in ("for", "in", "to", "on", "with"):
                obj = next((g for g in prep.children if g.dep_ == "pobj"), None)
                if obj is not None and _is_channel(obj, prep.lower_):
                    return _named_phrase(obj, mentions, text)
    if speaker is not None:
        return affiliation(speaker, mentions, text)
    return None


def affiliation(speaker: Any, mentions: Sequence[Mention], text: str) -> Named | None:
    """"Bill Roggio, from The Long War Journal": the outlet hung on the speaker."""
    for prep in speaker.children:
        if prep.dep_ == "prep" and prep.lower_ == "from":
            obj = next((g for g in prep.children if g.dep_ == "pobj"), None)
            if obj is not None and obj.pos_ == "PROPN":
                return _named_phrase(obj, mentions, text)
    return None


def _is_channel(tok: Any, prep: str) -> bool:
    """A publication or a channel noun; "in Baghdad" is a place, "for The Atlantic" is not."""
    if tok.ent_type_ in ("DATE", "TIME", "CARDINAL") or (prep in ("in", "on") and tok.ent_type_ in ("GPE", "LOC")):
        return False
    return tok.pos_ == "PROPN" or tok.lemma_.lower() in CHANNEL_NOUNS


def _named_phrase(tok: Any, mentions: Sequence[Mention], text: str) -> Named:
    """A channel's name: the whole phrase ("War on the Rocks"), unless a mention covers it."""
    s, e = phrase_span(tok)
    glued = _GLUED.search(text[s:e])
    if glued:
        e -= len(glued.group(1))
    label = ""
    for m in mentions:
        if m.start <= tok.idx < m.end and m.label in _SPEAKER_LABELS:
            if m.start <= s and e <= m.end:
                return Named(m.start, m.end, strip_glued(m.text), m.label)
            label = m.label
    return Named(s, e, _clean(text[s:e]), label)


def _clean(name: str) -> str:
    name = " ".join(name.split()).strip(" ,;:“”\"'’")
    return strip_glued(re.sub(r"^the\s+(?=[A-Z])", "", name))
