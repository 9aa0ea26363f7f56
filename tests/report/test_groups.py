"""Claim groups (the ``claim-groups`` stage): sides from agree/contradict links, each source's position."""

from __future__ import annotations

from rashomon.compare.groups import claim_groups
from rashomon.model import Claim, Link


def _claims(*docs: str) -> list[Claim]:
    return [Claim(f"c{i}", d, 0, 5, f"claim {i}") for i, d in enumerate(docs)]


def test_contradiction_puts_sources_on_opposite_sides() -> None:
    cs = _claims("d1", "d2", "d3")
    groups = claim_groups(cs, [Link("c0", "c1", "contradict", 0.9), Link("c0", "c2", "agree", 0.8)])
    assert len(groups) == 1
    assert groups[0].cells == {"d1": "asserts", "d2": "contradicts", "d3": "asserts"}
    assert groups[0].label in {"c0", "c2"} and groups[0].consistent
    assert (groups[0].agree, groups[0].contradict) == (1, 1)


def test_majority_side_is_called_asserts() -> None:
    cs = _claims("d1", "d2", "d3")
    # c0 alone against c1 and c2, which agree with each other
    groups = claim_groups(cs, [Link("c0", "c1", "contradict", 0.9), Link("c1", "c2", "agree", 0.8)])
    assert groups[0].cells == {"d1": "contradicts", "d2": "asserts", "d3": "asserts"}
    assert groups[0].side == {"c0": 1, "c1": 0, "c2": 0}


def test_source_on_both_sides() -> None:
    cs = _claims("d1", "d1", "d2")
    groups = claim_groups(cs, [Link("c0", "c2", "agree", 0.9), Link("c1", "c2", "contradict", 0.9)])
    assert groups[0].cells == {"d1": "both", "d2": "asserts"} and groups[0].consistent


def test_links_that_cannot_all_hold_are_reported() -> None:
    cs = _claims("d1", "d2", "d3")
    groups = claim_groups(cs, [Link("c0", "c1", "agree", 0.9), Link("c1", "c2", "agree", 0.9),
                               Link("c0", "c2", "contradict", 0.5)])
    assert groups[0].consistent is False


def test_separate_components_and_unlinked_claims() -> None:
    cs = _claims("d1", "d2", "d3", "d4", "d5")
    groups = claim_groups(cs, [Link("c0", "c1", "agree", 0.9), Link("c2", "c3", "contradict", 0.7),
                               Link("c2", "missing", "agree", 0.7)])
    assert [sorted(g.claims) for g in groups] == [["c2", "c3"], ["c0", "c1"]]  # contested first
    assert all("c4" not in g.claims for g in groups)
