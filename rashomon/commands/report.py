"""``rashomon report MAP.json -o FILE``: re-render the HTML report of a saved narrative map."""

from __future__ import annotations

import argparse
from pathlib import Path

from ..errors import RashomonError
from ..mapio import read_map
from ._output import error

EXIT_OK, EXIT_FAILED = 0, 1


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("report", help="render the HTML report of a map.json",
                       description="Render the self-contained HTML report of a narrative map (map.json). "
                       "Exit codes: 0 written; 1 the map cannot be read or the report cannot be written; "
                       "2 bad usage.")
    p.add_argument("map", type=Path, help="a map.json written by 'rashomon analyze'")
    p.add_argument("-o", "--out", type=Path, help="the HTML file to write (default: report.html beside the map)")
    p.add_argument("--title", help="the report's title (default: from the map)")
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from ..report.html import render_report

    out = args.out or args.map.with_name("report.html")
    try:
        nmap = read_map(args.map)
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(render_report(nmap, title=args.title), encoding="utf-8")
    except RashomonError as exc:
        error(str(exc))
        return EXIT_FAILED
    except OSError as exc:
        error(f"{out}: cannot write the report ({exc.strerror or exc})")
        return EXIT_FAILED
    print(f"report: {out}")
    return EXIT_OK
