"""Maps the web tests render: two articles that contradict each other, with whatever text each test needs."""

from __future__ import annotations

from rashomon.model import Claim, Conflict, ConflictItem, Document, Entity, Link, NarrativeMap


def contradicting_map(a: Document, b: Document, ca: Claim, cb: Claim, entity: Entity, note: str) -> NarrativeMap:
    """The map of two articles whose claims contradict and whose dates of death ("January 3, 2020" in ``a``,
    "January 2, 2020" in ``b``) conflict, ``note`` being the conflict's explanation."""
    da, db = a.text.index("January 3, 2020"), b.text.index("January 2, 2020")
    conflict = Conflict("date", [ConflictItem(a.id, da, da + 15, "January 3, 2020", "2020-01-03"),
                                 ConflictItem(b.id, db, db + 15, "January 2, 2020", "2020-01-02")], note)
    return NarrativeMap({"stages": [], "models": {}, "settings": {}, "created": "2020-01-05T00:00:00+00:00",
                         "duration_s": 0.0}, [a, b], [entity], [ca, cb], [Link(ca.id, cb.id, "contradict", 0.9)],
                        [], [], [conflict], [])
