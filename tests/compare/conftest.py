"""Fixtures for the cross-document tests."""

from __future__ import annotations

from typing import Any

import pytest
from compare_helpers import FakeModels


@pytest.fixture
def fake_context() -> Any:
    from rashomon.config import load_settings
    from rashomon.registry import Context

    def build(**models: Any) -> Context:
        return Context(load_settings(), FakeModels(**models))  # type: ignore[arg-type]

    return build
