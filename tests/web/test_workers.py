"""Work runs in several workers behind a bounded queue; queued uploads wait on disk; limits answer as documented.

A local server that holds its answer until the test releases it keeps a worker
busy for as long as the test needs, without any timing assumption.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from local_http import QuietHandler, serving

ARTICLE = "Headline\n\nA plain article about the strike near the airport, long enough to be read.\n"
OTHER = "Second Headline\n\nThe harbour reopened on Sunday after the storm had passed over the coast.\n"
RELEASE = threading.Event()


class Held(QuietHandler):
    """Answers with an article once the test sets ``RELEASE``."""

    def do_GET(self) -> None:
        RELEASE.wait(60)
        self.send_body(f"Held Article {self.path}\n\nThe bridge was closed on Friday after engineers "
                       "found cracks.\n".encode(), "text/plain; charset=utf-8")


@pytest.fixture
def held_site() -> Iterator[str]:
    RELEASE.clear()
    with serving(Held) as base:
        try:
            yield base
        finally:
            RELEASE.set()


def _until(client, job_id: str, status: set[str], timeout: float = 60) -> dict:
    deadline = time.time() + timeout
    while time.time() < deadline:
        job = client.get(f"/api/jobs/{job_id}").json()
        if job["status"] in status:
            return dict(job)
        time.sleep(0.05)
    raise AssertionError(f"job {job_id} never reached {status}")


def _hold_a_worker(client, site: str, name: str = "a") -> str:
    job = client.submit({"story": "S", "url": f"{site}/{name}"}).json()["id"]
    _until(client, job, {"reading"})
    return str(job)


def test_a_held_job_does_not_hold_up_the_next(make_client: Callable, held_site: str) -> None:
    client = make_client(workers=2, allow_private_urls=True, fetch_timeout_s=60)
    held = _hold_a_worker(client, held_site)
    quick = client.wait(client.submit({"story": "S", "text": ARTICLE}).json()["id"])
    assert quick["status"] == "done" and len(quick["added"]) == 1
    assert client.get(f"/api/jobs/{held}").json()["status"] == "reading"
    RELEASE.set()
    assert client.wait(held)["status"] == "done"


def test_a_full_queue_answers_503_and_loses_nothing_queued(make_client: Callable, held_site: str,
                                                          tmp_path: Path) -> None:
    spool = tmp_path / "spool"
    spool.mkdir()
    client = make_client(workers=1, max_queued=1, allow_private_urls=True, fetch_timeout_s=60,
                         spool_dir=str(spool))
    held = _hold_a_worker(client, held_site)
    queued = client.submit({"story": "S"}, files=[("files", ("a.txt", ARTICLE.encode(), "text/plain"))])
    assert queued.status_code == 202 and queued.json()["status"] == "queued"
    waiting = [p for p in spool.rglob("*") if p.is_file()]
    assert [p.read_bytes() for p in waiting] == [ARTICLE.encode()], "a queued upload waits on disk"
    refused = client.submit({"story": "S"}, files=[("files", ("b.txt", OTHER.encode(), "text/plain"))])
    assert refused.status_code == 503 and "busy" in refused.json()["detail"]
    page = client.submit({"story": "S", "text": OTHER}, path="/add")
    assert page.status_code == 503
    assert [p for p in spool.rglob("*") if p.is_file()] == waiting, "a refused upload leaves nothing behind"
    RELEASE.set()
    assert client.wait(held)["status"] == "done"
    assert client.wait(queued.json()["id"])["status"] == "done"
    assert not [p for p in spool.rglob("*") if p.is_file()], "spooled uploads are removed once read"


def test_a_refused_upload_leaves_no_spooled_file(make_client: Callable, tmp_path: Path) -> None:
    spool = tmp_path / "spool"
    spool.mkdir()
    client = make_client(spool_dir=str(spool), max_upload_bytes=1000)
    resp = client.submit({"story": "S"}, files=[("files", ("a.txt", ARTICLE.encode(), "text/plain")),
                                                ("files", ("big.txt", b"x" * 5000, "text/plain"))])
    assert resp.status_code == 413
    assert not list(spool.iterdir())


@pytest.mark.parametrize("path", ["/api/articles", "/add"])
def test_pasted_text_over_the_limit_answers_413(client, path: str) -> None:
    resp = client.submit({"story": "S", "text": "word " * 220_000}, path=path)  # 1.1 MB
    assert resp.status_code == 413
    assert "pasted text" in resp.text


def test_an_upper_case_url_is_fetched_never_read_as_a_path(client) -> None:
    resp = client.submit({"story": "S", "url": "HTTP://127.0.0.1:9/../../etc/passwd"})
    assert resp.status_code == 202
    job = client.wait(resp.json()["id"])
    assert job["status"] == "failed" and "non-public address" in job["message"], job


def _serve_args(*extra: str) -> object:
    import argparse

    from rashomon.commands import serve

    parser = argparse.ArgumentParser()
    serve.register(parser.add_subparsers())
    return parser.parse_args(["serve", *extra])


def test_serve_flags_reach_the_app_config(tmp_path: Path) -> None:
    from rashomon.commands.serve import web_config

    config = web_config(_serve_args("--workers", "3", "--max-queued", "5", "--spool-dir", str(tmp_path)))
    assert (config.workers, config.max_queued, config.spool_dir) == (3, 5, str(tmp_path))


@pytest.mark.parametrize("flags", [("--workers", "0"), ("--max-queued", "-1"), ("--spool-dir", "/nonexistent/spool")])
def test_serve_refuses_impossible_limits_by_name(flags: tuple[str, str]) -> None:
    from rashomon.commands.serve import web_config
    from rashomon.errors import ConfigError

    with pytest.raises(ConfigError, match=flags[0]):
        web_config(_serve_args(*flags))
