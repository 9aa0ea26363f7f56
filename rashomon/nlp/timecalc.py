"""Calendar arithmetic behind the time grammar: anchors, partial dates, relative values.

Kept apart from the patterns (``timegrammar``) so each relative expression's
meaning is one small function: ``window`` is "the past N units", ``ago`` is
"N units ago", ``calendar_unit`` is "last/this/next week|month|year|season".
Values are computed from the anchor's date and then cut to the anchor's own
precision: a document whose date is only known to the year cannot say which
day "yesterday" was.

    >>> env = Env(Anchor(date(2020, 1, 14)), None, False)
    >>> window(env, 7, "days").value()
    DateValue(start='2020-01-07', end='2020-01-14', precision='range', hedge=None)
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import date, timedelta

from ..model import DateValue

Ymd = tuple[int | None, int | None, int | None]

SHIFT = {"last": -1, "past": -1, "previous": -1, "this": 0, "next": 1, "coming": 1}
_WORDS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
          "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20,
          "thirty": 30, "forty": 40, "fifty": 50, "couple of": 2, "a couple of": 2}
_FEW = {"hour": 24, "day": 7, "week": 4, "month": 6, "year": 5, "decade": 2}  # "the last few <unit>"
_SEASONS = {"spring": (3, 5), "summer": (6, 8), "autumn": (9, 11), "fall": (9, 11), "winter": (12, 2)}
_ORDINALS = {"1st": "first", "2nd": "second", "3rd": "third", "4th": "fourth"}
_FUTURE = re.compile(r"\b(will|shall|is due|are due|is expected|are expected|is scheduled|are scheduled"
                     r"|is set to|are set to|plans? to|planned|to be held|upcoming|\w+'ll)\b", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Anchor:
    """The date relative expressions count from, how precisely it is known, and where it came from."""

    date: date
    precision: str = "day"  # "day", "month" or "year"
    source: str = "published"


@dataclass(frozen=True, slots=True)
class Env:
    """What resolving one expression may use."""

    anchor: Anchor | None
    context_year: int | None
    future: bool


@dataclass(frozen=True, slots=True)
class Partial:
    """A date or span whose year may still be missing; ``lo``/``hi`` are (year, month, day)."""

    lo: Ymd
    hi: Ymd
    precision: str
    hedge: str | None = None

    def value(self) -> DateValue:
        return DateValue(iso(self.lo), iso(self.hi), self.precision, self.hedge)  # type: ignore[arg-type]


def iso(ymd: Ymd) -> str:
    y, m, d = ymd
    out = f"{y:04d}"
    if m is not None:
        out += f"-{m:02d}"
        if d is not None:
            out += f"-{d:02d}"
    return out


def parse_iso(text: str, end: bool = False) -> date:
    """The first (or, with ``end``, last) day of an ISO date, month or year."""
    parts = [int(p) for p in text.split("-")]
    if len(parts) == 3:
        return date(*parts)
    if len(parts) == 2:
        return (add_months(date(parts[0], parts[1], 1), 1) - timedelta(days=1)) if end else date(parts[0], parts[1], 1)
    return date(parts[0], 12, 31) if end else date(parts[0], 1, 1)


def precision_of(ymd: Ymd) -> str:
    return "day" if ymd[2] is not None else "month" if ymd[1] is not None else "year"


def add_months(d: date, n: int) -> date:
    month0 = d.year * 12 + d.month - 1 + n
    y, m = divmod(month0, 12)
    days = [31, 29 if (y % 4 == 0 and y % 100) or y % 400 == 0 else 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
    return date(y, m + 1, min(d.day, days[m]))


def ordinal(word: str) -> str:
    return _ORDINALS.get(word.lower(), word.lower())


def season_months(season: str, year: int) -> tuple[Ymd, Ymd]:
    first, last = _SEASONS[season]
    return (year, first, None), (year + 1 if last < first else year, last, None)


def count(text: str, unit: str) -> tuple[int, bool]:
    """How many units a phrase names, and whether it was vague ("few", "several", "recent")."""
    word = " ".join(text.lower().split())
    if word.isdigit():
        return int(word), False
    if word in _WORDS:
        return _WORDS[word], False
    return _FEW[unit.lower().rstrip("s")], True


def unit_precision(unit: str) -> str:
    unit = unit.lower()
    return "year" if unit.startswith(("year", "decade")) else "month" if unit.startswith("month") else "day"


CUE_WINDOW = 300  # characters looked back: a cue further away is not about this date, and the cost stays bounded


def future_cue(text: str, pos: int) -> bool:
    """Whether the sentence before ``pos`` speaks of the future ("will", "is due", "is expected")."""
    floor = max(0, pos - CUE_WINDOW)
    begin = max(text.rfind(c, floor, pos) for c in ".!?\n") + 1
    return bool(_FUTURE.search(text[max(begin, floor):pos]))


def advance(d: date, n: int, unit: str, hedge: str | None = None) -> date:
    """``d`` plus ``n`` units; "almost" takes a little off, "more than" adds a little."""
    unit = unit.lower().rstrip("s")
    months = {"year": 12, "decade": 120, "month": 1}.get(unit)
    out = add_months(d, n * months) if months else d + timedelta(days=n * (7 if unit == "week" else 1))
    small = {"year": 31, "decade": 180, "month": 7, "week": 1}.get(unit, 0)
    if hedge in ("almost", "nearly", "less than", "just under"):
        out -= timedelta(days=small)
    elif hedge in ("more than", "over", "just over", "at least"):
        out += timedelta(days=small)
    return out


# --- filling missing years ------------------------------------------------------------------------


def choose_year(month: int, day: int | None, env: Env) -> int | None:
    """The year of "July 24" or "in July": the paragraph's year, else the nearest past (or future) one."""
    if env.context_year is not None:
        return env.context_year
    if env.anchor is None:
        return None
    a = env.anchor.date
    here, there = (a.month, a.day if day is not None else 0), (month, day or 0)
    if env.future:
        return a.year if there >= here else a.year + 1
    return a.year if there <= here else a.year - 1


