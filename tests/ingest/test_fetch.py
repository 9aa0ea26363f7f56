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


# --- hostile servers -------------------------------------------------------------------------

class Hostile(QuietHandler):
    """A server that trickles, floods, lies about its type or redirects without end."""

    def do_GET(self) -> None:
        port = self.server.server_address[1]
        if self.path == "/trickle":
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            try:
                for _ in range(200):  # 100 s if nobody hangs up
                    self.wfile.write(b"<p>a</p>")
                    self.wfile.flush()
                    time.sleep(0.5)
            except OSError:
                return
        elif self.path == "/image":
            self.send_body(b"\x89PNG" + b"x" * 100, "image/png")
        elif self.path == "/claims-huge":
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", "50000000")
            self.end_headers()
        elif self.path.startswith("/loop"):
            self.send_response(302)
            self.send_header("Location", f"http://127.0.0.1:{port}/loop{len(self.path)}")
            self.end_headers()
        elif self.path == "/to-file":
            self.send_response(302)
            self.send_header("Location", "file:///etc/passwd")
            self.end_headers()
        else:
            self.send_body(ARTICLE)


@pytest.fixture(scope="module")
def hostile() -> Iterator[str]:
    with serving(Hostile) as base:
        yield base


def test_a_trickling_server_is_cut_at_the_total_deadline_and_the_rest_is_kept(hostile: str, tmp_path) -> None:
    good = tmp_path / "good.txt"
    good.write_text("A Good Title\n\nThe council approved the new budget on Monday after a long debate.\n")
    settings = load_settings(overrides={"fetch_timeout_s": 2.0, "allow_private_urls": True})
    got = read_inputs([f"{hostile}/trickle", good], settings)
    assert [d.source for d in got.documents] == [str(good)]
    assert got.skipped[0].source == f"{hostile}/trickle" and "total deadline" in got.skipped[0].reason


@pytest.mark.parametrize(("path", "reason"), [
    ("/image", "unsupported content type 'image/png'"),
    ("/claims-huge", "byte limit"),
    ("/loop", "more than 5 redirects"),
    ("/to-file", "only http:// and https://"),
])
def test_hostile_answers_are_refused_with_reason(hostile: str, path: str, reason: str) -> None:
    with pytest.raises(FetchError, match=reason):
        fetch(f"{hostile}{path}", timeout=5, max_bytes=1_000_000, allow_private=True)


@pytest.mark.parametrize("host", [
    "127.0.0.1", "127.1", "2130706433", "0x7f000001", "0177.0.0.1", "017700000001", "0.0.0.0", "localhost",
    "[::1]", "[::ffff:127.0.0.1]", "[::ffff:7f00:1]", "[0:0:0:0:0:0:0:1]", "10.0.0.1", "172.16.5.4", "192.168.1.1",
    "169.254.169.254", "[fe80::1]", "[fd00::1]", "100.64.0.1", "100.127.255.254", "198.18.0.1", "224.0.0.1",
    "240.0.0.1", "255.255.255.255", "[64:ff9b::7f00:1]", "[2002:7f00:1::]", "[2002:a9fe:a9fe::]",
])
def test_every_spelling_of_a_non_public_address_is_refused(host: str) -> None:
    with pytest.raises(FetchError, match="non-public address|cannot resolve"):
        fetch(f"http://{host}:9/x", timeout=2, max_bytes=10_000, allow_private=False)


@pytest.mark.parametrize("url", ["file:///etc/passwd", "FILE:///etc/passwd", "gopher://127.0.0.1:70/_GET",
                                 "ftp://example.org/x", "dict://127.0.0.1:11211/stats", "data:text/html,<p>x</p>",
                                 "jar:http://example.org/a!/b"])
def test_only_http_schemes_are_fetched(url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Refused before any connection: a scheme other than http(s) never reaches the network or the disk."""
    import httpx

    monkeypatch.setattr(httpx, "Client", None)  # fetching anything would fail differently
    with pytest.raises(FetchError, match="only http:// and https://"):
        fetch(url, timeout=2, max_bytes=10_000, allow_private=True)
    got = read_inputs([url])
    assert got.documents == [] and len(got.skipped) == 1


@pytest.mark.parametrize("addresses", [["10.1.2.3"], ["93.184.216.34", "127.0.0.1"], ["fd12::1"],
                                       ["100.64.7.7"], ["::ffff:169.254.169.254"]])
def test_a_name_that_resolves_to_a_non_public_address_is_refused(addresses: list[str],
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """DNS names are checked by what they resolve to, every address of them, not by how they are spelt."""
    def resolve(host: str, *args: object, **kwargs: object) -> list[tuple[object, ...]]:
        assert host == "intranet.example.org"
        return [(socket.AF_INET6 if ":" in a else socket.AF_INET, socket.SOCK_STREAM, 6, "", (a, 0))
                for a in addresses]

    monkeypatch.setattr(socket, "getaddrinfo", resolve)
    with pytest.raises(FetchError, match="resolves to a non-public address"):
        fetch("http://intranet.example.org/page", timeout=2, max_bytes=10_000, allow_private=False)
