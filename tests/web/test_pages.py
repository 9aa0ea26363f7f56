"""The server-rendered pages: stories, adding with progress, a story's map, documents, search."""

from __future__ import annotations

import re

import pytest

from rashomon.store import open_store

ARTICLE = ("Drone strike near Baghdad\n\nA drone strike near Baghdad airport killed the general on Friday, "
           "officials said. Crowds later mourned him in Tehran.\n")


def _token(html: str) -> str:
    found = re.search(r'name="csrf_token" value="([0-9a-f]+)"', html)
    assert found, "the form carries no CSRF token"
    return found.group(1)


def test_add_form_posts_then_the_job_page_shows_progress(client) -> None:
    page = client.get("/add?story=Strike")
    assert page.status_code == 200 and 'value="Strike"' in page.text
    resp = client.post("/add", data={"story": "Strike", "text": ARTICLE, "csrf_token": _token(page.text)},
                       follow_redirects=False)
    assert resp.status_code == 303 and resp.headers["location"].startswith("/jobs/")
    job_id = resp.headers["location"].rsplit("/", 1)[1]
    page = client.get(resp.headers["location"])
    assert page.status_code == 200 and 'id="job-progress"' in page.text and "/static/app.js" in page.text
    job = client.wait(job_id)
    done = client.get(f"/jobs/{job_id}").text
    assert 'class="status-done"' in done and f'href="/stories/{job["story_id"]}"' in done


def test_index_lists_stories_with_counts_and_last_update(client, hostile_story: str) -> None:
    client.wait(client.submit({"story": "Strike", "text": ARTICLE}).json()["id"])
    page = client.get("/").text
    rows = re.findall(r"<tr>\s*<td><a href=\"/stories/([^\"]+)\">", page)
    assert len(rows) == 2 and hostile_story in rows
    assert re.search(r"<td class=\"num\">2</td><td class=\"num\">1</td><td class=\"num\">1</td>"
                     r"<td class=\"num\">1</td>", page)  # articles, actors, contradictions, conflicts
    assert re.search(r"<time datetime=\"\d{4}-\d\d-\d\dT", page)


def test_story_page_shows_articles_contradictions_and_the_report(client, hostile_story: str) -> None:
    page = client.get(f"/stories/{hostile_story}").text
    assert "A calm account" in page and 'id="contradictions"' in page
    item = page.split('id="contradictions"', 1)[1].split("</ul>", 1)[0]
    assert "Qassem Soleimani fought in Iraq after 2003." in item
    assert "Qasem Suleimani did not fight in Iraq after 2003." in item
    assert f'src="/stories/{hostile_story}/report"' in page and 'sandbox="allow-scripts"' in page
    report = client.get(f"/stories/{hostile_story}/report")
    assert report.status_code == 200 and "sandbox" in report.headers["content-security-policy"]
    assert "Qasem Suleimani" in report.text
    assert f'href="/stories/{hostile_story}/export/json"' in page


def test_document_page_keeps_comments_apart(client, hostile_story: str) -> None:
    story = client.get(f"/api/stories/{hostile_story}").json()
    doc = next(d for d in story["articles"] if d["outlet"] == "Courier")
    page = client.get(f"/documents/{doc['id']}").text
    body, comments = page.split('id="comments"', 1)
    assert "A reader comment" not in body and "A reader comment" in comments
    assert "fought in Iraq after 2003" in body


def test_search_page_marks_matches_and_finds_actors(client, hostile_story: str) -> None:
    page = client.get("/search", params={"q": "calm account"}).text
    assert "<mark>calm</mark>" in page.lower() or "<mark>account</mark>" in page.lower()
    page = client.get("/search", params={"actor": "suleimani"}).text
    assert 'id="actor-hits"' in page and "Qassem Soleimani" in page and f"/stories/{hostile_story}" in page
    assert 'id="no-hits"' in client.get("/search", params={"q": "zyzzyva"}).text


def test_static_assets_and_error_pages(client) -> None:
    assert client.get("/static/app.js").headers["content-type"].startswith("text/javascript")
    assert client.get("/static/app.css").status_code == 200
    missing = client.get("/stories/nothing-here")
    assert missing.status_code == 404 and "<h1>404</h1>" in missing.text


@pytest.mark.slow
def test_the_seeds_story_page(client, seeds_map, tmp_path) -> None:
    """The session's analysed seeds map, stored and served: articles listed, report embedded."""
    with open_store(str(tmp_path / "web.db")) as store:
        sid = store.save_map(seeds_map, story="Soleimani").id
    page = client.get(f"/stories/{sid}").text
    assert len(re.findall(r'<a href="/documents/doc_[0-9a-f]{16}">', page)) == 3
    report = client.get(f"/stories/{sid}/report")
    assert report.status_code == 200 and all((d.title or "")[:20] in report.text for d in seeds_map.documents)
    (actor, *_) = client.get("/api/actors", params={"name": "soleimani"}).json() or [None]
    assert actor is not None and actor["story"] == sid


def test_story_page_leads_with_the_brief_escaped_and_linked(client, hostile_story: str) -> None:
    page = client.get(f"/stories/{hostile_story}").text
    brief = page.split('id="brief"', 1)[1].split("</section>", 1)[0]
    assert page.index('id="brief"') < page.index('id="contradictions"')
    disputed = brief.split('id="brief-disputed"', 1)[1].split("</ul>", 1)[0]
    assert "Qasem Suleimani did not fight in Iraq after 2003." in disputed and "(2020-01-02)" in disputed
    assert "<script>alert" not in page and "&lt;script&gt;alert" in brief
    links = re.findall(r'href="/stories/[^"]+/report#reading/(doc_[0-9a-f]{16})/(\d+)-(\d+)" target="report"', brief)
    assert len(links) == 4 and 'name="report"' in page  # two contradiction sides, two dates
