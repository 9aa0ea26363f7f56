"""Temporal expressions in English news text, normalised to ISO values: a pure grammar.

A packaged parser reads "14 January 2020" but not the expressions that make a
story's chronology: ranges ("the period 2014-17", "(1980-1988)", "From July 24
to July 26"), open ranges ("since May 2018", "from 2003 onwards"), relative
ones ("since October last year", "Earlier on this year") and hedges ("almost 3
years ago", "in mid-September 2014"). This module is that layer, with no
spaCy and no model, so it is tested on plain strings. It works in three passes:

1. *points*: regular expressions find dates, months, years, seasons, decades
   and expressions relative to the anchor (``_points``);
2. *modifiers* widen a point leftwards ("mid-", "the end of", "around");
3. *connectors* join two points or open one ("from P to Q", "between P and Q",
   "since P", "P onwards", "until P").

Day or month expressions that omit the year take the last year stated earlier
in the same paragraph ("In May 2015 ... From July 24 to July 26"), else the
anchor's year (the most recent such date before the anchor, or the next one
after it when the sentence speaks of the future). The value conventions are in
``docs/timeline.md``.

    >>> from datetime import date
    >>> [f.value.start for f in find("Talks resumed in May 2015.", Anchor(date(2020, 1, 14)))]
    ['2015-05']
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Literal

from ..model import DateValue
from . import timecalc as tc
from .timecalc import Anchor, Partial

__all__ = ["MONTHS", "Anchor", "Found", "find", "infer_anchor"]

MONTHS = {m: i for i, m in enumerate(
    ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), start=1)}
_MONTH = (r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
          r"|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?(?![A-Za-z])")
_DAY = r"(?<![\d.,])(?:3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)?(?![\d])"
_YEAR = r"(?<![\w$£€.,/])(?:1[6-9]\d\d|20\d\d)(?![\d])"
_WEEKDAY = r"(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day"
_NUM = (r"(?i:\d{1,3}|an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen"
        r"|twenty|thirty|forty|fifty|a\s+few|few|several|a\s+couple\s+of|couple\s+of)")
_UNIT = r"(?i:hours?|days?|weeks?|months?|years?|decades?)"
_SEASON = r"(?i:spring|summer|autumn|fall|winter)"


@dataclass(frozen=True, slots=True)
class Found:
    """One temporal expression: its character span in the text and its value."""

    start: int
    end: int
    text: str
    value: DateValue
    kind: str  # "date", "relative", "range", "open"


@dataclass(slots=True)
class _Point:
    start: int
    end: int
    partial: Partial | None  # calendar expression, year possibly missing
    relative: Callable[[tc.Env], Partial | None] | None = None
    sets_year: bool = True
    hedge: str | None = None
    extras: dict[str, str] = field(default_factory=dict)


def _month(text: str) -> int:
    return MONTHS[text.strip(".").lower()[:3]]


def _day(text: str) -> int:
    return int(re.match(r"\d+", text).group())  # type: ignore[union-attr]


def _year(text: str | None) -> int | None:
    return int(text) if text else None


# --- pass 1: points -------------------------------------------------------------------------------

PointMaker = Callable[[re.Match[str], str], "_Point | None"]
_PATTERNS: list[tuple[re.Pattern[str], PointMaker]] = []


def _pattern(regex: str) -> Callable[[PointMaker], PointMaker]:
    def register(fn: PointMaker) -> PointMaker:
        _PATTERNS.append((re.compile(regex), fn))
        return fn

    return register


def _calendar(m: re.Match[str], lo: tuple[int | None, int | None, int | None],
              hi: tuple[int | None, int | None, int | None] | None = None,
              precision: str | None = None) -> _Point:
    partial = Partial(lo, hi or lo, precision or tc.precision_of(lo))
    return _Point(m.start(), m.end(), partial, sets_year=lo[0] is not None)


@_pattern(rf"(?P<y>{_YEAR})-(?P<mo>0[1-9]|1[0-2])-(?P<d>0[1-9]|[12]\d|3[01])(?!\d)")
def _iso(m: re.Match[str], text: str) -> _Point:
    return _calendar(m, (int(m["y"]), int(m["mo"]), int(m["d"])))


@_pattern(rf"(?:{_WEEKDAY},?\s+)?(?P<m>{_MONTH})\s+(?P<d>{_DAY})(?:(?:,\s*|\s+)(?P<y>{_YEAR}))?")
def _mdy(m: re.Match[str], text: str) -> _Point:
    return _calendar(m, (_year(m["y"]), _month(m["m"]), _day(m["d"])))


@_pattern(rf"(?:{_WEEKDAY},?\s+)?(?:(?i:the)\s+)?(?P<d>{_DAY})(?:\s+of)?\s+(?P<m>{_MONTH})"
          rf"(?:,?\s+(?P<y>{_YEAR}))?")
def _dmy(m: re.Match[str], text: str) -> _Point:
    return _calendar(m, (_year(m["y"]), _month(m["m"]), _day(m["d"])))


@_pattern(rf"(?P<m>{_MONTH})\s+(?P<d1>{_DAY})\s*(?:-|–|to|through)\s*(?P<d2>{_DAY})"
          rf"(?:,?\s+(?P<y>{_YEAR}))?")
def _day_range_mdy(m: re.Match[str], text: str) -> _Point:
    y, mo = _year(m["y"]), _month(m["m"])
    return _calendar(m, (y, mo, _day(m["d1"])), (y, mo, _day(m["d2"])), "range")


@_pattern(rf"(?:(?i:between)\s+(?P<d1>{_DAY})\s+(?i:and)\s+|(?P<d1b>{_DAY})\s*[-–]\s*)(?P<d2>{_DAY})"
          rf"\s+(?P<m>{_MONTH})(?:,?\s+(?P<y>{_YEAR}))?")
def _day_range_dmy(m: re.Match[str], text: str) -> _Point:
    y, mo = _year(m["y"]), _month(m["m"])
    return _calendar(m, (y, mo, _day(m["d1"] or m["d1b"])), (y, mo, _day(m["d2"])), "range")


@_pattern(rf"(?P<m>{_MONTH})\s+(?:of\s+)?(?P<y>{_YEAR})")
def _month_year(m: re.Match[str], text: str) -> _Point:
    return _calendar(m, (int(m["y"]), _month(m["m"]), None))


@_pattern(rf"(?P<m>{_MONTH})\s+(?P<rel>(?i:last|this|next))\s+(?i:year)")
def _month_relative(m: re.Match[str], text: str) -> _Point:
    shift, month = tc.SHIFT[m["rel"].lower()], _month(m["m"])
    return _Point(m.start(), m.end(), None, lambda env: tc.year_shifted(env, shift, month))


_MONTH_CONTEXT = re.compile(
    r"(?i:\b(?:in|since|by|until|till|from|to|of|during|early|late|mid|and|between|through|before"
    r"|after|on|beginning\s+of|end\s+of|middle\s+of|start\s+of)[\s-]*)$")


@_pattern(rf"(?P<m>{_MONTH})")
def _month_alone(m: re.Match[str], text: str) -> _Point | None:
    if not _MONTH_CONTEXT.search(text[max(0, m.start() - 20) : m.start()]):
        return None  # "May said", "March on": a month name needs a preposition before it
    return _calendar(m, (None, _month(m["m"]), None))


@_pattern(rf"(?P<y1>{_YEAR})\s*(?:-|–|/)\s*(?P<y2>{_YEAR}|\d\d)(?![\d-])")
def _year_range(m: re.Match[str], text: str) -> _Point | None:
    y1 = int(m["y1"])
    y2 = int(m["y2"]) if len(m["y2"]) == 4 else y1 // 100 * 100 + int(m["y2"])
    if y2 <= y1:
        return None
    return _calendar(m, (y1, None, None), (y2, None, None), "range")


@_pattern(r"(?:(?i:the)\s+)?(?P<dec>(?<![\d$£€])1[6-9]\d0|20\d0)(?:'?s)(?![\w])")
def _decade(m: re.Match[str], text: str) -> _Point:
    y = int(m["dec"])
    return _calendar(m, (y, None, None), (y + 9, None, None), "range")


@_pattern(rf"(?:(?i:the)\s+)?(?P<s>{_SEASON})(?:\s+of)?\s+(?P<y>{_YEAR})")
def _season(m: re.Match[str], text: str) -> _Point:
    lo, hi = tc.season_months(m["s"].lower(), int(m["y"]))
    return _calendar(m, lo, hi, "range")


@_pattern(r"(?i:the)\s+(?P<ord>(?i:first|second|third|fourth|1st|2nd|3rd|4th))\s+(?P<u>(?i:quarter|half))"
          rf"\s+(?i:of)\s+(?P<y>{_YEAR})|\bQ(?P<q>[1-4])\s+(?P<y2>{_YEAR})")
def _quarter(m: re.Match[str], text: str) -> _Point | None:
    y = int(m["y"] or m["y2"])
    if m["q"]:
        n, size = int(m["q"]), 3
    else:
        n = ("first", "second", "third", "fourth").index(tc.ordinal(m["ord"])) + 1
        size = 3 if m["u"].lower() == "quarter" else 6
    if n * size > 12:
        return None
    return _calendar(m, (y, (n - 1) * size + 1, None), (y, n * size, None), "range")


_YEAR_DET = {"the", "a", "an", "his", "her", "its", "their", "this", "that", "our"}
_YEAR_PREP = {"in", "since", "from", "of", "by", "until", "till", "during", "before", "after", "between",
              "through", "early", "late", "mid", "year", "summer", "spring", "autumn", "winter", "fall",
              "elected", "born", "founded", "died", "c.", "circa"}
_YEAR_FOLLOW = {"and", "or", "to", "when", "while", "in", "on", "at", "by", "for", "with", "was", "were",
                "had", "has", "as", "after", "before", "until", "but", "that", "which", "where", "onwards",
                "onward", "through", "till", "is", "are", "saw", "the", "against", "amid", "thanks"}


# A clock time written as four digits ("around 1700 GMT", "at 0600 local time", "2300 hours").
_CLOCK_AFTER = re.compile(r"\s*(?:GMT|UTC|Z\b|[ECMP][SD]T\b|BST|CET|CEST|EET|EEST|IST|AST|MSK|local\b|hours?\b|hrs\b|h\b)")
# A year inside the name of a law, resolution or report ("the 2002 war authorisation", "the 2001 AUMF")
# names that text; it is not the date of anything the story reports.
_NAMED_TEXT = re.compile(
    r"(?i:\s+(?:[A-Za-z-]+\s+){0,2}(?:authori[sz]ations?|AUMF|resolutions?|acts?|laws?|bills?|statutes?|"
    r"directives?|reports?|manifesto|constitution|census|budget|doctrine|guidelines|white\s+paper)\b)")


@_pattern(rf"(?P<y>{_YEAR})")
def _bare_year(m: re.Match[str], text: str) -> _Point | None:
    """A four-digit number is a year only where its neighbours say so ("1500 people" is not)."""
    if _CLOCK_AFTER.match(text, m.end()) or _NAMED_TEXT.match(text, m.end()):
        return None
    before = re.findall(r"[\w.(\[]+", text[max(0, m.start() - 25) : m.start()])
    prev = before[-1].lower() if before else ""
    after = re.match(r"\s*([A-Za-z]+)?", text[m.end() : m.end() + 25])
    nxt: str = (after.group(1) if after else None) or ""
    lower_word = bool(nxt) and nxt[0].islower() and nxt.lower() not in _YEAR_FOLLOW
    if prev in _YEAR_DET or prev.endswith(("(", "[")):
        ok = True
    elif prev in _YEAR_PREP:
        ok = not (lower_word and nxt.endswith("s"))  # "in 2000 soldiers"
    else:
        ok = not lower_word
    return _calendar(m, (int(m["y"]), None, None)) if ok else None


@_pattern(r"(?P<w>(?i:today|yesterday|tomorrow|tonight)|(?i:last)\s+night|(?i:this)\s+(?i:morning|afternoon"
          r"|evening))(?:\s+(?i:morning|afternoon|evening|night))?(?![\w'’])")
def _deictic(m: re.Match[str], text: str) -> _Point:
    word = m["w"].lower()
    offset = {"yesterday": -1, "tomorrow": 1}.get(word, -1 if word.startswith("last") else 0)
    return _Point(m.start(), m.end(), None, lambda env: tc.day_offset(env, offset), sets_year=False)


@_pattern(rf"(?:(?P<rel>(?i:last|next|this\s+coming|this|coming|past))\s+)?(?P<wd>{_WEEKDAY})(?![\w])")
def _weekday(m: re.Match[str], text: str) -> _Point | None:
    if re.search(r"(?i:\b(?:a|every|each|any)\s+)$", text[max(0, m.start() - 8) : m.start()]):
        return None  # "on a Friday", "every Sunday": no particular day
    rel = (m["rel"] or "").lower()
    weekday = ("mon", "tue", "wed", "thu", "fri", "sat", "sun").index(m["wd"][:3].lower())
    future = tc.future_cue(text, m.start())
    return _Point(m.start(), m.end(), None, lambda env: tc.weekday(env, weekday, rel, future), sets_year=False)


@_pattern(r"(?P<rel>(?i:next|this|coming|last))\s+(?P<u>(?i:week|month|year|weekend|spring|summer|autumn"
          r"|fall|winter))(?![\w])")
def _calendar_unit(m: re.Match[str], text: str) -> _Point:
    rel, unit = m["rel"].lower(), m["u"].lower()
    sets_year = unit in ("year", "month")
    return _Point(m.start(), m.end(), None, lambda env: tc.calendar_unit(env, rel, unit), sets_year=sets_year)


@_pattern(r"(?P<rel>(?i:earlier|later))\s+(?:(?i:on)\s+)?(?:(?i:in)\s+)?(?i:this)\s+(?P<u>(?i:year|month|week))")
def _earlier_this(m: re.Match[str], text: str) -> _Point:
    unit = m["u"].lower()
    point = _Point(m.start(), m.end(), None, lambda env: tc.calendar_unit(env, "this", unit))
    point.hedge = m["rel"].lower()
    return point


@_pattern(rf"(?P<the>(?i:the)\s+)?(?P<w>(?i:last|past|previous))\s+(?:(?P<n>{_NUM})\s+)?(?P<u>{_UNIT})(?![\w])"
          rf"|(?i:recent)\s+(?P<ru>(?i:hours|days|weeks|months|years))")
def _window(m: re.Match[str], text: str) -> _Point | None:
    """"the last few hours", "the past 30 years", "in recent weeks": a span ending at the anchor."""
    if m["ru"]:
        unit, count = m["ru"], "few"
    else:
        unit, count = m["u"], m["n"] or "1"
        if not m["the"] and not m["n"] and m["w"].lower() != "past":
            return None  # plain "last year" is a calendar unit, not a window
    n, vague = tc.count(count, unit)
    point = _Point(m.start(), m.end(), None, lambda env: tc.window(env, n, unit), sets_year=False)
    point.hedge = "recent" if vague else None
    return point


@_pattern(rf"(?:(?P<h>(?i:almost|nearly|about|around|approximately|roughly|some|at\s+least|more\s+than|over"
          rf"|less\s+than|just\s+over|just\s+under))\s+)?(?P<n>{_NUM})\s+(?P<u>{_UNIT})\s+(?i:ago)(?![\w])")
def _ago(m: re.Match[str], text: str) -> _Point:
    n, _ = tc.count(m["n"], m["u"])
    unit = m["u"].lower()
    point = _Point(m.start(), m.end(), None, lambda env: tc.ago(env, n, unit), sets_year=unit.startswith(("y", "d")))
    point.hedge = " ".join(m["h"].lower().split()) if m["h"] else None
    point.extras = {"n": str(n), "unit": unit}
    return point


def _points(text: str) -> list[_Point]:
    """Every point the patterns find, longest first where they overlap."""
    candidates: list[tuple[int, int, int, re.Match[str], PointMaker]] = []
    for priority, (regex, maker) in enumerate(_PATTERNS):
        for m in regex.finditer(text):
            candidates.append((-(m.end() - m.start()), priority, m.start(), m, maker))
    taken: list[_Point] = []
    used = bytearray(len(text) + 1)
    for _, _, _, m, maker in sorted(candidates, key=lambda c: c[:3]):
        if any(used[m.start() : m.end()]):
            continue
        point = maker(m, text)
        if point is None:
            continue
        used[m.start() : m.end()] = b"\x01" * (m.end() - m.start())
        taken.append(point)
    return sorted(taken, key=lambda p: p.start)


# --- pass 2: modifiers ----------------------------------------------------------------------------

_PART = re.compile(r"(?i:(?:the\s+)?(?P<p>early|mid|late)[\s-]|(?:the\s+)?(?P<q>end|beginning|start|middle)"
                   r"\s+of\s+(?:the\s+)?)$")
_APPROX = re.compile(r"(?i:\b(?P<h>almost|nearly|about|around|approximately|roughly|circa|c\.)\s+)$")
_PART_HEDGE = {"end": "late", "beginning": "early", "start": "early", "middle": "mid"}


def _modify(text: str, point: _Point) -> None:
    left = text[max(0, point.start - 30) : point.start]
    part = _PART.search(left)
    if part:
        point.hedge = part["p"].lower() if part["p"] else _PART_HEDGE[part["q"].lower()]
        point.start -= len(part.group())
        return
    approx = _APPROX.search(left)
    if approx and point.partial is not None:
        point.hedge = approx["h"].lower()
        point.start -= len(approx.group())


# --- pass 3: connectors ---------------------------------------------------------------------------

_JOIN = re.compile(r"^\s*(?:-|–|to|until|till|through|and)\s*$", re.IGNORECASE)
_FROM = re.compile(r"(?i:\b(?P<kw>from|between)\s+)$")
_SINCE = re.compile(r"(?i:\b(?:(?P<h>at\s+least|ever)\s+)?since\s+)$")
_UNTIL = re.compile(r"(?i:\b(?:until|till|up\s+(?:un)?to)\s+)$")
_AFTER = re.compile(r"(?i:\b(?P<kw>after|before)\s+)$")
_ONWARDS = re.compile(r"^\s+(?i:onwards?|on)\b")


@dataclass(slots=True)
class _Expr:
    start: int
    end: int
    kind: Literal["point", "range", "open_start", "open_end"]
    points: list[_Point]
    hedge: str | None = None


def _connect(text: str, points: list[_Point]) -> list[_Expr]:
    out: list[_Expr] = []
    i = 0
    while i < len(points):
        p = points[i]
        left = text[max(0, p.start - 20) : p.start]
        nxt = points[i + 1] if i + 1 < len(points) else None
        opener = _FROM.search(left)
        if nxt and _JOIN.match(text[p.end : nxt.start]) and _joinable(p, nxt, opener, text[p.end : nxt.start]):
            start = p.start - len(opener.group()) if opener else p.start
            out.append(_Expr(start, nxt.end, "range", [p, nxt]))
            i += 2
            continue
        out.append(_open_or_point(text, p, left))
        i += 1
    return out


def _joinable(a: _Point, b: _Point, opener: re.Match[str] | None, between: str) -> bool:
    """"from P to Q", "between P and Q", or a bare "P to Q" / "P-Q" of two calendar points."""
    word = between.strip().lower()
    if word == "and":
        return opener is not None and opener["kw"].lower() == "between"
    if opener and opener["kw"].lower() == "from":
        return True
    return a.partial is not None and b.partial is not None and word in ("-", "–", "to", "until")


def _open_or_point(text: str, p: _Point, left: str) -> _Expr:
    since = _SINCE.search(left)
    if since:
        return _Expr(p.start - len(since.group()), p.end, "open_start", [p],
                     " ".join(since["h"].lower().split()) if since["h"] else None)
    frm = _FROM.search(left)
    onwards = _ONWARDS.match(text[p.end : p.end + 12])
    if frm and frm["kw"].lower() == "from" and p.partial is not None:
        end = p.end + len(onwards.group()) if onwards else p.end
        return _Expr(p.start - len(frm.group()), end, "open_start", [p])
    until = _UNTIL.search(left)
    if until and p.partial is not None:
        return _Expr(p.start - len(until.group()), p.end, "open_end", [p])
    after = _AFTER.search(left)
    if after and p.partial is not None and p.partial.precision in ("year", "month", "day"):
        kw = after["kw"].lower()
        return _Expr(p.start - len(after.group()), p.end, "open_start" if kw == "after" else "open_end", [p], kw)
    return _Expr(p.start, p.end, "point", [p])


# --- resolution -----------------------------------------------------------------------------------


def find(text: str, anchor: Anchor | date | None = None) -> list[Found]:
    """All temporal expressions of ``text``, resolved against ``anchor``, in text order.

    Expressions that need an anchor are left out when there is none.

        >>> [f.value for f in find("He fought from 2003 onwards.")]
        [DateValue(start='2003', end=None, precision='open', hedge=None)]
    """
    if isinstance(anchor, date):
        anchor = Anchor(anchor)
    points = _points(text)
    for p in points:
        _modify(text, p)
    found: list[Found] = []
    context: dict[int, int] = {}  # paragraph number -> last year stated in it
    for expr in _connect(text, points):
        paragraph = text.count("\n", 0, expr.start)
        env = tc.Env(anchor, context.get(paragraph), tc.future_cue(text, expr.start))
        value = _resolve(expr, env)
        if value is None or not _real_days(value):
            continue
        found.append(Found(expr.start, expr.end, text[expr.start : expr.end], value, _kind(expr)))
        year = _stated_year(expr, value)
        if year is not None:
            context[paragraph] = year
    return found


def _real_days(value: DateValue) -> bool:
    """Whether each day the value names is on the calendar.

    The patterns take any day from 1 to 31, so "February 29, 2019" or "31 April"
    would become an ISO day that ``date`` refuses to build: later arithmetic
    (anchors, the timeline) raised on it and the document lost its later stages.
    Such a date is a typo or a hoax, not a day we can place.
    """
    for iso in (value.start, value.end):
        if iso is not None and iso.count("-") == 2:
            try:
                date.fromisoformat(iso)
            except ValueError:
                return False
    return True


def _kind(expr: _Expr) -> str:
    if expr.kind == "point":
        return "date" if expr.points[0].partial is not None else "relative"
    return "range" if expr.kind == "range" else "open"


def _stated_year(expr: _Expr, value: DateValue) -> int | None:
    if not all(p.sets_year for p in expr.points):
        return None
    iso = value.end or value.start
    return int(iso[:4]) if iso else None


def _partial(p: _Point, env: tc.Env) -> Partial | None:
    part = p.partial if p.partial is not None else (p.relative(env) if p.relative else None)
    if part is not None and p.hedge:
        part = replace(part, hedge=p.hedge)
    return part


def _resolve(expr: _Expr, env: tc.Env) -> DateValue | None:
    parts = [_partial(p, env) for p in expr.points]
    if any(part is None for part in parts):
        return None
    if expr.kind == "range":
        lo, hi = tc.fill_range(parts[0], parts[1], env)  # type: ignore[arg-type]
        if lo is None or hi is None:
            return None
        return DateValue(tc.iso(lo.lo), tc.iso(hi.hi), "range", expr.hedge or lo.hedge or hi.hedge)
    part = tc.fill_year(parts[0], env)  # type: ignore[arg-type]
    if part is None:
        return None
    if expr.kind == "open_start":
        return DateValue(tc.iso(part.lo), None, "open", expr.hedge or part.hedge)
    if expr.kind == "open_end":
        return DateValue(None, tc.iso(part.hi), "open", expr.hedge or part.hedge)
    return part.value()


# --- anchors when the document gives no date ------------------------------------------------------

_AGO_ON = re.compile(r"^,?\s*(?:on|in)\s+$")


LOWER_BOUND = "latest date stated in the text"  # an anchor's source when it only bounds the writing date


def infer_anchor(text: str) -> Anchor | None:
    """An anchor for an undated text: "N years ago, on DATE" says when it was written, else the
    latest explicit date it states (a lower bound).

        >>> infer_anchor("He was killed almost 3 years ago, on January 3, 2020.")
        Anchor(date=datetime.date(2022, 12, 3), precision='year', source="'almost 3 years ago, on January 3, 2020'")
    """
    explicit = [f for f in find(text) if f.value.start or f.value.end]
    points = _points(text)
    for p in points:
        if "unit" not in p.extras:
            continue
        for f in explicit:
            if f.kind == "date" and f.value.precision == "day" and f.value.start and f.start > p.end \
                    and _AGO_ON.match(text[p.end : f.start]):
                when = tc.advance(tc.parse_iso(f.value.start), int(p.extras["n"]), p.extras["unit"], p.hedge)
                return Anchor(when, tc.unit_precision(p.extras["unit"]), repr(text[p.start : f.end]))
    dated = [(tc.parse_iso(f.value.end or f.value.start or "", end=True), f) for f in explicit
             if f.kind != "relative"]
    if not dated:
        return None
    latest, f = max(dated, key=lambda d: d[0])
    precision = f.value.precision if f.value.precision in ("day", "month", "year") else "year"
    return Anchor(latest, precision, f"{LOWER_BOUND}: {f.text!r}")
