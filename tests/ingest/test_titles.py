"""Titles come from the page's metadata or headline, never from its navigation."""

from __future__ import annotations

import json
import re
import tarfile
from pathlib import Path

import pytest

from rashomon.ingest.html import read_html
from rashomon.ingest.titles import clean_title, looks_like_navigation

BODY = "<p>" + "The council approved the new budget on Monday after a long and heated debate. " * 4 + "</p>"


def _page(head: str, body: str) -> str:
    return f"<html><head>{head}</head><body>{body}<article>{BODY}</article></body></html>"


@pytest.mark.parametrize(("head", "body", "title"), [
    ('<meta property="og:title" content="Council Passes Budget"><title>Council Passes Budget | Gazette</title>',
     "<nav><h2>Jump to</h2></nav><h1>Accessibility links</h1>", "Council Passes Budget"),
    ("<title>Council Passes Budget - gazette.example</title>", "<h1>Skip to content</h1>", "Council Passes Budget"),
    ("<title>Gazette | Council Passes Budget</title>", "<h1>Gazette</h1><h1>Council Passes Budget</h1>",
     "Council Passes Budget"),
    ("<title>News</title>", "<div>date 2022-09-27 Facts</div><h1>Council Passes Budget</h1>",
     "Council Passes Budget"),
])
def test_title_is_the_headline_not_the_furniture(head: str, body: str, title: str) -> None:
    assert read_html(_page(head, body), "page.html").title == title


def test_a_page_with_only_furniture_headings_has_no_title_rather_than_a_wrong_one() -> None:
    doc = read_html(_page("<title>Menu</title>", "<h1>Jump to</h1>"), "page.html")
    assert doc.title is None or not looks_like_navigation(doc.title)


@pytest.mark.parametrize(("raw", "clean"), [
    ("Winda w chmurach | Obyczaje | Dwutygodnik", "Winda w chmurach"),
    ("Bericht vom 22.04.2020 – worauf wartet die Politik?", "Bericht vom 22.04.2020 – worauf wartet die Politik?"),
    ("Histo-Monte: Pistenstopp in Rheinfelden - AutoSprintCH", "Histo-Monte: Pistenstopp in Rheinfelden"),
])
def test_site_names_leave_the_title(raw: str, clean: str) -> None:
    assert clean_title(raw, site="AutoSprintCH", host="dwutygodnik.com") == clean


@pytest.mark.parametrize("text", ["Jump to", "Accessibility links", "date 2022-09-27 Facts", "Navigation und Service",
                                  "Hauptmenü", "Skip to main content", "2022-09-27"])
def test_furniture_is_recognised(text: str) -> None:
    assert looks_like_navigation(text)


# The judging rule of the measurement in bench (phrases of page furniture, a leading date, or the site name).
JUDGE = re.compile(r"^(jump to|skip to|accessibility|navigation|(main |haupt)?men[uü]|home|startseite|search|"
                   r"sign in|log ?in|cookie|impressum|kontakt|über uns|aktuelles?|themen|allgemein|archiv)\b"
                   r"|^(date|datum)?\s*\d{4}-\d{2}-\d{2}", re.IGNORECASE)


def test_real_pages_get_headlines(shared_data: Path, tmp_path: Path) -> None:
    archive = shared_data / "extraction_eval" / "tests_eval_html.tar.gz"
    if not archive.exists():
        pytest.skip(f"{archive.name} is absent from the shared data")
    wanted = {"bundespraesident.de.20030331.html", "ahlen.de.reparaturcafe.html", "bmjv.de.konsum.html",
              "archive.org.steinzeitwissen.de.werkzeuge.html"}
    with tarfile.open(archive) as tar:
        members = [m for m in tar.getmembers() if Path(m.name).name in wanted and m.isfile()]
        tar.extractall(tmp_path, members=members, filter="data")
    pages = {p.name: p for p in tmp_path.rglob("*.html")}
    assert set(pages) == wanted
    titles = {name: read_html(p.read_bytes(), name).title or "" for name, p in pages.items()}
    assert not [t for t in titles.values() if JUDGE.search(t)], titles
    assert titles["bundespraesident.de.20030331.html"].startswith("Rede von Bundespräsident Johannes Rau")
    assert titles["ahlen.de.reparaturcafe.html"] == "Reparaturcafé am 31. Januar"
    assert json.dumps(titles)  # plain text
