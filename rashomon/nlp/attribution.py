"""Attribution: on whose authority each claim is made, kept as a chain.

Three layers, outermost first, each one link of ``Claim.chain``:

1. **Block quotes.** A paragraph ending in a colon, or a sentence announcing
   "a few words from X", introduces the paragraphs after it. The intro names
   the source (subject of a speech or writing verb, "a report by X", "words
   from X") and its channel ("for The New Yorker", "Bill Roggio, from The Long
   War Journal"). The block runs until the article's own voice resumes: a
   heading, a new intro, first or second person outside quotation marks, a
   paragraph opening on a connective ("So", "And", "To add"), or a pointer
   back ("the above quote", "above-mentioned").
2. **The claim's own cue.** A speech verb heading the claim with a subject
   ("HRW stated", "X told Reuters", "the Pentagon said in a statement that"),
   a passive "X was quoted as", or "according to X".
3. **Continuation.** A sentence wholly inside quotation marks with no cue of
   its own belongs to the nearest quote in its paragraph that has one
   (“...,” Crocker told me. “We'd stay up all night.”).

So a reporter quoting a man who told him something gives
``[Attribution(Filkins, via The New Yorker), Attribution(Crocker)]``, not a
flattened single speaker. Attributed claims get ``kind="quote"`` and
``speaker`` = the innermost speaker. Speakers and channels found, with their
spans, go to ``notes.attribution`` for the citations stage.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, cast

from ..model import Attribution, Claim, DocAnalysis, Mention
from ..notes import AttributionNotes
from ..registry import Context, stage
from .quotes import Quote, find_quotes, is_heading, outside_quotes, paragraphs
from .speakers import (
    QUOTE_NOUNS,
    WRITING_VERBS,
    Named,
    channel_of,
    full_name,
    glued_cue,
    is_cue,
    mentions_in,
    name_for,
    subject_of,
)

MAX_BLOCK_PARAGRAPHS = 8
DOC_NOUNS = frozenset(["report", "book", "study", "article", "profile", "paper", "survey", "analysis", "essay", "memoir", "review", "column"])
_ANNOUNCE = re.compile(r"\b(?:words|quotes?|quotation|passage|excerpt|extract|lines|remarks)\b[^.:;]{0,40}\bfrom\b", re.IGNORECASE)
_VOICE = re.compile(r"\b(?:I|[Ww]e|us|[Oo]urs?|[Mm]y|[Yy]ou|[Yy]our|[Ll]et[’']s)\b")
_BACKREF = re.compile(r"\b(?:above|above-mentioned|aforementioned|as mentioned|earlier on|this quote)\b", re.IGNORECASE)
_CONNECTIVE = re.compile(r"^(?:so|and|but|well|thus|hence|therefore|now|still|anyway|of course|to add|in short)\b", re.IGNORECASE)
_REFERENCE_ENTRY = re.compile(r"^\s*\[\d{1,3}\]")


@dataclass(frozen=True)
class Block:
    """A block quote: the sentence announcing it, its paragraphs, and its source."""

    intro: tuple[int, int]
    paragraphs: tuple[tuple[int, int], ...]
    source: Attribution


@dataclass
class _Found:
    """One attribution link with the spans the citations stage needs."""

    link: Attribution
    speaker: Named
    channel: Named | None = None
    direct: bool = False


@stage("attribution",
       requires=("doc.claims", "doc.mentions"),
       assigns=("doc.claims", "doc.notes.attribution"),
       version="3", config=())
def make_attribution(ctx: Context) -> Callable[[DocAnalysis], DocAnalysis]:
    """Sets each claim's attribution chain and speaker; block quotes carry their source."""

    def run(item: DocAnalysis) -> DocAnalysis:
        attribute(item)
        return item

    return run


def doc_mentions(item: DocAnalysis) -> list[Mention]:
    """The mentions stage's names, or the parser's entities when that stage did not run."""
    if item.mentions:
        return sorted(item.mentions, key=lambda m: m.start)
    doc = item.scratch.spacy
    ents = doc.ents if doc is not None else ()
    return [Mention(item.document.id, e.start_char, e.end_char, e.text, e.label_) for e in ents]


