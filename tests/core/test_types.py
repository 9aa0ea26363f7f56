"""The core is type-checked strictly: the data model, settings, registry, pipeline, ingestion, map I/O."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

CORE = ["rashomon/model.py", "rashomon/errors.py", "rashomon/config.py", "rashomon/registry.py",
        "rashomon/pipeline.py", "rashomon/mapio.py", "rashomon/api.py", "rashomon/ingest/"]


@pytest.mark.slow
def test_core_passes_mypy_strict(repo_root: Path) -> None:
    pytest.importorskip("mypy")
    proc = subprocess.run([sys.executable, "-m", "mypy", "--strict", *CORE], cwd=repo_root,
                          check=False, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stdout[-3000:]
