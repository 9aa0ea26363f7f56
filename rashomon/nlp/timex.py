"""Temporal expressions of each document, normalised to ISO values with their precision.

A cascade, most precise first:

1. our grammar (``timegrammar``) finds dates, ranges, open ranges, relative and
   hedged expressions and resolves them against the document's anchor;
2. dates the parser tagged (spaCy ``DATE``) that the grammar left alone and
   that carry a digit are read by ``dateparser`` ("05/06/2019"), with the
   precision it reports.

The anchor is the publication date (``Document.published``, from the byline or
dateline). An undated document is anchored on what its own text says: "almost
3 years ago, on January 3, 2020" dates the writing to late 2022; failing that,
the latest date it states, which only bounds the writing date from below, so
relative expressions ("on Wednesday", "last month") of such a document stay
unresolved rather than land in the wrong year. ``notes.timex`` records which
anchor was used and why, and where the dateline is, so a reader (and the
``timeline`` stage) can check it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, datetime
from typing import Any

from ..model import DateValue, DocAnalysis, Document, Timex
from ..registry import Context, stage
from .timecalc import Anchor, parse_iso
from .timegrammar import LOWER_BOUND, find, infer_anchor
from .timex_langs import ascii_digits, find_dates

_PERIODS = {"day": "day", "week": "day", "month": "month", "year": "year"}
DATELINE_CHARS = 800  # a dateline sits near the top of the article
FALLBACK_CHARS = 200  # longer "DATE" spans are parser noise; dateparser's time grows with its input


def document_anchor(document: Document) -> Anchor | None:
    """The date relative expressions of ``document`` count from, and its source."""
    if document.published:
        precision = {1: "year", 2: "month"}.get(document.published.count("-") + 1, "day")
        try:
            return Anchor(parse_iso(document.published[:10]), precision, "published")
        except ValueError:
            pass  # a malformed date is as good as none: fall back on the text
    return infer_anchor(document.text)


def dateline_span(document: Document, timexes: list[Timex]) -> Timex | None:
    """The expression near the top that states the publication date itself."""
    if not document.published:
        return None
    for t in timexes:
        if t.start < DATELINE_CHARS and t.value.precision == "day" and t.value.start == document.published[:10]:
            return t
    return None


# A year the fallback may read: four digits, or two after an apostrophe or in a numeric date ("05/06/19").
_STATES_YEAR = re.compile(r"(?<!\d)\d{4}(?!\d)|'\d\d\b|\b\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}\b")


# A span that is a number and nothing else ("2002", "the 1700"): the grammar has already judged it.
_ONLY_NUMBER = re.compile(r"(?i:the\s+|an?\s+)?[\d.,]+")


def _has_calendar_words(text: str) -> bool:
    """Whether ``dateparser`` may read the span: it must state its year, and more than a number.

    "May 11" or "March 30" have none; read with a required year, dateparser
    takes the day for a year (2011, 1930). The grammar resolves such dates
    against the anchor, and without an anchor they stay unresolved. A bare
    number is the grammar's call alone: it knows "around 1700 GMT" is a clock
    time and "the 2002 war authorisation" a name, where the parser's DATE
    label does not.
    """
    return bool(_STATES_YEAR.search(text)) and not _ONLY_NUMBER.fullmatch(text.strip())


_FOUR_DIGITS = re.compile(r"(?<!\d)\d{4}(?!\d)")


def parse_fallback(text: str, anchor: Anchor | None, language: str | None = None) -> DateValue | None:
    """A date the grammar does not know, read by ``dateparser`` at the precision it reports."""
    from dateparser.date import DateDataParser

    settings: dict[str, Any] = {"PREFER_DATES_FROM": "past", "REQUIRE_PARTS": ["year"]}
    if anchor is not None:
        settings["RELATIVE_BASE"] = datetime.combine(anchor.date, datetime.min.time())
    parser = DateDataParser(languages=[language or "en"], settings=settings)
    try:
        data = parser.get_date_data(text[:FALLBACK_CHARS])
    except (ValueError, OverflowError, KeyError):  # dateparser rejects impossible or huge dates by raising
        return None
    if data.date_obj is None:
        return None
    d: date = data.date_obj.date()
    stated = _FOUR_DIGITS.findall(text[:FALLBACK_CHARS])
    if stated and str(d.year) not in stated:
        return None  # dateparser guessed a year the text does not state (it read "2020 年" as the year 6)
    precision = _PERIODS.get(data.period or "day", "day")
    iso = {"day": d.isoformat(), "month": d.isoformat()[:7], "year": d.isoformat()[:4]}[precision]
    return DateValue(iso, iso, precision)  # type: ignore[arg-type]


def find_timexes(item: DocAnalysis, anchor: Anchor | None) -> list[Timex]:
    """Grammar first, then the parser's leftover DATE spans through ``dateparser``."""
    doc_id, text = item.document.id, item.document.text
    if anchor is not None and anchor.source.startswith(LOWER_BOUND):
        anchor = None  # "Wednesday" after a mention of 2011 is not a day of 2011: relative dates stay unresolved
    lang = item.document.language or "en"  # non-English: the document's own month names and calendar first
    out = [Timex(doc_id, d.start, d.end, d.text, d.value) for d in find_dates(text, lang, anchor)] if lang != "en" else []
    out += [Timex(doc_id, f.start, f.end, text[f.start : f.end], f.value) for f in find(ascii_digits(text), anchor)
            if not any(t.start < f.end and f.start < t.end for t in out)]
    spacy_doc = item.scratch.spacy
    if spacy_doc is None:
        return out
    for ent in spacy_doc.ents:
        if ent.label_ != "DATE" or any(t.start < ent.end_char and ent.start_char < t.end for t in out):
            continue
        if not _has_calendar_words(ent.text):
            continue
        value = parse_fallback(ent.text, anchor, item.document.language)
        if value is not None:
            out.append(Timex(doc_id, ent.start_char, ent.end_char, ent.text, value))
    return sorted(out, key=lambda t: t.start)


@stage("timex",
       requires=("doc.scratch.spacy",),
       assigns=("doc.timexes", "doc.notes.timex"),
       version="5", config=())
def make_timex(ctx: Context) -> Callable[[DocAnalysis], DocAnalysis]:
    """Finds and normalises temporal expressions; records the anchor and the dateline."""

    def run(item: DocAnalysis) -> DocAnalysis:
        anchor = document_anchor(item.document)
        item.timexes = find_timexes(item, anchor)
        line = dateline_span(item.document, item.timexes)
        item.notes.timex = {
            "anchor": None if anchor is None else _anchor_iso(anchor),
            "anchor_precision": None if anchor is None else anchor.precision,
            "anchor_source": None if anchor is None else anchor.source,
            "dateline": None if line is None else [line.start, line.end, line.text],
        }
        return item

    return run


def _anchor_iso(anchor: Anchor) -> str:
    return anchor.date.isoformat()[: {"day": 10, "month": 7, "year": 4}[anchor.precision]]
