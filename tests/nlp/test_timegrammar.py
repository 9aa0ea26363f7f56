"""The time grammar on plain strings: one test per kind of expression the timeline needs."""

from __future__ import annotations

from datetime import date

import pytest

from rashomon.model import DateValue
from rashomon.nlp.timecalc import Anchor
from rashomon.nlp.timegrammar import find, infer_anchor

JAN14 = Anchor(date(2020, 1, 14))


def one(text: str, anchor: Anchor | None = JAN14, phrase: str | None = None) -> DateValue:
    found = find(text, anchor)
    if phrase is not None:
        found = [f for f in found if phrase in f.text or f.text in phrase]
    assert len(found) == 1, found
    return found[0].value


def test_explicit_day_in_several_formats() -> None:
    for text in ("on January 3, 2020.", "on 3 January 2020.", "on Friday, January 3, 2020,", "on 2020-01-03,",
                 "on Jan. 3rd, 2020"):
        assert one(text) == DateValue("2020-01-03", "2020-01-03", "day"), text


def test_dateline_without_comma() -> None:
    assert one("January 5 2019\n\nThe news came in.") == DateValue("2019-01-05", "2019-01-05", "day")


def test_year_and_month_precision() -> None:
    assert one("In 2013, a reporter wrote a profile.") == DateValue("2013", "2013", "year")
    assert one("a November 2021 report") == DateValue("2021-11", "2021-11", "month")


def test_ago_with_hedge_and_the_explicit_date_beside_it() -> None:
    anchor = Anchor(date(2022, 12, 1))
    text = "He was taken out by a drone almost 3 years ago, on January 3, 2020."
    assert one(text, anchor, "ago") == DateValue("2019", "2019", "year", "almost")
    assert one(text, anchor, "January") == DateValue("2020-01-03", "2020-01-03", "day")


def test_earlier_on_this_year() -> None:
    assert one("Earlier on this year, his death anniversary drew crowds.", Anchor(date(2022, 12, 1))) == \
        DateValue("2022", "2022", "year", "earlier")


def test_since_month_last_year_is_an_open_range() -> None:
    assert one("militias attacked the protests since October last year") == DateValue("2019-10", None, "open")


def test_year_of_day_range_comes_from_the_paragraph() -> None:
    text = ("With the advance into Palmyra in May 2015, the regime was in danger. "
            "From July 24 to July 26, the general met officials in Moscow.")
    assert one(text, Anchor(date(2022, 6, 30)), "July") == DateValue("2015-07-24", "2015-07-26", "range")


def test_paragraph_context_does_not_leak_into_the_next_paragraph() -> None:
    text = "The war began in 2015.\nOn July 24, talks resumed."
    assert one(text, Anchor(date(2022, 9, 1)), "July") == DateValue("2022-07-24", "2022-07-24", "day")


def test_summer_of_a_year_is_a_range_of_months() -> None:
    assert one("During the summer of 2015, the army lost ground.") == DateValue("2015-06", "2015-08", "range")


def test_two_digit_year_range() -> None:
    assert one("This was even truer in the period 2014-17 when they collaborated.") == \
        DateValue("2014", "2017", "range")


def test_since_month_year() -> None:
    assert one("an opponent since May 2018 when Trump withdrew") == DateValue("2018-05", None, "open")


def test_from_year_onwards() -> None:
    assert one("He was fighting in Iraq from 2003 onwards, but") == DateValue("2003", None, "open")


def test_parenthesised_year_range() -> None:
    assert one("the Iran-Iraq war (1980-1988)") == DateValue("1980", "1988", "range")


def test_mid_month_year() -> None:
    assert one("told Reuters in mid-September 2014.") == DateValue("2014-09", "2014-09", "month", "mid")


def test_in_year_and_hedged_year() -> None:
    assert one("In 2013, famed journalist Dexter Filkins wrote a profile.") == DateValue("2013", "2013", "year")
    assert one("The route opened around 2010.") == DateValue("2010", "2010", "year", "around")
    assert one("The plan was drafted in early 2019.") == DateValue("2019", "2019", "year", "early")


