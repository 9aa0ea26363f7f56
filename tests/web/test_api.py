"""The JSON API does everything the pages do: add, poll, read stories and maps, search, export."""

from __future__ import annotations

import io
import json
import zipfile

import pytest

from rashomon.mapio import validate

ARTICLE = ("Drone strike near Baghdad\n\nA drone strike near Baghdad airport killed the general on Friday, "
           "officials said. Crowds later mourned him in Tehran.\n")
OTHER = ("Funeral in Kerman\n\nA stampede at the funeral in Kerman killed dozens of mourners, "
         "state television reported.\n")


def test_add_pasted_text_then_read_the_story(client) -> None:
    assert client.get("/api/stories").json() == []
    resp = client.submit({"story": "Strike", "text": ARTICLE})
    assert resp.status_code == 202 and resp.json()["status"] in {"queued", "reading", "analysing", "done"}
    job = client.wait(resp.json()["id"])
    assert job["status"] == "done" and len(job["added"]) == 1, job
    (story,) = client.get("/api/stories").json()
    assert (story["name"], story["documents"], story["stale"]) == ("Strike", 1, False)
    detail = client.get(f"/api/stories/{story['id']}").json()
    assert detail["articles"][0]["title"] == "Drone strike near Baghdad"
    raw = client.get(f"/api/stories/{story['id']}/map").json()
    validate(raw)
    assert raw["documents"][0]["language"] == "en"
    doc = client.get(f"/api/documents/{raw['documents'][0]['id']}").json()
    assert doc["text"].startswith("Drone strike near Baghdad")


@pytest.mark.postgres
def test_the_app_over_postgresql(make_client, postgres_url: str) -> None:
    client = make_client(db=postgres_url)
    job = client.wait(client.submit({"story": "Strike", "text": ARTICLE}).json()["id"])
    assert job["status"] == "done", job
    assert client.get("/api/stories").json()[0]["documents"] == 1
    (hit,) = client.get("/api/search", params={"q": "mourned"}).json()
    assert any(s["hit"] for s in hit["snippet"])
    assert "PostgreSQL" in client.get("/").text


def test_uploads_are_idempotent(client) -> None:
    files = [("files", ("one.txt", ARTICLE.encode(), "text/plain")),
             ("files", ("two.md", OTHER.encode(), "text/markdown"))]
    first = client.wait(client.submit({"story": "Strike"}, files=files).json()["id"])
    assert first["status"] == "done" and len(first["added"]) == 2
    again = client.wait(client.submit({"story": "Strike"}, files=files).json()["id"])
    assert again["status"] == "done" and again["added"] == [] and sorted(again["known"]) == sorted(first["added"])
    assert client.get("/api/stories").json()[0]["documents"] == 2


def test_jobs_are_listed_and_unknown_ones_are_404(client) -> None:
    job = client.submit({"story": "S", "text": ARTICLE}).json()
    client.wait(job["id"])
    assert client.get("/api/jobs").json()[0]["id"] == job["id"]
    assert client.get("/api/jobs/" + "0" * 32).status_code == 404
    assert client.get("/api/jobs/not-a-job").status_code == 422


def test_search_and_actor_search(client, hostile_story: str) -> None:
    hits = client.get("/api/search", params={"q": "Kerman"}).json()
    assert hits == []
    client.wait(client.submit({"story": "Funeral", "text": OTHER}).json()["id"])
    (hit,) = client.get("/api/search", params={"q": "stampede"}).json()
    assert any(s["hit"] and s["text"].lower() == "stampede" for s in hit["snippet"])
    assert hit["stories"][0]["name"] == "Funeral"
    (actor,) = client.get("/api/actors", params={"name": "qasem"}).json()
    assert actor["name"] == "Qassem Soleimani" and actor["story"] == hostile_story and actor["mention_count"] == 2


def test_exports(client, hostile_story: str) -> None:
    resp = client.get(f"/api/stories/{hostile_story}/export/json")
    assert resp.status_code == 200 and "attachment" in resp.headers["content-disposition"]
    assert json.loads(resp.content)["links"][0]["relation"] == "contradict"
    assert client.get(f"/api/stories/{hostile_story}/export/nope").status_code == 404
    formats = client.get(f"/api/stories/{hostile_story}").json()["exports"]
    if "graphml" in formats:
        import networkx as nx

        graph = client.get(f"/api/stories/{hostile_story}/export/graphml").content
        assert nx.read_graphml(io.BytesIO(graph)).number_of_nodes() > 0
    if "csv" in formats:
        archive = zipfile.ZipFile(io.BytesIO(client.get(f"/api/stories/{hostile_story}/export/csv").content))
        assert any(name.endswith(".csv") for name in archive.namelist())
    if "jsonld" in formats:
        assert json.loads(client.get(f"/api/stories/{hostile_story}/export/jsonld").content)


def test_refresh(client, hostile_story: str) -> None:
    before = client.get(f"/api/stories/{hostile_story}").json()["map_updated"]
    job = client.post(f"/api/stories/{hostile_story}/refresh", headers={"X-CSRF-Token": client.token()})
    assert job.status_code == 202 and client.wait(job.json()["id"])["status"] == "done"
    assert client.get(f"/api/stories/{hostile_story}").json()["map_updated"] != before


def test_unknown_story_is_404(client) -> None:
    resp = client.get("/api/stories/no-such-story")
    assert resp.status_code == 404 and "no story" in resp.json()["detail"]


def test_openapi_describes_every_api_route(client) -> None:
    spec = client.get("/api/openapi.json").json()
    paths = set(spec["paths"])
    assert {"/api/stories", "/api/stories/{story}", "/api/stories/{story}/map", "/api/stories/{story}/export/{fmt}",
            "/api/stories/{story}/refresh", "/api/articles", "/api/jobs", "/api/jobs/{job_id}", "/api/search",
            "/api/actors", "/api/documents/{doc_id}", "/api/csrf"} <= paths
    assert not any(p.startswith(("/stories", "/add", "/static")) for p in paths)  # pages are not API
    form = spec["paths"]["/api/articles"]["post"]["requestBody"]["content"]
    assert "multipart/form-data" in form
