"""Fixtures of the report tests: hand-made maps (see report_maps.py) and one headless Chromium."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from report_maps import MapBuilder, hostile_map, story_builder

from rashomon.model import NarrativeMap


@pytest.fixture()
def story_map() -> NarrativeMap:
    return story_builder().m


@pytest.fixture()
def story() -> MapBuilder:
    return story_builder()


@pytest.fixture(scope="session")
def seeds_report_map(request: pytest.FixtureRequest) -> NarrativeMap:
    return request.getfixturevalue("seeds_map")  # a missing stage fails the test, never skips it


EXAMPLE_SUFFIXES = {".txt", ".md", ".html", ".htm", ".jsonl"}


@pytest.fixture(scope="session")
def example_map(request: pytest.FixtureRequest, repo_root: Path, settings: Any) -> NarrativeMap:
    """The bundled example corpus (``examples/``), its articles only (READMEs are not articles)."""
    from rashomon.api import analyze

    files = sorted(p for p in (repo_root / "examples").rglob("*")
                   if p.suffix.lower() in EXAMPLE_SUFFIXES and not p.name.lower().startswith("readme"))
    if not files:
        pytest.skip("examples/ holds no articles yet")
    return analyze(files, settings)


@pytest.fixture()
def hostile() -> NarrativeMap:
    return hostile_map()


@pytest.fixture(scope="session")
def artifacts(repo_root: Path) -> Path:
    path = repo_root / "artifacts" / "report"
    path.mkdir(parents=True, exist_ok=True)
    return path


@pytest.fixture()
def open_report(browser: Any, tmp_path: Path) -> Iterator[Callable[..., Any]]:
    """Open a rendered report from disk; the page records console errors and network requests."""
    pages: list[Any] = []

    def opener(html: str, name: str = "report.html") -> Any:
        path = tmp_path / name
        path.write_text(html, encoding="utf-8")
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.errors, page.requests = [], []
        page.on("console", lambda m: m.type == "error" and page.errors.append(m.text))
        page.on("pageerror", lambda e: page.errors.append(str(e)))
        page.on("request", lambda r: not r.url.startswith(("file:", "data:", "about:")) and page.requests.append(r.url))
        page.goto(path.as_uri())
        page.wait_for_selector("#rashomon[data-ready='1']")
        pages.append(page)
        return page

    yield opener
    for page in pages:
        page.close()
