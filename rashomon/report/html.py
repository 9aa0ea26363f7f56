"""A self-contained HTML report: one file, no network, every text escaped."""

from __future__ import annotations

from pathlib import Path

from jinja2 import Environment, PackageLoader, select_autoescape

from ..model import NarrativeMap

_ENV = Environment(
    loader=PackageLoader("rashomon.report", "templates"),
    autoescape=select_autoescape(default=True, default_for_string=True),
)


def render_report(nmap: NarrativeMap) -> str:
    docs = {d.id: d for d in nmap.documents}
    return _ENV.get_template("report.html.j2").render(m=nmap, docs=docs)


def write_report(nmap: NarrativeMap, path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render_report(nmap), encoding="utf-8")
    return path
