"""Plain-text ingestion: header metadata, comments and furniture kept apart from the body."""

from __future__ import annotations

from rashomon.ingest.boilerplate import clean
from rashomon.ingest.metadata import parse_byline, parse_date
from rashomon.ingest.text import document_from_text

ARTICLE = """Storm Hits the Coast

By Ana Ruiz, Weather Editor, 3 March 2021

The storm made landfall on Tuesday, flooding two towns.

RELATED: Five ways to prepare for a flood

Officials said 40 homes were damaged.

Daily Planet Needs Your Support!
Notify of

Inline Feedbacks
View all comments

First comment here.


Second comment,
over two lines.
"""


def test_byline_gives_author_role_and_date() -> None:
    assert parse_byline("By Ana Ruiz, Weather Editor, 3 March 2021,") == ("Ana Ruiz", "Weather Editor", "2021-03-03")


def test_dateline_alone_is_a_date_but_prose_is_not() -> None:
    assert parse_date("January 5 2019") == "2019-01-05"
    assert parse_date("Published October 15, 2010") == "2010-10-15"
    assert parse_date("The storm made landfall in 2019 and left") is None


def test_comments_and_promos_leave_the_body() -> None:
    doc = document_from_text(ARTICLE, "storm.txt")
    assert doc.title == "Storm Hits the Coast"
    assert doc.author == "Ana Ruiz" and doc.published == "2021-03-03"
    assert doc.outlet == "Daily Planet"
    assert doc.comments == ["First comment here.", "Second comment,\nover two lines."]
    assert "comment" not in doc.text.lower() and "RELATED" not in doc.text
    assert any(r.startswith("RELATED:") for r in doc.removed)
    assert doc.text[: doc.header_end].endswith("3 March 2021")


def test_clean_without_comment_section_keeps_everything() -> None:
    got = clean("A title\n\nOne paragraph.\n\nAnother paragraph.")
    assert got.body == ["A title", "One paragraph.", "Another paragraph."] and got.comments == []


def test_markdown_markers_are_stripped_from_headings() -> None:
    doc = document_from_text("# **Big News**\n\nJanuary 5 2019\n\nSomething happened in the capital today.", "x.md")
    assert doc.title == "Big News" and doc.published == "2019-01-05"
    assert "**" not in doc.text and "#" not in doc.text
