"""A small stream on disk: several JSONL files (read in name order), one bad line, one copy."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

TOPICS = {
    "quake": ("Managua", "Rosario Murillo", "earthquake rescue rubble aftershock homes damaged army lake"),
    "oscars": ("Hollywood", "Hugh Jackman", "Oscars host ceremony academy awards ratings gala broadcast"),
    "bank": ("Frankfurt", "Anna Weber", "merger shareholders savings bank credit union lender branches"),
    "storm": ("Manila", "Maria Santos", "typhoon flooding evacuation rain winds coast villages shelters"),
}


def _article(topic: str, i: int) -> str:
    place, person, words = TOPICS[topic]
    w = words.split()
    body = " ".join(random.Random(i).sample(w, 6))
    return f"In {place}, {person} spoke about the {w[0]} on day {i}. Officials said {body}. {person} added more."


@pytest.fixture
def stream_dir(tmp_path: Path) -> Path:
    tmp_path = tmp_path / "stream"
    tmp_path.mkdir()
    order = ["quake", "oscars", "quake", "bank", "storm", "oscars", "bank", "storm", "quake", "storm"]
    rows = []
    for i, topic in enumerate(order):
        rows.append({"text": _article(topic, i), "outlet": f"Outlet {i % 3}", "published": f"2024-03-{1 + i // 3:02d}"})
    rows.insert(4, {"text": rows[1]["text"] + "\nDistributed by Wire.", "outlet": "Wire", "published": "2024-03-02"})
    for part in range(3):
        lines = [json.dumps(r) for r in rows[part * 4 : part * 4 + 4]]
        if part == 1:
            lines.insert(1, "{not json")
        (tmp_path / f"part-{part}.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return tmp_path