def attribute(item: DocAnalysis) -> None:
    """Fill ``chain``, ``speaker`` and ``kind`` of the document's claims in place."""
    text, doc = item.document.text, item.scratch.spacy
    mentions = doc_mentions(item)
    paras = item.scratch.paragraphs or paragraphs(text)
    quotes = {p: find_quotes(text, *p) for p in paras}
    blocks, block_found = find_blocks(text, doc, paras, quotes, mentions)
    own: dict[str, _Found] = {}
    intros = [b.intro for b in blocks]
    for claim in item.claims:
        if any(a <= claim.start < b for a, b in intros):
            continue  # "The BBC also writes:" is the article speaking about a source
        para = _para_of(paras, claim.start)
        found = own_attribution(claim, doc, text, quotes.get(para, []), mentions)
        if found is not None:
            own[claim.id] = found
    _continue_quotes(item.claims, paras, quotes, own)
    sources: list[dict[str, Any]] = []
    for claim in item.claims:
        para = _para_of(paras, claim.start)
        block = next((b for b in blocks if para in b.paragraphs), None)
        links = [block_found[id(block)]] if block else []
        inner = own.get(claim.id)
        if inner and not (links and links[0].link.speaker == inner.link.speaker):
            links.append(inner)
        if links:
            claim.chain = [f.link for f in links]
            claim.speaker = claim.chain[-1].speaker
            claim.kind = "quote"
            sources.extend(_source_rows(f, claim) for f in links)
    item.notes.attribution = cast(AttributionNotes, {"sources": _merge_rows(sources), "blocks": [_block_row(b) for b in blocks]})


def _para_of(paras: Sequence[tuple[int, int]], offset: int) -> tuple[int, int]:
    return next((p for p in paras if p[0] <= offset < p[1]), (offset, offset))


def own_attribution(
    claim: Claim, doc: Any, text: str, quotes: list[Quote], mentions: Sequence[Mention]
) -> _Found | None:
    """The attribution a claim carries itself: a speech cue heading it, or "according to X"."""
    s, e = claim.start, claim.end
    level = sum(1 for q in quotes if q.outer_start <= s and e <= q.outer_end)
    local = [q for q in quotes if q.depth >= level and q.outer_start < e and q.outer_end > s]
    span = doc.char_span(s, e, alignment_mode="expand")
    quoted_chars = sum(min(e, q.outer_end) - max(s, q.outer_start) for q in local if q.depth == level)
    share = quoted_chars / max(1, e - s)
    for tok in span:
        if any(q.start <= tok.idx < q.end for q in local):
            continue
        found = _according_to(tok, mentions, text) or _cue(tok, s, e, share, mentions, text)
        if found is not None:
            found.direct = share > 0
            return found
    return None


def _cue(tok: Any, s: int, e: int, share: float, mentions: Sequence[Mention], text: str) -> _Found | None:
    if not is_cue(tok) or not _heads_claim(tok, s, e):
        return None
    subj = subject_of(tok)
    reported = any(c.dep_ in ("ccomp", "xcomp") for c in tok.children) or tok.lemma_.lower() == "quote"
    if subj is None or not (reported or share >= 0.2):
        return None
    named = name_for(subj, mentions, text)
    if named is None:
        return None
    channel = channel_of(tok, subj, mentions, text)
    return _found(named, tok.text.lower(), channel, mentions)


def _heads_claim(tok: Any, s: int, e: int) -> bool:
    """The verb is the claim's main verb (its head lies outside the claim), or conjoined to it."""
    if tok.dep_ == "ROOT" or not (s <= tok.head.idx < e):
        return True
    return tok.dep_ == "conj" and _heads_claim(tok.head, s, e)


