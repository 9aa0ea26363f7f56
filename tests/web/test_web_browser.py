"""The newcomer's flow in a real browser (headless Debian Chromium) against ``rashomon serve``:
upload the three seeds, add a fourth article by URL, wait for the jobs, read the story's map."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from local_http import QuietHandler, serving

pytestmark = pytest.mark.browser

# An invented fourth article, served by the test's own HTTP server.
FOURTH = """<!doctype html><html><head><title>A year after the Baghdad strike</title>
<meta name="author" content="Lena Ortiz"><meta property="og:site_name" content="The Harbour Review"></head>
<body><article><h1>A year after the Baghdad strike</h1>
<p>One year after Qassem Soleimani was killed by a US drone near Baghdad airport, analysts in Tehran and
Washington still disagree about what the strike changed.</p>
<p>Officials in Iraq said the militias he backed remained as strong as before, while US officials argued
that the killing had deterred further attacks on American troops.</p>
<p>Protesters in Baghdad, who had marched against the militias for months, said little had changed.</p>
</article></body></html>"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def article_site() -> Iterator[str]:
    class Handler(QuietHandler):
        def do_GET(self) -> None:
            self.send_body(FOURTH.encode())

    with serving(Handler) as base:
        yield f"{base}/a-year-after"


def serve(tmp_path: Path, stages: str | None) -> tuple[subprocess.Popen[bytes], str]:
    """Start ``rashomon serve`` on a free port over a fresh store; return it once it answers."""
    port = _free_port()
    cmd = [sys.executable, "-m", "rashomon", "serve", "--db", str(tmp_path / "app.db"), "--port", str(port),
           "--allow-private-urls"] + (["--stages", stages] if stages else [])
    with open(tmp_path / "serve.log", "wb") as log:  # the child keeps its own handle
        proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT,
                                env={**os.environ, "HF_HUB_OFFLINE": "1"})
    base = f"http://127.0.0.1:{port}"
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            urllib.request.urlopen(f"{base}/api/stories", timeout=2).read()
            return proc, base
        except OSError:
            if proc.poll() is not None:
                break
            time.sleep(0.3)
    proc.kill()
    raise AssertionError("rashomon serve did not start:\n" + (tmp_path / "serve.log").read_text()[-3000:])


def wait_for_job(page: Any, timeout_s: float) -> None:
    page.wait_for_url("**/jobs/*", timeout=timeout_s * 1000)  # the POST returns at once, but a loaded CI box is slow
    page.wait_for_selector('#job[data-status="done"], #job[data-status="failed"]', timeout=timeout_s * 1000)
    assert page.get_attribute("#job", "data-status") == "done", page.inner_text("#job")


def add_seeds_and_url(page: Any, base: str, seeds: list[Path], url: str, timeout_s: float) -> str:
    """The flow a newcomer follows; returns the story page's URL."""
    page.goto(f"{base}/add")
    page.fill("#story", "Soleimani")
    page.set_input_files("#files", [str(p) for p in seeds])
    page.click("#submit")
    wait_for_job(page, timeout_s)
    page.click("#job-story-link")
    page.wait_for_selector("#story-name")
    story_url = page.url
    page.fill("#add-form input[name=url]", url)
    page.click("#add-form button[type=submit]")
    wait_for_job(page, timeout_s)
    page.goto(story_url)
    return str(story_url)


def run_flow(browser: Any, tmp_path: Path, seeds_dir: Path, url: str, stages: str | None,
             timeout_s: float) -> Any:
    proc, base = serve(tmp_path, stages)
    try:
        page = browser.new_page(viewport={"width": 1300, "height": 1000})
        page.errors = []
        page.on("pageerror", lambda e: page.errors.append(str(e)))
        add_seeds_and_url(page, base, sorted(seeds_dir.glob("*.txt")), url, timeout_s)
        rows = page.locator("#documents tbody tr")
        assert rows.count() == 4
        assert "A year after the Baghdad strike" in page.inner_text("#documents")
        report = page.frame_locator("#report")
        report.locator("body").wait_for()
        report.locator("#tab-sources").click()  # the report opens on the brief; the titles are in Sources
        assert "Soleimani" in report.locator("body").inner_text()
        page.screenshot(path=str(tmp_path / "story.png"), full_page=True)
        assert page.errors == []
        return page
    finally:
        proc.terminate()
        proc.wait(timeout=20)


def test_add_by_upload_and_url_then_read_the_story(browser: Any, tmp_path: Path, seeds_dir: Path,
                                                   article_site: str) -> None:
    run_flow(browser, tmp_path, seeds_dir, article_site, "language,parse", timeout_s=120)


@pytest.mark.slow
def test_the_story_page_shows_the_2003_iraq_contradiction(browser: Any, tmp_path: Path, seeds_dir: Path,
                                                          article_site: str) -> None:
    from rashomon.errors import PipelineError
    from rashomon.pipeline import Pipeline

    try:
        Pipeline.assemble()
    except PipelineError as exc:
        pytest.skip(f"the full pipeline is not assembled yet: {exc}")
    page = run_flow(browser, tmp_path, seeds_dir, article_site, None, timeout_s=900)
    items = page.locator("#contradictions > li")
    found = []
    for i in range(items.count()):
        quotes = items.nth(i).locator("blockquote").all_inner_texts()
        if sum("2003" in q for q in quotes) >= 2 and any("did not play an important role" in q for q in quotes):
            found.append(quotes)
    assert found, "no 2003-Iraq contradiction on the story page:\n" + page.inner_text("#contradictions")


