"""Fixtures of the story tests: a hand-made interleaved stream."""

from __future__ import annotations

import pytest
from story_streams import interleaved

from rashomon.model import Document


@pytest.fixture
def stream() -> list[Document]:
    return interleaved()
