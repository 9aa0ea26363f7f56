"""Citations: the outlets, organisations, people and documents an article relies on.

Four sources, each a ``Citation`` with the span of its evidence:

- **attribution**: every speaker and channel the attribution stage found
  (``notes.attribution``): "HRW stated" cites an organisation, "told
  Reuters" an outlet, "wrote for War on the Rocks" an outlet (something
  written *for* is a publication), "in a statement" a document;
- **documents named in the text**: a report, book, study, article or profile
  with an owner ("a Human Rights Watch report", "a report by Nicole
  Grajewski", "Trita Parsi ... authored a book ... titled X"), and claims,
  statements or estimates "of"/"by" a named source;
- **footnotes**: markers ``[n]`` linked to the entry ``[n] ...`` that starts a
  paragraph at the end; a marker with no entry is kept with ``resolved=False``;
- **hyperlinks** from HTML ingestion (``Document.links``): news domains are
  outlets, other domains documents; links to the article's own site are not
  citations.

Outlets are known by name and by domain (``outlets.py``); the citations of many
documents become edges document -> cited source in ``compare.citegraph``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from typing import Any, cast
from urllib.parse import urlsplit

from ..model import Citation, CitationKind, DocAnalysis, Mention
from ..registry import Context, stage
from .attribution import DOC_NOUNS, doc_mentions
from .outlets import is_outlet, outlet_for_domain
from .quotes import is_heading, paragraphs
from .speakers import CUE_VERBS, WRITING_VERBS, name_for

__all__ = ["find_citations", "footnotes", "make_citations"]

CLAIM_NOUNS = frozenset(["claim", "statement", "estimate", "remark", "allegation", "accusation", "assessment", "finding"])
_DEMONSTRATIVE = re.compile(r"^(?:this|that|these|those|the same|same)\b", re.IGNORECASE)
_PUBLISHING_CUES = {"wrote", "writes", "write", "reports", "reported", "published", "publishes"}
_MARKER = re.compile(r"\[(\d{1,3})\]")
_ENTRY = re.compile(r"\[(\d{1,3})\]\s*")
_PAGES = re.compile(r",?\s*pp?\.\s*[\divxlc]+(?:\s*[-–]\s*[\divxlc]+)?\.?$", re.IGNORECASE)
_TITLE_CUE = re.compile(r"\b(?:titled|entitled|called|title)\s*[;:,]?\s*[“\"‘]?", re.IGNORECASE)
_PROPER = re.compile(r"[A-Z]")
_CAP = r"[A-Z0-9][\w’'-]*"
_TITLE_RUN = re.compile(rf"{_CAP}(?:\s+(?:(?:of|the|and|in|on|for|a|an|to|at|with)\s+)*{_CAP})*")


@stage("citations",
       requires=("doc.claims", "doc.notes.attribution"),
       assigns=("doc.citations",),
       version="2", config=())
def make_citations(ctx: Context) -> Callable[[DocAnalysis], DocAnalysis]:
    """Lists the sources each document relies on, footnotes and hyperlinks included."""

    def run(item: DocAnalysis) -> DocAnalysis:
        item.citations = find_citations(item)
        return item

    return run


def find_citations(item: DocAnalysis) -> list[Citation]:
    """Every citation of one analysed document, in reading order, without duplicates."""
    found = [*from_attribution(item), *from_documents(item), *footnotes(item), *from_links(item)]
    seen: set[tuple[int, int, str]] = set()
    out = []
    for c in sorted(found, key=lambda c: (c.start, c.end, c.kind)):
        if (c.start, c.end, c.kind) not in seen:
            seen.add((c.start, c.end, c.kind))
            out.append(c)
    return out


def kind_of(name: str, label: str) -> CitationKind:
    """outlet, person or organization, from the name and its entity label."""
    if is_outlet(name):
        return "outlet"
    return "person" if label == "PERSON" else "organization"


def from_attribution(item: DocAnalysis) -> Iterator[Citation]:
    """Speakers and channels of the attribution chains."""
    doc_id, text = item.document.id, item.document.text
    for row in (item.notes.attribution or {"sources": []})["sources"]:
        s, e = row["speaker_span"]
        if row["speaker_label"]:  # a name, not "media reports" or "the ministry"
            yield Citation(doc_id, s, e, text[s:e], row["speaker"], kind_of(row["speaker"], row["speaker_label"]))
        channel = _channel_citation(doc_id, text, cast(dict[str, Any], row)) if row.get("via_span") else None
        if channel is not None:
            yield channel


def _channel_citation(doc_id: str, text: str, row: dict[str, Any]) -> Citation | None:
    s, e = row["via_span"]
    via = row["via"]
    if not _PROPER.match(via):
        name = re.sub(r"^(?:a|an|the|its|his|her|their)\s+", "", via)
        if _DEMONSTRATIVE.match(via):
            return None  # "in that same report": a pointer to a document named elsewhere
        return Citation(doc_id, s, e, text[s:e], name, "document", speaker=row["speaker"])
    published = row["cue"] in _PUBLISHING_CUES or row["cue"] in ("told", "tells")
    kind: CitationKind = "outlet" if is_outlet(via) or published else kind_of(via, row.get("via_label", ""))
    return Citation(doc_id, s, e, text[s:e], via, kind, speaker=row["speaker"])


def from_documents(item: DocAnalysis) -> Iterator[Citation]:
    """Reports, books and statements with a named owner, anywhere in the article's body."""
    doc, text = item.scratch.spacy, item.document.text
    mentions = doc_mentions(item)
    for a, b in paragraphs(text):
        if is_heading(text[a:b]) or _ENTRY.match(text[a:b]):
            continue
        for tok in doc.char_span(a, b, alignment_mode="expand"):
            lemma = tok.lemma_.lower()
            if tok.pos_ == "NOUN" and (lemma in DOC_NOUNS or lemma in CLAIM_NOUNS):
                yield from _document(item.document.id, text, tok, lemma in DOC_NOUNS, mentions)


