"""Cross-document resolution: one entity per actor, however each source spells it."""

from __future__ import annotations

import random
import re
from pathlib import Path
from typing import Any

import pytest

from rashomon.model import Corpus, DocAnalysis, Document, Mention
from rashomon.nlp.mention_rules import is_fragment
from rashomon.nlp.names import name_key
from rashomon.nlp.resolve import make_resolve, resolve


def mentions(*specs: tuple[str, str, str]) -> list[Mention]:
    """Mentions from (doc, text, label); spans are nominal, one text per mention."""
    return [Mention(doc, 0, len(text), text, label) for doc, text, label in specs]


def entity_of(ms: list[Mention], text: str) -> str | None:
    return next(m.entity for m in ms if m.text == text)


def test_spelling_variants_across_sources_are_one_entity() -> None:
    ms = mentions(("a", "Qassem Soleimani", "PERSON"), ("b", "Qasem Soleimani", "PERSON"),
                  ("c", "Suleimani", "PERSON"), ("c", "Soleimani", "PERSON"))
    (ent,) = resolve(ms)
    assert ent.name == "Qassem Soleimani" and ent.type == "PERSON"
    assert set(ent.spellings) == {"a", "b", "c"} and ent.spellings["c"] == ["Soleimani", "Suleimani"]
    assert {m.method for m in ent.merges} >= {"spelling", "surname"}
    assert all(0.0 < m.confidence <= 1.0 for m in ent.merges)
    assert all(m.entity == ent.id for m in ms)


def test_surname_links_only_when_one_full_name_fits() -> None:
    one = mentions(("a", "Bashar al-Assad", "PERSON"), ("b", "Assad", "PERSON"))
    resolve(one)
    assert entity_of(one, "Assad") == entity_of(one, "Bashar al-Assad")
    two = mentions(("a", "Bashar al-Assad", "PERSON"), ("a", "Hafez al-Assad", "PERSON"), ("b", "Assad", "PERSON"))
    resolve(two)
    assert len({m.entity for m in two}) == 3


def test_first_and_middle_names_link_to_the_full_name() -> None:
    ms = mentions(("a", "Qassem Soleimani", "PERSON"), ("b", "Qassem", "PERSON"),
                  ("c", "Regina M. Benjamin", "PERSON"), ("d", "Regina Benjamin", "PERSON"))
    resolve(ms)
    assert entity_of(ms, "Qassem") == entity_of(ms, "Qassem Soleimani")
    assert entity_of(ms, "Regina Benjamin") == entity_of(ms, "Regina M. Benjamin")


def test_acronym_defined_in_a_document_is_linked_with_high_confidence() -> None:
    ms = mentions(("a", "Revolutionary Communist International Tendency", "ORG"), ("b", "RCIT", "ORG"))
    pairs = [{"long": "Revolutionary Communist International Tendency", "short": "RCIT", "kind": "acronym",
              "initials": True}]
    (ent,) = resolve(ms, pairs)
    assert ent.name == "Revolutionary Communist International Tendency"
    assert [(m.method, m.confidence) for m in ent.merges] == [("acronym-defined", 0.95)]


def test_acronym_initials_link_only_a_unique_expansion() -> None:
    one = mentions(("a", "Human Rights Watch", "ORG"), ("b", "HRW", "ORG"))
    resolve(one)
    assert entity_of(one, "HRW") == entity_of(one, "Human Rights Watch")
    two = mentions(("a", "Human Rights Watch", "ORG"), ("a", "Highway Rescue Wing", "ORG"), ("b", "HRW", "ORG"))
    resolve(two)
    assert len({m.entity for m in two}) == 3


def test_alias_table_joins_names_no_string_method_can() -> None:
    ms = mentions(("a", "Daesh", "GPE"), ("b", "Islamic State", "ORG"), ("c", "ISIS", "ORG"),
                  ("a", "Hashid Shaabi", "PERSON"), ("b", "Popular Mobilization Forces", "ORG"), ("c", "PMU", "ORG"))
    resolve(ms)
    assert entity_of(ms, "Daesh") == entity_of(ms, "Islamic State") == entity_of(ms, "ISIS")
    assert entity_of(ms, "Hashid Shaabi") == entity_of(ms, "Popular Mobilization Forces") == entity_of(ms, "PMU")
    assert entity_of(ms, "Daesh") != entity_of(ms, "PMU")


