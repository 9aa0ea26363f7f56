"""Rules that turn raw NER spans into clean name mentions (steps 1-4 of ``entities``).

Each rule is a small function over character offsets of the document text, so
the same rules serve the pipeline stage and the tests on hand-built documents.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from .clusters import LABEL_ORDER  # tie-break of votes: person before organisation before place
from .doctext import doc_text
from .names import (
    GENERIC_WORDS,
    TITLE_WORDS,
    initials,
    is_acronym,
    name_key,
    name_tokens,
    strip_possessive,
    title_prefix_length,
    token_similarity,
)

KEEP_LABELS = frozenset(
    {"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC", "EVENT", "LAW", "PRODUCT", "WORK_OF_ART"}
)
_EDGE = " \t\r\n\"'“”‘’«»()[]{}*_#,;:!?|<>"
_DETERMINER = re.compile(r"^(?:the|a|an)\s+", re.IGNORECASE)
_ATTITUDE = re.compile(r"^(?:pro|anti|non)[-‐‑]", re.IGNORECASE)
_BREAK = re.compile(r"\s*\n\s*|['’]s\s+")
_WORDS = re.compile(r"[^\W_][\w.'’\-]*", re.UNICODE)
PAREN = re.compile(r"[ \t]*\(([^()\n]{1,80})\)")
_TITLE_BEFORE = re.compile(r"((?:[A-Z][A-Za-z]*\.?[ \t]+){1,4})$")
_PROPER_TAGS = ("NNP", "NNPS")


@dataclass
class Candidate:
    """A mention being built: character span, label, where it came from."""

    start: int
    end: int
    label: str
    source: str = "ner"
    title: str | None = None
    title_len: int = 0

    def surface(self, text: str) -> str:
        return text[self.start + self.title_len : self.end]


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in _EDGE:
        start += 1
    while end > start and text[end - 1] in _EDGE:
        end -= 1
    return start, end


def _clean(text: str, start: int, end: int, label: str) -> Candidate | None:
    """Trim one piece of a span to the name itself; None when nothing name-like is left."""
    start, end = _trim(text, start, end)
    det = _DETERMINER.match(text[start:end])
    if det:
        start += det.end()
    end = start + len(strip_possessive(text[start:end]))
    start, end = _trim(text, start, end)
    piece = text[start:end]
    if not piece or _ATTITUDE.match(piece):
        return None
    cand = Candidate(start, end, label, title_len=title_prefix_length(piece))
    return None if is_fragment(cand.surface(text)) else cand


def is_fragment(surface: str) -> bool:
    """A piece that is no actor on its own: no capital, a lone generic word, only titles."""
    if not any(c.isupper() for c in surface):
        return True
    words = [w.rstrip(".").lower() for w in _WORDS.findall(surface)]
    if not words or all(w in TITLE_WORDS for w in words):
        return True
    if len(words) == 1 and not is_acronym(surface):
        return len(words[0]) < 2 or words[0] in GENERIC_WORDS or words[0] in TITLE_WORDS
    return False


def _joined_ents(doc: Any) -> list[tuple[int, int, str]]:
    """NER spans as (start, end, label), a lone proper noun glued to the next span joined to it."""
    ents = [e for e in doc.ents if e.label_ in KEEP_LABELS]
    out: list[tuple[int, int, str]] = []
    i = 0
    while i < len(ents):
        e = ents[i]
        nxt = ents[i + 1] if i + 1 < len(ents) else None
        if (
            nxt is not None
            and len(e) == 1
            and e.end == nxt.start
            and e.label_ in ("NORP", "ORG")
            and e[0].tag_ in _PROPER_TAGS
            and nxt[0].tag_ in _PROPER_TAGS
            and doc_text(doc)[e.end_char : nxt.start_char] == " "
        ):
            out.append((e.start_char, nxt.end_char, nxt.label_))
            i += 2
            continue
        out.append((e.start_char, e.end_char, e.label_))
        i += 1
    return out


def _pieces(text: str, start: int, end: int) -> Iterable[tuple[int, int]]:
    """A span cut at line breaks and inner possessives ("Assad's Nusayri-Alawi")."""
    cursor = start
    for brk in _BREAK.finditer(text, start, end):
        yield cursor, brk.start()
        cursor = brk.end()
    yield cursor, end


def _single_common_word(doc: Any, cand: Candidate) -> bool:
    """A one-token span the tagger does not read as a proper noun ("Fighting", "Complex")."""
    span = doc.char_span(cand.start + cand.title_len, cand.end)
    return (
        span is not None
        and len(span) == 1
        and cand.label != "NORP"
        and span[0].pos_ not in ("PROPN", "")  # "" = no tagger: no evidence either way
        and span[0].text.istitle()
    )


def ner_candidates(doc: Any) -> list[Candidate]:
    """Steps 1-2: cleaned NER spans."""
    text = doc.text
    out = []
    for start, end, label in _joined_ents(doc):
        for s, e in _pieces(text, start, end):
            cand = _clean(text, s, e, label)
            if cand is not None and not _single_common_word(doc, cand):
                out.append(cand)
    return out


def split_compounds(text: str, cands: list[Candidate]) -> list[Candidate]:
    """Step 3: a span that is two names the document also uses apart becomes two mentions."""
    known = {name_key(c.surface(text)) for c in cands}
    out: list[Candidate] = []
    for c in cands:
        words = list(_WORDS.finditer(text, c.start, c.end))
        split = None
        for w in words[1:] if len(words) >= 3 and c.label != "PERSON" else []:
            left_end = c.start + len(text[c.start : w.start()].rstrip())
            if name_key(text[c.start : left_end]) in known and name_key(text[w.start() : c.end]) in known:
                split = (left_end, w.start())
                break
        if split is None:
            out.append(c)
        else:
            out += [Candidate(c.start, split[0], c.label, c.source), Candidate(split[1], c.end, c.label, c.source)]
    return out


def _vote_key(text: str, cand: Candidate) -> str:
    return name_key(cand.surface(text), person=True)


def _person_part_votes(text: str, cands: list[Candidate]) -> dict[str, Counter[str]]:
    """Each full name tagged PERSON votes PERSON for its surname and first name."""
    votes: dict[str, Counter[str]] = defaultdict(Counter)
    for c in cands:
        tokens = name_tokens(c.surface(text), person=True)
        if c.label == "PERSON" and len(tokens) >= 2:
            votes[tokens[-1]]["PERSON"] += 1
            votes[tokens[0]]["PERSON"] += 1
    return votes


def vote_labels(text: str, cands: list[Candidate]) -> None:
    """Step 4: every mention of one name gets the label most of its mentions have."""
    votes: dict[str, Counter[str]] = defaultdict(Counter)
    for c in cands:
        votes[_vote_key(text, c)][c.label] += 1
    parts = _person_part_votes(text, cands)
    for key in list(votes):
        if " " in key:
            continue
        near = [p for p in parts if token_similarity(key, p) >= 0.85]
        for p in near:
            votes[key].update(parts[p])
    for c in cands:
        counts = votes[_vote_key(text, c)]
        c.label = max(counts, key=lambda lab: (counts[lab], -_order(lab)))


def _order(label: str) -> int:
    return LABEL_ORDER.index(label) if label in LABEL_ORDER else len(LABEL_ORDER)


def settle_titles(text: str, cands: list[Candidate]) -> None:
    """Cut titles from people's spans into ``title``; note a title written just before the name."""
    for c in cands:
        if c.label != "PERSON":
            c.title_len = 0
            continue
        if c.title_len:
            c.title = text[c.start : c.start + c.title_len].strip()
            c.start += c.title_len
            c.title_len = 0
        elif c.title is None:
            c.title = title_before(text, c.start)


