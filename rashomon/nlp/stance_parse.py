"""Attributing evaluative words to the actor they are about, through the spaCy parse.

A sentence's sentiment is not a sentiment toward every name in it: in "the
mastermind behind the intervention to save the tyrannical Assad regime",
*mastermind* is about the subject of the copula and *tyrannical* about
Assad. ``targets`` follows the dependency tree from an evaluative word to
the mention(s) it describes:

1. a modifier climbs to the noun it modifies ("tyrannical Assad regime",
   "the assassin Trump"); a name in that noun group is the target;
2. a predicate noun or adjective ("Soleimani was the mastermind") or an
   "as" complement ("praised X as a hero") goes to the clause's subject or
   object;
3. a verb's judgement goes to its agent ("he oppressed Sunnis"), except
   attitude verbs ("praised", "hated") and loaded *patient* terms ("was
   taken out", "his elimination"), which are about the one acted upon;
4. an adverb goes where its verb goes ("brutally attacked").

Pronouns (he, him, his) stand for the most salient recent person
(``resolve_pronouns``); this is a heuristic, not coreference resolution.
"""

from __future__ import annotations

import csv
from collections import Counter
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import Any

from ..config import Settings
from .doctext import doc_text


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


NEWS_NEUTRAL = _words(
    """
    kill killed kills killing death deaths dead die died dying war wars attack attacks attacked
    strike strikes struck threat threats fight fights fighting fought conflict crisis defense
    defence security military force forces guard guards united popular support supports supported
    supporting protect protection protests protest protesters demonstrators resistance free freedom
    liberation revolutionary elite army soldier soldiers weapons arms bomb bombs missile missiles
    drone drones great important interest interested intelligence god allah islamic holy justice
    anti pro party play played plays playing kind like well sure certainly definitely really help
    helps helping allow allowed allowing responsible supreme grand holiness excellency honorable
    agreement destroy destroyed destroying
    """
)
# Verbs and nouns that report someone else's view: words under them are that someone's, not the source's.
REPORTING = _words(
    """
    say said tell told claim claimed claims call called describe described label brand dub consider
    believe accuse allege argue insist praise laud hail celebrate condemn denounce criticize
    criticise blame vilify demonize demonise
    """
)
_FIRST_PERSON = frozenset({"i", "we", "us", "me"})
ATTITUDE_VERBS = _words(
    """
    praise laud hail admire celebrate honor honour revere glorify love adore mourn hate despise
    condemn denounce criticize criticise blame accuse vilify demonize demonise fear loathe mock
    """
)
NEGATION_FACTOR = -0.74  # VADER's own scalar for a negated word
PRONOUNS = frozenset({"he", "him", "his", "himself", "she", "her", "hers", "herself"})
_SUBJ = ("nsubj", "nsubjpass", "csubj")
_MODIFIER = ("amod", "compound", "advmod", "conj", "nmod", "npadvmod", "acomp", "appos")

Mention = tuple[int, int, str]  # start, end, label


@lru_cache(maxsize=1)
def load_terms(path: str | None = None) -> dict[tuple[str, str], tuple[float, str]]:
    """``(term, applies) -> (polarity, family)`` from ``data/loaded_terms.tsv``."""
    file = Path(path) if path else Path(__file__).resolve().parent.parent / "data" / "loaded_terms.tsv"
    rows = (
        line for line in file.read_text(encoding="utf-8").splitlines() if line and not line.startswith("#")
    )
    out: dict[tuple[str, str], tuple[float, str]] = {}
    for row in csv.DictReader(rows, delimiter="\t"):
        out[(row["term"].strip().lower(), row["applies"].strip())] = (float(row["polarity"]), row["family"])
    return out


@lru_cache(maxsize=1)
def vader_lexicon() -> dict[str, float]:
    """VADER's word valences (-4..4), minus the words of conflict reporting."""
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    return {w: v for w, v in SentimentIntensityAnalyzer().lexicon.items() if w not in NEWS_NEUTRAL}


def _mention_tokens(span: Any, mentions: Iterable[Mention]) -> dict[int, tuple[int, int]]:
    """Token index -> the (start, end) of the mention covering it, within the span."""
    out: dict[int, tuple[int, int]] = {}
    for start, end, _ in mentions:
        if end <= span.start_char or start >= span.end_char:
            continue
        for tok in span:
            if start <= tok.idx < end:
                out[tok.i] = (start, end)
    return out


