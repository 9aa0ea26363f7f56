"""The store's contract, run on SQLite and on PostgreSQL alike."""

from __future__ import annotations

import pytest

from rashomon.errors import StoreError
from rashomon.mapio import to_dict
from rashomon.store import StoryNotFound, format_stories, list_stories, open_store
from rashomon.store._db import connect
from rashomon.store.migrations import MIGRATIONS, current_version, migrate


def test_migrations_are_recorded_once_and_in_order(store_url: str) -> None:
    with open_store(store_url) as store:
        rows = store.db.query("SELECT version, name FROM schema_migrations ORDER BY version")
    assert [r["version"] for r in rows] == [m.version for m in MIGRATIONS]
    with open_store(store_url) as store:  # reopening applies nothing new
        assert migrate(store.db) == []
        assert current_version(store.db) == MIGRATIONS[-1].version


def test_a_failing_migration_leaves_no_trace(store_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    from rashomon.store import migrations, resolve_url

    broken = migrations.Migration(99, "broken", ("CREATE TABLE half_done (x TEXT)", "THIS IS NOT SQL"))
    monkeypatch.setattr(migrations, "MIGRATIONS", [*migrations.MIGRATIONS, broken])
    with pytest.raises(StoreError, match="cannot migrate"):
        open_store(store_url)
    db = connect(*resolve_url(store_url))
    try:
        assert current_version(db) == MIGRATIONS[-1].version
        table = ("SELECT count(*) AS n FROM sqlite_master WHERE name = 'half_done'" if db.dialect == "sqlite"
                 else "SELECT count(*) AS n FROM information_schema.tables WHERE table_name = 'half_done'")
        assert db.one(table) == {"n": 0}
    finally:
        db.close()


def test_adding_the_same_article_twice_changes_nothing(store, article) -> None:
    doc = article("Soleimani was killed by a drone strike near Baghdad airport.", title="Strike")
    first = store.add([doc], story="Soleimani")
    before = store.story("Soleimani")
    again = store.add([article("Soleimani  was killed by a drone strike\nnear Baghdad airport.")], story="Soleimani")
    assert first == again
    assert store.count_documents() == 1
    after = store.story("Soleimani")
    assert after.documents == 1 and after.updated == before.updated
    assert store.document(first[0]).title == "Strike"  # the first copy's metadata is kept


def test_add_is_all_or_nothing(store, article) -> None:
    good = article("A first article about the strike, long enough to count.")

    def documents():
        yield good
        raise RuntimeError("reader died")

    with pytest.raises(RuntimeError):
        store.add(documents(), story="S")
    assert store.count_documents() == 0
    assert store.stories() == []


def test_stories_listing_counts_and_lookup(store, article) -> None:
    store.add([article("First article text about the strike in Baghdad.")], story="Baghdad strike")
    store.add([article("Second article text about the strike in Baghdad."),
               article("Third article text, on the funeral in Kerman.")], story="Baghdad strike")
    store.add([article("An unrelated article on the Copiapo mine rescue.")], story="Copiapo")
    listed = list_stories(store)
    assert [s.name for s in listed] == ["Copiapo", "Baghdad strike"]  # most recently updated first
    strike = store.story("Baghdad strike")
    assert strike.documents == 3 and strike.stale and not strike.has_map
    assert store.story(strike.id).name == "Baghdad strike"
    assert [d.text[:5] for d in store.documents(strike.id)] == ["First", "Secon", "Third"]
    assert "Baghdad strike" in format_stories(listed)
    with pytest.raises(StoryNotFound):
        store.story("no such story")


def test_documents_without_a_story_and_assigning_them_later(store, article) -> None:
    ids = store.add([article("An article nobody has filed under a story yet.")])
    assert store.stories() == [] and store.count_documents() == 1
    info = store.assign(ids, "Later")
    assert info.documents == 1 and store.documents("Later")[0].id == ids[0]


def test_save_map_round_trips_and_indexes_actors(store, hand_map) -> None:
    nmap = hand_map()
    info = store.save_map(nmap, story="Soleimani")
    assert (info.documents, info.entities, info.links, info.conflicts) == (2, 2, 1, 1)
    assert not store.is_stale("Soleimani")
    assert to_dict(store.map("Soleimani")) == to_dict(nmap)
    hits = store.search_actor("suleimani")  # an alias, in another case
    assert [(h.name, h.mention_count) for h in hits] == [("Qassem Soleimani", 2)]
    assert {m.text for m in hits[0].mentions} == {"Qassem Soleimani", "Qasem Suleimani"}
    assert store.search_actor("nobody") == [] and store.search_actor("%") == []


def test_saving_a_newer_map_replaces_the_actor_index(store, hand_map) -> None:
    nmap = hand_map()
    store.save_map(nmap, story="S")
    nmap.entities = [e for e in nmap.entities if e.name == "Baghdad"]
    store.save_map(nmap, story="S")
    assert store.search_actor("soleimani") == []
    assert len(store.search_actor("baghdad")) == 1


def test_save_map_without_a_story_names_one_and_is_idempotent(store, hand_map) -> None:
    first = store.save_map(hand_map())
    second = store.save_map(hand_map())
    assert first.id == second.id and "Strike in Baghdad" in first.name
    assert len(store.stories()) == 1


def test_a_new_article_makes_the_map_stale(store, article, hand_map) -> None:
    store.save_map(hand_map(), story="S")
    store.add([article("A third account of the strike, from yet another outlet.")], story="S")
    assert store.is_stale("S") and store.story("S").stale


def test_full_text_search_marks_matches_and_names_stories(store, article) -> None:
    store.add([article("The drone strike killed the general near the airport.", title="Airport strike"),
               article("Protesters gathered in Tehran to mourn.", title="Mourning")], story="S")
    hits = store.search("drones airport")  # stemmed: drones matches drone
    assert [h.title for h in hits] == ["Airport strike"]
    assert {s.text.lower() for s in hits[0].snippet if s.hit} >= {"drone", "airport"}
    assert hits[0].stories[0]["name"] == "S"
    assert [h.title for h in store.search("Mourning")] == ["Mourning"]  # titles are searched too


@pytest.mark.parametrize("query", ['"', "NEAR(", "a OR", "title:x", "*", "'; DROP TABLE documents; --", "", "   "])
def test_search_takes_any_user_text_as_words(store, query: str, article) -> None:
    store.add([article("Some article text that exists in the store.")], story="S")
    assert isinstance(store.search(query), list)
    assert store.count_documents() == 1


def test_nul_and_control_characters_survive(store, article) -> None:
    doc = article("Text with a NUL \x00 byte, a bell \x07 and an emoji \U0001F600 in it.", title="T\x00")
    (doc_id,) = store.add([doc], story="S")
    assert store.document(doc_id).text == doc.text and store.document(doc_id).title == "T\x00"


def test_unsupported_url_is_refused() -> None:
    with pytest.raises(StoreError, match="unsupported store URL"):
        open_store("mysql://localhost/x")


def test_default_location_follows_environment(tmp_path, monkeypatch: pytest.MonkeyPatch) -> None:
    from rashomon.store import resolve_url

    monkeypatch.setenv("RASHOMON_DB", str(tmp_path / "env.db"))
    assert resolve_url(None) == ("sqlite", str(tmp_path / "env.db"))
    assert resolve_url("sqlite:////tmp/x.db") == ("sqlite", "/tmp/x.db")
    assert resolve_url("postgresql://u@h/db")[0] == "postgresql"
    monkeypatch.delenv("RASHOMON_DB")
    dialect, path = resolve_url(None)
    assert dialect == "sqlite" and path.endswith("rashomon.db")


def test_postgres_without_its_extra_names_the_install_line(monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    from rashomon.errors import MissingExtra

    monkeypatch.setitem(sys.modules, "psycopg", None)
    with pytest.raises(MissingExtra, match=r"pip install 'rashomon\[postgres\]'"):
        open_store("postgresql://u@127.0.0.1:1/db")
