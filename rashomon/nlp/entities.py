"""The ``mentions`` stage: names in one document, cleaned, relabelled and completed.

A cascade over the spaCy parse, each step fixing what the statistical tagger
gets wrong on news about unfamiliar names (rules in ``mention_rules`` and
``lookup``):

1. **NER spans** of actor types (PERSON, ORG, GPE, NORP, LOC, FAC, EVENT, LAW,
   PRODUCT, WORK_OF_ART); dates and numbers are dropped. A one-token name glued
   to the next span ("Kata'ib" + "Hezbollah") is joined back.
2. **Cleaning**: spans cut at line breaks and inner possessives; a leading
   "the", a trailing "'s", quotes and "pro-"/"anti-" adjectives removed;
   fragments ("Force", "Revolutionary", "Supreme") dropped, and so are names
   seen only in title-case headlines, where every capital looks like a name.
3. **Splitting** a span that is two names the document also uses apart ("the
   Islamic Revolutionary Guard Corps Qods Force").
4. **Majority vote** of labels per name within the document, where a full name
   votes for its surname: "Soleimani" tagged as a place twice and as a person
   ten times is a person everywhere. Titles ("Maj. Gen.", "Ayatollah") are then
   cut from people's spans into ``Mention.title``.
5. **Lookup**: once the names are known, a ``PhraseMatcher`` finds occurrences
   the tagger missed (``Mention.source == "lookup"``).
6. **Parentheses**: "Islamic Revolutionary Guard Corps (IRGC)" and "Kata'ib
   Hezbollah (Hezbollah Brigades)" go to ``notes.mention_pairs`` for the
   resolver.

Only ``Document.text`` is read, so reader comments never yield mentions.

    >>> import spacy
    >>> nlp = spacy.blank("en")
    >>> doc = nlp("Nothing here.")
    >>> find_mentions(doc, "doc_1")
    ([], [])
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, cast

from ..model import DocAnalysis, Mention
from ..notes import MentionPair
from ..registry import Context, stage
from .lookup import lookup_candidates, paren_pairs
from .mention_rules import (
    Candidate,
    drop_headline_only,
    ner_candidates,
    settle_titles,
    split_compounds,
    vote_labels,
)


def find_mentions(doc: Any, doc_id: str) -> tuple[list[Mention], list[MentionPair]]:
    """All name mentions of one parsed document, and the notes the resolver reads."""
    text = doc.text
    cands = split_compounds(text, drop_headline_only(text, ner_candidates(doc)))
    vote_labels(text, cands)
    settle_titles(text, cands)
    cands += lookup_candidates(doc, cands)
    extra, pairs = paren_pairs(text, cands)
    cands += extra
    mentions = [_to_mention(text, doc_id, c) for c in sorted(cands, key=lambda c: (c.start, c.end))]
    return mentions, cast(list[MentionPair], pairs)


def _to_mention(text: str, doc_id: str, c: Candidate) -> Mention:
    return Mention(doc_id, c.start, c.end, text[c.start : c.end], c.label, source=c.source, title=c.title)


@stage("mentions",
       requires=("doc.scratch.spacy",),
       assigns=("doc.mentions", "doc.notes.mention_pairs"),
       version="2", config=())
def make_mentions(ctx: Context) -> Callable[[DocAnalysis], DocAnalysis]:
    """Name mentions of each document: NER, cleaned, relabelled by vote, completed by lookup."""

    def run(item: DocAnalysis) -> DocAnalysis:
        doc = item.scratch.spacy
        item.mentions, item.notes.mention_pairs = find_mentions(doc, item.document.id)
        return item

    return run
