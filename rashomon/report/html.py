"""A self-contained HTML report: one file, no network, every text from the map shown as text.

The map travels as JSON inside a ``<script type="application/json">`` block,
with ``<``, ``>`` and ``&`` written as ``\\u`` escapes so no article text can
close the block. The views are drawn by the package's own JavaScript
(``static/``), which builds the page with DOM calls and text nodes only, never
by parsing HTML. A Content-Security-Policy admits exactly the one inline script
and style by hash and forbids every network request, so even a missed escape
could neither run a script nor call home.

    >>> from rashomon.model import NarrativeMap
    >>> page = render_report(NarrativeMap({}, [], [], [], [], [], [], [], []), title="<b>x</b>")
    >>> "<title>&lt;b&gt;x&lt;/b&gt;</title>" in page
    True
"""

from __future__ import annotations

import base64
import hashlib
import json
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup

from .. import __version__
from ..model import NarrativeMap
from .payload import build_payload

SCRIPTS = ("core.js", "brief.js", "tables.js", "pictures.js", "reader.js", "main.js")  # concatenation order
_ENV = Environment(loader=PackageLoader("rashomon.report", "templates"),
                   autoescape=select_autoescape(default=True, default_for_string=True))
_JSON_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}


def _static(name: str) -> str:
    return resources.files("rashomon.report").joinpath("static", name).read_text(encoding="utf-8")


@lru_cache(maxsize=1)
def report_assets() -> tuple[str, str]:
    """The report's CSS and JavaScript (one strict-mode function), as inlined in every page.

    The web app embeds the same two strings to draw the same views.
    """
    css = _static("report.css")
    js = "(function () {\n" + "\n".join(_static(n) for n in SCRIPTS) + "\n})();\n"
    for code, tag in ((css, "</style"), (js, "</script"), (js, "<!--")):
        if tag in code.lower():
            raise ValueError(f"report asset contains {tag!r}, which would end its inline block early")
    return css, js


def embed_json(value: Any) -> str:
    """JSON safe to place inside ``<script type="application/json">``: no ``<``, ``>`` or ``&`` left."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False, default=str)
    for char, escape in _JSON_ESCAPES.items():
        text = text.replace(char, escape)
    return text


def _hash(code: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(code.encode("utf-8")).digest()).decode("ascii") + "'"


def content_security_policy(css: str, js: str) -> str:
    """Only the page's own inline script and style run; nothing may be fetched or submitted."""
    return (f"default-src 'none'; script-src {_hash(js)}; style-src {_hash(css)}; img-src data:; "
            "base-uri 'none'; form-action 'none'")


def render_report(nmap: NarrativeMap, *, title: str | None = None) -> str:
    """The report page of a narrative map, as one self-contained HTML string."""
    css, js = report_assets()
    payload = build_payload(nmap, title)
    return _ENV.get_template("report.html.j2").render(
        title=payload["title"], version=__version__, csp=content_security_policy(css, js),
        css=Markup(css), js=Markup(js), data=Markup(embed_json(payload)))


def write_report(nmap: NarrativeMap, path: Path) -> Path:
    """Write ``render_report`` to ``path`` (parents created); returns the path."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render_report(nmap), encoding="utf-8")
    return path
