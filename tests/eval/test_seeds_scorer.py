"""The seeds scorer finds gold snippets whatever whitespace the article uses."""

from __future__ import annotations

from types import SimpleNamespace

from rashomon.eval.seeds import Seeds


def test_snippets_match_across_no_break_spaces() -> None:
    doc = SimpleNamespace(id="doc_1", source="seeds/001_abc.txt")
    claim = SimpleNamespace(doc="doc_1", text="Soleimani covertly\xa0met with Putin\nin Moscow.")
    other = SimpleNamespace(doc="doc_2", text="Soleimani covertly met with Putin.")
    s = Seeds(SimpleNamespace(documents=[doc], entities=[], claims=[claim, other]))  # type: ignore[arg-type]
    assert s.claims("001", "covertly met with Putin in Moscow") == [claim]
    assert s.claims("001", "met with Assad") == []
