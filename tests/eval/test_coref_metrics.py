"""Coreference metrics on textbook examples whose scores are worked out by hand."""

from __future__ import annotations

import pytest

from rashomon.eval.coref_metrics import b_cubed, ceaf_e, clusters_from_labels, conll, muc, pairwise

# Bagga and Baldwin (1998), figure 2: two responses MUC cannot tell apart, B3 can.
KEY = [set("12345"), set("67"), set("89ABC")]
RESPONSE_1 = [set("12345"), set("6789ABC")]  # joins the small cluster into a big one
RESPONSE_2 = [set("1234589ABC"), set("67")]  # joins the two big clusters


def approx(x: float) -> object:
    return pytest.approx(x, abs=1e-9)


def test_muc_vilain_example() -> None:
    # Vilain et al. (1995): key {A B C D}, response {A B} {C D}: 2 of 3 links kept, none wrong.
    score = muc([set("ABCD")], [set("AB"), set("CD")])
    assert score.recall == approx(2 / 3) and score.precision == approx(1.0) and score.f1 == approx(0.8)


def test_muc_cannot_tell_the_bagga_baldwin_responses_apart() -> None:
    for response in (RESPONSE_1, RESPONSE_2):
        score = muc(KEY, response)
        assert score.recall == approx(1.0) and score.precision == approx(9 / 10)


def test_b_cubed_can() -> None:
    one, two = b_cubed(KEY, RESPONSE_1), b_cubed(KEY, RESPONSE_2)
    assert one.recall == two.recall == approx(1.0)
    # Response 1: 5 mentions at 1, 2 at 2/7, 5 at 5/7 -> (5 + 4/7 + 25/7) / 12.
    assert one.precision == approx((5 + 4 / 7 + 25 / 7) / 12)
    # Response 2: 10 mentions at 5/10, 2 at 1 -> 7/12.
    assert two.precision == approx(7 / 12)


def test_ceaf_e_aligns_clusters_one_to_one() -> None:
    # phi4(K1,R1) = 1, phi4(K3,R2) = 10/12 beats phi4(K2,R2) = 4/9; total 11/6.
    score = ceaf_e(KEY, RESPONSE_1)
    assert score.recall == approx(11 / 6 / 3) and score.precision == approx(11 / 6 / 2)


def test_conll_is_the_mean_of_the_three_f1() -> None:
    scores = conll(KEY, RESPONSE_1)
    assert scores["conll"] == approx((scores["muc"] + scores["b3"] + scores["ceafe"]) / 3)
    assert conll(KEY, KEY) == {"muc": 1.0, "b3": 1.0, "ceafe": 1.0, "conll": 1.0}


def test_all_singletons_response() -> None:
    singletons = [{m} for c in KEY for m in c]
    assert muc(KEY, singletons).recall == 0.0
    assert b_cubed(KEY, singletons).precision == approx(1.0)
    assert b_cubed(KEY, singletons).recall == approx((5 * 1 / 5 + 2 * 1 / 2 + 5 * 1 / 5) / 12)


def test_missing_and_extra_mentions_follow_the_reference_scorer() -> None:
    # Pradhan et al. (2014): in B3 a mention the other side lacks adds nothing to the numerator,
    # (1^2 / 2) / 2 each way; in MUC it is a partition of its own.
    score = b_cubed([{"a", "b"}], [{"a", "x"}])
    assert score.recall == approx(0.25) and score.precision == approx(0.25)
    assert muc([{"a", "b"}], [{"a", "x"}]).f1 == 0.0


def test_a_mention_in_two_clusters_is_an_error() -> None:
    with pytest.raises(ValueError, match="two clusters"):
        b_cubed([{"a"}], [{"a"}, {"a", "b"}])


def test_pairwise_and_labels_helper() -> None:
    key = clusters_from_labels({"a": 1, "b": 1, "c": 1, "d": 2})
    response = clusters_from_labels({"a": "x", "b": "x", "c": "y", "d": "y"})
    score = pairwise(key, response)
    assert score.recall == approx(1 / 3) and score.precision == approx(1 / 2)
