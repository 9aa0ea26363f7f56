"""Second pass over a document once its names are known (steps 5-6 of ``entities``).

The tagger misses names it has already found elsewhere in the same article
("Soleimani" in an all-capitals headline, a surname alone after the full name).
A ``PhraseMatcher`` over the names and surnames the first pass found recovers
them; matches that continue a longer capitalised name ("Hezbollah" inside
"Hezbollah Brigades") are skipped, so lookup never invents a fragment.
Parenthesised definitions ("... Guard Corps (IRGC)") are read here too.
"""

from __future__ import annotations

from typing import Any

from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc
from spacy.util import filter_spans

from .doctext import doc_text
from .mention_rules import (
    PAREN,
    Candidate,
    acronym_matches,
    is_fragment,
    title_before,
)
from .names import GENERIC_WORDS, TITLE_WORDS, is_acronym, name_tokens

# Labels a parenthesised gloss may join: organisations and people, never places.
_GLOSS_LABELS = frozenset({"ORG", "NORP", "PERSON", "FAC", "EVENT", "LAW", "PRODUCT", "WORK_OF_ART"})


def _patterns(doc: Any, cands: list[Candidate]) -> dict[str, tuple[Doc, str]]:
    """Lower-case surface -> (pattern Doc tokenised as in the document, label)."""
    text = doc.text
    out: dict[str, tuple[Doc, str]] = {}
    for c in cands:
        span = doc.char_span(c.start, c.end, alignment_mode="expand")
        if span is None:
            continue
        words = [t.text for t in span]
        out.setdefault(" ".join(words).lower(), (Doc(doc.vocab, words=words), c.label))
        surname = words[-1]
        tokens = name_tokens(c.surface(text), person=True)
        if (
            c.label == "PERSON"
            and len(tokens) >= 2
            and len(surname) >= 3
            and surname.istitle()
            and surname.lower() not in GENERIC_WORDS
        ):
            out.setdefault(surname.lower(), (Doc(doc.vocab, words=[surname]), "PERSON"))
    return out


def _continues_name(doc: Any, start: int, end: int) -> bool:
    """Whether tokens next to a match are part of a longer proper name."""
    if start > 0:
        prev = doc[start - 1]
        if (
            prev.pos_ == "PROPN"
            and prev.text[:1].isupper()
            and not doc[start].is_sent_start
            and prev.text.rstrip(".").lower() not in TITLE_WORDS
        ):
            return True
    if end < len(doc):
        nxt = doc[end]
        if nxt.pos_ == "PROPN" and nxt.text[:1].isupper() and not nxt.is_sent_start:
            return True
    return False


def lookup_candidates(doc: Any, cands: list[Candidate]) -> list[Candidate]:
    """Step 5: occurrences of known names the tagger missed."""
    patterns = _patterns(doc, cands)
    if not patterns:
        return []
    matcher = PhraseMatcher(doc.vocab, attr="LOWER")
    labels: dict[int, tuple[str, bool]] = {}
    for i, (key, (pattern, label)) in enumerate(sorted(patterns.items())):
        name = f"rashomon_name_{i}"
        matcher.add(name, [pattern])
        labels[doc.vocab.strings[name]] = (label, is_acronym(pattern.text))
    taken = [(c.start, c.end) for c in cands]
    matches = matcher(doc)
    spans = filter_spans([doc[s:e] for _, s, e in matches])
    by_span = {(s, e): labels[m] for m, s, e in matches}
    found = []
    for span in spans:
        start, end = span.start_char, span.end_char
        label, acronym = by_span[(span.start, span.end)]
        if any(start < e and s < end for s, e in taken) or not _plausible(doc, span, acronym):
            continue
        cand = Candidate(start, end, label, source="lookup")
        if cand.label == "PERSON":
            cand.title = title_before(doc_text(doc), start)
        found.append(cand)
    return found


def _plausible(doc: Any, span: Any, acronym: bool) -> bool:
    """A capitalised match, in capitals if the name is an acronym ("US", never "Us"), not a fragment."""
    text = span.text
    if not text[:1].isupper() or is_fragment(text):
        return False
    if acronym and not text.replace(".", "").isupper():
        return False
    return not _continues_name(doc, span.start, span.end)


def paren_pairs(text: str, cands: list[Candidate]) -> tuple[list[Candidate], list[dict[str, Any]]]:
    """Step 6: "Long Name (ACR)", "ACR (Long Name)" and "Name (Gloss)" definitions.

    Returns new mentions for unlabelled acronyms in parentheses and the pairs,
    as ``{"long", "short", "kind", "initials"}`` dicts of surfaces.
    """
    starts = {c.start: c for c in cands}
    new: list[Candidate] = []
    pairs: list[dict[str, Any]] = []
    for c in sorted(cands, key=lambda x: x.start):
        found = PAREN.match(text, c.end)
        if not found:
            continue
        inner_start, inner_end = found.span(1)
        inner_text = text[inner_start:inner_end].strip()
        inner_start += len(text[inner_start:inner_end]) - len(text[inner_start:inner_end].lstrip())
        outer_text = c.surface(text)
        inner = starts.get(inner_start)
        if inner is None and is_acronym(inner_text) and not is_acronym(outer_text):
            inner = Candidate(inner_start, inner_start + len(inner_text), c.label, source="lookup")
            new.append(inner)
        if inner is None or inner.end != inner_start + len(inner_text):
            continue
        pair = _pair(outer_text, inner_text, c.label, inner.label)
        if pair:
            pairs.append(pair)
    return new, pairs


def _pair(outer: str, inner: str, outer_label: str, inner_label: str) -> dict[str, Any] | None:
    if is_acronym(inner) != is_acronym(outer):
        long_, short = (outer, inner) if is_acronym(inner) else (inner, outer)
        return {"long": long_, "short": short, "kind": "acronym", "initials": acronym_matches(long_, short)}
    same_kind = outer_label == inner_label or {outer_label, inner_label} <= {"ORG", "NORP"}
    if same_kind and outer_label in _GLOSS_LABELS and not is_acronym(inner):
        return {"long": outer, "short": inner, "kind": "gloss", "initials": False}
    return None
