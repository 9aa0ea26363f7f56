"""Texts longer than spaCy's limit are parsed in pieces; offsets are the article's own."""

from __future__ import annotations

from itertools import pairwise
from typing import Any

import pytest

from rashomon.nlp import parse

PARA = "The general said the strike was ordered on Thursday. Officials in Baghdad denied it.\n\n"


def test_chunks_cover_the_text_and_cut_at_paragraphs() -> None:
    text = PARA * 300
    pieces = list(parse.chunks(text, 2_000))
    assert pieces[0][0] == 0 and pieces[-1][1] == len(text)
    assert all(a[1] == b[0] for a, b in pairwise(pieces))
    assert all(b - a <= 2_000 for a, b in pieces)
    assert all(text[b - 2 : b] == "\n\n" for _, b in pieces[:-1])


def test_a_text_without_breaks_is_still_cut() -> None:
    pieces = list(parse.chunks("x" * 5_000, 2_000))
    assert pieces == [(0, 2_000), (2_000, 4_000), (4_000, 5_000)]


def test_a_long_text_parses_in_pieces_with_its_offsets(nlp: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parse, "CHUNK_CHARS", 1_000)
    text = PARA * 40
    doc = parse.parse_text(nlp, text)
    assert doc.text == text
    bagh = [e for e in doc.ents if e.text == "Baghdad"]
    assert len(bagh) >= 30 and all(text[e.start_char : e.end_char] == "Baghdad" for e in bagh)


def test_over_max_length_is_no_longer_refused(nlp: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(nlp, "max_length", 3_000)
    text = PARA * 60  # 5,100 characters: spaCy alone raises E088
    assert parse.parse_text(nlp, text).text == text


def test_no_sentence_longer_than_the_run_limit(nlp: Any) -> None:
    text = "A headline\n\nThe man said " + "; " * 6_000 + "and left. " + "word, " * 2_000 + "end."
    spans = parse.pieces(text)
    assert spans[0][0] == 0 and spans[-1][1] == len(text) and all(a[1] == b[0] for a, b in pairwise(spans))
    doc = parse.parse_text(nlp, text)
    assert doc.text == text
    # a sentence may begin before a line break the parser did not take as a boundary (the headline)
    assert max(s.end_char - s.start_char for s in doc.sents) <= parse.RUN_CHARS + len("A headline\n\n")


def test_ordinary_sentences_are_not_cut() -> None:
    text = PARA * 50
    assert parse.pieces(text) == [(0, len(text))]