def fill_year(part: Partial, env: Env) -> Partial | None:
    if part.lo[0] is not None and part.hi[0] is not None:
        return part
    y = choose_year(part.lo[1] or 1, part.lo[2], env)
    if y is None:
        return None
    y_hi = y + 1 if (part.hi[1] or 0) < (part.lo[1] or 0) else y
    return Partial((y, part.lo[1], part.lo[2]), (y_hi, part.hi[1], part.hi[2]), part.precision, part.hedge)


def fill_range(a: Partial, b: Partial, env: Env) -> tuple[Partial | None, Partial | None]:
    """Years of "from March to May 2017" or "From July 24 to July 26": one end lends the other its year."""
    if a.lo[0] is None and b.hi[0] is None:
        b = fill_year(b, env)  # type: ignore[assignment]
        if b is None:
            return None, None
    if a.lo[0] is None:
        y = b.hi[0] if (a.lo[1] or 1, a.lo[2] or 0) <= (b.hi[1] or 12, b.hi[2] or 31) else b.hi[0] - 1  # type: ignore[operator]
        a = Partial((y, a.lo[1], a.lo[2]), (y, a.hi[1], a.hi[2]), a.precision, a.hedge)
    if b.hi[0] is None:
        y = a.lo[0] if (b.hi[1] or 12, b.hi[2] or 31) >= (a.lo[1] or 1, a.lo[2] or 0) else a.lo[0] + 1  # type: ignore[operator]
        b = Partial((y, b.lo[1], b.lo[2]), (y, b.hi[1], b.hi[2]), b.precision, b.hedge)
    return a, b


# --- relative expressions -------------------------------------------------------------------------


def _ymd(d: date) -> Ymd:
    return (d.year, d.month, d.day)


def _relative(env: Env, lo: Ymd, hi: Ymd, precision: str) -> Partial:
    """A value computed from the anchor, no finer than the anchor itself is known."""
    keep = {"day": 3, "month": 2, "year": 1}[env.anchor.precision if env.anchor else "day"]
    if keep < 3 and sum(x is not None for x in lo) > keep:
        lo = lo[:keep] + (None,) * (3 - keep)  # type: ignore[assignment]
        hi = hi[:keep] + (None,) * (3 - keep)  # type: ignore[assignment]
        precision = precision_of(lo) if lo == hi else "range"
    return Partial(lo, hi, precision)


