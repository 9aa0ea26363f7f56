"""Where the public benchmark data lives, for the models' training and for scoring alike.

``--data PATH`` when given, else ``$RASHOMON_DATA``, else ``../shared/data``
beside the repository. Its own module so that training (``rashomon.models``)
need not import the scorers (``rashomon.eval``) to find it.
"""

from __future__ import annotations

import os
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]


def data_root(given: str | Path | None = None) -> Path:
    """Where the shared benchmark data lives."""
    if given:
        return Path(given)
    if os.environ.get("RASHOMON_DATA"):
        return Path(os.environ["RASHOMON_DATA"])
    return REPO_ROOT.parent / "shared" / "data"
