"""Dates written in the document's own language, calendar and digits.

The English grammar (``timegrammar``) reads "January 3, 2020"; an article in
Russian writes "3 января 2020 года", one in Persian "۱۳ دی ۱۳۹۸" (Solar Hijri,
Persian digits), one in Arabic "٣ يناير ٢٠٢٠", one in Chinese "2020年1月3日".
This module finds such dates and normalises them to ISO:

- ``ascii_digits`` maps Arabic-Indic and Persian digits to ASCII one for one,
  so offsets stay valid and the English grammar reads them too;
- month names come from ``dateparser``'s own language data, so every language
  it knows is covered without a word list here; each candidate ("day? month
  year?") is read by ``dateparser`` in that language;
- Solar Hijri months (Farvardin ... Esfand) with a year of 1300-1499 are
  converted with ``jdatetime``.

    >>> [(d.text, d.value.start) for d in find_dates("۱۳ دی ۱۳۹۸ و ۳ ژانویه ۲۰۲۰", "fa", None)]
    [('۱۳ دی ۱۳۹۸', '2020-01-03'), ('۳ ژانویه ۲۰۲۰', '2020-01-03')]
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from ..model import DateValue
from .timecalc import Anchor

_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")
_ARABIC_LETTERS = str.maketrans("یک", "يك")
_MONTH_KEYS = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december")
# Solar Hijri months in Persian script (and the Arabic-script spellings of two of them).
JALALI_MONTHS = {
    "فروردین": 1, "اردیبهشت": 2, "خرداد": 3, "تیر": 4, "مرداد": 5, "امرداد": 5, "شهریور": 6,
    "مهر": 7, "آبان": 8, "آذر": 9, "دی": 10, "بهمن": 11, "اسفند": 12,
}
_JALALI = re.compile(
    r"(?:(?P<d>\d{1,2})\s*)?(?P<m>" + "|".join(sorted(JALALI_MONTHS, key=len, reverse=True)) + r")(?:\s*(?:ماه\s*)?(?P<y>1[34]\d\d))"
)
_ZH = re.compile(r"(?P<y>\d{4})\s*年(?:\s*(?P<m>\d{1,2})\s*月(?:\s*(?P<d>\d{1,2})\s*[日号])?)?")


@dataclass(frozen=True)
class FoundDate:
    start: int
    end: int
    text: str
    value: DateValue


def ascii_digits(text: str) -> str:
    """Arabic-Indic and Persian digits as ASCII, character for character (offsets unchanged)."""
    return text.translate(_DIGITS)


@lru_cache(maxsize=64)
def month_pattern(language: str) -> re.Pattern[str] | None:
    """Day? month-name year? in ``language``, month names from dateparser's locale data."""
    from dateparser.languages.loader import default_loader

    try:
        info = default_loader.get_locale(language).info
    except (ValueError, KeyError):
        return None
    names = {n for key in _MONTH_KEYS for n in info.get(key, []) if len(n) >= 3 and not n[0].isdigit()}
    if not names:
        return None
    alt = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
    return re.compile(
        rf"(?:\b\d{{1,2}}\.?\s+(?:de\s+)?)?(?<!\w)(?:{alt})(?!\w)(?:\s+(?:de\s+)?\d{{4}}\b)?", re.IGNORECASE
    )


def find_dates(text: str, language: str | None, anchor: Anchor | None) -> list[FoundDate]:
    """Dates of a non-English text with their ISO values; overlapping candidates keep the first."""
    lang = (language or "en").split("-")[0]
    plain = ascii_digits(text)
    spans: list[tuple[int, int, DateValue]] = []
    for m in _JALALI.finditer(plain):
        value = _jalali(m)
        if value:
            spans.append((m.start(), m.end(), value))
    pattern = _ZH if lang == "zh" else month_pattern(lang)
    if lang == "fa":  # dateparser spells Persian months with the Arabic yeh and kaf
        plain = plain.translate(_ARABIC_LETTERS)
    if pattern is not None:
        for m in pattern.finditer(plain):
            if not re.search(r"\d{4}", m.group()) or any(s < m.end() and m.start() < e for s, e, _ in spans):
                continue  # a bare month is often a word ("Mart"), and dateparser reads "24 mars" as March 2024
            value = _chinese(m) if lang == "zh" else _read(m.group(), lang, anchor)
            if value:
                spans.append((m.start(), m.end(), value))
    return [FoundDate(s, e, text[s:e], v) for s, e, v in sorted(spans, key=lambda t: t[0])]


def _jalali(m: re.Match[str]) -> DateValue | None:
    import jdatetime

    year, month, day = int(m["y"]), JALALI_MONTHS[m["m"]], int(m["d"]) if m["d"] else None
    try:
        if day:
            iso = jdatetime.date(year, month, day).togregorian().isoformat()
            return DateValue(iso, iso, "day")
        first = jdatetime.date(year, month, 1).togregorian()
        last = jdatetime.date(year, month, jdatetime.j_days_in_month[month - 1]).togregorian()
        return DateValue(first.isoformat(), last.isoformat(), "range")
    except ValueError:
        return None


def _chinese(m: re.Match[str]) -> DateValue | None:
    """``2020年1月3日`` states every part in digits: read them, not dateparser's guess (which needs an anchor)."""
    y, mo, d = int(m["y"]), int(m["m"]) if m["m"] else None, int(m["d"]) if m["d"] else None
    try:
        iso = date(y, mo or 1, d or 1).isoformat()
    except ValueError:  # 2月30日: not on the calendar
        return None
    precision = "day" if d else "month" if mo else "year"
    iso = iso[: {"day": 10, "month": 7, "year": 4}[precision]]
    return DateValue(iso, iso, precision)  # type: ignore[arg-type]


def _read(text: str, language: str, anchor: Anchor | None) -> DateValue | None:
    from .timex import parse_fallback

    try:
        return parse_fallback(text, anchor, language)
    except (ValueError, KeyError):
        return None
