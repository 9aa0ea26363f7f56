"""Agree / contradict from the NLI model's four-way probabilities, with the documented tie-breaker."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import Any

import numpy as np
import pytest
from compare_helpers import make_corpus

from rashomon.compare.relate import (
    RULES,
    assertion_overlap,
    calibrate_threshold,
    claim_idf,
    combine,
    cue,
    decide,
    holder,
    relate,
)
from rashomon.model import CandidatePair
from rashomon.registry import get_stage


def p(agree: float = 0.0, disagree: float = 0.0, discuss: float = 0.0) -> dict[str, float]:
    return {
        "agree": agree,
        "disagree": disagree,
        "discuss": discuss,
        "unrelated": 1 - agree - disagree - discuss,
    }


class FakeNLI:
    """Answers by keyword: "not" in exactly one side reads as disagree, shared "Quds" as agree."""

    def __init__(self) -> None:
        self.pairs: list[tuple[str, str]] = []

    def predict(self, pairs: Sequence[tuple[str, str]], batch_size: int = 32) -> list[dict[str, float]]:
        self.pairs.extend(pairs)
        out = []
        for a, b in pairs:
            if ("not" in a.split()) != ("not" in b.split()):
                out.append(p(0.1, 0.7, 0.1))
            elif "Quds" in a and "Quds" in b:
                out.append(p(0.8, 0.05, 0.1))
            else:
                out.append(p(0.05, 0.05, 0.1))
        return out


def two_claim_pairs() -> tuple[Any, list[Any], list[Any], list[list[Any]]]:
    """Two documents, two candidate pairs: one that agrees (Quds Force), one where a side is negated."""
    corpus = make_corpus(
        {"a": "Soleimani commanded the Quds Force. He did not fight in Iraq.",
         "b": "Soleimani led the Quds Force. He fought in Iraq."},
        {"Soleimani": ("ent_s", "PERSON")},
    )  # fmt: skip
    ca, cb = corpus.docs[0].claims, corpus.docs[1].claims
    return corpus, ca, cb, [[ca[0].id, cb[0].id, 0.8], [ca[1].id, cb[1].id, 0.7]]


def test_combine_averages_both_directions() -> None:
    assert combine(p(0.2, 0.6), p(0.4, 0.2))["agree"] == pytest.approx(0.3)


def test_decide_thresholds() -> None:
    assert decide(p(0.1, 0.7), 0.5, "a", "b")[:2] == ("contradict", 0.7)
    assert decide(p(0.8, 0.1), 0.5, "a", "b")[:2] == ("agree", 0.8)
    assert decide(p(0.45, 0.4), 0.9, "a", "b") is None  # neither wins clearly
    assert decide(p(0.05, 0.05, 0.2), 0.9, "x", "y") is None


def test_cue_is_only_a_tie_breaker() -> None:
    a, b = "He did not fight in Iraq after 2003.", "He fought in Iraq after 2003."
    assert cue(a, b) == "negation"
    assert decide(p(0.1, 0.3), 0.7, a, b) == ("contradict", 0.3, "negation")
    assert decide(p(0.4, 0.3), 0.7, a, b) is None  # the model leans to agreement: no override
    assert decide(p(0.1, 0.3), 0.2, a, b) is None  # not close enough to be about the same thing
    assert decide(p(0.1, 0.3), 0.7, "Prices rose.", "Prices held.") is None  # no cue, model unsure
    assert cue("Prices rose in May.", "Prices fell in May.") == "antonym"


def test_relate_reads_both_directions_and_links() -> None:
    corpus, ca, cb, candidates = two_claim_pairs()
    model = FakeNLI()
    links, possible, details, _ = relate(model, candidates, {c.id: c for c in corpus.claims})
    assert len(model.pairs) == 4 and model.pairs[0] == model.pairs[1][::-1]
    assert [(l.relation, l.a, l.b) for l in links] == [
        ("agree", ca[0].id, cb[0].id),
        ("contradict", ca[1].id, cb[1].id),
    ]
    assert all(0 <= l.score <= 1 for l in links) and details[1]["rule"] == "model" and possible == []


def test_stage_without_a_model_records_why(fake_context: Any) -> None:
    corpus = make_corpus({"a": "One claim.", "b": "Another claim."}, {})
    corpus.candidates = [CandidatePair(corpus.docs[0].claims[0].id, corpus.docs[1].claims[0].id, 0.9)]
    out = get_stage("relate").factory(fake_context())(corpus)
    assert out.links == [] and out.skipped and out.skipped[0].stage == "relate"


def test_stage_with_a_model(fake_context: Any) -> None:
    corpus = make_corpus({"a": "The Quds Force acted.", "b": "The Quds Force moved."}, {})
    corpus.candidates = [CandidatePair(corpus.docs[0].claims[0].id, corpus.docs[1].claims[0].id, 0.9)]
    out = get_stage("relate").factory(fake_context(nli=FakeNLI()))(corpus)
    assert [l.relation for l in out.links] == ["agree"] and out.relations[0].agree == pytest.approx(0.8)


def test_calibrate_threshold_reaches_the_target_precision() -> None:
    scores = [i / 100 for i in range(100)]
    positive = [s >= 0.7 or s in (0.5, 0.55) for s in scores]
    found = calibrate_threshold(scores, positive, precision=0.9)
    assert found["precision"] >= 0.9 and found["threshold"] <= 0.7
    assert calibrate_threshold(scores, [False] * 100, 0.9)["threshold"] == 1.0


def test_links_need_a_shared_assertion_not_just_a_shared_actor() -> None:
    texts = [
        "Soleimani was the commander of the Quds Force.",
        "He was the commander of the Quds Force, the IRGC's foreign arm.",
        "Soleimani oppressed uprisings in Syria.",
        "Soleimani was praised by analysts in Washington.",
    ]
    idf = claim_idf(texts)
    same = assertion_overlap(texts[0], texts[1], idf)
    actor_only = assertion_overlap(texts[2], texts[3], idf)
    assert same >= RULES.overlap_min > actor_only
    assert assertion_overlap("Forces entered Iraq.", "The force entered Iraqi towns.", idf) == 1.0  # prefixes
    assert decide(p(0.9, 0.0), 0.8, texts[2], texts[3], overlap=actor_only) is None
    assert decide(p(0.9, 0.0), 0.8, texts[0], texts[1], overlap=same)[:2] == ("agree", 0.9)


def test_the_model_only_reads_pairs_that_could_become_links() -> None:
    corpus = make_corpus(
        {"a": "Soleimani commanded the Quds Force.", "b": "Soleimani was praised by analysts in Washington."},
        {"Soleimani": ("ent_s", "PERSON")},
    )
    ca, cb = corpus.docs[0].claims, corpus.docs[1].claims
    model = FakeNLI()
    links, _, _, _ = relate(model, [[ca[0].id, cb[0].id, 0.9]], {c.id: c for c in corpus.claims})
    assert links == [] and model.pairs == []  # only the actor is shared: not worth a model call


class CalibratedNLI(FakeNLI):
    """FakeNLI with a calibrator that reads only P(disagree) averaged over both directions."""

    def __init__(self) -> None:
        from rashomon.models.nli_calibrate import FEATURES, Calibrator

        super().__init__()
        coef = np.zeros((3, len(FEATURES)))
        coef[1, FEATURES.index("p_disagree")] = 10.0  # contradict rises with P(disagree)
        coef[0, FEATURES.index("p_agree")] = 10.0
        self.calibrator = Calibrator(np.zeros(len(FEATURES)), np.ones(len(FEATURES)), coef, [0.0, 0.0, 3.0],
                                     {"agree": 0.9999, "contradict": 0.6, "possible": 0.3})


def test_calibrated_links_are_shown_above_the_threshold_and_possible_below() -> None:
    corpus, ca, cb, candidates = two_claim_pairs()
    links, possible, details, _ = relate(CalibratedNLI(), candidates, {c.id: c for c in corpus.claims})
    assert [(l.relation, l.a) for l in links] == [("contradict", ca[1].id)]
    assert [(l.relation, l.a) for l in possible] == [("agree", ca[0].id)]  # calibrated agree about 0.99: below 0.9999
    assert {d["shown"] for d in details} == {True, False} and all(type(d["shown"]) is bool for d in details)
    assert links[0].holder_a == ca[1].doc and links[0].holder_b == cb[1].doc
    # a stricter setting: the contradiction is still shown, by the documented rules (model P(disagree) 0.7)
    links, possible, details, _ = relate(CalibratedNLI(), candidates, {c.id: c for c in corpus.claims}, thresholds={"contradict": 0.999})
    assert [(l.relation, l.score) for l in links] == [("contradict", 0.7)] and [l.relation for l in possible] == ["agree"]
    assert [d["rule"] for d in details if d["shown"]] == ["model"]


def test_holder_is_the_attributed_speaker_else_the_document() -> None:
    from rashomon.model import Attribution, Claim

    plain = Claim("c1", "doc_a", 0, 5, "P.")
    denied = Claim("c2", "doc_b", 0, 12, "X denies P.", speaker="X", chain=[Attribution("Iran's ministry")])
    assert holder(plain) == "doc_a" and holder(denied) == "Iran's ministry"
    assert holder(Claim("c3", "doc_c", 0, 5, "P.", speaker="Y")) == "Y"


def test_stage_records_possible_links(fake_context: Any) -> None:
    corpus = make_corpus({"a": "The Quds Force acted.", "b": "The Quds Force moved."}, {})
    corpus.candidates = [CandidatePair(corpus.docs[0].claims[0].id, corpus.docs[1].claims[0].id, 0.9)]
    out = get_stage("relate").factory(fake_context(nli=CalibratedNLI()))(corpus)
    assert out.links == [] and [l.relation for l in out.possible_links] == ["agree"]


def test_relate_keeps_the_most_similar_pairs_when_the_budget_runs_out(monkeypatch: pytest.MonkeyPatch) -> None:
    import rashomon.compare.relate as relate_module

    corpus = make_corpus(
        {"a": "Soleimani commanded the Quds Force. The Quds Force fought in Iraq.",
         "b": "Soleimani led the Quds Force. The Quds Force fought in Syria."},
        {"Soleimani": ("ent_s", "PERSON")},
    )  # fmt: skip
    ca, cb = corpus.docs[0].claims, corpus.docs[1].claims
    candidates = [[ca[0].id, cb[0].id, 0.6], [ca[1].id, cb[1].id, 0.9]]
    monkeypatch.setattr(relate_module, "CHUNK", 1)
    clock = iter([100.0, 0.5])  # plenty before the first chunk, nearly nothing before the second
    monkeypatch.setattr(relate_module, "remaining", lambda: next(clock))
    model = FakeNLI()
    links, _, details, unread = relate(model, candidates, {c.id: c for c in corpus.claims})
    assert unread == 1 and len(model.pairs) == 2  # one pair, both directions
    assert [d["a"] for d in details] == [ca[1].id]  # the more similar pair was read first
    assert [l.a for l in links] == [ca[1].id]


def test_claims_whose_counts_conflict_are_never_shown_as_agreeing() -> None:
    corpus = make_corpus(
        {"a": "Iranian state TV said 80 US troops were killed in the Quds Force attack.",
         "b": "No US troops were killed in the Quds Force attack, the Pentagon said."},
        {"Quds Force": ("ent_q", "ORG")},
    )  # fmt: skip
    ca, cb = corpus.docs[0].claims, corpus.docs[1].claims
    links, possible, details, _ = relate(FakeNLI(), [[ca[0].id, cb[0].id, 0.9]], {c.id: c for c in corpus.claims})
    assert links == [] and [(l.relation, l.a) for l in possible] == [("contradict", ca[0].id)]
    assert details[0]["rule"] == "counts" and details[0]["shown"] is False


class MarkerNLI:
    """Agrees when both sides carry "same", disagrees on "other"; records what it read."""

    def __init__(self) -> None:
        self.pairs: list[tuple[str, str]] = []

    def predict(self, pairs: Sequence[tuple[str, str]], batch_size: int = 32) -> list[dict[str, float]]:
        self.pairs.extend(pairs)
        return [p(0.9, 0.05, 0.05) if "same" in a and "same" in b else p(0.05, 0.9, 0.05) if "other" in b
                else p(0.1, 0.1, 0.8) for a, b in pairs]  # fmt: skip


def test_pairs_with_a_non_english_side_go_to_the_crosslingual_model_and_its_bars() -> None:
    from rashomon.compare.relate import Crosslingual

    corpus = make_corpus({"a": "The same Quds Force story. The same Quds Force again.",
                          "b": "Die same Quds Force Geschichte. Die other Quds Force Sache."},
                         {"Quds Force": ("ent_q", "ORG")})  # fmt: skip
    ca, cb = corpus.docs[0].claims, corpus.docs[1].claims
    english, head = FakeNLI(), MarkerNLI()
    languages = {c.id: "en" for c in ca} | {c.id: "de" for c in cb} | {"x": "en"}
    candidates = [[ca[0].id, cb[0].id, 0.9], [ca[1].id, cb[1].id, 0.9], [ca[0].id, ca[1].id, 0.9]]
    links, possible, details, _ = relate(english, candidates, {c.id: c for c in corpus.claims},
                                         crosslingual=Crosslingual(head, languages, {"agree": 0.85, "possible": 0.5}))
    assert len(head.pairs) == 4 and all(b in {cb[0].text, cb[1].text} or a in {cb[0].text, cb[1].text}
                                        for a, b in head.pairs)  # fmt: skip
    assert all(cb[0].text not in pair and cb[1].text not in pair for pair in english.pairs)
    assert [(l.relation, l.b) for l in links if l.b in {cb[0].id, cb[1].id}] == [("agree", cb[0].id)]
    assert possible == []  # a contradiction under its bar is not even possible across languages
    assert {d["rule"] for d in details if d["b"] in {cb[0].id, cb[1].id}} == {"crosslingual"}
    links, possible, _, _ = relate(english, candidates[:1], {c.id: c for c in corpus.claims},
                                   crosslingual=Crosslingual(head, languages, {"agree": 0.95, "possible": 0.5}))
    assert links == [] and [(l.relation, l.b) for l in possible] == [("agree", cb[0].id)]


def test_each_relation_has_its_own_possible_bar() -> None:
    corpus, ca, _, candidates = two_claim_pairs()
    model = CalibratedNLI()
    model.calibrator.thresholds = {"agree": 0.9999, "contradict": 0.99999, "possible_agree": 0.3,
                                   "possible_contradict": 1.0}  # fmt: skip
    rules = replace(RULES, cue_min=2.0, contradict_min=2.0)  # the rules stay silent: only the calibrator speaks
    links, possible, _, _ = relate(model, candidates, {c.id: c for c in corpus.claims}, rules=rules)
    assert links == [] and [(l.relation, l.a) for l in possible] == [("agree", ca[0].id)]  # no possible contradiction
    _, possible, _, _ = relate(model, candidates, {c.id: c for c in corpus.claims}, rules=rules,
                               thresholds={"possible": 0.3})  # a user's bar holds for both
    assert sorted(l.relation for l in possible) == ["agree", "contradict"]


def test_without_the_crosslingual_model_only_english_pairs_are_judged(fake_context: Any) -> None:
    corpus = make_corpus({"a": "The Quds Force acted.", "b": "The Quds Force moved.", "c": "Die Quds Force handelte."}, {})
    corpus.docs[2].document.language = "de"
    a, b, c = (d.claims[0].id for d in corpus.docs)
    corpus.candidates = [CandidatePair(a, b, 0.9), CandidatePair(a, c, 0.9)]
    model = FakeNLI()
    out = get_stage("relate").factory(fake_context(nli=model))(corpus)
    assert [(l.a, l.b) for l in out.links] == [(a, b)] and all("handelte" not in x for p in model.pairs for x in p)
    assert [s.source for s in out.skipped] == ["nli_multilingual model"]
