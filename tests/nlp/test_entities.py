"""The ``mentions`` stage: NER spans cleaned, relabelled by vote, completed by lookup."""

from __future__ import annotations

from typing import Any

import pytest
import spacy
from spacy.tokens import Doc

from rashomon.model import Document
from rashomon.nlp.entities import find_mentions
from rashomon.nlp.mention_rules import drop_headline_only, is_fragment, ner_candidates

BLANK = spacy.blank("en")


def make_doc(text: str, ents: list[tuple[str, str]], proper: tuple[str, ...] = ()) -> Doc:
    """A tokenised Doc with hand-set entities (found left to right) and proper-noun tags."""
    doc = BLANK(text)
    spans, cursor = [], 0
    for surface, label in ents:
        start = text.index(surface, cursor)
        cursor = start + len(surface)
        spans.append(doc.char_span(start, cursor, label=label))
    doc.ents = spans
    for tok in doc:
        if tok.text in proper:
            tok.pos_, tok.tag_ = "PROPN", "NNP"
    return doc


def by_text(mentions: list[Any]) -> dict[str, list[Any]]:
    out: dict[str, list[Any]] = {}
    for m in mentions:
        out.setdefault(m.text, []).append(m)
    return out


def test_spans_are_cleaned_of_article_possessive_and_title() -> None:
    text = "It was the Islamic Revolutionary Guard Corps’s plan, and Gen. Qassem Soleimani agreed."
    doc = make_doc(text, [("the Islamic Revolutionary Guard Corps’s", "ORG"), ("Gen. Qassem Soleimani", "PERSON")])
    mentions, _ = find_mentions(doc, "d")
    found = by_text(mentions)
    assert "Islamic Revolutionary Guard Corps" in found
    person = found["Qassem Soleimani"][0]
    assert person.title == "Gen." and person.label == "PERSON"
    assert all(text[m.start : m.end] == m.text for m in mentions)


def test_title_written_before_the_span_is_recorded() -> None:
    doc = make_doc("Iranian General Soleimani spoke.", [("Soleimani", "PERSON")])
    mentions, _ = find_mentions(doc, "d")
    assert mentions[0].text == "Soleimani" and mentions[0].title == "General"


@pytest.mark.parametrize("piece", ["Force", "Revolutionary", "Supreme Leader", "islamists", "pro-Iranian"])
def test_fragments_never_become_mentions(piece: str) -> None:
    doc = make_doc(f"They spoke of {piece} today.", [(piece, "ORG")])
    assert find_mentions(doc, "d")[0] == []


def test_fragment_rule_keeps_real_names() -> None:
    assert is_fragment("Force") and is_fragment("Revolutionary") and is_fragment("Supreme Leader")
    assert not is_fragment("IRGC") and not is_fragment("Hezbollah") and not is_fragment("Quds Force")


def test_majority_vote_relabels_a_mislabelled_name() -> None:
    text = "Soleimani spoke. Soleimani left. Qassem Soleimani won. Soleimani slept."
    doc = make_doc(text, [("Soleimani", "GPE"), ("Soleimani", "PERSON"), ("Qassem Soleimani", "PERSON"),
                          ("Soleimani", "LOC")])
    mentions, _ = find_mentions(doc, "d")
    assert {m.label for m in mentions} == {"PERSON"}


def test_lookup_finds_names_the_tagger_missed() -> None:
    text = "Qassem Soleimani arrived. Later Soleimani spoke to SOLEIMANI fans."
    doc = make_doc(text, [("Qassem Soleimani", "PERSON")])
    mentions, _ = find_mentions(doc, "d")
    looked = [m for m in mentions if m.source == "lookup"]
    assert [m.text for m in looked] == ["Soleimani", "SOLEIMANI"]
    assert all(m.label == "PERSON" for m in looked)


def test_lookup_skips_matches_inside_a_longer_name() -> None:
    text = "Hezbollah said so. Later the Hezbollah Brigades denied it."
    doc = make_doc(text, [("Hezbollah", "ORG")], proper=("Hezbollah", "Brigades"))
    mentions, _ = find_mentions(doc, "d")
    assert [m.start for m in mentions] == [0]


