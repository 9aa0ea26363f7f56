"""Fact conflicts: counts, ranks and places, on corpora built by hand and on tests/data/conflicts."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from compare_helpers import make_corpus

from rashomon.compare.facts import (
    FactLimits,
    embedding_similarity,
    find_conflicts,
    number_conflicts,
    place_conflicts,
    rank_conflicts,
    shared_entity_similarity,
)
from rashomon.config import load_settings
from rashomon.model import Claim, Corpus
from rashomon.registry import get_stage

NAMES = {
    "Qassem Soleimani": ("ent_soleimani", "PERSON"),
    "Soleimani": ("ent_soleimani", "PERSON"),
    "Baghdad": ("ent_baghdad", "GPE"),
    "Iraq": ("ent_iraq", "GPE"),
    "Damascus": ("ent_damascus", "GPE"),
    "Iran": ("ent_iran", "GPE"),
}


def same(a: Claim, b: Claim) -> float:
    """Every pair of claims is about the same thing: isolates the value logic."""
    return 1.0


def counts(*sentences: str) -> Corpus:
    return make_corpus({f"{i}.txt": s for i, s in enumerate(sentences)}, NAMES)


def test_six_and_eight_conflict_with_every_span() -> None:
    corpus = counts("Eight people were killed in the strike.", "Six people were killed in the strike.")
    [conflict] = number_conflicts(corpus, same)
    assert conflict.kind == "number" and conflict.subject == "people killed"
    assert sorted(i.value for i in conflict.items) == ["6", "8"]
    for item in conflict.items:
        assert corpus.doc(item.doc).document.text[item.start : item.end] == item.text


def test_at_least_six_does_not_contradict_eight() -> None:
    corpus = counts(
        "Eight people were killed in the strike.", "At least six people were killed in the strike."
    )
    assert number_conflicts(corpus, same) == []


def test_about_and_up_to_are_intervals() -> None:
    assert number_conflicts(counts("About 80 troops were killed.", "Seventy troops were killed."), same) == []
    assert number_conflicts(counts("Up to 5 people were killed.", "Nine people were killed."), same)


def test_one_document_never_conflicts_with_itself() -> None:
    corpus = counts("Six people were killed at first. Later eight people were killed in all.")
    assert number_conflicts(corpus, same) == []


def test_different_things_counted_do_not_conflict() -> None:
    corpus = counts("Eight people were killed.", "Four missiles were fired.", "Three people were wounded.")
    assert number_conflicts(corpus, same) == []


def test_counts_in_different_places_do_not_conflict() -> None:
    corpus = counts("1500 people were killed in Iran.", "500 people were killed in Iraq.")
    assert number_conflicts(corpus, same) == []


def test_dissimilar_sentences_are_not_the_same_subject() -> None:
    corpus = counts("Eight people were killed in the strike.", "Six people were killed in the flood.")
    assert number_conflicts(corpus, lambda a, b: 0.1) == []


def test_the_same_subject_bar_is_the_runs_setting() -> None:
    """``facts_same_subject_cosine`` reaches the comparison through the stage's declared config."""
    corpus = counts("Eight people were killed in the strike.", "Six people were killed in the flood.")
    config = get_stage("facts").config_values(load_settings(overrides={"facts_same_subject_cosine": 0.05}))
    assert number_conflicts(corpus, lambda a, b: 0.1, limits=FactLimits.of(config))
    assert FactLimits.of(get_stage("facts").config_values(load_settings())) == FactLimits()


def test_rank_conflict_and_bare_general() -> None:
    corpus = make_corpus(
        {"a": "Major General Qassem Soleimani was killed.", "b": "Lieutenant General Qassem Soleimani died.",
         "c": "General Soleimani was buried."},
        NAMES,
    )  # fmt: skip
    [conflict] = rank_conflicts(corpus)
    assert conflict.kind == "fact" and conflict.subject == "ent_soleimani"
    assert {i.value for i in conflict.items} == {"major general", "lieutenant general", "general"}
    assert "major general" in conflict.explanation and "lieutenant general" in conflict.explanation
    only_bare = make_corpus({"a": "Major General Soleimani spoke.", "c": "General Soleimani spoke."}, NAMES)
    assert rank_conflicts(only_bare) == []


def test_rank_in_apposition() -> None:
    corpus = make_corpus(
        {"a": "Soleimani, a major general in the Guards, spoke.", "b": "Lt. Gen. Soleimani spoke."}, NAMES
    )
    [conflict] = rank_conflicts(corpus)
    assert sorted(i.text for i in conflict.items) == ["Lt. Gen.", "major general"]