def resolve_pronouns(doc: Any, mentions: list[Mention], window: int = 3) -> dict[int, tuple[int, int]]:
    """Personal pronoun token -> the PERSON mention it most likely stands for.

    Candidates are the PERSON mentions (or mentions ending in a PERSON's surname,
    since the small NER model sometimes mislabels a name) of the last ``window`` sentences before
    the pronoun (else any earlier one), minus the subject of the pronoun's own
    clause ("Trump, who ordered his elimination": his is not Trump); the
    person the document names most often wins, the nearest on ties.
    """
    text = doc_text(doc)
    last = {(s, e): text[s:e].split()[-1].lower() for s, e, _ in mentions if e > s and text[s:e].strip()}
    named = {last[(s, e)] for s, e, label in mentions if label == "PERSON" and (s, e) in last}
    people = sorted(m for m in last if last[m] in named)
    surname = {m: last[m] for m in people}
    salience = Counter(surname.values())
    sents = list(doc.sents)
    out: dict[int, tuple[int, int]] = {}
    for k, sent in enumerate(sents):
        lo = sents[max(0, k - window)].start_char
        for tok in sent:
            if tok.lower_ not in PRONOUNS:
                continue
            starts = _clause_subject_starts(tok)
            excluded = {surname[m] for m in people if any(m[0] <= x < m[1] for x in starts)}
            before = [m for m in people if m[0] < tok.idx and surname[m] not in excluded]
            cands = [m for m in before if m[0] >= lo] or before
            if cands:
                out[tok.i] = max(reversed(cands), key=lambda m: salience[surname[m]])
    return out


def _clause_subject_starts(tok: Any) -> set[int]:
    """Character offsets of the subject of the clause a pronoun sits in (a relative "who" counts as its noun)."""
    # spaCy makes a new Token object on each access, so identity (``is``) never holds: compare indices.
    # A tree is at most as deep as the sentence is long, which bounds the climb.
    verb = tok.head
    for _ in range(len(tok.sent)):
        if verb.pos_ in ("VERB", "AUX") or verb.head.i == verb.i:
            break
        verb = verb.head
    out = set()
    for c in verb.children:
        if c.dep_ in _SUBJ and c.i != tok.i:
            out.add(c.idx)
            if c.lower_ in ("who", "that", "which") and verb.dep_ == "relcl":
                out.add(verb.head.idx)
    return out


def reported(tok: Any) -> bool:
    """Whether the word sits under a reporting verb or noun whose speaker is not the writer."""
    for anc in [tok, *tok.ancestors]:
        if anc.lemma_.lower() in REPORTING:
            subj = [c for c in anc.children if c.dep_ in _SUBJ]
            if not subj or subj[0].lower_ not in _FIRST_PERSON:
                return True
    return False


def _valence(tok: Any) -> tuple[float, str | None, str] | None:
    """``(score -1..1, loaded term or None, applies)`` of one token, or None if it is not evaluative."""
    terms = load_terms()
    lemma = tok.lemma_.lower()
    keys = [lemma, tok.lower_]
    prt = [c for c in tok.children if c.dep_ == "prt"]
    if prt:
        keys.insert(0, f"{lemma} {prt[0].lower_}")
    if tok.i + 1 < len(tok.doc):
        keys.insert(0, f"{lemma} {tok.doc[tok.i + 1].lemma_.lower()}")
    order = ("patient", "self") if tok.pos_ == "VERB" else ("self", "patient")
    for key in keys:
        for applies in order:
            if (key, applies) in terms:
                return terms[(key, applies)][0], key, applies
    lex = vader_lexicon()
    value = lex.get(tok.lower_, lex.get(lemma))
    if value is None or tok.lower_ in NEWS_NEUTRAL or lemma in NEWS_NEUTRAL:
        return None
    return value / 4.0, None, "self"


def _negated(tok: Any) -> bool:
    heads = [tok, tok.head] if tok.dep_ in ("acomp", "attr", "xcomp", "dobj", "amod") else [tok]
    return any(c.dep_ == "neg" for h in heads for c in h.children)


