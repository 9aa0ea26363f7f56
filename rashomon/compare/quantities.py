"""The quantity grammar: counts in news prose, their hedges, and what they count.

Pure text functions (no model, no parse) so the rules are easy to read, test
and explain. A count is a number (digits or words) that counts something:
a countable noun follows it ("15 missiles", "eight people") or a death-toll
construction surrounds it ("killing eight", "the death toll rose to 10").
Years, percentages, durations and money are not counts.

Hedges turn a value into an interval, so two reports conflict only when
their intervals cannot both hold: "at least 6" is ``[6, inf)`` and agrees
with "eight"; "six" is ``[6, 6]`` and does not.

    >>> q = find_quantities("At least 80 troops were killed.")[0]
    >>> (q.value, q.hedge, q.noun, q.measure, q.interval.low)
    (80.0, 'at least', 'troops', 'killed', 80.0)
    >>> q.interval.overlaps(find_quantities("Eight troops died.")[0].interval)
    False
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

INF = math.inf

_UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
}  # fmt: skip
_TENS = {
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}
_SCALES = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000}
# Vague plurals: an interval, not a point ("hundreds" is at least 200 and fewer than 1,000).
_VAGUE = {
    "dozens": (24.0, 99.0), "scores": (40.0, 199.0), "hundreds": (200.0, 999.0),
    "thousands": (2_000.0, 999_999.0), "millions": (2_000_000.0, 999_999_999.0),
}  # fmt: skip

# Hedge phrase -> how it widens the value n (lower, upper) as functions of n.
_HEDGES: dict[str, tuple[str, str]] = {
    "at least": ("n", "inf"), "no fewer than": ("n", "inf"), "no less than": ("n", "inf"),
    "more than": ("n+", "inf"), "over": ("n+", "inf"), "upwards of": ("n", "inf"),
    "at most": ("0", "n"), "up to": ("0", "n"), "no more than": ("0", "n"),
    "fewer than": ("0", "n-"), "less than": ("0", "n-"), "under": ("0", "n-"),
    "nearly": ("0.85n", "n"), "almost": ("0.85n", "n"), "close to": ("0.85n", "n"),
    "about": ("0.8n", "1.2n"), "around": ("0.8n", "1.2n"), "approximately": ("0.8n", "1.2n"),
    "roughly": ("0.8n", "1.2n"), "some": ("0.8n", "1.2n"), "an estimated": ("0.8n", "1.2n"),
    "estimated": ("0.8n", "1.2n"), "as many as": ("0.8n", "n"), "as few as": ("n", "1.2n"),
}  # fmt: skip

# Countable nouns news reports count, grouped so "eight people" and "eight civilians" compare.
NOUN_CLASSES: dict[str, str] = {}
for _cls, _words in {
    "people": "people persons civilians soldiers troops servicemen militants fighters protesters "
    "demonstrators children women men officers policemen guards members personnel americans iraqis "
    "iranians passengers victims bodies contractors commanders leaders others individuals residents "
    "workers students journalists refugees prisoners hostages detainees marines service-members miners",
    "missiles": "missiles rockets projectiles drones bombs shells",
    "strikes": "strikes airstrikes attacks raids",
    "vehicles": "vehicles cars tanks trucks aircraft planes jets helicopters ships boats",
    "buildings": "houses homes buildings villages schools hospitals",
}.items():
    for _w in _words.split():
        NOUN_CLASSES[_w] = _cls
for _w in (
    "person",
    "civilian",
    "soldier",
    "militant",
    "fighter",
    "protester",
    "child",
    "woman",
    "man",
    "officer",
    "member",
    "american",
    "victim",
    "body",
    "contractor",
    "commander",
    "individual",
):
    NOUN_CLASSES[_w] = "people"
for _w in ("missile", "rocket", "projectile", "drone", "bomb", "shell"):
    NOUN_CLASSES[_w] = "missiles"

# What happened to the counted things; the words that say it, mapped to one canonical verb.
MEASURES: dict[str, str] = {}
for _canon, _words in {
    "killed": "killed kill kills killing dead died die dying deaths death fatalities slain lost",
    "wounded": "wounded injured hurt injuries wounding injuring",
    "arrested": "arrested detained jailed arrests detentions",
    "fired": "fired launched firing launching",
    "missing": "missing",
    "trapped": "trapped stranded",
    "rescued": "rescued freed evacuated",
}.items():
    for _w in _words.split():
        MEASURES[_w] = _canon

_COUNT_WORDS = "|".join(sorted([*_UNITS, *_TENS, *_SCALES, "dozen"], key=len, reverse=True))
_WORDS_RE = (
    rf"(?:a\s+(?:dozen|hundred|thousand|million)|(?:{_COUNT_WORDS}))"
    rf"(?:(?:[\s-]+|\s+and\s+)(?:{_COUNT_WORDS}))*"
)
_DIGITS_RE = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_HEDGE_RE = "|".join(sorted((re.escape(h) for h in _HEDGES), key=len, reverse=True))
_QUANTITY = re.compile(
    rf"(?<![\w$£€#.,/-])(?:(?P<hedge>{_HEDGE_RE})\s+)?"
    rf"(?P<num>(?:{_DIGITS_RE})(?:\s+(?:{'|'.join(_SCALES)})\b)?|(?:{_WORDS_RE})\b|(?:{'|'.join(_VAGUE)})\b)"
    r"(?=(?P<after>[^.;:!?]{0,60}))",
    re.IGNORECASE,
)
_NOT_COUNT = re.compile(
    r"^\s*(?:%|percent|per cent|years?|months?|weeks?|days?|hours?|minutes?|seconds?|km|kilomet|miles?|"
    r"metres?|meters?|dollars?|euros?|pounds?|times|st|nd|rd|th|[ap]\.?m\.?|o'clock)\b",
    re.IGNORECASE,
)
_MODIFIER = re.compile(r"^(?:[A-Z][\w'’-]*|[a-z]+(?:ian|ish|ese|an|ed|ing|al|ive|ous|ful|less|ic|ary))$")
_ELIDED = "<elided>"
_MONTH_BEFORE = re.compile(
    r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+$", re.IGNORECASE
)
_BARE_TAIL = re.compile(r"^\s*(?:[,)]|$|(?:in|at|on|and|or|from|during|across|near)\b)", re.IGNORECASE)
# A part of a count told before it ("298 died, including 196 Dutch", "16 missiles, of which 11 hit"):
# not a rival value of that count, and of unknown sense alone.
_PART_BEFORE = re.compile(r"\b(?:including|among\s+them|of\s+(?:them|whom|which|those|these))\s*$", re.IGNORECASE)
_TOLL_BEFORE = re.compile(
    r"(?:death toll|toll|deaths?|killing|killed|dead)\s+(?:\w+\s+){0,3}(?:at|of|to|reached|stood at|rose to|"
    r"climbed to)?\s*$",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class Interval:
    """Closed interval of values a report allows; ``high`` may be infinite."""

    low: float
    high: float

    def overlaps(self, other: Interval) -> bool:
        return self.low <= other.high and other.low <= self.high

    def describe(self) -> str:
        if self.low == self.high:
            return _fmt(self.low)
        if self.high == INF:
            return f">= {_fmt(self.low)}"
        return f"{_fmt(self.low)}-{_fmt(self.high)}"


@dataclass(frozen=True, slots=True)
class Quantity:
    """One count found in a text: offsets of the number phrase, its value, hedge and meaning."""

    start: int
    end: int
    text: str
    value: float
    hedge: str | None
    interval: Interval
    noun: str | None = None  # the counted noun as written ("troops")
    measure: str | None = None  # canonical verb: killed, wounded, arrested, fired, missing, trapped, rescued

    @property
    def noun_class(self) -> str | None:
        """``people``, ``missiles``, ...; death tolls without a noun count people."""
        if self.noun:
            return NOUN_CLASSES.get(self.noun.lower(), self.noun.lower())
        return "people" if self.measure in ("killed", "wounded", "arrested", "missing") else None

    @property
    def key(self) -> tuple[str, str] | None:
        """What the count describes, for grouping across sources, or None if unknown."""
        cls = self.noun_class
        return (self.measure, cls) if self.measure and cls else None


def _fmt(x: float) -> str:
    return f"{int(x):,}" if float(x).is_integer() else f"{x:g}"


def parse_number(text: str) -> float | None:
    """Digits ("1,500", "2.5 million") or English words ("twenty-five", "a dozen") to a number."""
    t = text.strip().lower()
    if not t:
        return None
    m = re.fullmatch(r"([\d,]+(?:\.\d+)?)(?:\s+(\w+))?", t)
    if m:
        base = float(m.group(1).replace(",", ""))
        scale = m.group(2)
        if scale and scale not in _SCALES:
            return None
        return base * (_SCALES[scale] if scale else 1)
    return _parse_words(t)


def _parse_words(t: str) -> float | None:
    total, current, seen = 0.0, 0.0, False
    for w in re.split(r"[\s-]+", t):
        if w in ("and", "a", ""):
            current = current or (1.0 if w == "a" else 0.0)
            continue
        if w in _UNITS:
            current += _UNITS[w]
        elif w in _TENS:
            current += _TENS[w]
        elif w == "dozen":
            current = (current or 1) * 12
        elif w == "hundred":
            current = (current or 1) * 100
        elif w in _SCALES:
            total += (current or 1) * _SCALES[w]
            current = 0.0
        else:
            return None
        seen = True
    return total + current if seen else None


def interval_for(value: float, hedge: str | None) -> Interval:
    """The values a hedged report allows, as an interval (integers for counts)."""
    if not hedge:
        return Interval(value, value)
    lo, hi = _HEDGES[hedge.lower()]
    return Interval(_bound(lo, value), _bound(hi, value))


def _bound(rule: str, n: float) -> float:
    if rule == "inf":
        return INF
    if rule == "n+":
        return n + 1
    if rule == "n-":
        return max(0.0, n - 1)
    if rule.endswith("n"):
        factor = float(rule[:-1]) if rule != "n" else 1.0
        return float(math.floor(n * factor)) if factor < 1 else float(math.ceil(n * factor))
    return float(rule)


def _counted_noun(after: str) -> tuple[str | None, int]:
    """The countable noun right after the number (skipping up to two modifiers), and its end offset."""
    pos = 0
    for i, m in enumerate(re.finditer(r"[A-Za-z][\w'’-]*", after)):
        if after[pos : m.start()].strip(" ") not in ("",):  # punctuation breaks the phrase
            return None, 0
        word = m.group(0).rstrip("'’")
        if word.lower() in NOUN_CLASSES:
            return word, m.end()
        if i >= 2 or not _MODIFIER.match(word) or (word.lower() in MEASURES and not word.lower().endswith("ed")):
            return None, 0
        pos = m.end()
    return None, 0


def _measure_near(before: str, after: str) -> str | None:
    """The canonical verb that says what happened to the counted things, nearest first."""
    words_after = re.findall(r"[a-z]+", after.lower())[:6]
    for w in words_after:
        if w in MEASURES:
            return MEASURES[w]
    last = re.search(r"([a-z]+)\s+$", before.lower())  # only a verb right before: "killing eight"
    return MEASURES.get(last.group(1)) if last else None


def _takes_of(raw: str) -> bool:
    """ "hundreds of protesters", "two million of them": vague plurals and scales take "of"."""
    last = raw.lower().split()[-1]
    return last in _VAGUE or last in _SCALES or last == "dozen"


def _is_year(value: float, raw: str, noun: str | None) -> bool:
    return noun is None and raw.isdigit() and len(raw) == 4 and 1800 <= value <= 2100


# "No US troops were killed", "not a single civilian died": a count of zero, when a measure says of what.
_ZERO = re.compile(r"(?<![\w-])(?:no|not\s+(?:a\s+single|one)|none\s+of\s+the)\s+(?=(?P<after>[^.;:!?]{0,60}))",
                   re.IGNORECASE)


def find_quantities(text: str) -> list[Quantity]:
    """Every count in ``text`` with offsets into it; numbers that count nothing are left out."""
    found: list[Quantity] = []
    for m in _QUANTITY.finditer(text):
        q = _quantity_from_match(text, m)
        if q is not None:
            found.append(q)
    found += [q for m in _ZERO.finditer(text) if (q := _zero_from_match(text, m)) is not None]
    return _inherit_elided(sorted(found, key=lambda q: q.start), text)


def _zero_from_match(text: str, m: re.Match[str]) -> Quantity | None:
    """A denied count ("no Americans were killed") is the value 0 of that count, so "80 troops killed" conflicts.

    Only with a countable noun right after the negation and a measure just after
    the noun: "no troops" alone, or "no more than 10", says nothing about a count.
    """
    after = m.group("after")
    noun, noun_end = _counted_noun(after)
    if noun is None:
        return None
    words = re.findall(r"[a-z]+", after[noun_end : noun_end + 30].lower())[:4]
    measure = next((MEASURES[w] for w in words if w in MEASURES), None)
    if measure is None:
        return None
    end = m.start("after") + noun_end
    return Quantity(m.start(), end, text[m.start() : end], 0.0, None, Interval(0.0, 0.0), noun, measure)


def _quantity_from_match(text: str, m: re.Match[str]) -> Quantity | None:
    raw, after = m.group("num"), m.group("after")
    if _NOT_COUNT.match(after) or re.match(r"^\s*(?:[-–]\s*\d|\.\d)", after) or after[:1].isalnum():
        return None  # "9M38 missile" is a model's name, not nine missiles
    vague = _VAGUE.get(raw.lower())
    value = vague[0] if vague else parse_number(raw)
    if value is None:
        return None
    skip = len(of.group(0)) if (of := re.match(r"\s+of\s+(?:the\s+)?", after)) and _takes_of(raw) else 0
    noun, noun_end = _counted_noun(after[skip:])
    noun_end += skip if noun else 0
    before = text[max(0, m.start() - 40) : m.start()]
    if _MONTH_BEFORE.search(before) or _PART_BEFORE.search(before):
        return None  # "October 13" is a date, not a count; "including 196" a part of another count
    measure = _measure_near(before, after[noun_end : noun_end + 40] if noun else after[:30])
    if measure is None and noun:  # "34 trapped miners", "eight killed soldiers": the modifier says it
        measure = next((MEASURES[w] for w in re.findall(r"[a-z]+", after[skip:noun_end].lower()) if w in MEASURES), None)
    if _is_year(value, raw, noun):
        return None
    if noun is None and measure is None:
        if _TOLL_BEFORE.search(before):
            measure = "killed"  # "the death toll rose to 10"
        elif _BARE_TAIL.match(after):
            measure = _ELIDED  # a bare count in a list: takes the sense of the count before it
        else:
            return None
    hedge = (m.group("hedge") or "").lower() or None
    interval = Interval(*vague) if vague else interval_for(value, hedge)
    end = m.start("after") + noun_end if noun else m.end("num")
    return Quantity(m.start(), end, text[m.start() : end], value, hedge, interval, noun, measure)


def _inherit_elided(found: list[Quantity], text: str) -> list[Quantity]:
    """In lists ("1500 people killed in Iran, at least 500 in Iraq") a bare count takes the previous one's sense."""
    out: list[Quantity] = []
    for q in found:
        if q.measure != _ELIDED:
            out.append(q)
            continue
        prev = out[-1] if out else None
        between = text[prev.end : q.start] if prev else ""
        if prev and prev.key and len(between) < 80 and not re.search(r"[.;!?]", between):
            out.append(
                Quantity(q.start, q.end, q.text, q.value, q.hedge, q.interval, prev.noun, prev.measure)
            )
    return out
