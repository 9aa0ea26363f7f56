"""One codec: map.json, the store and the engines' workers encode and decode model objects alike."""

from __future__ import annotations

import json

from rashomon import codec, mapio
from rashomon.model import Claim, DateValue, Document, Event, NarrativeMap


def _doc() -> Document:
    return Document.from_text("Sulejmani – قاسم سليماني – was killed.", source="a.txt", outlet="Le Monde",
                              links=[("source", "https://example.org")], comments=["first!"])  # fmt: skip


def test_a_document_round_trips_with_its_tuples_and_text() -> None:
    doc = _doc()
    raw = codec.encode_document(doc)
    assert "قاسم" in raw  # non-ASCII text kept as it is
    back = codec.decode_document(raw)
    assert back == doc and back.links == [("source", "https://example.org")]


def test_keys_a_newer_writer_added_are_ignored() -> None:
    raw = json.loads(codec.encode_document(_doc()))
    raw["sentiment"] = "new field"
    assert codec.decode_document(json.dumps(raw)) == _doc()


def test_nested_dataclasses_come_back_typed() -> None:
    doc = _doc()
    event = Event("evt_1", doc.id, 0, 9, "Sulejmani", date=DateValue("2020-01-03", "2020-01-03"))
    claim = Claim(Claim.make_id(doc.id, 0, 9), doc.id, 0, 9, "Sulejmani")
    nmap = NarrativeMap({"stages": []}, [doc], [], [claim], [], [], [event], [], [])
    back = mapio.loads(mapio.dumps(nmap))
    assert back == nmap and isinstance(back.events[0].date, DateValue)


def test_the_store_and_the_engines_use_the_same_codec() -> None:
    from rashomon.engines import worker
    from rashomon.store import _codec, _store

    assert worker.doc_to_json is codec.encode_document and worker.doc_from_json is codec.decode_document
    assert _store.encode_document is codec.encode_document and _codec.build is codec.build is mapio.build