def _subject(verb: Any) -> list[Any]:
    """The agent of a clause: nsubj, or the "by" phrase of a passive, or what a relative clause modifies.

    A conjoined or subordinate verb without its own subject borrows its head's.
    """
    if any(c.dep_ == "nsubjpass" for c in verb.children):
        return [g for a in verb.children if a.dep_ == "agent" for g in a.children if g.dep_ == "pobj"]
    for _ in range(4):
        subj = [c for c in verb.children if c.dep_ in _SUBJ]
        if subj:
            return subj
        if verb.dep_ == "relcl":
            return [verb.head]
        if verb.dep_ not in ("conj", "xcomp", "advcl") or verb.head.i == verb.i:
            return []
        verb = verb.head
    return []


def _object(verb: Any) -> list[Any]:
    """The one acted upon: direct object, or the subject of a passive."""
    return [c for c in verb.children if c.dep_ in ("dobj", "nsubjpass", "obj")]


def _noun_group(tok: Any) -> list[Any]:
    """A noun and the names inside its phrase ("Assad regime", "the general, Qassem Soleimani")."""
    return [tok, *(c for c in tok.children if c.dep_ in ("compound", "appos", "nmod"))]


def _group(toks: list[Any]) -> list[Any]:
    return [g for t in toks for g in _noun_group(t)]


def targets(tok: Any, applies: str, is_term: bool = False) -> list[Any]:
    """The tokens an evaluative token is about (see the module docstring for the rules)."""
    if applies == "patient":
        if tok.pos_ == "VERB":
            return _group(_object(tok))
        return [c for c in tok.children if c.dep_ == "poss"] + [
            g
            for c in tok.children
            if c.dep_ == "prep" and c.lower_ == "of"
            for g in c.children
            if g.dep_ == "pobj"
        ]
    if tok.pos_ == "VERB":
        return _group(_object(tok) if tok.lemma_.lower() in ATTITUDE_VERBS else _subject(tok))
    if tok.pos_ == "ADV" and tok.head.pos_ == "VERB":
        return _group(_subject(tok.head))
    head = tok
    while (
        head.dep_ in _MODIFIER
        and head.head.i != head.i
        and head.head.pos_ in ("NOUN", "PROPN", "ADJ", "PRON")
    ):
        head = head.head
    while (
        head.dep_ == "pobj" and head.head.lower_ == "of" and head.head.head.lower_ in ("kind", "sort", "type")
    ):
        head = head.head.head
    if not is_term and head.dep_ == "pobj" and head.head.dep_ == "prep" and head.head.head.dep_ == "attr":
        head = head.head.head  # "X was a key figure in the repression": the deed is X's
    if head.dep_ in ("attr", "acomp", "oprd"):
        return _group(_subject(head.head))
    if head.dep_ == "pobj" and head.head.lower_ == "as" and head.head.head.pos_ == "VERB":
        verb = head.head.head
        return _group(_object(verb) or _subject(verb))
    if not is_term and head.dep_ == "dobj" and head.head.pos_ == "VERB" and _valence(head.head) is None:
        return _group(_subject(head.head))  # "he led the repression": the deed is the doer's
    if head.dep_ == "appos":
        return _noun_group(head.head)
    return _noun_group(head)


def cues_for_sentence(
    span: Any, mentions: list[Mention], pronouns: dict[int, tuple[int, int]],
    reported_factor: float = Settings.stance_reported_word_weight,
) -> list[dict[str, Any]]:
    """Stance cues of one sentence: ``{"mention": [start, end], "score", "words", "terms"}`` per target.

    A cue word under another speaker's reporting verb ("they called him a hero")
    counts ``reported_factor`` of its valence (the ``stance_reported_word_weight`` setting).
    """
    in_mention = _mention_tokens(span, mentions)
    found: dict[tuple[int, int], dict[str, Any]] = {}
    for tok in span:
        if tok.i in in_mention or not tok.is_alpha:
            continue
        val = _valence(tok)
        if val is None:
            continue
        score, term, applies = val
        if _negated(tok):
            score *= NEGATION_FACTOR
        if reported(tok):
            score *= reported_factor
        keys = {in_mention.get(t.i) or pronouns.get(t.i) for t in targets(tok, applies, term is not None)}
        for key in sorted(k for k in keys if k is not None):
            cue = found.setdefault(key, {"mention": list(key), "score": 0.0, "words": [], "terms": []})
            cue["score"] = max(-1.0, min(1.0, cue["score"] + score))
            cue["words"].append(tok.text)
            if term:
                cue["terms"].append(term)
    return [c for c in found.values() if c["score"] != 0.0 or c["terms"]]
