"""URLs are fetched from a local HTTP server the test starts: good, dead, slow, too big, refused."""

from __future__ import annotations

import socket
import time
from collections.abc import Iterator

import pytest
from local_http import QuietHandler, serving

from rashomon.config import load_settings
from rashomon.errors import FetchError
from rashomon.ingest import read_inputs
from rashomon.ingest.fetch import fetch

ARTICLE = (b"<html><head><title>Bridge Closed</title></head><body><article><h1>Bridge Closed</h1>"
           b"<p>The old bridge was closed to traffic on Friday after engineers found cracks in two piers.</p>"
           b"<p>The city said repairs would take at least three months.</p></article></body></html>")


class Handler(QuietHandler):
    def do_GET(self) -> None:
        if self.path == "/slow":
            time.sleep(3)
        if self.path == "/missing":
            self.send_error(404)
            return
        self.send_body(b"x" * 3_000_000 if self.path == "/big" else ARTICLE)


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    with serving(Handler) as base:
        yield base


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_url_article_is_read(server: str) -> None:
    got = read_inputs([f"{server}/article"])
    assert got.skipped == [] and got.documents[0].title == "Bridge Closed"
    assert got.documents[0].url == f"{server}/article"


@pytest.mark.parametrize(
    ("path", "reason"),
    [("/missing", "HTTP 404"), ("/slow", "timed out"), ("/big", "byte limit")],
)
def test_bad_urls_are_skipped_with_reason(server: str, path: str, reason: str) -> None:
    settings = load_settings(overrides={"fetch_timeout_s": 1.0, "fetch_max_bytes": 1_000_000})
    got = read_inputs([f"{server}{path}", f"{server}/article"], settings)
    assert len(got.documents) == 1
    assert reason in got.skipped[0].reason and got.skipped[0].source == f"{server}{path}"


def test_dead_url() -> None:
    got = read_inputs([f"http://127.0.0.1:{_free_port()}/gone"], load_settings(overrides={"fetch_timeout_s": 2}))
    assert got.documents == [] and "cannot fetch" in got.skipped[0].reason


def test_private_addresses_refused_unless_allowed(server: str) -> None:
    with pytest.raises(FetchError, match="non-public address"):
        fetch(f"{server}/article", timeout=2, max_bytes=10_000, allow_private=False)
    assert fetch(f"{server}/article", timeout=2, max_bytes=10_000, allow_private=True).body == ARTICLE
