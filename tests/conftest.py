"""Shared fixtures: real data locations, and models loaded once per test session."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"


@pytest.fixture(scope="session")
def repo_root() -> Path:
    return REPO


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    path = SHARED / "seeds"
    if not path.is_dir():
        pytest.skip("../shared/seeds is absent: the seed articles are not on this machine")
    return path


@pytest.fixture(scope="session")
def shared_data() -> Path:
    from rashomon.eval.tasks import data_root

    path = data_root()
    if not path.is_dir():
        pytest.skip("../shared/data is absent: benchmark data is not on this machine")
    return path


@pytest.fixture(scope="session")
def settings() -> Any:
    from rashomon.config import load_settings

    return load_settings()


@pytest.fixture(scope="session")
def context(settings: Any) -> Any:
    from rashomon.models.registry import ModelRegistry
    from rashomon.registry import Context

    return Context(settings, ModelRegistry(settings))


@pytest.fixture(scope="session")
def nlp(context: Any) -> Any:
    return context.models.get("spacy")


@pytest.fixture(scope="session")
def seeds_map(seeds_dir: Path, settings: Any) -> Any:
    """The narrative map of the three seed articles, computed once per session."""
    from rashomon.api import analyze

    return analyze([seeds_dir], settings)
