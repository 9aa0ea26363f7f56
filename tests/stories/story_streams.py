"""Hand-made article streams shared by the story tests."""

from __future__ import annotations

import json
from pathlib import Path

from rashomon.model import Document

QUAKE = [
    ("A magnitude 6.1 earthquake struck Managua, Nicaragua, on Sunday, damaging homes. Rosario Murillo said "
     "rescue teams from the Nicaraguan army were searching collapsed buildings near the lake."),
    ("Rescuers in Managua searched for survivors after the earthquake. Vice President Rosario Murillo said "
     "the quake damaged hundreds of homes across Nicaragua and the army was clearing rubble."),
    ("Nicaragua counted the damage from the Managua earthquake as aftershocks rattled the capital. Murillo "
     "said rescue teams had reached every damaged district."),
]
OSCARS = [
    ("Oscar organizers on Friday named Hugh Jackman as host of the Academy Awards ceremony in Hollywood, "
     "hoping the actor will lift television ratings for the gala."),
    ("Hugh Jackman will host the Oscars, the Academy said, calling the actor a showman who can sing and "
     "dance through the long Academy Awards broadcast from Hollywood."),
]
BANK = [
    ("Shareholders of Rhine Savings Bank approved the merger with Danube Credit Union at a meeting in "
     "Frankfurt, creating the largest cooperative lender in Bavaria."),
    ("The merger of Rhine Savings Bank and Danube Credit Union was approved by shareholders in Frankfurt; "
     "chief executive Anna Weber said branches in Bavaria would stay open."),
]


def doc(text: str, day: str | None = "2024-03-01", outlet: str | None = None) -> Document:
    return Document.from_text(text, source=f"{outlet or 'src'}:{text[:20]}", published=day, outlet=outlet)


def interleaved() -> list[Document]:
    """Three interleaved stories over three days."""
    days = ["2024-03-01", "2024-03-01", "2024-03-02", "2024-03-02", "2024-03-02", "2024-03-03", "2024-03-03"]
    texts = [QUAKE[0], OSCARS[0], QUAKE[1], BANK[0], OSCARS[1], QUAKE[2], BANK[1]]
    return [doc(t, d, f"Outlet {i}") for i, (t, d) in enumerate(zip(texts, days))]


def write_jsonl(path: Path, docs: list[Document]) -> Path:
    rows = [{"text": d.text, "published": d.published, "outlet": d.outlet} for d in docs]
    path.write_text("".join(json.dumps({k: v for k, v in r.items() if v}) + "\n" for r in rows), encoding="utf-8")
    return path