def test_lookup_needs_capitals_for_acronyms() -> None:
    doc = make_doc("The US said no. Tell us more.", [("US", "GPE")])
    mentions, _ = find_mentions(doc, "d")
    assert [m.text for m in mentions] == ["US"]


def test_parenthesised_acronym_becomes_a_mention_and_a_pair() -> None:
    text = "Hassan Rouhani and the Islamic Revolutionary Guard Corps (IRGC) Said So."
    doc = make_doc(text, [("Hassan Rouhani", "PERSON"), ("Islamic Revolutionary Guard Corps", "ORG")])
    mentions, pairs = find_mentions(doc, "d")
    assert [m.text for m in mentions] == ["Hassan Rouhani", "Islamic Revolutionary Guard Corps", "IRGC"]
    assert pairs == [
        {"long": "Islamic Revolutionary Guard Corps", "short": "IRGC", "kind": "acronym", "initials": True}
    ]


def test_parenthesised_gloss_of_same_kind_is_a_pair() -> None:
    text = "Militias such as Kata'ib Hezbollah (Hezbollah Brigades) fought, wrote Bill Roggio (The Long War Journal)."
    doc = make_doc(text, [("Kata'ib Hezbollah", "ORG"), ("Hezbollah Brigades", "ORG"), ("Bill Roggio", "PERSON"),
                          ("The Long War Journal", "ORG")])
    _, pairs = find_mentions(doc, "d")
    assert [(p["long"], p["short"], p["kind"]) for p in pairs] == [
        ("Kata'ib Hezbollah", "Hezbollah Brigades", "gloss")
    ]


def test_glued_one_word_span_is_joined_to_the_next() -> None:
    doc = make_doc("militias like Kata’ib Hezbollah fought", [("Kata’ib", "NORP"), ("Hezbollah", "ORG")],
                   proper=("Kata’ib", "Hezbollah"))
    assert [doc.text[c.start : c.end] for c in ner_candidates(doc)] == ["Kata’ib Hezbollah"]


def test_compound_span_of_two_known_names_is_split() -> None:
    text = ("the Islamic Revolutionary Guard Corps Qods Force commander. "
            "The Islamic Revolutionary Guard Corps and the Qods Force agreed.")
    doc = make_doc(text, [("Islamic Revolutionary Guard Corps Qods Force", "ORG"),
                          ("Islamic Revolutionary Guard Corps", "ORG"), ("Qods Force", "ORG")])
    texts = [m.text for m in find_mentions(doc, "d")[0]]
    assert "Islamic Revolutionary Guard Corps Qods Force" not in texts
    assert texts.count("Qods Force") == 2


def test_names_seen_only_in_title_case_headlines_are_dropped() -> None:
    text = "Trump Admits Israel Is the Reason\n\nIsrael said the Trump administration agreed."
    doc = make_doc(text, [("Trump Admits", "PERSON"), ("Israel", "GPE"), ("Israel", "GPE"), ("Trump", "ORG")])
    kept = [text[c.start : c.end] for c in drop_headline_only(text, ner_candidates(doc))]
    assert "Trump Admits" not in kept and kept.count("Israel") == 2


def test_real_model_mentions_align_and_keep_only_actor_labels(nlp: Any) -> None:
    text = ("General Qassem Soleimani met officials in Baghdad on Friday, 3 January. "
            "Soleimani later left Iraq with 20 guards.")
    mentions, _ = find_mentions(nlp(text), "d")
    assert all(text[m.start : m.end] == m.text for m in mentions)
    assert not {m.label for m in mentions} & {"DATE", "CARDINAL", "TIME", "ORDINAL"}
    people = [m for m in mentions if "Soleimani" in m.text]
    assert len(people) == 2 and {m.label for m in people} == {"PERSON"}
    assert any(m.title == "General" for m in people)


@pytest.mark.slow
def test_stage_reads_the_body_not_the_comments(context: Any) -> None:
    from rashomon.pipeline import Pipeline

    doc = Document.from_text("Hassan Rouhani spoke in Tehran.", comments=["Vladimir Putin is great."])
    items, skipped = Pipeline.assemble(["parse", "mentions"], context=context).run_documents([doc])
    assert not skipped
    assert items[0].mentions and all(m.doc == doc.id and m.end <= len(doc.text) for m in items[0].mentions)
    assert "Putin" not in {m.text for m in items[0].mentions}
