"""The packaged agree/contradict model, loaded once per test session."""

from __future__ import annotations

from typing import Any

import pytest


@pytest.fixture(scope="session")
def nli_model() -> Any:
    from rashomon.models.nli import load_packaged

    return load_packaged("rashomon-nli-minilm")
