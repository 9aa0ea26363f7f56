"""Military ranks written next to a name, and when two of them cannot both be right.

Pure text functions. A rank is read right before a name ("Maj. Gen. Qassem
Soleimani", "Iranian General Soleimani") or in an apposition after it
("Soleimani, a lieutenant general in the Revolutionary Guards"). Bare
"General" is the usual short form of every general rank, so it agrees with
"major general" and "lieutenant general"; two *specific* ranks that differ
disagree.

    >>> rank_before("Iranian Maj. Gen. ")
    'major general'
    >>> compatible("general", "major general"), compatible("major general", "lieutenant general")
    (True, False)
"""

from __future__ import annotations

import re

# Canonical rank -> the ways news text writes it (longest first when matched).
_FORMS: dict[str, tuple[str, ...]] = {
    "lieutenant general": ("lieutenant general", "lieutenant-general", "lt. gen.", "lt gen", "lt.-gen."),
    "major general": ("major general", "major-general", "maj. gen.", "maj gen", "maj.-gen."),
    "brigadier general": ("brigadier general", "brigadier-general", "brig. gen.", "brig gen", "brigadier"),
    "lieutenant colonel": ("lieutenant colonel", "lieutenant-colonel", "lt. col.", "lt col"),
    "general": ("general", "gen."),
    "colonel": ("colonel", "col."),
    "major": ("major", "maj."),
    "captain": ("captain", "capt."),
    "admiral": ("admiral", "adm."),
    "rear admiral": ("rear admiral", "rear adm."),
    "vice admiral": ("vice admiral", "vice adm."),
}
_FAMILY = {"general": ("lieutenant general", "major general", "brigadier general", "general"),
           "admiral": ("rear admiral", "vice admiral", "admiral")}  # fmt: skip
_BY_FORM = {form: rank for rank, forms in _FORMS.items() for form in forms}
_ALTS = "|".join(re.escape(f) for f in sorted(_BY_FORM, key=len, reverse=True))
_BEFORE = re.compile(rf"(?<![\w.])(?P<rank>{_ALTS})(?-i:\s+[A-Z][a-z]+)?\s*$", re.IGNORECASE)
_AFTER = re.compile(
    rf"^\s*,\s*(?:who\s+was\s+|then\s+)?(?:an?|the)\s+(?-i:[A-Z][\w-]*\s+)?(?P<rank>{_ALTS})\b",
    re.IGNORECASE,
)


def canonical(form: str) -> str | None:
    """The canonical rank of one written form ("Maj. Gen." -> "major general")."""
    return _BY_FORM.get(" ".join(form.lower().split()))


def _match(m: re.Match[str] | None) -> str | None:
    return canonical(m.group("rank")) if m else None


def rank_before(text_before: str) -> str | None:
    """The rank ending the text right before a name (one nationality adjective may sit between)."""
    return _match(_BEFORE.search(text_before[-40:]))


def rank_span_before(text: str, start: int) -> tuple[int, int, str] | None:
    """``(start, end, rank)`` of the rank written right before offset ``start`` of ``text``."""
    lo = max(0, start - 40)
    m = _BEFORE.search(text[lo:start])
    rank = _match(m)
    return (lo + m.start("rank"), lo + m.end("rank"), rank) if m and rank else None


def rank_span_after(text: str, end: int) -> tuple[int, int, str] | None:
    """``(start, end, rank)`` of a rank in an apposition right after offset ``end`` of ``text``."""
    m = _AFTER.match(text[end : end + 60])
    rank = _match(m)
    return (end + m.start("rank"), end + m.end("rank"), rank) if m and rank else None


def rank_in_name(name: str) -> tuple[int, int, str] | None:
    """A rank at the start of a mention's own text ("Gen. Qassem Soleimani")."""
    m = re.match(rf"(?P<rank>{_ALTS})\s+", name, re.IGNORECASE)
    rank = _match(m)
    return (0, m.end("rank"), rank) if m and rank else None


def compatible(a: str, b: str) -> bool:
    """Whether two ranks can describe one person: equal, or one the bare short form of the other's family."""
    if a == b:
        return True
    for short, members in _FAMILY.items():
        if short in (a, b) and a in members and b in members:
            return True
    return False
