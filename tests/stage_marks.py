"""Test stages leave a mark in a real field of the model (a mention labelled by the stage), as stages must."""

from __future__ import annotations

from rashomon.model import DocAnalysis, Mention


def mark(item: DocAnalysis, label: str) -> DocAnalysis:
    """Record that a test stage ran on ``item``: an empty mention with the stage's label."""
    item.mentions.append(Mention(item.document.id, 0, 0, "", label))
    return item


def marks(item: DocAnalysis) -> list[str]:
    """The labels of the test stages that ran on ``item``, in order."""
    return [m.label for m in item.mentions if m.text == "" and m.start == m.end == 0]
