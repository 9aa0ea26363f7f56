"""Claims: the sentence-sized assertions of a document, with a kind and a check-worthiness.

A claim unit is a sentence of the outlet's text, cut where the parse shows a
compound sentence carrying two assertions (``; `` or ``, but`` / ``, and`` /
``, yet`` before a clause with its own subject, ``, while`` / ``, whereas``
before a subordinate clause with its own subject). Headings, bylines, promos,
footnote entries, questions and fragments of fewer than four words are not
claims. Sentences never cross a paragraph boundary, whatever the parser says.

Kinds: ``quote`` when most of the claim lies inside quotation marks (the
attribution stage adds block quotes and reported speech), ``opinion`` when the
outlet's own words judge (first or second person, judgement modals, hedges,
boosters, strongly evaluative adjectives and adverbs), else ``fact``.

Reader comments (``Document.comments``) are never body claims: when present,
their sentences go to ``notes.comment_claims`` with ``section="comment"``
and offsets into the comment, not into ``text``.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterator
from functools import lru_cache
from typing import Any, cast

from ..model import Claim, ClaimKind, Corpus, DocAnalysis, Mention
from ..models.checkworthy import embed, encoder_for
from ..notes import CommentClaim
from ..registry import Context, stage
from .doctext import doc_text
from .quotes import find_quotes, is_heading, outside_quotes, paragraphs, quoted_share, trim

MIN_WORDS = 4
_REFERENCE_ENTRY = re.compile(r"^\s*(?:\[\d{1,3}\]|\^\d{1,3}|\d{1,3}\.\s)")
_WORD = re.compile(r"[^\W_][\w’'-]*")
_SUBJECTS = {"nsubj", "nsubjpass", "expl", "csubj"}
_COORD = {"but", "yet", "and"}
_CONTRAST_MARKS = {"while", "whereas"}
_FIRST_SECOND = {"i", "we", "me", "us", "my", "our", "ours", "let’s", "let's", "you", "your"}
_JUDGE = {"should", "must", "ought"}
_SPECULATE = {"could", "might", "may", "would"}
_HEDGES = {
    "perhaps", "probably", "possibly", "arguably", "apparently", "seemingly", "supposedly",
    "presumably", "allegedly", "so-called", "guess", "think", "believe", "doubt", "seems",
}
_BOOSTERS = {
    "clearly", "obviously", "certainly", "definitely", "surely", "really", "undoubtedly",
    "indeed", "actually", "truly", "hardly", "merely", "only", "just", "even", "of course", "in fact",
}
_FUSED = {("let", "’s"): "let’s", ("let", "'s"): "let’s", ("of", "course"): "of course", ("in", "fact"): "in fact"}
_CLOSING_MARKS = {"”", "\"", "’", "'", "»", "›"}
_NEUTRAL_LOADED = {"positive", "negative", "free"}  # VADER scores these; news uses them descriptively
_SENTENCE_END = re.compile(r"[.!?]+[”\"’]?(?=\s+[“\"‘(]?[A-Z])")


@stage("claims",
       requires=("doc.scratch.spacy", "doc.mentions"),
       assigns=("doc.claims", "doc.scratch.claim_vectors", "doc.scratch.paragraphs", "doc.notes.comment_claims"),
       version="4", config=())
def make_claims(ctx: Context) -> Callable[[DocAnalysis], DocAnalysis]:
    """Cuts the document into claims, with kind and check-worthiness score."""

    def pipe(items: list[DocAnalysis]) -> list[DocAnalysis]:
        """Many documents at once: one embedding pass over all their claims, in length-sorted batches.

        A document whose cutting fails raises before anything is embedded; callers that need
        per-document failures fall back to ``run`` for that batch.
        """
        model = ctx.models.get("checkworthy")
        encoder = encoder_for(ctx.models, model)
        per_doc = []
        for it in items:
            found: dict[tuple[int, int], list[Any]] = {}  # quotes per paragraph, scanned once
            text, doc = it.document.text, it.scratch.spacy
            per_doc.append([_claim(it, text, doc, a, b, found) for a, b in claim_units(text, doc)])
        texts = [c.text for claims in per_doc for c in claims]
        vectors = embed(encoder, texts)
        scores = model.score_embedded(vectors, texts)
        keep = model.embedder == ctx.models.name("embedder")  # later stages reuse them, not recompute
        at = 0
        for item, claims in zip(items, per_doc):
            for claim, score in zip(claims, scores[at : at + len(claims)]):
                claim.checkworthy = round(score, 4)
            if keep:
                item.scratch.claim_vectors = dict(zip((c.id for c in claims), vectors[at : at + len(claims)]))
            at += len(claims)
            item.claims = claims
            if item.document.comments:
                item.notes.comment_claims = cast(list[CommentClaim], comment_claims(item.document.comments, model, encoder))
        return items

    def run(item: DocAnalysis) -> DocAnalysis:
        return pipe([item])[0]

    run.pipe = pipe  # type: ignore[attr-defined]  # the batch entry point for the pipeline
    return run


def _claim(item: DocAnalysis, text: str, doc: Any, start: int, end: int,
           found: dict[tuple[int, int], list[Any]]) -> Claim:
    doc_id = item.document.id
    para = _paragraph_of(item, text, start)
    if para not in found:  # one quote scan per paragraph, not one per claim
        found[para] = find_quotes(text, *para)
    kind = claim_kind(text, doc, start, end, found[para])
    return Claim(Claim.make_id(doc_id, start, end), doc_id, start, end, text[start:end], kind=kind)


def _paragraph_of(item: DocAnalysis, text: str, offset: int) -> tuple[int, int]:
    paras = item.scratch.paragraphs
    if paras is None:
        paras = item.scratch.paragraphs = paragraphs(text)
    i = bisect_right(paras, (offset, float("inf"))) - 1  # paragraphs are sorted and disjoint: no scan
    if i >= 0 and paras[i][0] <= offset < paras[i][1]:
        return paras[i]
    return offset, offset


def claim_units(text: str, doc: Any) -> list[tuple[int, int]]:
    """Character spans of the claims of a parsed document, in reading order.

    "The army held the bridge; the rebels held the town." gives two spans, one per clause.
    """
    units: list[tuple[int, int]] = []
    for a, b in paragraphs(text):
        para = text[a:b]
        if is_heading(para) or _REFERENCE_ENTRY.match(para):
            continue
        quotes = find_quotes(text, a, b)
        for s, e in _sentences(doc, a, b):
            if _is_claim_sentence(text[s:e]):
                units.extend(split_clauses(doc, s, e, quotes))
    return units


def _sentences(doc: Any, start: int, end: int) -> Iterator[tuple[int, int]]:
    """spaCy sentences clipped to one paragraph and trimmed of whitespace.

    The sentence bounds are read once per parse: ``Span.sents`` walks the whole
    document again for every paragraph, quadratic on long articles.
    """
    bounds = _sentence_bounds(doc)
    for s0, e0 in bounds[max(0, bisect_right(bounds, (start, start)) - 1):]:
        if s0 >= end:
            break
        s, e = trim(doc_text(doc), max(start, s0), min(end, e0))
        if s < e:
            yield s, e


def _sentence_bounds(doc: Any) -> list[tuple[int, int]]:
    """The parse's sentences, with a break before a lower-case word undone.

    The parser ends a sentence at an abbreviation's stop ("the regime resp. its
    allies", "approx. 300"); a sentence that starts in lower case continues the
    one before, and a claim cut there is a fragment that asserts nothing.
    """
    cached = doc.user_data.get("rashomon_sentence_bounds")
    if cached is None:
        text = doc_text(doc)
        cached = []
        for s in doc.sents:
            first = text[s.start_char : s.end_char].lstrip()[:1]
            if cached and first.islower() and "\n" not in text[cached[-1][1] : s.start_char + 1]:
                cached[-1] = (cached[-1][0], s.end_char)
            else:
                cached.append((s.start_char, s.end_char))
        doc.user_data["rashomon_sentence_bounds"] = cached
    return cached


def _is_claim_sentence(sentence: str) -> bool:
    core = sentence.rstrip("”\"’»)] ").rstrip()
    if core.endswith("?"):
        return False
    return word_count(sentence) >= MIN_WORDS


_HAN_KANA = re.compile(r"[\u3040-\u30ff\u3400-\u9fff]")


def word_count(text: str) -> int:
    """Words, with scripts written without spaces counted at two characters a word (a common word length)."""
    return max(len(_WORD.findall(text)), len(_HAN_KANA.findall(text)) // 2)


def split_clauses(doc: Any, start: int, end: int, quotes: list[Any]) -> list[tuple[int, int]]:
    """Cut a sentence where it joins independent assertions, never inside a quote."""
    span = doc.char_span(start, end, alignment_mode="expand")
    inside = [(q.outer_start, q.outer_end) for q in quotes if q.outer_start < end and start < q.outer_end]
    cuts: list[tuple[int, int]] = []  # (end of left piece, start of right piece)
    for tok in span:
        cut = _cut_at(tok, span)
        if cut and not any(a < cut[1] < b for a, b in inside):
            cuts.append(cut)
    # Word counts of any stretch from prefix sums over the sentence's words: linear, not one scan per cut.
    words = [(m.start(), m.end()) for m in _WORD.finditer(doc_text(doc), start, end)]
    starts, ends = [w[0] for w in words], [w[1] for w in words]

    def count(a: int, b: int) -> int:
        return max(0, bisect_right(ends, b) - bisect_left(starts, a))

    pieces, left = [], start
    for left_end, right_start in cuts:
        if count(left, left_end) >= MIN_WORDS and count(right_start, end) >= MIN_WORDS:
            pieces.append((left, left_end))
            left = right_start
    pieces.append((left, end))
    return pieces


def _cut_at(tok: Any, span: Any) -> tuple[int, int] | None:
    if tok.text == ";" and tok.i + 1 < span.end:
        return tok.idx, tok.nbor(1).idx
    left_end = _comma_before(tok, span)
    if left_end is None:
        return None
    lower = tok.lower_
    if lower in _COORD and tok.dep_ == "cc" and _has_subject(tok.head) and _conj_clause_after(tok):
        return left_end, tok.idx
    if lower in _CONTRAST_MARKS and tok.dep_ == "mark" and _has_subject(tok.head) and _has_subject(tok.head.head):
        return left_end, tok.idx
    return None


def _comma_before(tok: Any, span: Any) -> int | None:
    """Where the left piece ends when ``tok`` follows a comma (``,`` or ``,”``), else None."""
    if tok.i - 1 < span.start:
        return None
    prev = tok.nbor(-1)
    if prev.text == ",":
        return int(prev.idx)
    if prev.text in _CLOSING_MARKS and tok.i - 2 >= span.start and tok.nbor(-2).text == ",":
        return int(prev.idx + len(prev.text))  # keep the closing mark with its quote
    return None


def _has_subject(tok: Any) -> bool:
    return any(c.dep_ in _SUBJECTS for c in tok.children)


def _conj_clause_after(cc: Any) -> bool:
    return any(c.dep_ == "conj" and c.i > cc.i and _has_subject(c) for c in cc.head.children)


def _words(text: str, start: int, end: int) -> int:
    return len(_WORD.findall(text[start:end]))


def claim_kind(text: str, doc: Any, start: int, end: int, quotes: list[Any]) -> ClaimKind:
    """``quote`` if mostly quoted, ``opinion`` if the outlet's own words judge, else ``fact``."""
    if quoted_share(quotes, start, end) >= 0.5:
        return "quote"
    own = outside_quotes(text, quotes, start, end)
    span = doc.char_span(start, end, alignment_mode="expand")
    words = [(t.lower_, t.pos_) for t in span if start <= t.idx < end and not own[t.idx - start].isspace()]
    return "opinion" if opinion_score(_fuse(words)) >= 1.0 else "fact"


