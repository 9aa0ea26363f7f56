"""Generated and mutated articles through the whole analysis: no crash outside our error tree, no
document over its time budget, no stage failing on a document, every map valid against its own schema.

Inputs are built from what broke earlier versions: every Unicode plane, control, zero-width and
bidirectional characters, lone surrogates, very long words and runs of punctuation, unbalanced quotes
and brackets, odd numbers and impossible dates, verbless sentences and pronoun-only text, and
paragraphs of the real seed articles with those spliced in. The longer run is ``bench/fuzz.py``.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rashomon.api import analyze_documents
from rashomon.errors import RashomonError
from rashomon.mapio import to_dict, validate
from rashomon.model import Document

pytestmark = pytest.mark.slow
# CI draws a few hundred inputs; bench/fuzz.py sets RASHOMON_FUZZ_EXAMPLES for the long run.
EXAMPLES = int(os.environ.get("RASHOMON_FUZZ_EXAMPLES", "250"))

HOSTILE = [
    "\u200b", "\u200e", "\u200f", "\u202e", "\u2066", "\ufeff", "\x00", "\x07", "\x1b[31m", "\u2028",
    "\u0085", "\ud800", "\U0001f600", "\U00020000", "\U000e0001", "\ufffd", "\u0301\u0301\u0301",
    ";" * 2_000, "a" * 10_000, "(((((", "]]]]", "\u201c", "\u201d\u201d", '"', "'", "\u00ab",
]
ODD_FACTS = [
    "February 29, 2019", "31/02/2020", "on 0000-00-00", "in the year 99999999999999999999",
    "10^400 people", "-0 soldiers", "1e309 missiles", "around 1700 GMT", "the 2002 war authorisation",
    "۱۳ دی ۱۳۹۸", "2020年1月3日", "between 3 and 2 dead", "NaN killed", "½ of 34 miners",
]
PLAIN = [
    "The man, his dog.", "He said he would.", "His.", "She told him that he had.", "Soleimani was killed.",
    "Trump ordered the strike, officials said.", "According to Reuters, 33 miners were rescued.",
    "He denied it.", "They, them, their, his, her, him.", "Baghdad.", "Gen. Qassem Soleimani",
]

piece = st.one_of(st.sampled_from(HOSTILE), st.sampled_from(ODD_FACTS), st.sampled_from(PLAIN),
                  st.text(min_size=0, max_size=40))
articles = st.lists(piece, min_size=1, max_size=30).map(lambda parts: " ".join(parts))


def _seed_paragraphs() -> list[str]:
    seeds = Path(__file__).resolve().parents[2].parent / "shared" / "seeds"
    if not seeds.is_dir():
        return PLAIN
    paras = [p for f in sorted(seeds.iterdir()) if f.is_file()
             for p in f.read_text(encoding="utf-8", errors="replace").split("\n\n") if len(p) > 200]
    return paras or PLAIN


@st.composite
def mutated_seed(draw: Any) -> str:
    """A real paragraph with hostile pieces spliced in at drawn positions."""
    text = draw(st.sampled_from(_seed_paragraphs()))
    for _ in range(draw(st.integers(1, 5))):
        at = draw(st.integers(0, len(text)))
        text = text[:at] + draw(st.one_of(st.sampled_from(HOSTILE), st.sampled_from(ODD_FACTS))) + text[at:]
    return text


@pytest.fixture(scope="module")
def pipeline(context: Any) -> Any:
    from rashomon.pipeline import Pipeline

    return Pipeline.assemble(context=context)


def _check(pipeline: Any, texts: list[str]) -> None:
    docs = []
    for k, text in enumerate(texts):
        try:
            docs.append(Document.from_text("Headline\n\n" + text, source=f"fuzz-{k}.txt"))
        except RashomonError:
            continue  # refused with our own error: allowed
    try:
        nmap = analyze_documents(docs, pipeline=pipeline)
    except RashomonError as exc:  # our own, clear error is allowed; a map that breaks its schema is not
        assert "fails its schema" not in str(exc), exc
        return
    validate(to_dict(nmap))
    over = [s for s in nmap.skipped if "time budget" in s.reason]
    assert not over, over
    # A stage that raises is recorded and the run goes on, but the document loses every later stage:
    # on these inputs that is a bug (timex lost 44 documents so, events 4, timeline 3), not a skipped input.
    failed = [s for s in nmap.skipped if s not in over]
    assert not failed, failed


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck), database=None)
@given(st.lists(articles, min_size=1, max_size=3))
def test_generated_articles(pipeline: Any, texts: list[str]) -> None:
    _check(pipeline, texts)


@settings(max_examples=max(1, EXAMPLES // 5), deadline=None, suppress_health_check=list(HealthCheck), database=None)
@given(st.lists(mutated_seed(), min_size=1, max_size=2))
def test_mutated_seed_paragraphs(pipeline: Any, texts: list[str]) -> None:
    _check(pipeline, texts)
