"""Claim units, kinds, check-worthiness and comments, on hand-written paragraphs and the seeds."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from rashomon.model import Attribution, Claim, DocAnalysis, Document, Mention
from rashomon.nlp.claims import link_claim_entities

Analyse = Callable[..., DocAnalysis]


def texts(item: DocAnalysis) -> list[str]:
    return [c.text for c in item.claims]


def claim_with(item: DocAnalysis, fragment: str) -> Claim:
    found = [c for c in item.claims if fragment in c.text]
    assert len(found) == 1, (fragment, texts(item))
    return found[0]


@pytest.mark.slow
def test_spans_are_exact_and_ids_stable(analyse: Analyse) -> None:
    text = "Rebels seized the airport on Monday. The government sent troops to retake it.\n"
    item = analyse(text)
    assert texts(item) == ["Rebels seized the airport on Monday.", "The government sent troops to retake it."]
    for c in item.claims:
        assert text[c.start : c.end] == c.text and c.section == "body"
        assert c.id == Claim.make_id(item.document.id, c.start, c.end)
    assert [c.id for c in analyse(text).claims] == [c.id for c in item.claims]


@pytest.mark.slow
def test_compound_sentences_split_only_between_clauses_with_their_own_subject(analyse: Analyse) -> None:
    item = analyse(
        "The army held the northern bridge; the rebels controlled the southern districts.\n\n"
        "The minister denied that troops had crossed the border, while the army said it had withdrawn.\n\n"
        "The convoy reached the town at dawn, but the aid workers found the warehouse empty.\n\n"
        "The envoy was tired but hopeful after the long talks in Geneva.\n"
    )
    assert texts(item) == [
        "The army held the northern bridge",
        "the rebels controlled the southern districts.",
        "The minister denied that troops had crossed the border",
        "while the army said it had withdrawn.",
        "The convoy reached the town at dawn",
        "but the aid workers found the warehouse empty.",
        "The envoy was tired but hopeful after the long talks in Geneva.",
    ]


@pytest.mark.slow
def test_headings_questions_fragments_and_reference_entries_are_not_claims(analyse: Analyse) -> None:
    item = analyse(
        "Fighting on Two Fronts\n\n"
        "By Jane Doe, Senior Editor, 3 March 2021,\n\n"
        "But was the war ever really about oil?\n\n"
        "Not at all.\n\n"
        "The pipeline was finished in 2009.[1]\n\n"
        "[1] John Roe, Pipelines and Power, Harbour Press, 2011, p. 4.\n"
    )
    assert texts(item) == ["The pipeline was finished in 2009.[1]"]


@pytest.mark.slow
@pytest.mark.parametrize(
    ("sentence", "kind"),
    [
        ("The strike killed eleven people in the city of Hama on Friday.", "fact"),
        ("We believe the strike was a grave mistake by the government.", "opinion"),
        ("The government should resign after such a disastrous failure.", "opinion"),
        ("The plan will probably collapse within a few months of signing.", "opinion"),
        ("It was a brutally cynical move by a cruel and arrogant regime.", "opinion"),
        ("“We will never surrender our homes to anyone,” the commander said.", "quote"),
    ],
)
def test_kind_of_a_claim(analyse: Analyse, sentence: str, kind: str) -> None:
    (claim,) = analyse(sentence + "\n").claims
    assert claim.kind == kind


@pytest.mark.slow
def test_opinion_words_inside_quotation_marks_do_not_make_the_outlet_opinionated(analyse: Analyse) -> None:
    (claim,) = analyse("Officials called the deal a “terrible, shameful betrayal” of the farmers in 2019.\n").claims
    assert claim.kind == "fact"


@pytest.mark.slow
def test_checkworthiness_ranks_checkable_facts_above_chatter(analyse: Analyse) -> None:
    item = analyse(
        "Unemployment fell to 3.5 percent in 2019, the lowest rate in fifty years.\n\n"
        "Thank you all so much for being here with us tonight.\n"
    )
    fact, chatter = item.claims
    assert 0.0 <= chatter.checkworthy < 0.5 < fact.checkworthy <= 1.0


@pytest.mark.slow
def test_reader_comments_never_become_body_claims(analyse: Analyse) -> None:
    comment = "This article is nonsense. The army lost 500 soldiers in that battle."
    item = analyse("The army advanced ten kilometres on Sunday.\n", comments=[comment])
    assert texts(item) == ["The army advanced ten kilometres on Sunday."]
    rows = item.notes.comment_claims
    assert [r["text"] for r in rows] == ["This article is nonsense.", "The army lost 500 soldiers in that battle."]
    assert all(r["section"] == "comment" and comment[r["start"] : r["end"]] == r["text"] for r in rows)
    assert rows[1]["checkworthy"] > rows[0]["checkworthy"]


def test_claim_entities_come_from_resolved_mentions_inside_the_claim() -> None:
    doc = Document.from_text("Ryan Crocker met Iranian diplomats in Geneva. Crocker said so.")
    item = DocAnalysis(doc)
    item.mentions = [
        Mention(doc.id, 0, 12, "Ryan Crocker", "PERSON", entity="ent_crocker"),
        Mention(doc.id, 38, 44, "Geneva", "GPE", entity="ent_geneva"),
        Mention(doc.id, 46, 53, "Crocker", "PERSON", entity="ent_crocker"),
        Mention(doc.id, 17, 24, "Iranian", "NORP"),  # not resolved: no entity id
    ]
    first = Claim("c1", doc.id, 0, 45, doc.text[:45])
    second = Claim("c2", doc.id, 46, 62, doc.text[46:62], chain=[Attribution("Ryan Crocker", start=46, end=53)])
    item.claims = [first, second]
    link_claim_entities(item)
    assert first.entities == ["ent_crocker", "ent_geneva"]
    assert second.entities == ["ent_crocker"] and second.chain[0].entity == "ent_crocker"


@pytest.mark.slow
def test_seed_claims_are_exact_spans_of_the_outlets_text(seed_items: dict[str, Any]) -> None:
    for item in seed_items.values():
        text = item.document.text
        assert len(item.claims) >= 20
        for c in item.claims:
            assert text[c.start : c.end] == c.text and c.section == "body"
            assert c.kind in ("fact", "opinion", "quote") and 0.0 <= c.checkworthy <= 1.0
            assert not c.text.rstrip("”\" ").endswith("?")


@pytest.mark.slow
def test_seed_comments_stay_out_of_the_claims(seed_items: dict[str, Any]) -> None:
    item = seed_items["001"]
    assert item.document.comments, "ingestion should have moved the reader comments out of the text"
    bodies = " ".join(texts(item))
    for comment in item.document.comments:
        first_sentence = comment.split(".")[0]
        assert first_sentence not in bodies
    assert item.notes.comment_claims and all(r["section"] == "comment" for r in item.notes.comment_claims)


@pytest.mark.slow
def test_seed_compound_and_opinion_claims(seed_items: dict[str, Any]) -> None:
    item = seed_items["001"]
    assert claim_with(item, "He was fighting the U.S. in Iraq from 2003 onwards").text.endswith("onwards")
    assert claim_with(item, "but he did so though various sectarian").kind == "fact"
    assert claim_with(item, "You can’t really be more hypocritical").kind == "opinion"
    assert claim_with(item, "Soleimani was taken out by some Trump drone").checkworthy > 0.5


def test_a_sentence_break_before_a_lower_case_word_is_undone(nlp) -> None:
    from rashomon.nlp.claims import _sentence_bounds

    text = "Where the regime resp. its allies enter into clashes with the U.S., revolutionaries side with them. New line here."
    doc = nlp(text)
    pieces = [text[a:b] for a, b in _sentence_bounds(doc)]
    assert pieces[0].startswith("Where the regime resp. its allies") and pieces[-1] == "New line here."


def test_words_of_scripts_without_spaces_are_counted() -> None:
    from rashomon.nlp.claims import word_count

    assert word_count("成千上万的人迎来了新年") == 5 and word_count("The army held the bridge.") == 5
