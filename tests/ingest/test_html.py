"""HTML pages: main text without navigation, the page metadata, and links kept as citations' raw data."""

from __future__ import annotations

from rashomon.ingest.html import read_html

PAGE = """<!doctype html><html lang="en"><head><title>Dam Opens | River News</title>
<meta name="author" content="Lee Park"><meta property="og:site_name" content="River News">
<meta property="article:published_time" content="2022-06-01">
<link rel="canonical" href="https://river.example/dam"></head><body>
<nav><a href="/">Home</a> | <a href="/sports">Sports</a></nav>
<article><h1>Dam Opens</h1>
<p>The new dam opened on Wednesday after six years of construction, the ministry said.</p>
<p>Engineers from <a href="https://eng.example/report">the Engineering Board</a> inspected the structure twice.</p>
<p>Residents downstream said they were worried about the water level in spring.</p>
</article><footer>Share on Twitter | Share on Facebook</footer>
<script>alert(1)</script></body></html>"""


def test_html_main_text_and_metadata() -> None:
    doc = read_html(PAGE.encode(), "dam.html")
    assert doc.title == "Dam Opens" and doc.author == "Lee Park"
    assert doc.outlet == "River News" and doc.published == "2022-06-01"
    assert doc.url == "https://river.example/dam"
    assert "six years of construction" in doc.text
    assert "Sports" not in doc.text and "alert" not in doc.text and "Share on" not in doc.text
    assert ("the Engineering Board", "https://eng.example/report") in doc.links
