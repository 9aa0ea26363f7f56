"""Done-when of the comparison features on ../shared/seeds, through the whole pipeline."""

from __future__ import annotations

from typing import Any

import pytest

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def nli_packaged(repo_root: Any) -> None:
    """The links need the packaged agree/disagree model (built by rashomon.models.train_nli)."""
    if not (repo_root / "rashomon" / "data" / "models" / "nli" / "manifest.json").exists():
        pytest.skip("the packaged nli model is absent: build it with rashomon.models.train_nli")


def _claims(seeds_map: Any) -> dict[str, Any]:
    return {c.id: c for c in seeds_map.claims}


def _source(seeds_map: Any, doc_id: str) -> str:
    return next(d.source for d in seeds_map.documents if d.id == doc_id).replace("\\", "/").split("/")[-1][:3]


def _soleimani(seeds_map: Any) -> str:
    [entity] = [e.id for e in seeds_map.entities if "soleimani" in e.name.lower() and e.type == "PERSON"]
    return entity


def _pair(seeds_map: Any, a: tuple[str, str], b: tuple[str, str]) -> tuple[str, str] | None:
    """Ids of the claims of source a[0] containing a[1] and source b[0] containing b[1]."""
    claims = _claims(seeds_map).values()
    ca = [c.id for c in claims if _source(seeds_map, c.doc) == a[0] and a[1] in c.text]
    cb = [c.id for c in claims if _source(seeds_map, c.doc) == b[0] and b[1] in c.text]
    return (ca[0], cb[0]) if ca and cb else None


def test_the_2003_claims_are_aligned(seeds_map: Any) -> None:
    pair = _pair(seeds_map, ("000", "did not play an important role"), ("001", "from 2003 onwards"))
    assert pair is not None
    assert {tuple(sorted(pair))} & {(p.a, p.b) for p in seeds_map.candidates}


def test_the_2003_claims_are_a_contradiction(seeds_map: Any, nli_packaged: None) -> None:
    claims = _claims(seeds_map)
    contradictions = [l for l in seeds_map.links if l.relation == "contradict"]
    hit = [
        l
        for l in contradictions
        if any("did not play an important role" in claims[x].text for x in (l.a, l.b))
        and any(
            _source(seeds_map, claims[x].doc) in ("001", "003") and "2003" in claims[x].text
            for x in (l.a, l.b)
        )
    ]
    assert hit, [(claims[l.a].text[:80], claims[l.b].text[:80]) for l in contradictions]
    assert all(0 <= l.score <= 1 for l in seeds_map.links)


def test_quds_force_command_is_an_agreement_across_two_sources(seeds_map: Any, nli_packaged: None) -> None:
    claims = _claims(seeds_map)
    agreements = [l for l in seeds_map.links if l.relation == "agree"
                  and all("Quds" in claims[x].text or "Qods" in claims[x].text for x in (l.a, l.b))]  # fmt: skip
    sources = {_source(seeds_map, claims[x].doc) for l in agreements for x in (l.a, l.b)}
    assert len(sources) >= 2


def test_every_source_leans_negative_toward_soleimani_with_evidence(seeds_map: Any) -> None:
    entity = _soleimani(seeds_map)
    claims = _claims(seeds_map)
    found = {s.doc: s for s in seeds_map.stances if s.entity == entity}
    assert len(found) == 3
    for doc, stance in found.items():
        assert stance.label == "negative" and stance.score < 0, (doc, stance)
        assert stance.evidence and all(claims[c].doc == doc for c in stance.evidence)
    assert set(seeds_map.framing) == {d.id for d in seeds_map.documents}


def test_fact_conflicts_carry_checkable_spans(seeds_map: Any) -> None:
    texts = {d.id: d.text for d in seeds_map.documents}
    for conflict in (c for c in seeds_map.conflicts if c.kind in ("number", "fact")):
        assert len({i.doc for i in conflict.items}) >= 2
        for item in conflict.items:
            assert texts[item.doc][item.start : item.end] == item.text


def test_two_stories_analysed_together_never_meet(seeds_dir: Any, repo_root: Any, settings: Any) -> None:
    """The seeds (Soleimani) and examples/copiapo (the Chilean miners): no candidate, link or conflict joins them."""
    from rashomon.api import analyze

    nmap = analyze([seeds_dir, repo_root / "examples" / "copiapo"], settings)
    copiapo = {d.id for d in nmap.documents if "copiapo" in d.source.replace("\\", "/")}
    assert copiapo and len(copiapo) < len(nmap.documents)
    doc_of = {c.id: c.doc for c in nmap.claims}

    def crosses(docs: set[str]) -> bool:
        return bool(docs & copiapo) and bool(docs - copiapo)

    assert not [p for p in nmap.candidates if crosses({doc_of[p.a], doc_of[p.b]})]
    assert not [l for l in nmap.links if crosses({doc_of[l.a], doc_of[l.b]})]
    for c in nmap.conflicts + nmap.possible_conflicts:
        assert not crosses({i.doc for i in c.items}), c.explanation
    assert any(c.kind == "number" and "trapped" in (c.subject or "") for c in nmap.conflicts)  # the miners' count
    assert any(c.kind == "date" and not crosses({i.doc for i in c.items}) for c in nmap.conflicts)  # the seeds' date
