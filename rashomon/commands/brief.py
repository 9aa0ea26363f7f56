"""``rashomon brief MAP.json``: print the brief of a saved narrative map as Markdown."""

from __future__ import annotations

import argparse
from pathlib import Path

from ..errors import RashomonError
from ..mapio import read_map
from ._output import error

EXIT_OK, EXIT_FAILED = 0, 1


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("brief", help="print the brief of a map.json as Markdown",
                       description="Print what the sources agree on, dispute and leave out, as Markdown whose "
                       "evidence links name the document id and character span. Exit codes: 0 printed; "
                       "1 the map cannot be read; 2 bad usage.")
    p.add_argument("map", type=Path, help="a map.json written by 'rashomon analyze'")
    p.add_argument("--report", default="report.html",
                   help="the HTML report the evidence links open (default: report.html, beside the map)")
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from ..brief import brief_of
    from ..brief.markdown import render_markdown

    try:
        nmap = read_map(args.map)
    except RashomonError as exc:
        error(str(exc))
        return EXIT_FAILED
    print(render_markdown(nmap, brief_of(nmap), args.report))
    return EXIT_OK