def _according_to(tok: Any, mentions: Sequence[Mention], text: str) -> _Found | None:
    if tok.lower_ != "according" or tok.i + 1 >= len(tok.doc) or tok.nbor(1).lower_ != "to":
        return None
    obj = next((c for c in tok.nbor(1).children if c.dep_ == "pobj"), None)
    named = name_for(obj, mentions, text) if obj is not None else None
    return _found(named, "according to", None, mentions) if named else None


def _found(named: Named, cue: str, channel: Named | None, mentions: Sequence[Mention]) -> _Found:
    via = channel.name if channel and channel.name != named.name else None
    link = Attribution(full_name(named, mentions), cue=cue, via=via, start=named.start, end=named.end)
    return _Found(link, named, channel if via else None)


def _continue_quotes(
    claims: list[Claim], paras: Sequence[tuple[int, int]], quotes: dict[tuple[int, int], list[Quote]],
    own: dict[str, _Found],
) -> None:
    """A claim wholly inside a closed quote, with no cue, takes its paragraph's nearest quoted speaker."""
    for i, claim in enumerate(claims):
        if claim.id in own:
            continue
        para = _para_of(paras, claim.start)
        inside = [q for q in quotes.get(para, []) if q.outer_start <= claim.start and claim.end <= q.outer_end]
        if not inside or inside[-1].open_mark is None or inside[-1].close_mark is None:
            continue
        same = [c for c in claims if _para_of(paras, c.start) == para and c.id in own and own[c.id].direct]
        before = [c for c in same if c.start < claim.start]
        near = before[-1] if before else next(iter(same), None)
        if near is not None:
            own[claim.id] = own[near.id]


def find_blocks(
    text: str, doc: Any, paras: Sequence[tuple[int, int]], quotes: dict[tuple[int, int], list[Quote]],
    mentions: Sequence[Mention],
) -> tuple[list[Block], dict[int, _Found]]:
    """Block quotes announced by an intro, each with its source."""
    blocks: list[Block] = []
    sources: dict[int, _Found] = {}
    i = 0
    while i < len(paras):
        a, b = paras[i]
        found = None if is_heading(text[a:b]) else _intro(text, doc, a, b, mentions)
        members = _members(text, paras, quotes, i + 1) if found else []
        if found is None or not members:
            i += 1
            continue
        block = Block(found[0], tuple(members), found[1].link)
        blocks.append(block)
        sources[id(block)] = found[1]
        i += len(members) + 1
    return blocks, sources


def _intro(text: str, doc: Any, a: int, b: int, mentions: Sequence[Mention]) -> tuple[tuple[int, int], _Found] | None:
    sent = doc.char_span(a, b, alignment_mode="expand")[-1].sent
    s, e = max(a, sent.start_char), min(b, sent.end_char)
    if not (text[a:b].rstrip().endswith(":") or _ANNOUNCE.search(text[s:e])):
        return None
    span = doc.char_span(s, e, alignment_mode="expand")
    found = _intro_verb(span, mentions, text) or _intro_noun(span, mentions, text) or _intro_glued(span, mentions)
    return ((s, e), found) if found else None


def _intro_verb(span: Any, mentions: Sequence[Mention], text: str) -> _Found | None:
    """"Dexter Filkins wrote a profile ... for The New Yorker, in which he reports:"."""
    picks = []
    for tok in span:
        if is_cue(tok) or (tok.lemma_.lower() in WRITING_VERBS and tok.pos_ == "VERB"):
            subj = subject_of(tok)
            named = name_for(subj, mentions, text) if subj is not None else None
            if subj is not None and named is not None:
                picks.append((subj.pos_ == "PRON", tok, subj, named))
    if not picks:
        return None
    _, tok, subj, named = min(picks, key=lambda p: p[0])
    return _found(named, tok.text.lower(), channel_of(tok, subj, mentions, text), mentions)


