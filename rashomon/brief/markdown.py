"""The brief as Markdown, to paste anywhere: every line ends in links to its evidence.

A link reads ``doc id:start-end`` and points into the HTML report's reading view
(``report.html#reading/DOC/START-END``, which scrolls to the span and marks it).
Article text is untrusted: Markdown and HTML characters are escaped and line
breaks folded, so a source can neither inject markup nor break the list.

    >>> escape("<b>*x*</b> [y](z)")
    '&lt;b&gt;\\\\*x\\\\*&lt;/b&gt; \\\\[y\\\\](z)'
"""

from __future__ import annotations

import re

from ..model import Brief, BriefEntry, BriefItem, NarrativeMap
from .build import source_label

_SPECIAL = re.compile(r"([\\`*_{}\[\]#+!|~])")
TITLES = (("agreed", "Agreed"), ("disputed", "Disputed"), ("single", "Only one source says"),
          ("left_out", "Left out"), ("relied_on", "Who relies on whom"), ("leans", "How each source leans"))


def escape(text: str) -> str:
    """Text shown as text in any Markdown renderer: no markup, no HTML, one line."""
    text = " ".join(text.split()).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _SPECIAL.sub(r"\\\1", text)


def evidence_link(entry: BriefEntry, report: str) -> str:
    label = f"{entry.doc}:{entry.start}-{entry.end}"
    return f"[{label}]({report}#reading/{entry.doc}/{entry.start}-{entry.end})"


def _quote(entry: BriefEntry, report: str) -> str:
    value = f" ({escape(entry.value)})" if entry.value and entry.value not in ("one side", "the other side") else ""
    return f"{escape(entry.holder)}: “{escape(entry.text)}”{value} {evidence_link(entry, report)}"


def _conf(item: BriefItem) -> str:
    return f"confidence {item.confidence:.2f}" if item.confidence is not None else "rule, no score"


def _item(section: str, item: BriefItem, names: dict[str, str], report: str) -> list[str]:
    sub = [f"  - {_quote(e, report)}" for e in item.entries]
    if section == "agreed":
        head = f"- {len(item.docs)} sources ({_conf(item)}): {escape(item.text)}"
    elif section == "disputed":
        head = f"- **{item.kind}** ({_conf(item)}): " + (
            "two sources contradict each other" if item.kind == "contradiction" else escape(item.text))
    elif section == "single":
        return [f"- {_quote(item.entries[0], report)} (check-worthy {item.confidence:.2f})"]
    elif section == "left_out":
        what = "the actor " + escape(item.text) if item.kind == "actor" else escape(item.text)
        head = f"- **{escape(names.get(item.doc or '', ''))}** leaves out {what}, reported by {len(item.docs)} others"
    elif section == "relied_on":
        times = "once" if len(item.entries) == 1 else f"{len(item.entries)} times"
        head = (f"- {escape(item.text)} ({item.kind}), cited {times} by "
                + ", ".join(escape(names.get(d, d)) for d in item.docs))
        sub = sub[:3]
    else:
        terms = ", ".join(f"“{escape(t)}”" for t in item.terms) or "no loaded terms"
        head = (f"- **{escape(names.get(item.doc or '', ''))}** toward {escape(item.text)}: {item.kind} "
                f"({item.score:+.2f}); terms: {terms}")
        sub = sub[:3]
    return [head, *sub]


def render_markdown(nmap: NarrativeMap, brief: Brief, report: str = "report.html") -> str:
    """The whole brief: one section per part, each line with its evidence links."""
    names = {d.id: source_label(d) for d in nmap.documents}
    lines = [f"# Brief: {len(nmap.documents)} sources", ""]
    lines += [f"- {escape(label)} ({d})" for d, label in names.items()]
    limits = ", ".join(f"{k} {v}" for k, v in brief.thresholds.items())
    lines += ["", f"Thresholds: {limits}. Evidence links: document id and character span.", ""]
    for key, title in TITLES:
        items: list[BriefItem] = getattr(brief, key)
        lines += [f"## {title}", ""]
        if not items:
            lines += ["Nothing above the thresholds.", ""]
            continue
        for item in items:
            lines += _item(key, item, names, report)
        lines.append("")
    return "\n".join(lines)
