"""Layout facts that claims and attribution read: paragraphs and quotation marks.

Paragraphs matter because quotation conventions are paragraph-scoped: a quote
that opens a paragraph and never closes runs to the paragraph's end (the
multi-paragraph convention, or a block quote pasted with its opening mark),
and a closing mark with no opener before it closes a quote that began at the
paragraph's start (a block quote pasted without its opening mark). Every
quote style is paired here: “ ” ‘ ’ « » ‹ › „ “ ‚ ‘ and straight " and ',
telling apostrophes (Iran’s, don't, Muslims') from quotation marks.

    >>> text = 'He said “no,” and left.'
    >>> [text[q.start : q.end] for q in find_quotes(text)]
    ['no,']
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_OPENERS = {"“": "”", "«": "»", "‹": "›", "„": "“”", "‚": "‘’", "‘": "’", '"': '"', "'": "'"}
_STRICT_CLOSERS = "”»›"
_TERMINAL = ".!?:;…”\"’)»。！？"
_BLANK = re.compile(r"\n[ \t\u00a0]*\n")
_FOOTNOTE_TAIL = re.compile(r"(\s*\[\d{1,3}\])+$")
_WORD = re.compile(r"[^\W\d_][\w’'-]*")


@dataclass(frozen=True, slots=True)
class Quote:
    """Quoted material: ``text[start:end]`` excludes the marks themselves.

    ``open_mark`` is None when the quote opens implicitly at the paragraph
    start; ``close_mark`` is None when it runs to the paragraph end unclosed.
    ``depth`` is 0 for an outermost quote, 1 for a quote inside it, and so on.
    """

    start: int
    end: int
    open_mark: str | None
    close_mark: str | None
    depth: int

    @property
    def outer_start(self) -> int:
        """Start including the opening mark, when there is one."""
        return self.start - (1 if self.open_mark else 0)

    @property
    def outer_end(self) -> int:
        return self.end + (1 if self.close_mark else 0)


def paragraphs(text: str) -> list[tuple[int, int]]:
    """Paragraph spans (whitespace-trimmed) of a document.

    Blank lines separate paragraphs; inside a block, a line break after a
    finished line (terminal punctuation, or a short heading-like line) also
    separates. A block cut mid-sentence by a stray blank line (a long block
    ending on a lower-case word) is joined to the next block.
    """
    blocks: list[tuple[int, int]] = []
    pos = 0
    for m in _BLANK.finditer(text):
        blocks.extend(_lines(text, pos, m.start()))
        pos = m.end()
    blocks.extend(_lines(text, pos, len(text)))
    return _join_broken(text, blocks)


def _lines(text: str, start: int, end: int) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    cur = start
    for m in re.finditer(r"\n", text[start:end]):
        stop = start + m.start()
        line = text[cur:stop].strip()
        if line and (line[-1] in _TERMINAL or len(line) < 60):
            out.append((cur, stop))
            cur = stop + 1
    out.append((cur, end))
    return [s for s in (trim(text, a, b) for a, b in out) if s[0] < s[1]]


def trim(text: str, start: int, end: int) -> tuple[int, int]:
    """``[start, end)`` without leading and trailing whitespace."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _join_broken(text: str, blocks: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for block in blocks:
        if out and _unfinished(text[out[-1][0] : out[-1][1]]) and text[block[0]].isalpha():
            out[-1] = (out[-1][0], block[1])
        else:
            out.append(block)
    return out


def _unfinished(para: str) -> bool:
    words = para.split()
    return len(words) >= 8 and para[-1] not in _TERMINAL and words[-1][:1].islower()


HEADING_MAX_WORDS = 25  # longer than any headline or byline: an unfinished paragraph of body text
# A sentence ends inside ("... on Tuesday. The army ..."; not the "J." of a byline): body text, not a title.
_SENTENCE_INSIDE = re.compile(r"[^\W\d_]{2}[.!?][”\"’»)]?\s+[^\W\d_]|[。！？]\S")