def day_offset(env: Env, days: int) -> Partial | None:
    if env.anchor is None:
        return None
    d = _ymd(env.anchor.date + timedelta(days=days))
    return _relative(env, d, d, "day")


def weekday(env: Env, wd: int, rel: str, future: bool) -> Partial | None:
    """"on Friday" is the last Friday up to the anchor, "next Friday" the first after it."""
    if env.anchor is None:
        return None
    a = env.anchor.date
    if rel == "this":
        d = a + timedelta(days=wd - a.weekday())
    elif rel in ("next", "coming", "this coming") or (not rel and future):
        d = a + timedelta(days=(wd - a.weekday() - 1) % 7 + 1)
    elif rel in ("last", "past"):
        d = a - timedelta(days=(a.weekday() - wd - 1) % 7 + 1)
    else:
        d = a - timedelta(days=(a.weekday() - wd) % 7)
    return _relative(env, _ymd(d), _ymd(d), "day")


def _week(d: date) -> tuple[Ymd, Ymd]:
    monday = d - timedelta(days=d.weekday())
    return _ymd(monday), _ymd(monday + timedelta(days=6))


def calendar_unit(env: Env, rel: str, unit: str) -> Partial | None:
    """"last week", "this month", "next year", "last summer": a whole calendar unit."""
    if env.anchor is None:
        return None
    a, shift = env.anchor.date, SHIFT[rel]
    if unit in ("week", "weekend"):
        lo, hi = _week(a + timedelta(days=7 * shift))
        if unit == "weekend":
            lo = _ymd(date(*hi) - timedelta(days=1))  # type: ignore[arg-type]
        return _relative(env, lo, hi, "range")
    if unit == "month":
        m = add_months(a, shift)
        return _relative(env, (m.year, m.month, None), (m.year, m.month, None), "month")
    if unit == "year":
        return _relative(env, (a.year + shift, None, None), (a.year + shift, None, None), "year")
    return _season(env, a, shift, unit)


def _season(env: Env, a: date, shift: int, season: str) -> Partial:
    first = _SEASONS[season][0]
    year = a.year - 1 if season == "winter" and a.month <= 2 else a.year  # the season "this" one
    if shift < 0:
        _, hi = season_months(season, year)
        year = year if (hi[0], hi[1]) < (a.year, a.month) else year - 1  # type: ignore[operator]
    elif shift > 0:
        year = year if (year, first) > (a.year, a.month) else year + 1
    lo, hi = season_months(season, year)
    return _relative(env, lo, hi, "range")


def year_shifted(env: Env, shift: int, month: int) -> Partial | None:
    """"October last year", "March this year"."""
    if env.anchor is None:
        return None
    y = env.anchor.date.year + shift
    return Partial((y, month, None), (y, month, None), "month")


def window(env: Env, n: int, unit: str) -> Partial | None:
    """"the past N units", "the last few hours": a span that ends at the anchor."""
    if env.anchor is None:
        return None
    a, unit = env.anchor.date, unit.lower().rstrip("s")
    if unit == "month":
        m = add_months(a, -n)
        return _relative(env, (m.year, m.month, None), (a.year, a.month, None), "range")
    if unit in ("year", "decade"):
        years = n * (10 if unit == "decade" else 1)
        return _relative(env, (a.year - years, None, None), (a.year, None, None), "range")
    days = max(1, math.ceil(n / 24)) if unit == "hour" else n * (7 if unit == "week" else 1)
    return _relative(env, _ymd(a - timedelta(days=days)), _ymd(a), "range")


def ago(env: Env, n: int, unit: str) -> Partial | None:
    """"N units ago", at the precision of the unit (a week ago is that calendar week)."""
    if env.anchor is None:
        return None
    a, unit = env.anchor.date, unit.lower().rstrip("s")
    if unit in ("year", "decade"):
        y = a.year - n * (10 if unit == "decade" else 1)
        return _relative(env, (y, None, None), (y, None, None), "year")
    if unit == "month":
        m = add_months(a, -n)
        return _relative(env, (m.year, m.month, None), (m.year, m.month, None), "month")
    if unit == "week":
        lo, hi = _week(a - timedelta(days=7 * n))
        return _relative(env, lo, hi, "range")
    d = _ymd(a - timedelta(days=n // 24 if unit == "hour" else n))
    return _relative(env, d, d, "day")
