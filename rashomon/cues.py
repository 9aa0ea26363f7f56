"""Lexical contradiction cues: a negation word, the two sides of an antonym pair.

Pure text, read by two parts: the rules of the ``relate`` stage and the
features of the agree/contradict calibrator (``models.nli_calibrate``), which
must see exactly what the rules see.

    >>> negated("He did not order the strike"), antonym_cue("Prices rose", "Prices fell")
    (True, True)
"""

from __future__ import annotations

import re

_NEGATION = re.compile(
    r"\b(?:not|never|no longer|neither|nor|none|nobody|nothing|without|denied|denies|deny|false(?:ly)?|"
    r"\w+n['’]t)\b",
    re.IGNORECASE,
)
# Pairs whose members assert opposite things about the same subject.
ANTONYMS: tuple[tuple[str, str], ...] = (
    ("rose", "fell"), ("increased", "decreased"), ("won", "lost"), ("alive", "dead"),
    ("confirmed", "denied"), ("true", "false"), ("supported", "opposed"), ("ally", "enemy"),
    ("allies", "enemies"), ("before", "after"), ("accepted", "rejected"), ("guilty", "innocent"),
    ("legal", "illegal"), ("succeeded", "failed"), ("fought", "helped"), ("against", "alongside"),
)  # fmt: skip


def negated(text: str) -> bool:
    """Whether the claim denies something (a negation word anywhere in it)."""
    return bool(_NEGATION.search(text))


def antonym_cue(a: str, b: str) -> bool:
    """Whether the two claims use the two sides of one antonym pair."""
    wa, wb = set(re.findall(r"[a-z]+", a.lower())), set(re.findall(r"[a-z]+", b.lower()))
    return any((x in wa and y in wb) or (y in wa and x in wb) for x, y in ANTONYMS)