def _fuse(words: list[tuple[str, str | None]]) -> list[tuple[str, str | None]]:
    """Rejoin what the tokenizer splits: ``let’s``, ``of course``, ``in fact``."""
    out: list[tuple[str, str | None]] = []
    for low, pos in words:
        if out and (out[-1][0], low) in _FUSED:
            out[-1] = (_FUSED[(out[-1][0], low)], None)
        else:
            out.append((low, pos))
    return out


def opinion_score(words: list[tuple[str, str | None]]) -> float:
    """Evidence that a sentence judges rather than reports; 1.0 or more reads as opinion.

    ``words`` are (lower-case word, part of speech or None) outside quotation marks.
    """
    score = 0.0
    lexicon = _valence()
    for low, pos in words:
        if low in _FIRST_SECOND or low in _JUDGE or low in _HEDGES:
            score += 1.0
        elif low in _SPECULATE or low in _BOOSTERS:
            score += 0.5
        elif pos in ("ADJ", "ADV") and low not in _NEUTRAL_LOADED and abs(lexicon.get(low, 0.0)) >= 2.0:
            score += 1.0
    return score


@lru_cache(maxsize=1)
def _valence() -> dict[str, float]:
    """VADER's word valences: strongly loaded adjectives and adverbs mark judgement."""
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    return {k: float(v) for k, v in SentimentIntensityAnalyzer().lexicon.items()}


