"""The ``events`` stage on hand-written news sentences (spaCy parse, mentions from its entities)."""

from __future__ import annotations

from typing import Any

import pytest

from rashomon.model import DateValue, DocAnalysis, Document, Event, Mention
from rashomon.nlp.events import evidence_pieces, make_events, recent_date
from rashomon.nlp.parse import make_parse
from rashomon.nlp.timex import make_timex

pytestmark = pytest.mark.slow  # loads the spaCy model once per session


def analyse(context: Any, text: str, published: str | None = None) -> DocAnalysis:
    item = make_parse(context)(DocAnalysis(Document.from_text(text, published=published)))
    doc = item.scratch.spacy
    item.mentions = [Mention(item.document.id, e.start_char, e.end_char, e.text, e.label_) for e in doc.ents]
    item = make_timex(context)(item)
    return make_events(context)(item)


def only(item: DocAnalysis, kind: str) -> Event:
    found = [e for e in item.events if e.type == kind]
    assert len(found) == 1, item.events
    return found[0]


def test_reported_as_recent_killing_takes_the_sentence_timex(context: Any) -> None:
    text = ("SOLEIMANI and TRUMP\n\nJanuary 5 2019\n\nThe news came in during the last few hours: the Iranian "
            "general Qassem Soleimani was killed in Baghdad by an American drone attack.")
    item = analyse(context, text, "2019-01-05")
    killing = only(item, "killing")
    assert killing.text.startswith("The news came in") and "January 5" not in killing.text
    assert text[killing.start : killing.end] == killing.text
    assert killing.date == DateValue("2019-01-04", "2019-01-05", "range", "recent")
    assert "Qassem Soleimani" in killing.entities
    note = item.notes.events[killing.id]
    assert [p[2] for p in note["places"]] == ["Baghdad"]
    assert note["date_source"] == "timex"
    assert not [e for e in item.events if e.type == "attack"]  # the attack is how he was killed


def test_explicit_date_beats_relative_one_and_phrasal_trigger(context: Any) -> None:
    item = analyse(context, "Soleimani was taken out by some Trump drone almost 3 years ago, on January 3, 2020.")
    killing = only(item, "killing")
    assert killing.trigger == "taken out"
    assert killing.date == DateValue("2020-01-03", "2020-01-03", "day")
    assert item.notes.events[killing.id]["lemma"] == "take out"


def test_recent_without_timex_is_dated_from_the_document(context: Any) -> None:
    item = analyse(context, "The recent killing of General Qassem Soleimani in a US strike has provoked reactions.",
                   "2020-01-14")
    killing = only(item, "killing")
    assert killing.date == recent_date("2020-01-14")
    assert item.notes.events[killing.id]["date_source"] == "recent"


def test_meeting_with_participants_place_and_context_year(context: Any) -> None:
    text = ("With the advance into Palmyra in May 2015, the regime was in danger. From July 24 to July 26, "
            "Soleimani covertly met with Putin in Moscow.")
    meeting = only(analyse(context, text, "2022-06-01"), "meeting")
    assert meeting.date == DateValue("2015-07-24", "2015-07-26", "range")
    assert {"Soleimani", "Putin"} <= set(meeting.entities)


def test_hypothetical_negated_and_qualifier_uses_are_not_events(context: Any) -> None:
    text = ("This could be the death of the revolution. Earlier this year, his death anniversary drew crowds. "
            "The army did not withdraw.")
    item = analyse(context, text, "2022-06-01")
    assert [e.type for e in item.events if e.type in ("killing", "withdrawal")] == []


def test_event_ids_are_stable_and_spans_are_evidence(context: Any) -> None:
    text = "Protesters besieged the US embassy in Baghdad. Trump withdrew from the nuclear deal in May 2018."
    a, b = analyse(context, text, "2020-01-14"), analyse(context, text, "2020-01-14")
    assert [e.id for e in a.events] == [e.id for e in b.events]
    kinds = {e.type for e in a.events}
    assert {"siege", "withdrawal"} <= kinds
    withdrawal = only(a, "withdrawal")
    assert withdrawal.date == DateValue("2018-05", "2018-05", "month")
    for e in a.events:
        assert text[e.start : e.end] == e.text


def test_evidence_pieces_cut_at_line_breaks() -> None:
    text = "Headline\n\n  Dateline 2019\n\nFirst sentence."
    assert [text[a:b] for a, b in evidence_pieces(text, 0, len(text))] == ["Headline", "Dateline 2019",
                                                                           "First sentence."]
