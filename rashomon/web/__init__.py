"""The local web app over the store: ``rashomon serve`` (the ``[web]`` extra).

    >>> from rashomon.web import WebConfig, create_app  # doctest: +SKIP
    >>> app = create_app(WebConfig(db="stories.db"))  # doctest: +SKIP

Routes, the JSON API and the safety measures are described in ``docs/web.md``.
"""

from __future__ import annotations

try:
    import fastapi  # noqa: F401
except ImportError:  # pragma: no cover - depends on the installed extras
    from ..errors import MissingExtra

    raise MissingExtra("the web app", "web") from None

from .app import create_app
from .config import WebConfig

__all__ = ["WebConfig", "create_app"]
