"""Shared fixtures: real data locations, and models loaded once per test session."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("RASHOMON_CHECK_CONTRACTS", "true")  # every stage's assigned fields checked against the model

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
    from rashomon.benchdata import data_root

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


CHROMIUM = Path("/usr/bin/chromium")  # Debian's package: the browser CI installs, never a downloaded build
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """One headless Chromium for the whole session: Playwright's sync API allows one instance per thread."""
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is absent: install Debian's chromium package to run the browser tests")
    sync_api = pytest.importorskip("playwright.sync_api", reason="the playwright package is not installed")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield b
        b.close()