def _intro_noun(span: Any, mentions: Sequence[Mention], text: str) -> _Found | None:
    """"a November 2021 report by Nicole Grajewski ... for CSIS", "a few strong words from Parsi"."""
    for tok in span:
        if tok.lemma_.lower() not in DOC_NOUNS and tok.lower_ not in QUOTE_NOUNS:
            continue
        for prep in tok.children:
            obj = next((c for c in prep.children if c.dep_ == "pobj"), None)
            if prep.lower_ in ("by", "from") and obj is not None:
                named = name_for(obj, mentions, text)
                if named is not None and (named.label or named.name[:1].isupper()):
                    return _found(named, tok.lower_, _noun_channel(tok, mentions, text), mentions)
    return None


def _noun_channel(noun: Any, mentions: Sequence[Mention], text: str) -> Named | None:
    """"a report ... which was compiled for the Center for ...": where the document appeared."""
    for holder in [noun] + [c for c in noun.children if c.dep_ in ("relcl", "acl")]:
        found = channel_of(holder, None, mentions, text) if holder is not noun else None
        if found is not None:
            return found
    return None


def _intro_glued(span: Any, mentions: Sequence[Mention]) -> _Found | None:
    """"Bill Roggio, from The Long War Journalwrote in 2015:": speech verb glued to a name."""
    for tok in span:
        cue = glued_cue(tok)
        if cue is None:
            continue
        inside = mentions_in(mentions, span.start_char, tok.idx + len(tok.text))
        people = [m for m in inside if m.label == "PERSON" and m.end <= tok.idx]
        holder = next((m for m in inside if m.start <= tok.idx < m.end), None)
        if not people:
            return None
        speaker = Named(people[0].start, people[0].end, people[0].text, "PERSON")
        channel = None
        if holder is not None:
            end = holder.end - len(cue)
            channel = Named(holder.start, end, holder.text[: end - holder.start].strip(), holder.label)
        elif len(tok.text) > len(cue):
            end = tok.idx + len(tok.text) - len(cue)
            channel = Named(tok.idx, end, tok.text[: -len(cue)], "")
        return _found(speaker, cue, channel, mentions)
    return None


def _members(
    text: str, paras: Sequence[tuple[int, int]], quotes: dict[tuple[int, int], list[Quote]], first: int
) -> list[tuple[int, int]]:
    """The paragraphs after an intro, until the article's own voice resumes."""
    members: list[tuple[int, int]] = []
    for k in range(first, min(len(paras), first + MAX_BLOCK_PARAGRAPHS)):
        a, b = paras[k]
        para = text[a:b]
        if is_heading(para) or _REFERENCE_ENTRY.match(para) or para.rstrip("”\"’ ").endswith("?"):
            break
        if para.rstrip().endswith(":") or (members and voice_resumes(text, a, b, quotes.get((a, b), []))):
            break
        members.append((a, b))
    return members


def voice_resumes(text: str, a: int, b: int, quotes: list[Quote]) -> bool:
    """Signs that a paragraph is the article speaking again, not the quoted source."""
    own = outside_quotes(text, quotes, a, b)
    return bool(_CONNECTIVE.match(own.lstrip()) or _VOICE.search(own) or _BACKREF.search(own))


def _source_rows(found: _Found, claim: Claim) -> dict[str, Any]:
    row = {"claims": [claim.id], "cue": found.link.cue, "speaker": found.link.speaker, "via": found.link.via,
           "speaker_span": [found.speaker.start, found.speaker.end], "speaker_label": found.speaker.label,
           "speaker_text": found.speaker.name}
    if found.channel is not None:
        row.update(via_span=[found.channel.start, found.channel.end], via_label=found.channel.label)
    return row


def _merge_rows(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One row per attribution link occurrence, listing every claim it covers."""
    merged: dict[tuple[Any, ...], dict[str, Any]] = {}
    for row in rows:
        key = (tuple(row["speaker_span"]), row["cue"], row["via"])
        if key in merged:
            merged[key]["claims"].extend(c for c in row["claims"] if c not in merged[key]["claims"])
        else:
            merged[key] = row
    return list(merged.values())


def _block_row(block: Block) -> dict[str, Any]:
    return {"intro": list(block.intro), "paragraphs": [list(p) for p in block.paragraphs],
            "speaker": block.source.speaker, "via": block.source.via}
