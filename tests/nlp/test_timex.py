"""The ``timex`` stage: every expression type the timeline needs, read through a document."""

from __future__ import annotations

from typing import Any

import pytest

from rashomon.model import DateValue, DocAnalysis, Document
from rashomon.nlp.timex import document_anchor, make_timex, parse_fallback


def run_timex(text: str, published: str | None = None, ctx: Any = None) -> DocAnalysis:
    item = DocAnalysis(Document.from_text(text, published=published))
    return make_timex(ctx)(item)


def value_of(item: DocAnalysis, phrase: str) -> DateValue:
    hits = [t for t in item.timexes if phrase in t.text or t.text in phrase]
    assert len(hits) == 1, item.timexes
    return hits[0].value


# Each line of the issue's list, in news-style sentences of our own, with the value it must get.
CASES = [
    ("almost 3 years ago", "He was killed by a drone almost 3 years ago, on January 3, 2020.", "2022-11-20",
     DateValue("2019", "2019", "year", "almost")),
    ("January 3, 2020", "He was killed by a drone almost 3 years ago, on January 3, 2020.", "2022-11-20",
     DateValue("2020-01-03", "2020-01-03", "day")),
    ("Earlier on this year", "Earlier on this year, the anniversary drew crowds.", "2022-11-20",
     DateValue("2022", "2022", "year", "earlier")),
    ("since October last year", "Militias have attacked protesters since October last year.", "2020-01-14",
     DateValue("2019-10", None, "open")),
    ("From July 24 to July 26", "The front collapsed in May 2015. From July 24 to July 26, the envoy was in Moscow.",
     "2022-11-20", DateValue("2015-07-24", "2015-07-26", "range")),
    ("the period 2014-17", "Cooperation peaked in the period 2014-17, officials said.", "2020-01-14",
     DateValue("2014", "2017", "range")),
    ("since May 2018", "Sanctions have bitten since May 2018, when the deal collapsed.", "2020-01-14",
     DateValue("2018-05", None, "open")),
    ("from 2003 onwards", "The militia fought foreign troops from 2003 onwards.", "2020-01-14",
     DateValue("2003", None, "open")),
    ("1980-1988", "He served in the war (1980-1988) as a volunteer.", "2020-01-14",
     DateValue("1980", "1988", "range")),
    ("mid-September 2014", "A commander said in mid-September 2014 that the town would fall.", "2020-01-14",
     DateValue("2014-09", "2014-09", "month", "mid")),
    ("In 2013", "In 2013, a magazine profiled the commander.", "2020-01-14", DateValue("2013", "2013", "year")),
    ("the last few hours", "The news came in during the last few hours: the minister resigned.", "2019-01-05",
     DateValue("2019-01-04", "2019-01-05", "range", "recent")),
]


@pytest.mark.parametrize("phrase,text,published,expected", CASES, ids=[c[0] for c in CASES])
def test_expression_types_from_the_issue(phrase: str, text: str, published: str, expected: DateValue) -> None:
    assert value_of(run_timex(text, published), phrase) == expected


def test_anchor_is_the_publication_date_and_is_recorded() -> None:
    item = run_timex("Dated line.\n\n14 January 2020\n\nHe resigned yesterday.", "2020-01-14")
    assert value_of(item, "yesterday") == DateValue("2020-01-13", "2020-01-13", "day")
    notes = item.notes.timex
    assert notes["anchor"] == "2020-01-14" and notes["anchor_source"] == "published"
    start, end, text = notes["dateline"]
    assert item.document.text[start:end] == text == "14 January 2020"


def test_undated_document_is_anchored_on_what_it_says_and_says_so() -> None:
    item = run_timex("He was killed almost 3 years ago, on January 3, 2020. Earlier on this year, crowds gathered.")
    notes = item.notes.timex
    assert notes["anchor"] == "2022" and notes["anchor_precision"] == "year"
    assert "almost 3 years ago" in notes["anchor_source"]
    assert value_of(item, "Earlier on this year") == DateValue("2022", "2022", "year", "earlier")
    assert notes["dateline"] is None


def test_undated_document_without_relative_anchor_uses_latest_date() -> None:
    anchor = document_anchor(Document.from_text("In 2013 he wrote. A November 2021 report followed."))
    assert anchor is not None and anchor.date.isoformat() == "2021-11-30" and "latest" in anchor.source


def test_malformed_published_date_falls_back_on_the_text() -> None:
    anchor = document_anchor(Document.from_text("A report of May 2018.", published="not a date"))
    assert anchor is not None and anchor.date.isoformat() == "2018-05-31"


def test_dateparser_reads_what_the_grammar_leaves() -> None:
    assert parse_fallback("05/06/2019", None) == DateValue("2019-05-06", "2019-05-06", "day")
    assert parse_fallback("the day", None) is None


@pytest.mark.slow
def test_stage_with_parser_adds_fallback_dates(context: Any) -> None:
    from rashomon.nlp.parse import make_parse

    item = make_parse(context)(DocAnalysis(Document.from_text("The form, dated 05/06/2019, was filed in May 2018.",
                                                              published="2020-01-14")))
    item = make_timex(context)(item)
    assert [t.value.start for t in item.timexes] == ["2019-05-06", "2018-05"]


@pytest.mark.slow
def test_the_parsers_date_label_never_overrules_the_grammar_on_a_bare_number(context: Any) -> None:
    from rashomon.nlp.parse import make_parse

    text = ("The Pentagon cited the 2002 war authorisation. Rockets hit the base around 1700 GMT on Friday. "
            "The militia was founded in 2003.")
    item = make_timex(context)(make_parse(context)(DocAnalysis(Document.from_text(text, published="2020-01-05"))))
    assert [(t.text, t.value.start) for t in item.timexes] == [("Friday", "2020-01-03"), ("2003", "2003")]


def test_gold_set_is_large_well_formed_and_scored() -> None:
    from rashomon.eval.timex import read_gold, score

    rows = read_gold()
    assert len(rows) >= 100 and {r.split for r in rows} == {"dev", "test"}
    assert {r.precision for r in rows} >= {"day", "month", "year", "range", "open", "none"}
    result: dict[str, Any] = score(rows)
    assert result["accuracy"] >= 0.95, result["misses"]
    assert set(result["by_precision"]) >= {"day", "range", "open"}


def test_fallback_never_reads_a_day_as_the_year() -> None:
    from rashomon.nlp.timex import _has_calendar_words

    assert not _has_calendar_words("May 11") and not _has_calendar_words("March 30")
    assert _has_calendar_words("05/06/2019") and _has_calendar_words("May 11, 2022")
    assert not _has_calendar_words("2002") and not _has_calendar_words("the 1700")


def test_a_lower_bound_anchor_resolves_no_relative_date() -> None:
    item = run_timex("Three civilians were killed on Wednesday. The war began after the 2011 uprising.")
    assert "latest" in item.notes.timex["anchor_source"]
    assert [t.text for t in item.timexes] == ["2011"]  # not "Wednesday" of 2011
