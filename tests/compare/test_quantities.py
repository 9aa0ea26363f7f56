"""The quantity grammar: numbers, hedges as intervals, what is counted, what is not a count."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rashomon.compare.quantities import Interval, find_quantities, interval_for, parse_number


@pytest.mark.parametrize(
    ("text", "value"),
    [("eight", 8), ("twenty-five", 25), ("a dozen", 12), ("one hundred and five", 105),
     ("1,500", 1500), ("2.5 million", 2_500_000), ("three thousand", 3000), ("15", 15)],
)  # fmt: skip
def test_parse_number(text: str, value: float) -> None:
    assert parse_number(text) == value


def test_parse_number_rejects_words() -> None:
    assert parse_number("several") is None
    assert parse_number("") is None


@pytest.mark.parametrize(
    ("hedge", "low", "high"),
    [(None, 6, 6), ("at least", 6, math.inf), ("more than", 7, math.inf), ("up to", 0, 6),
     ("fewer than", 0, 5), ("nearly", 5, 6), ("about", 4, 8)],
)  # fmt: skip
def test_hedges_are_intervals(hedge: str | None, low: float, high: float) -> None:
    assert interval_for(6, hedge) == Interval(low, high)


def test_at_least_six_agrees_with_eight_but_six_does_not() -> None:
    eight = find_quantities("Eight people were killed.")[0].interval
    assert find_quantities("At least 6 people were killed.")[0].interval.overlaps(eight)
    assert not find_quantities("Six people were killed.")[0].interval.overlaps(eight)
    assert find_quantities("About 7 people died.")[0].interval.overlaps(eight)


def test_what_is_counted() -> None:
    q = find_quantities("Iran fired 15 missiles at two bases.")
    assert [(x.value, x.noun_class, x.measure) for x in q] == [(15, "missiles", "fired")]
    toll = find_quantities("The death toll rose to 10 on Friday.")[0]
    assert (toll.value, toll.key) == (10, ("killed", "people"))
    troops = find_quantities("The attack killed at least 80 troops.")[0]
    assert (troops.text, troops.hedge, troops.key) == ("at least 80 troops", "at least", ("killed", "people"))


def test_words_and_digits_give_the_same_count() -> None:
    words = find_quantities("Eight people were killed in the strike.")[0]
    digits = find_quantities("8 people were killed in the strike.")[0]
    assert (words.value, words.key) == (digits.value, digits.key)


def test_elided_count_in_a_list_takes_the_previous_sense() -> None:
    text = "Rights groups count 1500 people killed in Iran, at least 500 in Iraq and more elsewhere."
    found = find_quantities(text)
    assert [(q.value, q.key) for q in found] == [(1500, ("killed", "people")), (500, ("killed", "people"))]
    assert found[1].interval.high == math.inf
    assert text[found[1].start : found[1].end] == "at least 500"


@pytest.mark.parametrize(
    "text",
    ["He fought in 1980 and again in 2003.", "Over the past 30 years he led operations.",
     "Prices rose 15 percent.", "It was one of the most important figures.", "The strike killed 10 people, one source said."],
)  # fmt: skip
def test_not_counts(text: str) -> None:
    assert all(q.value not in (1980, 2003, 30, 15, 1) for q in find_quantities(text))


def test_vague_plurals() -> None:
    q = find_quantities("The killing of hundreds of demonstrators.")[0]
    assert (q.interval.low, q.interval.high, q.noun) == (200, 999, "demonstrators")


@given(
    st.integers(min_value=0, max_value=10_000),
    st.sampled_from(["at least", "about", "up to", "nearly", None]),
)
def test_a_value_lies_in_its_own_interval(n: int, hedge: str | None) -> None:
    iv = interval_for(n, hedge)
    assert iv.low <= n <= iv.high


@given(st.text(max_size=200))
def test_offsets_point_into_the_text(text: str) -> None:
    for q in find_quantities(text):
        assert text[q.start : q.end] == q.text


def test_a_day_of_the_month_is_not_a_count() -> None:
    found = find_quantities("The last of the 33 miners trapped underground reached the surface on October 13.")
    assert [(q.value, q.key) for q in found] == [(33.0, ("trapped", "people"))]


def test_a_participle_before_the_noun_says_what_happened() -> None:
    (q,) = find_quantities("Chile finished lifting 34 trapped miners from the mine.")
    assert (q.value, q.key, q.text) == (34.0, ("trapped", "people"), "34 trapped miners")
    (q,) = find_quantities("Police detained 12 injured protesters.")
    assert q.key == ("arrested", "people")  # the verb of the sentence wins over the modifier


def test_a_denied_count_is_zero_and_conflicts_with_a_reported_one() -> None:
    zero = find_quantities("The Pentagon said no US troops were killed in the attack.")
    assert [(q.value, q.noun, q.measure) for q in zero] == [(0.0, "troops", "killed")]
    assert [q.value for q in find_quantities("Not a single civilian died, the ministry said.")] == [0.0]
    assert not zero[0].interval.overlaps(find_quantities("State TV said 80 US troops were killed.")[0].interval)
    for text in ("No troops were sent.", "There was no more than 10 people killed.", "No comment on the attack."):
        assert all(q.value != 0 for q in find_quantities(text)), text


def test_a_part_of_a_count_is_not_a_rival_value_of_it() -> None:
    whole = find_quantities("All 298 people on board, including 196 Dutch, were killed.")
    assert [q.value for q in whole] == [298.0]
    assert [q.value for q in find_quantities("Iran fired 16 missiles, of which 11 hit the base.")] == [16.0]


def test_a_number_inside_a_designation_is_not_a_count() -> None:
    assert find_quantities("A Buk 9M38 missile downed the plane.") == []
    assert [q.value for q in find_quantities("A Buk fired 2 missiles.")] == [2.0]