def _document(doc_id: str, text: str, noun: Any, is_doc: bool, mentions: Sequence[Mention]) -> Iterator[Citation]:
    owner = _owner(noun, is_doc, mentions, text)
    if owner is None or not _PROPER.match(owner[0]):
        return
    name, start, end, label, how = owner
    yield Citation(doc_id, start, end, text[start:end], name, kind_of(name, label))
    if not is_doc:
        return
    title = _title(noun, text)
    if title is not None:
        s, e = title
        yield Citation(doc_id, s, e, text[s:e], text[s:e], "document", speaker=name)
        return
    s, e = noun.left_edge.idx, noun.idx + len(noun.text)
    if how == "compound":
        s = min(s, start)
    elif how == "prep":  # "a report by X": the phrase runs to the owner's name
        e = max(e, end)
    cited = f"{name} {noun.lemma_}" if how == "compound" else f"{noun.lemma_} by {name}"
    yield Citation(doc_id, s, e, text[s:e], cited, "document", speaker=name)


def _owner(noun: Any, is_doc: bool, mentions: Sequence[Mention], text: str) -> tuple[str, int, int, str, str] | None:
    """Who a document or statement belongs to, and how the text says so: "HRW report"
    (compound), "report by X" (prep), "X wrote a profile" (subject)."""
    props = [c for c in noun.lefts if c.dep_ == "compound" and c.pos_ == "PROPN"]
    if props:
        s, e = props[0].left_edge.idx, props[-1].idx + len(props[-1].text)
        return " ".join(text[s:e].split()), s, e, _label_at(mentions, s, e), "compound"
    for c in noun.children:
        obj = next((g for g in c.children if g.dep_ == "pobj"), None)
        allowed = ("by", "from") if is_doc else ("by", "from", "of")
        if c.dep_ == "poss" and c.pos_ == "PROPN":
            obj = c
        elif c.dep_ != "prep" or c.lower_ not in allowed:
            continue
        named = name_for(obj, mentions, text) if obj is not None else None
        if named is not None:
            return named.name, named.start, named.end, named.label, "prep"
    verb = noun.head
    if noun.dep_ == "dobj" and (verb.lemma_.lower() in WRITING_VERBS or verb.lemma_.lower() in CUE_VERBS):
        subj = next((c for c in verb.children if c.dep_ == "nsubj"), None)
        named = name_for(subj, mentions, text) if subj is not None else None
        if named is not None:
            return named.name, named.start, named.end, named.label, "subject"
    return None