def test_place_conflict_but_not_for_a_contained_place() -> None:
    corpus = make_corpus(
        {"a": "Soleimani was killed in Baghdad on Friday.", "b": "Soleimani was killed in Damascus, reports said.",
         "c": "Soleimani was killed in Iraq.", "d": "The airport lies in Baghdad, Iraq."},
        NAMES,
    )  # fmt: skip
    [conflict] = place_conflicts(corpus)
    values = {i.value for i in conflict.items}
    assert {"Baghdad", "Damascus"} <= values
    assert "Damascus" in conflict.explanation
    no_damascus = make_corpus({k: v for k, v in [("a", "Soleimani was killed in Baghdad."),
                                                 ("c", "Soleimani was killed in Iraq."),
                                                 ("d", "The airport lies in Baghdad, Iraq.")]}, NAMES)  # fmt: skip
    assert place_conflicts(no_damascus) == []


def test_shared_entity_fallback() -> None:
    corpus = counts("Eight people were killed in Baghdad.", "Six people were killed in Baghdad.")
    assert number_conflicts(corpus, shared_entity_similarity)


# --- the invented corpus ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def conflicts_corpus(repo_root: Path) -> Corpus:
    """tests/data/conflicts as resolved claims (names listed by hand, sentences as claims)."""
    folder = repo_root / "tests" / "data" / "conflicts"
    docs = {p.name: p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.txt"))}
    return make_corpus(docs, NAMES)


def _by_subject(corpus: Corpus, sim: Any) -> dict[str, Any]:
    return {c.subject: c for c in find_conflicts(corpus, sim) if c.subject}


@pytest.fixture(scope="module")
def minilm_sim(conflicts_corpus: Corpus, context: Any) -> Any:
    """Same-subject test by the packaged MiniLM embeddings, as the stage runs it."""
    return embedding_similarity(context, conflicts_corpus)


@pytest.mark.slow
def test_invented_corpus_death_toll(conflicts_corpus: Corpus, minilm_sim: Any) -> None:
    conflict = _by_subject(conflicts_corpus, minilm_sim)["people killed"]
    sources = {conflicts_corpus.doc(i.doc).document.source: i.value for i in conflict.items}
    assert sources == {"a_wire.txt": "8", "b_daily.txt": ">= 6", "c_evening.txt": "7", "d_weekly.txt": "10"}


@pytest.mark.slow
def test_invented_corpus_missiles_of_two_events_stay_apart(conflicts_corpus: Corpus, minilm_sim: Any) -> None:
    conflict = _by_subject(conflicts_corpus, minilm_sim)["missiles fired"]
    sources = {conflicts_corpus.doc(i.doc).document.source: i.value for i in conflict.items}
    assert sources == {
        "a_wire.txt": "4",
        "c_evening.txt": "2",
    }  # Iran's 15 missiles days later are another event


@pytest.mark.slow
def test_invented_corpus_rank_and_place(conflicts_corpus: Corpus, minilm_sim: Any) -> None:
    found = find_conflicts(conflicts_corpus, minilm_sim)
    facts = [c for c in found if c.kind == "fact"]
    explanations = " ".join(c.explanation for c in facts)
    assert "major general and lieutenant general" in explanations
    assert "Damascus" in explanations and "Baghdad" in explanations
    for c in found:
        for item in c.items:
            assert conflicts_corpus.doc(item.doc).document.text[item.start : item.end] == item.text


@pytest.mark.slow
def test_default_pipeline_finds_the_invented_conflicts(repo_root: Path) -> None:
    """The same conflicts from the real mentions, resolution and claims stages, not names listed by hand."""
    from rashomon.api import analyze

    nmap = analyze([repo_root / "tests" / "data" / "conflicts"])
    source = {d.id: d.source.replace("\\", "/").split("/")[-1] for d in nmap.documents}
    found = {
        (c.kind, c.subject if c.kind == "number" else c.explanation.split(":")[0]): c for c in nmap.conflicts
    }
    toll = found[("number", "people killed")]
    assert {source[i.doc]: i.value for i in toll.items} == {
        "a_wire.txt": "8", "b_daily.txt": ">= 6", "c_evening.txt": "7", "d_weekly.txt": "10"
    }  # fmt: skip
    explanations = " ".join(c.explanation for c in nmap.conflicts)
    assert "major general and lieutenant general" in explanations and "Damascus" in explanations
