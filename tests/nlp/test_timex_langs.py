"""Dates in the document's own language, the Solar Hijri calendar, Arabic-Indic and Persian digits."""

from __future__ import annotations

import pytest

from rashomon.model import DateValue
from rashomon.nlp.timex_langs import ascii_digits, find_dates

CASES = [
    ("ru", "Он был убит 3 января 2020 года в Багдаде.", "3 января 2020"),
    ("ar", "قتل في ٣ يناير ٢٠٢٠.", "٣ يناير ٢٠٢٠"),
    ("fa", "سلیمانی ۱۳ دی ۱۳۹۸ کشته شد.", "۱۳ دی ۱۳۹۸"),
    ("fa", "روز ۳ ژانویه ۲۰۲۰", "۳ ژانویه ۲۰۲۰"),
    ("zh", "2020年1月3日，苏莱曼尼被杀。", "2020年1月3日"),
    ("de", "Am 3. Januar 2020 starb er.", "3. Januar 2020"),
    ("tr", "3 Ocak 2020 tarihinde", "3 Ocak 2020"),
    ("pl", "zginął 3 stycznia 2020 r.", "3 stycznia 2020"),
    ("es", "murió el 3 de enero de 2020", "3 de enero de 2020"),
]


@pytest.mark.parametrize(("lang", "text", "span"), CASES)
def test_one_day_in_every_language_and_calendar(lang: str, text: str, span: str) -> None:
    found = find_dates(text, lang, None)
    assert [(d.text, d.value.start, d.value.precision) for d in found] == [(span, "2020-01-03", "day")]
    assert text[found[0].start : found[0].end] == span


def test_a_solar_hijri_month_is_the_gregorian_range_it_covers() -> None:
    (found,) = find_dates("در آذر ۱۳۹۸", "fa", None)
    assert (found.value.start, found.value.end, found.value.precision) == ("2019-11-22", "2019-12-21", "range")


def test_digits_map_one_for_one_and_bare_month_words_are_no_date() -> None:
    assert ascii_digits("٣ يناير ۲۰۲۰") == "3 يناير 2020"
    assert find_dates("Mart ayında bir şey oldu.", "tr", None) == []  # no day, no year: a word
    assert find_dates("le 24 mars et le 29 décembre", "fr", None) == []  # no year: not the years 2024 and 1929


def test_the_timex_stage_reads_a_russian_article() -> None:
    from rashomon.model import DocAnalysis, Document
    from rashomon.nlp.timex import find_timexes

    item = DocAnalysis(Document.from_text("Генерал был убит 3 января 2020 года. В 2019 году он был в Москве.", language="ru"))
    values = [(t.text, t.value.start) for t in find_timexes(item, None)]
    assert values == [("3 января 2020", "2020-01-03"), ("2019", "2019")]


def test_chinese_dates_are_read_from_their_digits_without_an_anchor() -> None:
    found = find_dates("人们在 2020 年迎来新年。2020年1月3日，他被杀。2020年2月30日", "zh", None)
    assert [(f.text, f.value.start) for f in found] == [("2020 年", "2020"), ("2020年1月3日", "2020-01-03")]


def test_a_year_the_text_does_not_state_is_never_taken_from_dateparser() -> None:
    from rashomon.nlp.timex import parse_fallback

    assert parse_fallback("2020 年", None, "zh") in (None, DateValue("2020", "2020", "year"))