def test_hard_negatives_stay_apart_even_against_a_gloss() -> None:
    ms = mentions(("a", "Hezbollah", "ORG"), ("b", "Kata'ib Hezbollah", "ORG"), ("b", "Hezbollah Brigades", "ORG"),
                  ("a", "Quds Force", "ORG"), ("b", "Islamic Revolutionary Guard Corps", "ORG"),
                  ("a", "Abu Mahdi al-Muhandis", "PERSON"), ("b", "Abu Abdullah", "PERSON"),
                  ("a", "Badr Corps", "ORG"), ("b", "Badr Organization", "ORG"))
    wrong = [{"long": "Hezbollah", "short": "Kata'ib Hezbollah", "kind": "gloss", "initials": False}]
    resolve(ms, wrong)
    assert entity_of(ms, "Hezbollah") != entity_of(ms, "Kata'ib Hezbollah")
    assert entity_of(ms, "Kata'ib Hezbollah") == entity_of(ms, "Hezbollah Brigades")
    assert entity_of(ms, "Quds Force") != entity_of(ms, "Islamic Revolutionary Guard Corps")
    assert entity_of(ms, "Abu Mahdi al-Muhandis") != entity_of(ms, "Abu Abdullah")
    assert entity_of(ms, "Badr Corps") == entity_of(ms, "Badr Organization")


def test_places_and_their_peoples_stay_apart() -> None:
    ms = mentions(("a", "Iran", "GPE"), ("b", "Iraq", "GPE"), ("c", "Iraqi", "NORP"), ("c", "Iranian", "NORP"))
    resolve(ms)
    assert len({m.entity for m in ms}) == 4


def test_generic_head_completes_a_truncated_name() -> None:
    ms = mentions(("a", "Islamic Revolutionary Guard", "ORG"), ("b", "Islamic Revolutionary Guard Corps", "ORG"))
    (ent,) = resolve(ms)
    assert ent.name == "Islamic Revolutionary Guard Corps"


def test_entity_ids_do_not_depend_on_input_order() -> None:
    specs = [("a", "Qassem Soleimani", "PERSON"), ("b", "Suleimani", "PERSON"), ("a", "IRGC", "ORG"),
             ("b", "Islamic Revolutionary Guard Corps", "ORG"), ("c", "Teheran", "GPE"), ("a", "Tehran", "GPE"),
             ("c", "U.S.", "GPE"), ("b", "United States", "GPE"), ("a", "Assad", "PERSON")]
    first = {(e.id, e.name, tuple(e.aliases)) for e in resolve(mentions(*specs))}
    shuffled = specs[:]
    random.Random(7).shuffle(shuffled)
    assert {(e.id, e.name, tuple(e.aliases)) for e in resolve(mentions(*shuffled))} == first


def test_normalised_spellings_are_recorded_as_merges() -> None:
    ms = mentions(("a", "U.S.", "GPE"), ("b", "US", "GPE"))
    (ent,) = resolve(ms)
    assert [(m.method, m.confidence) for m in ent.merges] == [("normalised", 0.98)]


def test_stage_reads_a_user_alias_file(tmp_path: Path, settings: Any) -> None:
    from dataclasses import replace

    from rashomon.models.registry import ModelRegistry
    from rashomon.registry import Context

    user = tmp_path / "aliases.tsv"
    user.write_text("same\tPERSON\tAbu Azrael | Ayyub Faleh al-Rubaie\n", encoding="utf-8")
    ctx = Context(replace(settings, alias_file=str(user)), ModelRegistry(settings))
    docs = []
    for text in ("Abu Azrael fought.", "Ayyub Faleh al-Rubaie fought."):
        item = DocAnalysis(Document.from_text(text))
        name = text[: -len(" fought.")]
        item.mentions = [Mention(item.document.id, 0, len(name), name, "PERSON")]
        docs.append(item)
    corpus = make_resolve(ctx)(Corpus(docs=docs))
    assert len(corpus.entities) == 1 and corpus.entities[0].merges[0].method == "alias"


