"""Stance: evaluative words attributed through the parse, loaded terms, aggregation per (doc, entity)."""

from __future__ import annotations

from typing import Any

import pytest

from rashomon.model import Claim, Corpus, DocAnalysis, Document, Entity, Mention
from rashomon.nlp.stance import aggregate, document_cues, label_for, stances
from rashomon.nlp.stance_parse import load_terms

NAMES = {"Soleimani": "PERSON", "Assad": "PERSON", "Trump": "PERSON", "Popular Mobilization Forces": "ORG"}


def analyse(nlp: Any, text: str, quote: str | None = None) -> DocAnalysis:
    """Parse, mentions of the listed names (entity = the name), one claim per sentence."""
    import re

    item = DocAnalysis(Document.from_text(text))
    doc = nlp(text)
    item.scratch.spacy = doc
    for name, label in NAMES.items():
        for m in re.finditer(re.escape(name), text):
            item.mentions.append(Mention(item.document.id, m.start(), m.end(), name, label, f"ent_{name}"))
    for s in doc.sents:
        claim = Claim(Claim.make_id(item.document.id, s.start_char, s.end_char), item.document.id,
                      s.start_char, s.end_char, s.text)  # fmt: skip
        if quote and quote in s.text:
            claim.kind, claim.speaker = "quote", "someone"
        item.claims.append(claim)
    return item


def cues_by_name(item: DocAnalysis) -> dict[str, list[dict[str, Any]]]:
    out: dict[str, list[dict[str, Any]]] = {}
    for cue in document_cues(item):
        s, e = cue["mention"]
        out.setdefault(item.document.text[s:e], []).append(cue)
    return out


def test_loaded_terms_file_is_well_formed() -> None:
    terms = load_terms()
    assert terms[("terrorist", "self")][0] < 0 < terms[("martyr", "self")][0]
    assert ("take out", "patient") in terms and terms[("kill", "patient")][0] == 0.0
    assert all(-1 <= pol <= 1 and applies in ("self", "patient") for (_, applies), (pol, _) in terms.items())


def test_label_and_aggregate_are_pure() -> None:
    assert label_for(-0.3, 0.0, 1.0) == "negative" and label_for(0.02, 1.0, 1.0) == "mixed"
    assert label_for(0.0, 0.0, 0.0) == "neutral" and label_for(0.4, 1.0, 0.0) == "positive"
    cues = [{"claim": "c1", "score": -0.6, "weight": 1.0, "terms": ["mastermind"]},
            {"claim": "c2", "score": 0.2, "weight": 0.3, "terms": []}]  # fmt: skip
    stance = aggregate("d", "e", cues)
    assert stance.label == "negative" and stance.evidence == ["c1"] and stance.terms == ["mastermind"]
    assert -1 <= stance.score < 0


@pytest.mark.slow
def test_words_go_to_the_actor_they_describe(nlp: Any) -> None:
    item = analyse(nlp, "Soleimani was the mastermind behind the plan to save the tyrannical Assad regime.")
    found = cues_by_name(item)
    assert found["Soleimani"][0]["terms"] == ["mastermind"] and found["Soleimani"][0]["score"] < 0
    assert "tyrannical" in found["Assad"][0]["words"] and "tyrannical" not in found["Soleimani"][0]["words"]


@pytest.mark.slow
def test_a_deed_belongs_to_its_doer(nlp: Any) -> None:
    found = cues_by_name(analyse(nlp, "Soleimani brutally oppressed the Sunnis while Assad watched."))
    assert found["Soleimani"][0]["score"] < 0 and "Assad" not in found


@pytest.mark.slow
def test_pronoun_and_patient_terms(nlp: Any) -> None:
    text = "Soleimani led the Quds Force for years. Soleimani met Trump once. It was Trump who ordered his elimination."
    found = cues_by_name(analyse(nlp, text))
    assert any("elimination" in c["terms"] for c in found["Soleimani"])
    assert not any("elimination" in c["terms"] for c in found.get("Trump", []))


@pytest.mark.slow
def test_names_and_conflict_words_are_not_sentiment(nlp: Any) -> None:
    found = cues_by_name(
        analyse(nlp, "The Popular Mobilization Forces killed fighters in a war and a strike.")
    )
    assert found == {}


@pytest.mark.slow
def test_reported_praise_weighs_less_than_the_writers_own(nlp: Any) -> None:
    own = cues_by_name(analyse(nlp, "Soleimani was a hero."))["Soleimani"][0]["score"]
    reported = cues_by_name(analyse(nlp, "Some commentators praised Soleimani as a hero."))["Soleimani"][0][
        "score"
    ]
    assert 0 < reported < own
    quoted = analyse(nlp, "Soleimani was a hero.", quote="hero")
    assert [c["weight"] for c in document_cues(quoted)] == [0.3]


@pytest.mark.slow
def test_corpus_stage_maps_cues_to_entities_with_evidence_and_framing(nlp: Any) -> None:
    item = analyse(
        nlp, "Soleimani was a terrorist and a mastermind. The Assad regime fell. Soleimani was taken out."
    )
    item.notes.stance = document_cues(item)
    corpus = Corpus(
        [item],
        entities=[Entity("ent_Soleimani", "Soleimani", "PERSON"), Entity("ent_Assad", "Assad", "PERSON")],
    )
    found, framing = stances(corpus)
    by_entity = {s.entity: s for s in found}
    sol = by_entity["ent_Soleimani"]
    assert (
        sol.label == "negative" and sol.evidence and set(sol.terms) >= {"terrorist", "mastermind", "take out"}
    )
    claim_text = {c.id: c.text for c in item.claims}
    assert "terrorist" in claim_text[sol.evidence[0]]
    actors = framing[item.document.id]["actors"]
    assert {a["name"] for a in actors} >= {"Soleimani", "Assad"}


def test_a_pronoun_in_a_verbless_sentence_resolves_without_looping(nlp: Any) -> None:
    """spaCy's root is its own head; climbing by identity never stopped, so this sentence hung the run."""
    from rashomon.nlp.stance_parse import resolve_pronouns

    doc = nlp("The man, his dog.")
    assert not any(t.pos_ in ("VERB", "AUX") for t in doc)
    assert resolve_pronouns(doc, []) == {}
    doc = nlp("Soleimani spoke. Soleimani, his dog.")
    his = next(t for t in doc if t.lower_ == "his")
    assert resolve_pronouns(doc, [(0, 9, "PERSON"), (18, 27, "PERSON")])[his.i] == (18, 27)


def test_the_stance_stage_reads_its_settings() -> None:
    from rashomon.config import load_settings
    from rashomon.registry import Context, get_stage

    item = DocAnalysis(Document.from_text("Soleimani was a terrorist."))
    item.mentions.append(Mention(item.document.id, 0, 9, "Soleimani", "PERSON", "ent_S"))
    item.notes.stance = [{"mention": [0, 9], "claim": "c1", "score": -0.6, "weight": 1.0, "terms": []}]

    def label(**settings: Any) -> str:
        ctx = Context(load_settings(overrides=settings), None)  # type: ignore[arg-type]
        corpus = Corpus([item], entities=[Entity("ent_S", "Soleimani", "PERSON")])
        return get_stage("stance").factory(ctx)(corpus).stances[0].label

    assert label() == "negative" and label(stance_label_min=0.9) == "neutral"
