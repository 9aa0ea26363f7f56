"""Per-article features, names and MinHash: deterministic, and they see what they should."""

from __future__ import annotations

import numpy as np
import pytest
from story_streams import OSCARS, QUAKE, doc

from rashomon.model import Document
from rashomon.stories import StoryConfig
from rashomon.stories.features import DocFeatures, Featurizer, lead, publication_day
from rashomon.stories.minhash import DuplicateIndex, jaccard, signature
from rashomon.stories.names import caps_names, name_keys


def test_features_are_deterministic_and_round_trip_as_rows():
    config = StoryConfig()
    a = Featurizer(config)([doc(QUAKE[0])])[0]
    b = Featurizer(config)([doc(QUAKE[0])])[0]
    assert np.array_equal(a.lex_idx, b.lex_idx) and np.array_equal(a.sig, b.sig)
    back = DocFeatures.from_row(a.to_row())
    assert np.array_equal(back.lex_val, a.lex_val) and back.day == a.day and back.emb is None


def test_stop_words_and_numbers_are_not_terms():
    config = StoryConfig()
    (f,) = Featurizer(config)([Document.from_text("The and of 2024 7")])
    assert len(f.lex_idx) == 0
    (g,) = Featurizer(config)([Document.from_text("The earthquake of 2024")])
    assert len(g.lex_idx) == 1


def test_publication_day_and_lead():
    assert publication_day("1970-01-02") == 1.0
    assert publication_day("2024-03-01T10:00:00Z") == publication_day("2024-03-01")
    assert publication_day("March 2024") is None and publication_day(None) is None
    d = Document.from_text("Body text here.", title="A headline")
    assert lead(d, 100).startswith("A headline\n")


def test_capitalised_names_skip_sentence_starts_and_function_words():
    names = caps_names("Police said Rosario Murillo met officials. The Pentagon agreed. He left on Monday.")
    assert names == ["Rosario Murillo", "Pentagon"]
    assert name_keys(["Rosario Murillo"]) == ["rosario murillo", "murillo"]


def test_minhash_separates_copies_from_reports_of_the_same_event():
    copy = signature(OSCARS[0] + " Distributed by Daily Planet.")
    assert jaccard(signature(OSCARS[0]), copy) >= 0.8
    assert jaccard(signature(OSCARS[0]), signature(OSCARS[1])) < 0.3


def test_duplicate_index_finds_and_forgets():
    index = DuplicateIndex()
    index.add("a", signature(QUAKE[0]))
    found = index.find(signature(QUAKE[0] + " More."))
    assert found is not None and found[0] == "a"
    index.remove("a")
    assert index.find(signature(QUAKE[0])) is None and len(index) == 0


@pytest.mark.slow
def test_embeddings_join_the_features_when_asked(context):
    config = StoryConfig.for_features(("lex", "ent", "emb"))
    assert config.threshold == 0.3 and config.weights()["emb"] > 0
    feats = Featurizer(config, context.models)([doc(QUAKE[0]), doc(QUAKE[1]), doc(OSCARS[0])])
    embs = [f.emb for f in feats]
    assert all(e is not None and abs(float(np.linalg.norm(e)) - 1.0) < 1e-4 for e in embs)
    assert float(embs[0] @ embs[1]) > float(embs[0] @ embs[2])  # two quake reports are closer
    assert np.array_equal(DocFeatures.from_row(feats[0].to_row()).emb, feats[0].emb)
