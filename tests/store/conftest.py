"""Store fixtures: the same tests run on SQLite and on a real PostgreSQL server.

PostgreSQL tests read the server URL from ``RASHOMON_TEST_POSTGRES`` (e.g.
``postgresql://postgres:postgres@127.0.0.1:5432/postgres``), create their own
database and drop it afterwards; without the variable they are skipped.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest

from rashomon.model import Claim, Conflict, ConflictItem, Document, Entity, Link, Mention, NarrativeMap
from rashomon.store import Store, open_store

PG_ENV = "RASHOMON_TEST_POSTGRES"


def _with_database(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{name}"))


def postgres_server() -> str:
    url = os.environ.get(PG_ENV)
    if not url:
        pytest.skip(f"no PostgreSQL server: set {PG_ENV}=postgresql://USER:PASSWORD@HOST:PORT/postgres "
                    "to run the store suite against PostgreSQL")
    return url


def create_pg_database() -> tuple[str, str]:
    """A fresh, empty database on the test server: (its URL, the server URL)."""
    import psycopg

    server = postgres_server()
    name = f"rashomon_test_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(server, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    return _with_database(server, name), server


def drop_pg_database(url: str, server: str) -> None:
    import psycopg

    name = urlsplit(url).path.lstrip("/")
    with psycopg.connect(server, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A URL to an empty store, once per backend."""
    if request.param == "sqlite":
        yield str(tmp_path / "store.db")
        return
    url, server = create_pg_database()
    try:
        yield url
    finally:
        drop_pg_database(url, server)


@pytest.fixture
def store(store_url: str) -> Iterator[Store]:
    with open_store(store_url) as s:
        yield s


@pytest.fixture(name="article")
def article_fixture() -> Callable[..., Document]:
    """Make a Document from text and metadata."""
    return article


@pytest.fixture(name="hand_map")
def hand_map_fixture() -> Callable[[], NarrativeMap]:
    """Make the hand-built map (a fresh copy each call)."""
    return hand_map


def article(text: str, **meta: str) -> Document:
    return Document.from_text(text, source=meta.pop("source", "test.txt"), **meta)


def hand_map() -> NarrativeMap:
    """A small map built by hand: two documents, two actors, a contradiction and a date conflict."""
    a = article("Qassem Soleimani was killed in Baghdad on January 3, 2020. He had fought in Iraq after 2003.",
                title="Strike in Baghdad", outlet="Courier", published="2020-01-04", source="a.txt")
    b = article("General Qasem Suleimani died on January 2, 2020. He did not fight in Iraq after 2003.",
                title="A general dies", outlet="Ledger", source="b.txt")

    def mention(doc: Document, phrase: str, entity: str, label: str) -> Mention:
        start = doc.text.index(phrase)
        return Mention(doc.id, start, start + len(phrase), phrase, label, entity)

    sol = Entity("ent_soleimani", "Qassem Soleimani", "PERSON", ["Qasem Suleimani"],
                 [mention(a, "Qassem Soleimani", "ent_soleimani", "PERSON"),
                  mention(b, "Qasem Suleimani", "ent_soleimani", "PERSON")])
    bag = Entity("ent_baghdad", "Baghdad", "GPE", [], [mention(a, "Baghdad", "ent_baghdad", "GPE")])
    ca_text, cb_text = "He had fought in Iraq after 2003.", "He did not fight in Iraq after 2003."
    ca_start, cb_start = a.text.index(ca_text), b.text.index(cb_text)
    ca = Claim(Claim.make_id(a.id, ca_start, ca_start + len(ca_text)), a.id, ca_start, ca_start + len(ca_text),
               ca_text, entities=[sol.id])
    cb = Claim(Claim.make_id(b.id, cb_start, cb_start + len(cb_text)), b.id, cb_start, cb_start + len(cb_text),
               cb_text, entities=[sol.id])
    da, db = a.text.index("January 3, 2020"), b.text.index("January 2, 2020")
    conflict = Conflict("date", [ConflictItem(a.id, da, da + 15, "January 3, 2020", "2020-01-03"),
                                 ConflictItem(b.id, db, db + 15, "January 2, 2020", "2020-01-02")],
                        "the sources give different dates for the death")
    return NarrativeMap({"stages": [], "models": {}, "settings": {}, "created": "2020-01-05T00:00:00+00:00",
                         "duration_s": 0.0}, [a, b], [bag, sol], [ca, cb], [Link(ca.id, cb.id, "contradict", 0.9)],
                        [], [], [conflict], [])
