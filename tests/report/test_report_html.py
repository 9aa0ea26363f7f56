"""The report page: self-contained, strict CSP, the map embedded so no text can break out."""

from __future__ import annotations

import base64
import hashlib
import html
import json
import re
from pathlib import Path

from rashomon.model import NarrativeMap
from rashomon.report import render_report, report_assets, write_report
from rashomon.report.html import embed_json


def _blocks(page: str) -> dict[str, str]:
    return {
        "data": re.search(r'<script type="application/json" id="rashomon-data">(.*?)</script>', page, re.DOTALL)[1],
        "js": re.search(r"<script>(.*?)</script>", page, re.DOTALL)[1],
        "css": re.search(r"<style>(.*?)</style>", page, re.DOTALL)[1],
    }


def _sha(code: str) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(code.encode()).digest()).decode()


def test_embed_json_cannot_close_the_script_block() -> None:
    text = embed_json({"t": "</script><script>alert(1)</script> <!-- & \u2028"})
    assert "<" not in text and ">" not in text and "&" not in text and "\u2028" not in text
    assert json.loads(text) == {"t": "</script><script>alert(1)</script> <!-- & \u2028"}


def test_hostile_map_stays_inside_its_block(hostile: NarrativeMap) -> None:
    page = render_report(hostile, title="</script><b>t</b>")
    assert page.count("<script") == 2 and page.count("</script>") == 2
    data = json.loads(_blocks(page)["data"])
    assert data["docs"][0]["title"].startswith("</script><script>")
    assert "&lt;/script&gt;" in re.search(r"<title>(.*?)</title>", page, re.DOTALL)[1]


def test_csp_admits_exactly_the_inline_script_and_style(story_map: NarrativeMap) -> None:
    page = render_report(story_map)
    csp = html.unescape(re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', page)[1])
    blocks = _blocks(page)
    assert "default-src 'none'" in csp and "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert f"'{_sha(blocks['js'])}'" in csp and f"'{_sha(blocks['css'])}'" in csp


def test_no_network_reference_in_the_page(story_map: NarrativeMap) -> None:
    story_map.documents[0].url = "https://example.org/a"
    page = render_report(story_map)
    outside_data = page.replace(_blocks(page)["data"], "")
    assert not re.search(r"(src|href)\s*=|https?://(?!www\.w3\.org/2000/svg)|@import|url\(", outside_data)


def test_assets_are_package_files_and_never_parse_html() -> None:
    css, js = report_assets()
    assert "font" in css and js.startswith("(function () {")
    for risky in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(", "new Function"):
        assert risky not in js, risky


def test_write_report_creates_parents(story_map: NarrativeMap, tmp_path: Path) -> None:
    path = write_report(story_map, tmp_path / "a" / "report.html")
    assert path.read_text(encoding="utf-8").startswith("<!doctype html>")
