"""Hostile inputs: oversized and mistyped uploads, private URLs, markup in articles, forged
cross-site requests, unknown hosts and path traversal, each refused or rendered harmless."""

from __future__ import annotations

import importlib
from collections.abc import Iterator
from pathlib import Path

import pytest
from local_http import QuietHandler, serving

from rashomon.errors import FetchError
from rashomon.store import open_store

fetch_module = importlib.import_module("rashomon.ingest.fetch")
HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)>'

ARTICLE = "Headline\n\nA plain article about the strike near the airport, long enough to be read.\n"


def _stored(tmp_path: Path) -> int:
    with open_store(str(tmp_path / "web.db")) as store:
        return store.count_documents()


# --- uploads ---------------------------------------------------------------------------------

def test_oversized_upload_is_refused_and_nothing_stored(make_client, tmp_path: Path) -> None:
    client = make_client(max_upload_bytes=2_000)
    resp = client.submit({"story": "S"}, files=[("files", ("big.txt", b"word " * 1_000, "text/plain"))])
    assert resp.status_code == 413 and "upload limit" in resp.json()["detail"]
    assert _stored(tmp_path) == 0


def test_oversized_request_is_refused_before_reading_it(make_client) -> None:
    client = make_client(max_request_bytes=10_000)
    resp = client.submit({"story": "S"}, files=[("files", ("big.txt", b"word " * 5_000, "text/plain"))])
    assert resp.status_code == 413 and "request body" in resp.json()["detail"]


def test_a_body_without_a_length_is_refused(client) -> None:
    chunks = iter([b"--x\r\n", b"word " * 100])
    resp = client.post("/api/articles", content=chunks, headers={"Content-Type": "multipart/form-data; boundary=x"})
    assert resp.status_code == 411


def test_too_many_files_are_refused(make_client) -> None:
    client = make_client(max_files=2)
    files = [("files", (f"{i}.txt", ARTICLE.encode(), "text/plain")) for i in range(3)]
    assert client.submit({"story": "S"}, files=files).status_code == 413


@pytest.mark.parametrize("name, content", [("virus.exe", b"MZ\x90\x00"), ("paper.pdf", b"%PDF-1.4"),
                                           ("noext", b"just text"), ("image.txt", b"\x89PNG\r\n\x1a\n\x00\x00")])
def test_wrong_type_is_refused(client, tmp_path: Path, name: str, content: bytes) -> None:
    resp = client.submit({"story": "S"}, files=[("files", (name, content, "application/octet-stream"))])
    assert resp.status_code == 415, resp.text
    assert _stored(tmp_path) == 0


def test_upload_name_is_only_a_label(client, tmp_path: Path) -> None:
    evil = "../../../../tmp/rashomon-evil.txt"
    job = client.wait(client.submit({"story": "S"}, files=[("files", (evil, ARTICLE.encode(), "text/plain"))])
                      .json()["id"])
    assert job["status"] == "done"
    with open_store(str(tmp_path / "web.db")) as store:
        assert store.document(job["added"][0]).source == "upload:rashomon-evil.txt"
    assert not Path("/tmp/rashomon-evil.txt").exists()


# --- URLs ------------------------------------------------------------------------------------

@pytest.fixture
def local_site() -> Iterator[str]:
    """A local HTTP server with one article and a redirect to it."""

    class Handler(QuietHandler):
        def do_GET(self) -> None:
            if self.path == "/redirect":
                self.send_response(302)
                self.send_header("Location", f"http://127.0.0.1:{self.server.server_address[1]}/article")
                self.end_headers()
                return
            self.send_body(ARTICLE.encode(), "text/plain; charset=utf-8")

    with serving(Handler) as base:
        yield base


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost", "10.0.0.1", "169.254.169.254", "[::1]", "100.64.0.1",
                                  "2130706433", "[::ffff:127.0.0.1]"])
def test_private_urls_are_refused(client, tmp_path: Path, host: str) -> None:
    job = client.wait(client.submit({"story": "S", "url": f"http://{host}:9/article"}).json()["id"])
    assert job["status"] == "failed" and "non-public address" in job["message"], job
    assert _stored(tmp_path) == 0


def test_private_urls_are_fetched_when_allowed(make_client, local_site: str) -> None:
    client = make_client(allow_private_urls=True)
    job = client.wait(client.submit({"story": "S", "url": f"{local_site}/article"}).json()["id"])
    assert job["status"] == "done" and len(job["added"]) == 1