def is_heading(para: str) -> bool:
    """Headings, bylines, datelines and promos: short lines that are not sentences.

    A paragraph is heading-like when it is marked up as one (``#``), has no
    terminal punctuation (unless it is long or holds a whole sentence: body
    text cut short, as excerpts and truncated feeds are), or is a short
    title-cased phrase (``Aiding U.S. Imperialism in Afghanistan!``).
    """
    stripped = _FOOTNOTE_TAIL.sub("", para.strip()).strip("*_ ")
    if not stripped or para.lstrip().startswith("#"):
        return True
    words = _WORD.findall(stripped)
    if stripped[-1] not in _TERMINAL:  # a title, unless it is a body cut short (an excerpt, a truncated feed)
        return len(words) <= HEADING_MAX_WORDS and not _SENTENCE_INSIDE.search(stripped)
    if not words or len(words) > 12:
        return False
    content = [w for w in words if len(w) > 3]
    return bool(content) and sum(w[0].isupper() for w in content) >= 0.8 * len(content)


def find_quotes(text: str, start: int = 0, end: int | None = None) -> list[Quote]:
    """Quoted spans inside one paragraph ``text[start:end]``, sorted by start."""
    end = len(text) if end is None else end
    stack: list[tuple[str, int]] = []  # (opening mark, offset)
    found: list[Quote] = []
    for i in range(start, end):
        ch = text[i]
        if ch not in _OPENERS and ch not in _STRICT_CLOSERS and ch not in "’":
            continue
        if _closes(text, i, stack, start, end):
            mark, at = _pop_to(stack, ch)
            found.append(Quote(at + 1, i, mark, ch, len(stack)))
        elif ch in _STRICT_CLOSERS and not found:
            found.append(Quote(start, i, None, ch, 0))  # opener missing: quote began the paragraph
        elif _opens(text, i, start, end):
            stack.append((ch, i))
    if stack and stack[0][1] == start:  # paragraph-opening quote left unclosed runs to the end
        found.append(Quote(start + 1, end, stack[0][0], None, 0))
    return sorted(found, key=lambda q: (q.start, -q.end))


def _closes(text: str, i: int, stack: list[tuple[str, int]], start: int, end: int) -> bool:
    ch = text[i]
    if not any(ch in _OPENERS[m] for m, _ in stack):
        return False
    if ch in "'’\"":
        before = text[i - 1] if i > start else " "
        after = text[i + 1] if i + 1 < end else " "
        if before.isspace():
            return False  # looks like an opener
        if after.isalnum() and ch != '"':
            return False  # an apostrophe inside a word (Iran’s, don't)
    return True


def _opens(text: str, i: int, start: int, end: int) -> bool:
    ch = text[i]
    if ch not in _OPENERS:
        return False
    before = text[i - 1] if i > start else " "
    after = text[i + 1] if i + 1 < end else " "
    if after.isspace():
        return False
    if ch in "'‘\"‚":  # ambiguous marks open only after a space, a bracket or a dash
        return before.isspace() or before in "([{—–/"
    return True


def _pop_to(stack: list[tuple[str, int]], closer: str) -> tuple[str, int]:
    while stack:
        mark, at = stack.pop()
        if closer in _OPENERS[mark]:
            return mark, at
    raise AssertionError("caller checked a matching opener is on the stack")


def quoted_share(quotes: list[Quote], start: int, end: int) -> float:
    """Fraction of the characters of ``[start, end)`` that lie inside an outermost quote."""
    if end <= start:
        return 0.0
    covered = 0
    for q in quotes:
        if q.depth == 0:
            covered += max(0, min(end, q.outer_end) - max(start, q.outer_start))
    return min(1.0, covered / (end - start))


def outside_quotes(text: str, quotes: list[Quote], start: int, end: int) -> str:
    """The text of ``[start, end)`` with quoted material blanked (offsets kept)."""
    chars = list(text[start:end])
    for q in quotes:
        for i in range(max(start, q.outer_start), min(end, q.outer_end)):
            chars[i - start] = " "
    return "".join(chars)