def title_before(text: str, start: int) -> str | None:
    """ "General" in "Iranian General Soleimani": title words right before a name, same line."""
    found = _TITLE_BEFORE.search(text, max(0, start - 48), start)
    if not found:
        return None
    words = found.group(1).split()
    keep: list[str] = []
    for w in reversed(words):
        if w.rstrip(".").lower() not in TITLE_WORDS:
            break
        keep.insert(0, w)
    return " ".join(keep) or None


def acronym_matches(long_name: str, short: str) -> bool:
    """Whether ``short`` is made of the initials of ``long_name`` ("IRGC")."""
    return short.replace(".", "").upper() in initials(long_name)


_SMALL_WORDS = frozenset(["a", "an", "the", "of", "and", "or", "in", "on", "at", "to", "for", "from", "by", "with", "as", "is", "vs", "via"])


def is_headline_line(text: str, pos: int, cache: dict[int, bool] | None = None) -> bool:
    """Whether ``pos`` sits in a title-case line without final stop ("Trump Admits Israel Is ...").

    ``cache`` (line start -> answer) lets a caller ask about many names of one long line in linear time.
    """
    start = text.rfind("\n", 0, pos) + 1
    if cache is not None and start in cache:
        return cache[start]
    end = text.find("\n", pos)
    line = text[start : end if end >= 0 else len(text)].strip()
    words = re.findall(r"[^\W\d_][\w’']*", line)
    content = [w for w in words if w.lower() not in _SMALL_WORDS]
    if len(words) < 3 or not content or line.endswith((".", "!", "?")):
        answer = False  # a sentence, however many names it holds
    else:
        answer = sum(w[0].isupper() for w in content) >= 0.8 * len(content)
    if cache is not None:
        cache[start] = answer
    return answer


def drop_headline_only(text: str, cands: list[Candidate]) -> list[Candidate]:
    """Names found only in title-case lines, where the tagger reads any capital as a name, go.

    A headline name is kept when running text of the same document uses it too
    (the whole name, or it is one word of a name found there).
    """
    lines: dict[int, bool] = {}
    body = {id(c) for c in cands if not is_headline_line(text, c.start, lines)}
    known = {_vote_key(text, c) for c in cands if id(c) in body}
    known |= {tok for key in list(known) for tok in key.split()}
    return [c for c in cands if id(c) in body or _vote_key(text, c) in known]
