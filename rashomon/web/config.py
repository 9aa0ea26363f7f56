"""What one running web app is configured with: its store, limits and trust settings."""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from dataclasses import dataclass, field

from ..config import Settings, load_settings
from ..pipeline import DEFAULT_STAGES

UPLOAD_SUFFIXES = (".txt", ".md", ".html", ".htm", ".jsonl")


@dataclass(frozen=True)
class WebConfig:
    """Limits default to what a newsroom article needs; raise them with ``rashomon serve`` flags."""

    db: str | None = None
    host: str = "127.0.0.1"
    port: int = 8000
    allow_private_urls: bool = False
    max_upload_bytes: int = 5_000_000  # per file
    max_files: int = 20
    max_text_bytes: int = 1_000_000  # pasted text
    max_request_bytes: int = 30_000_000  # the whole request body
    fetch_timeout_s: float = 10.0
    workers: int = 2  # analyses at once: one slow article never holds up every other job
    max_queued: int = 16  # jobs waiting for a worker; more answer 503
    spool_dir: str | None = None  # where queued uploads wait on disk (default: the system's temp folder)
    stages: Sequence[str] = DEFAULT_STAGES
    settings: Settings = field(default_factory=load_settings)
    secret: str = field(default_factory=lambda: secrets.token_urlsafe(32), repr=False)
    extra_hosts: tuple[str, ...] = ()

    @property
    def allowed_hosts(self) -> set[str]:
        """Host header values accepted (anything else may be a DNS-rebinding attack)."""
        return {"127.0.0.1", "localhost", "::1", "[::1]", self.host, *self.extra_hosts}

    def fetch_settings(self) -> Settings:
        """Settings for reading URLs: private addresses refused unless the user allowed them."""
        return load_settings(overrides={**self.settings.to_dict(), "allow_private_urls": self.allow_private_urls,
                                        "fetch_timeout_s": self.fetch_timeout_s})
