"""Any text survives a store-and-load round trip, in documents and in maps, on both databases."""

from __future__ import annotations

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from rashomon.mapio import to_dict
from rashomon.model import Document, Entity, Mention, NarrativeMap

texts = st.text(min_size=1, max_size=400)
optional = st.none() | st.text(max_size=80)
slow_ok = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@slow_ok
@given(text=texts, title=optional, author=optional, comments=st.lists(st.text(max_size=60), max_size=3))
def test_any_document_survives(store, text: str, title: str | None, author: str | None,
                               comments: list[str]) -> None:
    doc = Document.from_text(text, source="prop.txt", title=title, author=author, comments=comments)
    assume(not store.existing([doc.id]))  # whitespace variants share an id by design
    (doc_id,) = store.add([doc], story="round trip")
    assert store.document(doc_id) == doc


@slow_ok
@given(text=texts, name=st.text(min_size=1, max_size=40))
def test_any_map_survives(store, text: str, name: str) -> None:
    doc = Document.from_text(text, source="prop.txt")
    end = min(len(text), 10)
    entity = Entity("ent_x", name, "PERSON", [name[::-1]], [Mention(doc.id, 0, end, text[:end], "PERSON", "ent_x")])
    nmap = NarrativeMap({"stages": [], "models": {}, "settings": {}, "created": "", "duration_s": 0.0},
                        [doc], [entity], [], [], [], [], [], [])
    story = store.save_map(nmap, story="map round trip")
    assert to_dict(store.map(story.id)) == to_dict(nmap)