# --- the seed articles --------------------------------------------------------------------------

VARIANTS = {
    "Soleimani": ["Qassem Soleimani", "Qasem Soleimani", "Suleimani", "Soleimani"],
    "Quds Force": ["Quds Force", "Qods Force", "al-Quds Forces"],
    "IRGC": ["Islamic Revolutionary Guard Corps", "IRGC", "Iranian Revolutionary Guards Corps"],
    "Assad": ["Bashar al-Assad", "Assad"],
    "Tehran": ["Teheran", "Tehran"],
    "United States": ["U.S.", "US", "United States"],
    "PMF": ["Popular Mobilization Forces", "Hashid Shaabi"],
    "Kata'ib Hezbollah": ["Kata’ib Hezbollah", "Hezbollah Brigades"],
    "Badr": ["Badr Corps", "Badr Organization"],
}
APART = [("Hezbollah", "Kata’ib Hezbollah"), ("Quds Force", "Islamic Revolutionary Guard Corps"),
         ("Abu Mahdi al-Muhandis", "Abu Abdullah")]


@pytest.fixture(scope="session")
def seed_corpus(seeds_dir: Path, context: Any) -> Corpus:
    from rashomon.ingest import read_inputs
    from rashomon.pipeline import Pipeline

    documents = read_inputs([seeds_dir]).documents
    return Pipeline.assemble(["language", "parse", "mentions", "resolve"], context=context)(documents)


def _entities_named(corpus: Corpus, surfaces: list[str]) -> set[str]:
    keys = {name_key(s) for s in surfaces} | {name_key(s, person=True) for s in surfaces}
    return {m.entity for d in corpus.docs for m in d.mentions if name_key(m.text) in keys and m.entity}


@pytest.mark.slow
@pytest.mark.parametrize("actor", sorted(VARIANTS))
def test_seed_variants_resolve_to_one_entity_across_sources(seed_corpus: Corpus, actor: str) -> None:
    surfaces = VARIANTS[actor]
    found = _entities_named(seed_corpus, surfaces)
    assert len(found) == 1, (actor, found)
    entity = next(e for e in seed_corpus.entities if e.id in found)
    pattern = re.compile("|".join(rf"(?<!\w){re.escape(s)}(?!\w)" for s in surfaces))
    sources = {d.document.id for d in seed_corpus.docs if pattern.search(d.document.text)}
    assert sources <= set(entity.spellings), (actor, sources - set(entity.spellings))


@pytest.mark.slow
@pytest.mark.parametrize(("a", "b"), APART)
def test_seed_hard_negatives_stay_apart(seed_corpus: Corpus, a: str, b: str) -> None:
    ea, eb = _entities_named(seed_corpus, [a]), _entities_named(seed_corpus, [b])
    assert ea and eb and not ea & eb, (a, b)


@pytest.mark.slow
def test_seed_entities_are_no_fragments_and_every_mention_is_resolved(seed_corpus: Corpus) -> None:
    names = {e.name for e in seed_corpus.entities}
    assert not {"Revolutionary", "Force", "Forces", "Corps", "Guard"} & names
    assert not [n for n in names if is_fragment(n)]
    assert all(m.entity for d in seed_corpus.docs for m in d.mentions)
    ids = [e.id for e in seed_corpus.entities]
    assert len(ids) == len(set(ids))


def test_an_actor_is_named_in_the_readers_script_when_any_source_writes_it_so() -> None:
    ms = mentions(("a", "Soleimani", "PERSON"), ("b", "قاسم سليماني", "PERSON"), ("b", "قاسم سليماني", "PERSON"),
                  ("c", "Касем Сулеймани", "PERSON"), ("c", "Касем Сулеймани", "PERSON"))
    (ent,) = resolve(ms)
    assert ent.name == "Soleimani"
    assert {"قاسم سليماني", "Касем Сулеймани"} <= set(ent.aliases)
    (only,) = resolve(mentions(("b", "قاسم سليماني", "PERSON"), ("c", "قاسم سليماني", "PERSON")))
    assert only.name == "قاسم سليماني"
