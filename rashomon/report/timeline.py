"""The report's timeline: merged events with each source's date, and date conflicts flagged.

The ``timeline`` stage leaves its merged timeline in ``NarrativeMap.timeline``
(clusters of events, one report per source). When it is absent we fall back to
the events themselves, grouped by their cross-document ``cluster``. Dates become
day numbers since 1970-01-01 so the browser can place them without parsing.

    >>> day_range("2020-01")
    (18262, 18292)
    >>> day_range("not a date") is None
    True
    >>> date_label("1980/1988")
    '1980 – 1988'
"""

from __future__ import annotations

import calendar
import re
from collections import Counter
from collections.abc import Mapping
from datetime import date
from typing import Any

from ..model import Conflict, DateValue, NarrativeMap, TimelineEntry, TimelineReport

_EPOCH = date(1970, 1, 1).toordinal()
_ISO = re.compile(r"^\s*(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?")


def _day(year: int, month: int, day: int) -> int:
    return date(year, month, day).toordinal() - _EPOCH


def _bounds(value: str) -> tuple[int, int] | None:
    """First and last day an ISO date of any precision can mean."""
    m = _ISO.match(value)
    if not m:
        return None
    year, month, day = int(m[1]), int(m[2] or 0), int(m[3] or 0)
    try:
        if not month:
            return _day(year, 1, 1), _day(year, 12, 31)
        if not day:
            return _day(year, month, 1), _day(year, month, calendar.monthrange(year, month)[1])
        return _day(year, month, day), _day(year, month, day)
    except ValueError:
        return None


def day_range(value: Any) -> tuple[int, int] | None:
    """Day numbers a date value covers: an ISO string, ``A/B`` range or DateValue-like dict."""
    if isinstance(value, DateValue):
        value = {"start": value.start, "end": value.end}
    if isinstance(value, Mapping):
        lo = _bounds(str(value.get("start") or value.get("end") or ""))
        hi = _bounds(str(value.get("end") or value.get("start") or ""))
        return (lo[0], hi[1]) if lo and hi else lo or hi
    if isinstance(value, str):
        parts = re.split(r"/|\.\.", value, maxsplit=1)
        lo, hi = _bounds(parts[0]), _bounds(parts[-1])
        return (lo[0], hi[1]) if lo and hi else None
    return None


def date_label(value: Any) -> str:
    """A short human form of a date value, as the source gave it (hedge included)."""
    if isinstance(value, DateValue):
        value = {"start": value.start, "end": value.end, "hedge": value.hedge}
    if isinstance(value, Mapping):
        start, end = value.get("start"), value.get("end")
        core = str(start or end or "") if not (start and end and start != end) else f"{start} – {end}"
        return f"{value['hedge']} {core}" if value.get("hedge") else core
    if isinstance(value, str) and "/" in value:
        return " – ".join(part.strip() for part in value.split("/", 1))
    return "" if value is None else str(value)


def _overlaps(item: Any, doc: str, start: int, end: int) -> bool:
    return bool(item.doc == doc and item.start < end and start < item.end)


class _Index:
    """Ids of documents and events resolved to the positions the browser uses."""

    def __init__(self, nmap: NarrativeMap) -> None:
        self.docs = {d.id: i for i, d in enumerate(nmap.documents)}
        # positions among the events of known documents: the order the report lists them in
        self.events = {e.id: i for i, e in enumerate(e for e in nmap.events if e.doc in self.docs)}
        self.dates = [(i, c) for i, c in enumerate(nmap.conflicts) if c.kind == "date"]


def _report(ix: _Index, rep: TimelineReport, date: Any) -> dict[str, Any] | None:
    doc = ix.docs.get(rep.doc)
    if doc is None:
        return None
    rng = day_range(date)
    return {"d": doc, "ev": ix.events.get(rep.event, -1), "start": rep.start, "end": rep.end, "text": rep.text,
            "date": date_label(date), "range": list(rng) if rng else None, "flag": False}


def _clusters(nmap: NarrativeMap) -> list[tuple[TimelineEntry, list[Any]]]:
    """The map's timeline entries, each with its reports' dates; without a timeline, the events by cluster."""
    if nmap.timeline:
        return [(c, [r.date for r in c.reports]) for c in nmap.timeline]
    clusters: dict[str, tuple[TimelineEntry, list[Any]]] = {}
    for ev in nmap.events:
        key = ev.cluster or ev.id
        entry, dates = clusters.setdefault(key, (TimelineEntry(key, ev.type, ev.trigger or ev.text[:80], None, None),
                                                 []))
        entry.reports.append(TimelineReport(ev.id, ev.doc, ev.start, ev.end, ev.text))
        dates.append(ev.date)  # the event's own date: its hedge and an open end kept
    return list(clusters.values())


def _flag(cluster: dict[str, Any], ix: _Index, nmap: NarrativeMap) -> None:
    """Mark reports covered by a date conflict, or whose date differs from the others'."""
    docs = nmap.documents
    for index, conflict in ix.dates:
        for rep in cluster["reports"]:
            if any(_overlaps(it, docs[rep["d"]].id, rep["start"], rep["end"]) for it in conflict.items):
                rep["flag"] = True
                if index not in cluster["conflicts"]:
                    cluster["conflicts"].append(index)
    dated = [r for r in cluster["reports"] if r["range"]]
    common = Counter(tuple(r["range"]) for r in dated).most_common(1)
    for rep in dated:
        lo, hi = rep["range"]
        if common and (hi < common[0][0][0] or lo > common[0][0][1]):
            rep["flag"] = True
    cluster["flag"] = any(r["flag"] for r in cluster["reports"])


def _conflict_row(index: int, conflict: Conflict, ix: _Index) -> dict[str, Any] | None:
    """A date conflict nobody tied to an event still gets its own row on the timeline."""
    reports = []
    for it in conflict.items:
        rep = _report(ix, TimelineReport("", it.doc, it.start, it.end, it.text), it.value)
        if rep:
            rep["flag"] = True
            reports.append(rep)
    if not any(r["range"] for r in reports):
        return None
    return {"cluster": f"conflict-{index}", "type": "date conflict", "label": conflict.subject or conflict.explanation,
            "date": "", "range": None, "reports": reports, "conflicts": [index], "flag": True}


def build_timeline(nmap: NarrativeMap) -> list[dict[str, Any]]:
    """Timeline rows for the report, oldest first, undated rows last."""
    ix = _Index(nmap)
    rows: list[dict[str, Any]] = []
    for c, dates in _clusters(nmap):
        reports = [r for r in (_report(ix, rep, date) for rep, date in zip(c.reports, dates)) if r]
        if not reports:
            continue
        rng = day_range(c.date)
        row = {"cluster": c.cluster or str(len(rows)), "type": c.type, "label": c.label or reports[0]["text"][:80],
               "date": date_label(c.date), "range": list(rng) if rng else None, "reports": reports,
               "conflicts": [], "flag": False}
        _flag(row, ix, nmap)
        rows.append(row)
    tied = {i for row in rows for i in row["conflicts"]}
    rows += [r for i, c in ix.dates if i not in tied for r in [_conflict_row(i, c, ix)] if r]
    return sorted(rows, key=_sort_key)


def _sort_key(row: dict[str, Any]) -> tuple[int, int]:
    starts = [r["range"][0] for r in row["reports"] if r["range"]]
    if row["range"]:
        starts.append(row["range"][0])
    return (0, min(starts)) if starts else (1, 0)
