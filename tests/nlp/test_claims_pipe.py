"""The claims stage's batch entry point gives what the per-document one gives."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from rashomon.model import DocAnalysis


@pytest.mark.slow
def test_pipe_over_the_seeds_matches_one_document_at_a_time(seeds_dir: Any, context: Any) -> None:
    from rashomon.ingest import read_inputs
    from rashomon.pipeline import Pipeline

    documents = read_inputs([seeds_dir]).documents
    before = Pipeline.assemble(("parse", "mentions"), context=context)
    stage = Pipeline.assemble(("parse", "mentions", "claims"), context=context).specs[-1].factory(context)

    def parsed() -> list[DocAnalysis]:
        items, skipped = before.run_documents(documents)
        assert not skipped
        return items

    one = [stage(item) for item in parsed()]
    many = stage.pipe(parsed())
    assert sum(len(i.claims) for i in many) > 50
    for a, b in zip(one, many):
        assert [(c.id, c.kind, c.checkworthy) for c in a.claims] == [(c.id, c.kind, c.checkworthy) for c in b.claims]
        for cid, vec in a.scratch.claim_vectors.items():
            assert np.allclose(vec, b.scratch.claim_vectors[cid], atol=1e-5)
