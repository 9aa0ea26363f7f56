"""Alignment: candidate pairs across documents, bounded per claim, each claim embedded once."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import numpy as np
import pytest
from compare_helpers import FakeEmbedder, FakeModels, make_corpus

from rashomon.compare import align as align_mod
from rashomon.compare.align import align, alignable, entity_pairs, top_k_pairs
from rashomon.model import CandidatePair, Claim
from rashomon.registry import get_stage


def test_top_k_never_pairs_a_document_with_itself() -> None:
    emb = np.array([[1, 0], [1, 0], [0.9, 0.1], [0, 1]], dtype=np.float32)
    emb /= np.linalg.norm(emb, axis=1, keepdims=True)
    pairs = top_k_pairs(emb, np.array([0, 0, 1, 1]), k=1, min_cos=0.5)
    assert (0, 1) not in pairs and (2, 3) not in pairs
    assert set(pairs) == {(0, 2), (1, 2)}


def test_top_k_bounds_pairs_per_claim_in_any_block_size() -> None:
    rng = np.random.default_rng(0)
    emb = rng.normal(size=(300, 16)).astype(np.float32)
    emb /= np.linalg.norm(emb, axis=1, keepdims=True)
    groups = np.arange(300) // 10
    full = top_k_pairs(emb, groups, k=3, min_cos=-1.0, block=1000)
    blocked = top_k_pairs(emb, groups, k=3, min_cos=-1.0, block=7)
    assert full.keys() == blocked.keys()
    assert all(abs(full[k] - blocked[k]) < 1e-5 for k in full)
    assert len(full) <= 3 * 300 < 300 * 299 // 2


def test_entity_blocking_skips_actors_named_everywhere() -> None:
    claims = [
        Claim(f"c{i}", f"d{i % 3}", 0, 1, "x", entities=["common"] + (["rare"] if i < 2 else []))
        for i in range(9)
    ]
    emb = np.ones((9, 4), dtype=np.float32) / 2
    pairs = entity_pairs(claims, emb, max_claims=5)
    assert set(pairs) == {(0, 1)}


@pytest.fixture(autouse=True)
def _fresh_embedding_cache() -> None:
    """The process-wide embedding cache is keyed by claim id: one test's planted vector must not leak into the next."""
    align_mod._CACHE.clear()


def _corpus() -> Any:
    return make_corpus(
        {
            "a": "Soleimani commanded the Quds Force. The weather in Tehran was cold.",
            "b": "The Quds Force was commanded by Soleimani. Markets fell sharply on Monday.",
            "c": "Readers wrote many comments here.",
        },
        {"Soleimani": ("ent_s", "PERSON"), "Quds Force": ("ent_q", "ORG")},
    )


def test_align_finds_the_paraphrase_across_documents() -> None:
    corpus = _corpus()
    claims = alignable(corpus.claims)
    emb = FakeEmbedder().encode([c.text for c in claims])
    emb /= np.linalg.norm(emb, axis=1, keepdims=True)
    rows = align(claims, emb)
    by_id = {c.id: c.text for c in claims}
    top = rows[0]
    assert {by_id[top[0]], by_id[top[1]]} == {
        "Soleimani commanded the Quds Force.", "The Quds Force was commanded by Soleimani."
    }  # fmt: skip
    assert all(by_id[a] != by_id[b] for a, b, _ in rows)
    assert all(0.0 <= cos <= 1.0001 for _, _, cos in rows)


def test_stage_skips_comments_and_embeds_each_claim_once(fake_context: Any) -> None:
    corpus = _corpus()
    corpus.docs[2].claims[0].section = "comment"
    embedder = FakeEmbedder()
    run = get_stage("align").factory(fake_context(embedder=embedder))
    run(corpus)
    body = [c for c in corpus.claims if c.section != "comment"]
    assert embedder.calls == len(body)
    comment_id = corpus.docs[2].claims[0].id
    assert all(comment_id not in (p.a, p.b) for p in corpus.candidates)
    run(corpus)
    assert embedder.calls == len(body)  # cached: nothing embedded twice
    assert any(key[1] == body[0].id for key in align_mod._CACHE)