# --- hostile text on every page ----------------------------------------------------------------

PWN = ('"><script>window.__pwned=1;alert(1)</script><img src=x onerror="window.__pwned=2;alert(2)">'
       "<svg onload=\"window.__pwned=3\"></svg>'-alert(4)-'")
INJECTED = "img, svg[onload], [onerror], [onload], a[href^='javascript:'], iframe:not(#report)"


def _hostile_map() -> Any:
    """Two articles carrying markup in every field a page shows: title, author, outlet, url, text, quote,
    speaker, entity name, comment, conflict note; one of them links out with a ``javascript:`` URL."""
    from web_maps import contradicting_map

    from rashomon.model import Claim, Document, Entity, Mention

    name = f"Soleimani {PWN}"
    quote = f"{name} fought in Iraq after 2003."
    a = Document.from_text(f"Title {PWN}\n\n{quote} He died on January 3, 2020.", "hostile-a.txt",
                           title=f"Title {PWN}", author=f"Author {PWN}", outlet=f"Courier {PWN}",
                           url=f"javascript:window.__pwned=5//{PWN}", comments=[f"A reader comment {PWN}"],
                           links=[(f"anchor {PWN}", "javascript:window.__pwned=6")])
    b = Document.from_text("A calm account\n\nQasem Suleimani did not fight in Iraq after 2003. He died on "
                           "January 2, 2020.", "calm-b.txt", title="A calm account", outlet="Ledger")
    qa, qb = a.text.index(quote), b.text.index("Qasem Suleimani did not")
    ca = Claim(Claim.make_id(a.id, qa, qa + len(quote)), a.id, qa, qa + len(quote), quote, speaker=f"Aide {PWN}")
    cb_text = "Qasem Suleimani did not fight in Iraq after 2003."
    cb = Claim(Claim.make_id(b.id, qb, qb + len(cb_text)), b.id, qb, qb + len(cb_text), cb_text)
    sol = Entity("ent_sol", name, "PERSON", ["Qasem Suleimani"],
                 [Mention(a.id, qa, qa + len(name), name, "PERSON", "ent_sol"),
                  Mention(b.id, qb, qb + 15, "Qasem Suleimani", "PERSON", "ent_sol")])
    return contradicting_map(a, b, ca, cb, sol, f"different dates of death {PWN}")


def _assert_inert(page: Any, dialogs: list[str], path: str) -> None:
    """Nothing of the payload ran or became an element, in the page or in any frame (the report)."""
    assert dialogs == [], (path, dialogs)
    for frame in page.frames:
        assert frame.evaluate("typeof window.__pwned") == "undefined", (path, frame.url)
        found = frame.evaluate(f"Array.from(document.querySelectorAll({INJECTED!r})).map(e => e.outerHTML)")
        scripts = frame.evaluate("Array.from(document.scripts).filter(s => s.type !== 'application/json'"
                                 " && s.text.includes('__pwned')).length")
        assert found == [] and scripts == 0, (path, frame.url, found)


def _shown(page: Any) -> bool:
    return any("window.__pwned=1" in f.evaluate("document.body ? document.body.innerText : ''") for f in page.frames)


def test_hostile_text_is_text_on_every_page(browser: Any, tmp_path: Path) -> None:
    """Every page a user reaches, with markup in every field it shows: no dialog, no element of the payload,
    nothing of it run (the CSP would stop inline scripts: the check is of the escaping itself)."""
    from urllib.parse import quote

    from rashomon.store import open_store

    nmap = _hostile_map()
    hostile_doc, calm_doc = (d.id for d in nmap.documents)
    with open_store(str(tmp_path / "app.db")) as store:
        story = store.save_map(nmap, story=f"Story {PWN}").id
    proc, base = serve(tmp_path, "language")
    try:
        page = browser.new_page()
        dialogs: list[str] = []
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        page.goto(f"{base}/add")
        page.fill("#story", f"Pasted {PWN}")
        page.fill("#title", f"Pasted title {PWN}")
        page.fill("#text", f"Pasted title\n\nA pasted article about the strike near the airport. {PWN}")
        page.click("#submit")
        wait_for_job(page, 120)
        _assert_inert(page, dialogs, page.url)
        assert _shown(page)
        must_show = [f"/stories/{story}", f"/stories/{story}/report", f"/documents/{hostile_doc}",
                     f"/search?q={quote(PWN)}", "/search?q=fought", "/search?actor=soleimani", "/"]
        for path in [*must_show, f"/documents/{calm_doc}", "/add", f"/search?actor={quote(PWN)}",
                     f"/documents/{quote(PWN)}", f"/stories/{quote(PWN)}"]:
            page.goto(base + path)
            if path == f"/stories/{story}":
                page.frame_locator("#report").locator("#rashomon[data-ready='1']").wait_for()
            elif path.endswith("/report"):
                page.wait_for_selector("#rashomon[data-ready='1']")
            _assert_inert(page, dialogs, path)
            if path in must_show:
                assert _shown(page), f"{path}: the payload must be on the page, shown as text"
    finally:
        proc.terminate()
        proc.wait(timeout=20)
