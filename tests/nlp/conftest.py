"""Fixtures for the per-document stages: the claim pipeline and the analysed seeds, built once."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

CLAIM_STAGES = ("parse", "mentions", "claims", "attribution", "citations")


@pytest.fixture(scope="session")
def claim_pipeline(context: Any) -> Any:
    from rashomon.pipeline import Pipeline

    return Pipeline.assemble(CLAIM_STAGES, context=context)


@pytest.fixture(scope="session")
def analyse(claim_pipeline: Any) -> Callable[..., Any]:
    """Run parse -> citations on one hand-written text; returns its DocAnalysis."""
    from rashomon.model import Document

    def run(text: str, **meta: Any) -> Any:
        items, skipped = claim_pipeline.run_documents([Document.from_text(text, **meta)])
        assert not skipped, skipped
        return items[0]

    return run


@pytest.fixture(scope="session")
def seed_items(seeds_dir: Path, claim_pipeline: Any) -> dict[str, Any]:
    """The three seed articles through parse -> citations, keyed by file-name prefix ("000")."""
    from rashomon.ingest import read_inputs

    documents = read_inputs([seeds_dir]).documents
    items, skipped = claim_pipeline.run_documents(documents)
    assert not skipped, skipped
    return {Path(i.document.source).name[:3]: i for i in items}