def _label_at(mentions: Sequence[Mention], start: int, end: int) -> str:
    return next((m.label for m in mentions if m.start < end and start < m.end), "")


def _title(noun: Any, text: str) -> tuple[int, int] | None:
    """A work's title given in the same sentence: "titled X", "a telling title; X", “X”."""
    sent = noun.sent
    rest = text[noun.idx : sent.end_char]
    m = _TITLE_CUE.search(rest)
    if m is None:
        return None
    start = noun.idx + m.end()
    run = _TITLE_RUN.match(text, start, sent.end_char)
    if run is None or len(run.group().split()) > 12:
        return None
    return start, run.end()


def footnotes(item: DocAnalysis) -> list[Citation]:
    """Footnote markers, each linked to its entry when the article has one."""
    doc_id, text = item.document.id, item.document.text
    entries: dict[str, tuple[int, int]] = {}
    out: list[Citation] = []
    for a, b in paragraphs(text):
        m = _ENTRY.match(text, a)
        if m and m.end() < b:
            entries[m.group(1)] = (m.end(), b)
    authors = {n: _entry_author(item, s, e) for n, (s, e) in entries.items()}
    for n, (s, e) in entries.items():
        out.append(Citation(doc_id, s, e, text[s:e], _entry_name(text[s:e]), "document", speaker=authors[n],
                            reference=text[s:e]))
    starts = {s - len(f"[{n}]") for n, (s, _) in entries.items()}
    for m in _MARKER.finditer(text):
        if any(m.start() <= st <= m.start() + 1 for st in starts) or _entry_start(text, m.start()):
            continue
        span = entries.get(m.group(1))
        ref = text[span[0] : span[1]] if span else None
        cited = _entry_name(ref) if ref else f"footnote [{m.group(1)}]"
        out.append(Citation(doc_id, m.start(), m.end(), m.group(), cited, "footnote",
                            speaker=authors.get(m.group(1)), resolved=span is not None, reference=ref))
    return out


def _entry_start(text: str, offset: int) -> bool:
    """Whether a marker opens a paragraph (an entry), not a sentence."""
    line_start = text.rfind("\n", 0, offset) + 1
    return not text[line_start:offset].strip()


def _entry_name(entry: str) -> str:
    return _PAGES.sub("", entry.strip()).rstrip(" .")


def _entry_author(item: DocAnalysis, start: int, end: int) -> str | None:
    people = [m for m in doc_mentions(item) if start <= m.start and m.end <= end and m.label == "PERSON"]
    if people:
        return people[0].text
    head = item.document.text[start:end].split(",")[0].strip()
    return head if 1 < len(head.split()) <= 4 and all(w[:1].isupper() for w in head.split()) else None


def from_links(item: DocAnalysis) -> Iterator[Citation]:
    """Hyperlinks of an HTML article: outlets by news domain, other pages as documents."""
    document = item.document
    own = _domain(document.url or "")
    cursor = 0
    for anchor, href in document.links:
        domain = _domain(href)
        if not domain or domain == own or not anchor.strip():
            continue
        at = document.text.find(anchor.strip(), cursor)
        if at < 0:
            at = document.text.find(anchor.strip())
        if at < 0:
            continue  # the link's anchor is not in the article text (navigation, promos)
        end = at + len(anchor.strip())
        cursor = end
        outlet = outlet_for_domain(domain)
        kind: CitationKind = "outlet" if outlet else "document"
        yield Citation(document.id, at, end, document.text[at:end], outlet or domain, kind, reference=href)


def _domain(url: str) -> str:
    host = urlsplit(url.strip()).hostname or ""
    return host.removeprefix("www.")