def test_stage_reuses_the_claims_stage_vectors(fake_context: Any) -> None:
    corpus = _corpus()
    embedder = FakeEmbedder()
    first = corpus.docs[0].claims[0]
    corpus.docs[0].scratch.claim_vectors = {first.id: np.full(embedder.dim, embedder.dim**-0.5, dtype=np.float32)}
    get_stage("align").factory(fake_context(embedder=embedder))(corpus)
    body = [c for c in corpus.claims if c.section != "comment"]
    assert embedder.calls == len(body) - 1  # the one with a vector was not embedded again


def test_stage_reads_its_bounds_from_the_settings(fake_context: Any) -> None:
    from dataclasses import replace

    def candidates(**settings: Any) -> list[CandidatePair]:
        ctx = fake_context(embedder=FakeEmbedder())
        corpus = _corpus()
        get_stage("align").factory(replace(ctx, settings=replace(ctx.settings, **settings)))(corpus)
        return corpus.candidates

    assert candidates()  # the paraphrase
    assert candidates(align_top_k=0) == []
    assert candidates(align_min_cosine=1.01, align_entity_min_cosine=1.01) == []


def test_claims_of_other_languages_get_candidates_from_the_multilingual_encoder() -> None:
    from rashomon.compare.align import crosslingual_rows

    corpus = make_corpus({"a": "Rockets hit the base at night.", "b": "Rockets hit the base at night again.",
                          "c": "Rockets hit the base at night, Raketen."}, {})  # fmt: skip
    corpus.docs[2].document.language = "de"
    claims = corpus.claims
    ctx = SimpleNamespace(models=FakeModels(embedder_multilingual=FakeEmbedder()))
    rows = crosslingual_rows(ctx, corpus, claims, lambda a, b: True, set(), k=5, min_cos=0.5)  # type: ignore[arg-type]
    german = corpus.docs[2].claims[0].id
    assert len(rows) == 2 and all(german in r[:2] for r in rows)  # the English pair is MiniLM's to find
    assert crosslingual_rows(ctx, corpus, claims, lambda a, b: False, set(), 5, 0.5) == []  # type: ignore[arg-type]
    corpus.docs[2].document.language = "en"
    assert crosslingual_rows(ctx, corpus, claims, lambda a, b: True, set(), 5, 0.5) == []  # type: ignore[arg-type]


def test_cross_language_candidates_stop_at_the_stage_budget_and_say_so() -> None:
    from rashomon.budget import limit
    from rashomon.compare.align import crosslingual_rows

    corpus = make_corpus({"a": "Rockets hit the base at night.", "b": "Raketen trafen die Basis in der Nacht."}, {})
    corpus.docs[1].document.language = "de"
    encoder = FakeEmbedder()
    ctx = SimpleNamespace(models=FakeModels(embedder_multilingual=encoder))
    with limit(0.5):  # less than a chunk's safety margin is left: nothing is embedded
        rows = crosslingual_rows(ctx, corpus, corpus.claims, lambda a, b: True, set(), 5, -1.0)  # type: ignore[arg-type]
    assert rows == [] and encoder.calls == 0
    assert [(s.stage, "2 claims were not embedded" in s.reason) for s in corpus.skipped] == [("align", True)]


def test_only_stories_that_hold_another_language_are_embedded_across_languages() -> None:
    from rashomon.compare.align import crosslingual_rows

    corpus = make_corpus({"a": "Rockets hit the base at night.", "b": "Raketen trafen die Basis.",
                          "c": "Ein Verein gewann das Pokalfinale.", "d": "The club won the cup final."}, {})  # fmt: skip
    corpus.docs[1].document.language = corpus.docs[2].document.language = "de"
    ids = [d.document.id for d in corpus.docs]
    corpus.stories = {ids[0]: 0, ids[1]: 0, ids[2]: 1, ids[3]: 2}  # c and d were grouped apart: nothing to pair
    encoder = FakeEmbedder()
    ctx = SimpleNamespace(models=FakeModels(embedder_multilingual=encoder))
    rows = crosslingual_rows(ctx, corpus, corpus.claims, lambda a, b: True, set(), 5, -1.0)  # type: ignore[arg-type]
    assert encoder.calls == 2 and {c for r in rows for c in r[:2]} == {corpus.docs[0].claims[0].id,
                                                                       corpus.docs[1].claims[0].id}  # fmt: skip