def test_last_few_hours_is_a_day_before_the_anchor() -> None:
    value = one("The news came in during the last few hours: he was killed.", Anchor(date(2019, 1, 5)))
    assert value == DateValue("2019-01-04", "2019-01-05", "range", "recent")


def test_relative_days_and_weekdays() -> None:
    assert one("He resigned yesterday.") == DateValue("2020-01-13", "2020-01-13", "day")
    assert one("Thousands marched on Friday.") == DateValue("2020-01-10", "2020-01-10", "day")
    assert one("The vote will take place on Friday.") == DateValue("2020-01-17", "2020-01-17", "day")
    assert one("The embassy was besieged last week.") == DateValue("2020-01-06", "2020-01-12", "range")


def test_month_without_year_takes_the_nearest_past_one() -> None:
    assert one("The convoy was ambushed on December 28.", Anchor(date(2019, 1, 5))) == \
        DateValue("2018-12-28", "2018-12-28", "day")


def test_decades_and_between() -> None:
    assert one("built in the late 1980s") == DateValue("1980", "1989", "range", "late")
    assert one("The mayor held office between 2005 and 2008.") == DateValue("2005", "2008", "range")


def test_numbers_that_are_not_years() -> None:
    for text in ("Rights groups count 1500 people killed.", "Around 2000 soldiers were deployed.",
                 "The talks may resume.", "He spent two years in prison.", "Theresa May met the envoy."):
        assert find(text, JAN14) == [], text


def test_relative_expressions_need_an_anchor() -> None:
    assert find("He resigned yesterday.", None) == []
    assert one("He resigned in May 2018.", None) == DateValue("2018-05", "2018-05", "month")


def test_anchor_inferred_from_ago_on_date() -> None:
    anchor = infer_anchor("Soleimani was taken out almost 3 years ago, on January 3, 2020. A 2021 report.")
    assert anchor is not None and anchor.date.year == 2022 and anchor.precision == "year"


def test_anchor_falls_back_on_latest_stated_date() -> None:
    anchor = infer_anchor("In 2013 he wrote a profile. A November 2021 report followed.")
    assert anchor is not None and (anchor.date, anchor.precision) == (date(2021, 11, 30), "month")
    assert "latest date" in anchor.source


def test_spans_point_into_the_text() -> None:
    text = "He fought in Iraq from 2003 onwards, and in mid-September 2014 spoke."
    for f in find(text, JAN14):
        assert text[f.start : f.end] == f.text


@pytest.mark.parametrize("text", ["", "no dates at all here", "1,500 families", "$2019 fee"])
def test_no_false_dates(text: str) -> None:
    assert find(text, JAN14) == []


def test_clock_times_and_years_in_names_are_not_dates() -> None:
    for text in ("The rockets fell at around 1700 GMT.", "The convoy left at 0600 local time.",
                 "Trump cited the 2002 war authorisation.", "Congress never repealed the 2001 AUMF."):
        assert find(text, JAN14) == [], text
    assert one("Militias multiplied after the 2003 invasion of Iraq.") == DateValue("2003", "2003", "year")


@pytest.mark.parametrize("text", ["He was killed on February 29, 2019.", "on 31 April 2020", "on 2021-02-30,",
                                  "from February 29 to March 2, 2019", "In 2019 talks failed. On February 29 they met."])
def test_days_that_are_not_on_the_calendar_are_not_days(text: str) -> None:
    """An impossible day once became an ISO value that ``date`` refused, and the document lost every later stage."""
    for f in find(text, JAN14):
        for iso in (f.value.start, f.value.end):
            if iso and iso.count("-") == 2:
                date.fromisoformat(iso)  # raises on 2019-02-29
    infer_anchor(text)  # an undated text's anchor is read from these dates too


def test_a_leap_day_is_still_a_day() -> None:
    assert one("He was killed on February 29, 2020.") == DateValue("2020-02-29", "2020-02-29", "day")
