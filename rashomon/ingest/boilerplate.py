"""Separate the outlet's own text from what is not: comments, promos, prompts, share bars.

Works on paragraphs (blocks separated by blank lines) because that is the unit
page furniture comes in, both in pasted text and in extracted HTML. The cascade:
1. the first comment-section marker ("Notify of", "View all comments",
   "Leave a Reply", "N Comments") ends the article; what follows, split on
   runs of blank lines, becomes ``comments``;
2. promo, newsletter, donation and share paragraphs anywhere are removed and
   kept in ``removed`` so nothing silently disappears.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_COMMENT_MARKERS = re.compile(
    r"^(notify of|inline feedbacks|view all comments|leave a (reply|comment)|"
    r"\d+\s+comments?|comments?( \(\d+\))?|reader comments|join the discussion|"
    r"show comments|add a comment|login to comment)\s*:?\s*$",
    re.IGNORECASE,
)
_FURNITURE = re.compile(
    r"^(related|read more|read also|see also|recommended|more from|also read|watch)\s*:"
    r"|needs your support\b|^(support|donate to) (us|our)\b|^subscribe\b|newsletter|"
    r"^share (this|on)\b|^(share|tweet|email|print)(\s*[|/]\s*(share|tweet|email|print|facebook|twitter))+$|"
    r"^(facebook|twitter|whatsapp|linkedin|telegram)(\s+(facebook|twitter|whatsapp|linkedin|telegram))*$|"
    r"^click here to\b|^sign up\b|^(©|\(c\)|copyright)\s|^(originally|first) published (by|in|on)\b",
    re.IGNORECASE,
)


@dataclass
class Cleaned:
    body: list[str]
    comments: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)


def split_blocks(text: str) -> list[str]:
    """Paragraphs, with their line breaks kept; blank-line runs separate them."""
    return [b.strip() for b in re.split(r"\n\s*\n", text) if b.strip()]


def _split_comments(tail: str) -> list[str]:
    # Comment threads separate comments by two or more blank lines and paragraphs by one.
    parts = re.split(r"\n[ \t]*\n[ \t]*\n\s*", tail.strip())
    out = []
    for part in parts:
        lines = [ln for ln in part.splitlines() if not _COMMENT_MARKERS.match(ln.strip())]
        comment = "\n".join(lines).strip()
        if comment:
            out.append(re.sub(r"\n\s*\n", "\n\n", comment))
    return out


def is_furniture(block: str) -> bool:
    first = block.strip().splitlines()[0].strip() if block.strip() else ""
    return bool(first) and len(block) < 300 and bool(_FURNITURE.search(first))


def clean(text: str) -> Cleaned:
    """Split raw article text into body paragraphs, comments and removed furniture."""
    lines = text.splitlines()
    cut = next((i for i, ln in enumerate(lines) if _COMMENT_MARKERS.match(ln.strip())), None)
    head = "\n".join(lines if cut is None else lines[:cut])
    result = Cleaned(body=[])
    if cut is not None:
        result.comments = _split_comments("\n".join(lines[cut:]))
    for block in split_blocks(head):
        kept_lines = []
        for line in block.splitlines():
            if is_furniture(line):
                result.removed.append(line.strip())
            else:
                kept_lines.append(line)
        kept = "\n".join(kept_lines).strip()
        if kept:
            result.body.append(kept)
    return result