def comment_claims(comments: list[str], model: Any, encoder: Any) -> list[dict[str, Any]]:
    """Sentences of reader comments, scored like body claims but kept apart from them."""
    rows: list[dict[str, Any]] = []
    for i, comment in enumerate(comments):
        for s, e in _comment_sentences(comment):
            words: list[tuple[str, str | None]] = [(w.lower(), None) for w in _WORD.findall(comment[s:e])]
            kind = "opinion" if opinion_score(_fuse(words)) >= 1.0 else "fact"
            rows.append({"comment": i, "start": s, "end": e, "text": comment[s:e], "section": "comment", "kind": kind})
    for row, score in zip(rows, model.score([r["text"] for r in rows], encoder)):
        row["checkworthy"] = round(score, 4)
    return rows


def _comment_sentences(comment: str) -> Iterator[tuple[int, int]]:
    """A light sentence split: comments are not parsed, so they cost almost nothing."""
    start = 0
    for stop in [m.end() for m in _SENTENCE_END.finditer(comment)] + [len(comment)]:
        s, e = trim(comment, start, stop)
        if s < e and _is_claim_sentence(comment[s:e]):
            yield s, e
        start = stop


@stage("claim-entities", requires=("corpus.entities", "doc.claims"), assigns=("doc.claims",), scope="corpus",
       version="1", config=())
def make_claim_entities(ctx: Context) -> Callable[[Corpus], Corpus]:
    """After cross-document resolution: each claim's entity ids, and each speaker's."""

    def run(corpus: Corpus) -> Corpus:
        for item in corpus.docs:
            link_claim_entities(item)
        return corpus

    return run


def link_claim_entities(item: DocAnalysis) -> None:
    """Fill ``Claim.entities`` (resolved mentions inside the claim, in order) and
    ``Attribution.entity`` (the resolved mention at the speaker's span)."""
    resolved = sorted((m for m in item.mentions if m.entity), key=lambda m: m.start)
    for claim in item.claims:
        inside = (m.entity for m in resolved if claim.start <= m.start and m.end <= claim.end)
        claim.entities = list(dict.fromkeys(e for e in inside if e))
        for link in claim.chain:
            if link.start is not None and link.end is not None:
                link.entity = _entity_at(resolved, link.start, link.end)


def _entity_at(mentions: list[Mention], start: int, end: int) -> str | None:
    """The entity of the mention overlapping ``[start, end)`` most."""
    best, most = None, 0
    for m in mentions:
        overlap = min(end, m.end) - max(start, m.start)
        if overlap > most:
            best, most = m.entity, overlap
    return best
