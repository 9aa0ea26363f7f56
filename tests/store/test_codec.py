"""Cached per-document analyses come back exactly as they were stored."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from rashomon.model import Attribution, Claim, DateValue, DocAnalysis, Document, Mention, Timex
from rashomon.notes import DocNotes, Scratch
from rashomon.store._codec import decode_analysis, encode_analysis, tagged, untagged


def _analysis() -> DocAnalysis:
    doc = Document.from_text("Officials said the strike killed him on January 3.", source="a.txt",
                             links=[("anchor", "https://example.org")])
    claim = Claim(Claim.make_id(doc.id, 0, 51), doc.id, 0, 51, doc.text, kind="quote", speaker="Officials",
                  chain=[Attribution("Officials", cue="said")])
    timex = Timex(doc.id, 40, 50, "January 3", DateValue("2020-01-03", "2020-01-03", "day"))
    return DocAnalysis(doc, mentions=[Mention(doc.id, 0, 9, "Officials", "NORP")], claims=[claim], timexes=[timex],
                       notes=DocNotes(timex={"anchor": "2020-01-03", "anchor_precision": "day",
                                             "anchor_source": "published", "dateline": None},
                                      stance=[{"mention": [0, 9], "score": -0.5, "words": ["killed"], "terms": [],
                                               "claim": claim.id, "weight": 0.5}],
                                      mention_pairs=[{"long": "Officials", "short": "O", "kind": "acronym",
                                                      "initials": True}]),
                       scratch=Scratch(paragraphs=[(0, 51)],
                                       claim_vectors={claim.id: np.arange(6, dtype=np.float32).reshape(2, 3)}))


@pytest.mark.parametrize("value", [(1, 2), [(1, "a"), {"x": (None, 1.5)}], {"__tuple__": "not a tag"}, "s", 3])
def test_tagged_values_round_trip(value: Any) -> None:
    assert untagged(tagged(value)) == value


def test_an_analysis_round_trips() -> None:
    item = _analysis()
    data, spacy = encode_analysis(item)
    assert spacy is None
    back = decode_analysis(data, spacy, vocab=lambda: None)
    assert back.document == item.document and back.claims == item.claims and back.timexes == item.timexes
    assert back.notes == item.notes and isinstance(back.notes, DocNotes) and back.scratch.paragraphs == [(0, 51)]
    (cid, vec), = back.scratch.claim_vectors.items()
    assert np.array_equal(vec, item.scratch.claim_vectors[cid]) and vec.dtype == np.float32


def test_an_analysis_with_an_unknown_object_is_not_cached() -> None:
    item = _analysis()
    item.scratch.claim_vectors = {"c": object()}
    assert encode_analysis(item) is None


@pytest.mark.slow
def test_the_spacy_parse_round_trips(nlp: Any) -> None:
    item = _analysis()
    item.scratch.spacy = nlp(item.document.text)
    data, spacy = encode_analysis(item)
    back = decode_analysis(data, spacy, vocab=lambda: nlp.vocab)
    doc = back.scratch.spacy
    assert [t.text for t in doc] == [t.text for t in item.scratch.spacy]
    assert [(e.text, e.label_) for e in doc.ents] == [(e.text, e.label_) for e in item.scratch.spacy.ents]
    assert [s.text for s in doc.sents] == [s.text for s in item.scratch.spacy.sents]
