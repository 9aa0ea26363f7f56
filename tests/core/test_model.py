"""Content-hash ids and the map round trip."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from rashomon import mapio
from rashomon.model import Claim, Document, NarrativeMap


def test_document_id_ignores_source_and_whitespace_layout() -> None:
    a = Document.from_text("Soleimani was killed.\n", source="a.txt")
    b = Document.from_text("Soleimani  was killed.", source="b.txt")
    c = Document.from_text("Soleimani was not killed.", source="a.txt")
    assert a.id == b.id != c.id


@given(st.text(min_size=1, max_size=300))
def test_any_text_survives_the_map_round_trip(text: str) -> None:
    doc = Document.from_text(text, "x")
    claim = Claim(Claim.make_id(doc.id, 0, len(text)), doc.id, 0, len(text), text)
    nmap = NarrativeMap({"stages": []}, [doc], [], [claim], [], [], [], [], [])
    assert mapio.loads(mapio.dumps(nmap)) == nmap
