"""``rashomon show STORY``: a story's summary from the store, and optionally its report."""

from __future__ import annotations

import argparse
import json
from collections import Counter
from pathlib import Path

from ..errors import RashomonError
from ..mapio import to_dict
from ..model import NarrativeMap
from ..store import StoryInfo, open_store
from ..store.ingest import refresh_map
from ._output import error
from .add import add_db_argument, stage_list

EXIT_OK, EXIT_FAILED = 0, 1
_WIDTH = 110


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("show", help="summarise a stored story; -o writes its HTML report",
                       description="Print a story's documents, main actors, contradictions and conflicts "
                       "from the store. Exit codes: 0 shown; 1 no such story or store error.")
    p.add_argument("story", help="story name or id (see: rashomon stories --list)")
    add_db_argument(p)
    p.add_argument("-o", "--out", type=Path, help="write the story's HTML report to this file")
    p.add_argument("--json", action="store_true", help="print the story's map.json instead of a summary")
    p.add_argument("--refresh", action="store_true", help="recompute the map first if articles were added")
    p.add_argument("--stages", help="comma-separated pipeline stages for --refresh (default: all)")
    p.set_defaults(handler=run)


def _clip(text: str, width: int = _WIDTH) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[: width - 1] + "…"


def summarize(info: StoryInfo, nmap: NarrativeMap | None) -> str:
    """The terminal summary of a story: documents, actors, contradictions, conflicts."""
    lines = [f"{info.name}  ({info.id})", f"updated {info.updated[:19].replace('T', ' ')} UTC; "
             f"{info.documents} documents" + ("; map out of date (--refresh)" if info.stale else "")]
    if nmap is None:
        return "\n".join(lines + ["no map yet: rashomon show STORY --refresh"])
    titles = {d.id: d.title or d.source for d in nmap.documents}
    lines.append("\nDocuments")
    lines += [f"  {d.id}  {d.published or '----------'}  {_clip(d.outlet or '', 24):<24}  "
              f"{_clip(d.title or d.source, 60)}" for d in nmap.documents]
    top = Counter({e.name: len(e.mentions) for e in nmap.entities}).most_common(8)
    if top:
        lines.append("\nMain actors: " + ", ".join(f"{name} ({n})" for name, n in top))
    claims = {c.id: c for c in nmap.claims}
    contra = [link for link in nmap.links if link.relation == "contradict" and link.a in claims and link.b in claims]
    if contra:
        lines.append(f"\nContradictions ({len(contra)})")
        for link in contra[:10]:
            a, b = claims[link.a], claims[link.b]
            lines.append(f"  - {_clip(titles.get(a.doc, a.doc), 40)}: {_clip(a.text, 100)}")
            lines.append(f"    vs {_clip(titles.get(b.doc, b.doc), 40)}: {_clip(b.text, 100)}")
    if nmap.conflicts:
        lines.append(f"\nConflicts ({len(nmap.conflicts)})")
        lines += [f"  - {c.kind}: {_clip(c.explanation)}" for c in nmap.conflicts[:10]]
    return "\n".join(lines)


def run(args: argparse.Namespace) -> int:
    try:
        with open_store(args.db) as store:
            info = store.story(args.story)
            if args.refresh and store.is_stale(info.id):
                refresh_map(store, info.id, stages=stage_list(args.stages))
                info = store.story(info.id)
            nmap = store.map(info.id)
    except RashomonError as exc:
        error(str(exc))
        return EXIT_FAILED
    if args.json:
        print(json.dumps(to_dict(nmap), ensure_ascii=False, indent=1) if nmap else "null")
    else:
        print(summarize(info, nmap))
    if args.out:
        if nmap is None:
            error(f"story '{info.name}' has no map yet to report (use --refresh)")
            return EXIT_FAILED
        from ..report import write_report

        print(f"report: {write_report(nmap, args.out)}")
    return EXIT_OK