def test_a_redirect_to_a_private_address_is_refused(local_site: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every hop is checked: here 'localhost' passes the check, the 127.0.0.1 it redirects to does not."""
    real = fetch_module._refuse_private

    def only_literal_ips(url: str) -> None:
        if "localhost" not in url:
            real(url)

    monkeypatch.setattr(fetch_module, "_refuse_private", only_literal_ips)
    port = local_site.rsplit(":", 1)[1]
    with pytest.raises(FetchError, match="non-public address"):
        fetch_module.fetch(f"http://localhost:{port}/redirect", 5, 100_000, allow_private=False)


@pytest.mark.parametrize("url", ["file:///etc/passwd", "ftp://example.org/x", "javascript:alert(1)", "http://",
                                 "gopher://127.0.0.1:70/_GET", "dict://127.0.0.1:11211/stats",
                                 "data:text/html,<script>alert(1)</script>", "FILE:///etc/passwd"])
def test_only_http_urls_are_accepted(client, url: str) -> None:
    assert client.submit({"story": "S", "url": url}).status_code == 400


# --- escaping --------------------------------------------------------------------------------

def _assert_inert(html: str) -> None:
    assert "<script>alert" not in html and "<img src=x" not in html
    assert "&lt;script&gt;" in html


def test_markup_in_articles_is_text_on_every_page(client, hostile_story: str) -> None:
    story = client.get(f"/api/stories/{hostile_story}").json()
    doc = next(d for d in story["articles"] if d["outlet"] == "Courier")
    for path in ["/", f"/stories/{hostile_story}", f"/documents/{doc['id']}", "/search?q=hostile",
                 "/search?actor=soleimani", f"/search?q={HOSTILE}"]:
        _assert_inert(client.get(path).text)
    report = client.get(f"/stories/{hostile_story}/report").text
    assert "<script>alert" not in report and "<img src=x" not in report


def test_markup_in_a_pasted_article_and_story_name(client) -> None:
    job = client.wait(client.submit({"story": f"S {HOSTILE}", "title": HOSTILE, "text": f"{ARTICLE}{HOSTILE}"})
                      .json()["id"])
    assert job["status"] == "done"
    _assert_inert(client.get(f"/jobs/{job['id']}").text)
    _assert_inert(client.get(f"/stories/{job['story_id']}").text)
    _assert_inert(client.get(f"/documents/{job['added'][0]}").text)


def test_pages_carry_a_content_security_policy(client) -> None:
    headers = client.get("/").headers
    assert "script-src 'self'" in headers["content-security-policy"]
    assert headers["x-frame-options"] == "DENY" and headers["x-content-type-options"] == "nosniff"


# --- cross-site requests ---------------------------------------------------------------------

def test_post_without_csrf_token_is_refused(client, tmp_path: Path) -> None:
    client.get("/")  # has the cookie, but sends no token
    resp = client.post("/api/articles", data={"story": "S", "text": ARTICLE})
    assert resp.status_code == 403 and "CSRF" in resp.json()["detail"]
    resp = client.post("/add", data={"story": "S", "text": ARTICLE, "csrf_token": "0" * 64})
    assert resp.status_code == 403
    assert _stored(tmp_path) == 0


def test_token_is_bound_to_the_cookie(client, make_client) -> None:
    token = client.token()
    other = make_client()
    resp = other.post("/api/articles", data={"story": "S", "text": ARTICLE, "csrf_token": token})
    assert resp.status_code == 403


@pytest.mark.parametrize("headers", [{"Origin": "https://evil.example"}, {"Sec-Fetch-Site": "cross-site"},
                                     {"Origin": "null"}, {"Sec-Fetch-Site": "same-site"}])
def test_cross_site_post_is_refused_even_with_a_token(client, tmp_path: Path, headers: dict[str, str]) -> None:
    token = client.token()
    resp = client.post("/api/articles", data={"story": "S", "text": ARTICLE, "csrf_token": token}, headers=headers)
    assert resp.status_code == 403 and "cross-site" in resp.json()["detail"]
    assert _stored(tmp_path) == 0


def test_same_origin_post_with_token_is_accepted(client) -> None:
    token = client.token()
    resp = client.post("/api/articles", data={"story": "S", "text": ARTICLE, "csrf_token": token},
                       headers={"Origin": "http://127.0.0.1:8000", "Sec-Fetch-Site": "same-origin"})
    assert resp.status_code == 202


def test_unknown_host_is_refused(client) -> None:
    """A DNS-rebinding page reaches the server under its own host name."""
    assert client.get("/", headers={"Host": "evil.example"}).status_code == 400
    assert client.get("/api/csrf", headers={"Host": "rebind.evil.example:8000"}).status_code == 400


# --- paths -----------------------------------------------------------------------------------

@pytest.mark.parametrize("path", [
    "/static/..%2F..%2F..%2Fetc%2Fpasswd", "/static/../../etc/passwd", "/static/__init__.py",
    "/static/base.html.j2", "/documents/..%2F..%2Fetc%2Fpasswd", "/api/documents/../../etc/passwd",
    "/stories/..%2F..%2Fetc%2Fpasswd", "/stories/%2Fetc%2Fpasswd/report",
    "/api/stories/..%2F..%2Fetc%2Fpasswd/map", "/stories/x/export/..%2F..%2Fetc%2Fpasswd",
    "/api/jobs/..%2F..%2Fetc%2Fpasswd"])
def test_path_traversal_reaches_no_file(client, path: str) -> None:
    resp = client.get(path)
    assert resp.status_code in {404, 422}, (path, resp.status_code)
    assert "root:" not in resp.text and "import" not in resp.text
