"""Web fixtures: an app over a temporary store, a CSRF-aware client, hand-made and seed maps."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("fastapi")

from fastapi.testclient import TestClient
from web_maps import contradicting_map

from rashomon.model import Claim, Document, Entity, Mention, NarrativeMap
from rashomon.store import open_store
from rashomon.web import WebConfig, create_app

BASE = "http://127.0.0.1:8000"
LIGHT = ("language",)
HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)>'


class Client(TestClient):
    """A test client that fetches and sends the CSRF token like the app's own pages do."""

    def token(self) -> str:
        return str(self.get("/api/csrf").json()["token"])

    def submit(self, data: dict[str, Any], files: Any = None, path: str = "/api/articles") -> Any:
        return self.post(path, data={**data, "csrf_token": self.token()}, files=files)

    def wait(self, job_id: str, timeout: float = 120.0) -> dict[str, Any]:
        deadline = time.time() + timeout
        while time.time() < deadline:
            job = self.get(f"/api/jobs/{job_id}").json()
            if job["status"] in {"done", "failed"}:
                return dict(job)
            time.sleep(0.05)
        raise AssertionError(f"job {job_id} did not finish in {timeout} s")


@pytest.fixture
def make_client(tmp_path: Path) -> Iterator[Callable[..., Client]]:
    """Build an app with the given config changes and a client for it; closed after the test."""
    clients: list[Client] = []

    def make(**changes: Any) -> Client:
        config = WebConfig(**{"db": str(tmp_path / "web.db"), "stages": LIGHT, **changes})
        client = Client(create_app(config), base_url=BASE)
        client.__enter__()
        clients.append(client)
        return client

    yield make
    for client in clients:
        client.__exit__(None, None, None)


@pytest.fixture
def postgres_url() -> Iterator[str]:
    """A fresh database on the server named by RASHOMON_TEST_POSTGRES, dropped afterwards."""
    import os
    import uuid
    from urllib.parse import urlsplit, urlunsplit

    server = os.environ.get("RASHOMON_TEST_POSTGRES")
    if not server:
        pytest.skip("no PostgreSQL server: set RASHOMON_TEST_POSTGRES=postgresql://USER:PASSWORD@HOST/postgres")
    import psycopg

    name = f"rashomon_web_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(server, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield urlunsplit(urlsplit(server)._replace(path=f"/{name}"))
    finally:
        with psycopg.connect(server, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def client(make_client: Callable[..., Client]) -> Client:
    return make_client()


def _mention(doc: Document, phrase: str, entity: str) -> Mention:
    start = doc.text.index(phrase)
    return Mention(doc.id, start, start + len(phrase), phrase, "PERSON", entity)


def _claim(doc: Document, sentence: str) -> Claim:
    start = doc.text.index(sentence)
    return Claim(Claim.make_id(doc.id, start, start + len(sentence)), doc.id, start, start + len(sentence), sentence)


def hostile_map() -> NarrativeMap:
    """Two invented articles that contradict each other, one of them carrying markup in its text."""
    a = Document.from_text(f"Hostile title {HOSTILE}\n\nQassem Soleimani fought in Iraq after 2003. {HOSTILE} "
                           "He died on January 3, 2020.", source="a.txt", title=f"Hostile title {HOSTILE}",
                           outlet="Courier", comments=[f"A reader comment {HOSTILE}"])
    b = Document.from_text("A calm account\n\nQasem Suleimani did not fight in Iraq after 2003. "
                           "He died on January 2, 2020.", source="b.txt", title="A calm account", outlet="Ledger")
    ca, cb = _claim(a, "Qassem Soleimani fought in Iraq after 2003."), _claim(b, "Qasem Suleimani did not fight "
                                                                              "in Iraq after 2003.")
    sol = Entity("ent_sol", "Qassem Soleimani", "PERSON", ["Qasem Suleimani"],
                 [_mention(a, "Qassem Soleimani", "ent_sol"), _mention(b, "Qasem Suleimani", "ent_sol")])
    return contradicting_map(a, b, ca, cb, sol, f"different dates of death {HOSTILE}")



@pytest.fixture
def hostile_story(client: Client, tmp_path: Path) -> str:
    """The id of a stored story whose map is ``hostile_map()``."""
    with open_store(str(tmp_path / "web.db")) as store:
        return store.save_map(hostile_map(), story=f"Hostile {HOSTILE}").id
