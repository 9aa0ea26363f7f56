"""Quotation marks of every style, apostrophes, nesting, and paragraph-scoped conventions."""

from __future__ import annotations

import pytest

from rashomon.nlp.quotes import find_quotes, is_heading, outside_quotes, paragraphs, quoted_share


def quoted(text: str) -> list[str]:
    return [text[q.start : q.end] for q in find_quotes(text)]


@pytest.mark.parametrize(
    "text",
    [
        "She said “the talks failed” on Monday.",
        'She said "the talks failed" on Monday.',
        "She said «the talks failed» on Monday.",
        "She said „the talks failed“ on Monday.",
        "She said 'the talks failed' on Monday.",
        "She said ‘the talks failed’ on Monday.",
        "She said ‹the talks failed› on Monday.",
    ],
)
def test_every_quote_style_is_paired(text: str) -> None:
    assert quoted(text) == ["the talks failed"]


def test_apostrophes_are_not_quotes() -> None:
    text = "Iran’s army and the rebels' leaders don't agree; Shi’ism and Nusayri-‘Alawi are names."
    assert find_quotes(text) == []


def test_single_quotes_inside_double_quotes_nest() -> None:
    text = "He said, “They told me ‘never again’ before they left.”"
    qs = find_quotes(text)
    assert [(text[q.start : q.end], q.depth) for q in qs] == [
        ("They told me ‘never again’ before they left.", 0),
        ("never again", 1),
    ]


def test_unclosed_quote_opening_a_paragraph_runs_to_its_end() -> None:
    text = "“On the first day the envoy arrived. “We waited,” he told me. The talks began."
    qs = find_quotes(text)
    outer = [q for q in qs if q.depth == 0]
    assert len(outer) == 1 and outer[0].close_mark is None and outer[0].end == len(text)
    assert [text[q.start : q.end] for q in qs if q.depth == 1] == ["We waited,"]


def test_closing_mark_without_opener_closes_a_quote_from_the_paragraph_start() -> None:
    text = "The shelling destroyed the school,” the Red Cross said."
    (q,) = find_quotes(text)
    assert q.open_mark is None and text[q.start : q.end] == "The shelling destroyed the school,"


def test_unclosed_quote_in_mid_paragraph_is_not_a_quote() -> None:
    assert find_quotes("The so-called “experts were wrong, said nobody.") == []


def test_paragraphs_split_on_blank_lines_and_join_a_sentence_cut_in_two() -> None:
    text = "Title line\n\nFirst paragraph ends here.\n\nA long sentence that was cut in the middle by the\n\nextractor goes on here.\n"
    paras = [text[a:b] for a, b in paragraphs(text)]
    assert paras == [
        "Title line",
        "First paragraph ends here.",
        "A long sentence that was cut in the middle by the\n\nextractor goes on here.",
    ]


def test_headings_bylines_and_promos_are_headings_sentences_are_not() -> None:
    assert is_heading("Fighting on Two Fronts")
    assert is_heading("By Jane Doe, Senior Editor, 3 March 2021,")
    assert is_heading("Is the War Really Over?")
    assert is_heading("## Background")
    assert not is_heading("The army withdrew from the city on Tuesday.")
    assert not is_heading("The army withdrew from the city on Tuesday.[3]")
    assert not is_heading("So the real question is:")


def test_body_text_cut_short_is_not_a_heading() -> None:
    assert not is_heading("Turkey cannot send forces to Libya if the conflict eases. The Turkish parliament must debate")
    assert not is_heading(" ".join(["the parliament debated the deployment bill"] * 5))  # 30 words, unfinished
    assert not is_heading("成千上万的人在洛杉矶迎来了2020年。大门在晚上8点后不久打开")
    assert is_heading("By J. Smith, Reuters") and is_heading("Violence rages in Libya as Turkey votes on deployment")


def test_quoted_share_and_outside_quotes() -> None:
    text = "“We will stay,” he said."
    qs = find_quotes(text)
    assert quoted_share(qs, 0, len(text)) == pytest.approx(len("“We will stay,”") / len(text))
    assert outside_quotes(text, qs, 0, len(text)).strip() == "he said."
