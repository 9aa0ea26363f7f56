"""``rashomon export MAP.json --format graphml|jsonld|csv|json [-o PATH]``: the map for other tools."""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from ..errors import RashomonError
from ..mapio import read_map
from ._output import error

EXIT_OK, EXIT_FAILED = 0, 1


def register(sub: argparse._SubParsersAction) -> None:
    from ..report.exports import FORMATS

    p = sub.add_parser("export", help="export a map.json as GraphML, JSON-LD, CSV tables or JSON",
                       description="Export a narrative map for other tools: GraphML (Gephi, networkx), JSON-LD "
                       "(schema.org + the rashomon vocabulary, see docs/exports.md), CSV tables (a folder of "
                       "one file per table) or the map itself. Exit codes: 0 written; 1 the map cannot be read "
                       "or the export cannot be written; 2 bad usage.")
    p.add_argument("map", type=Path, help="a map.json written by 'rashomon analyze'")
    p.add_argument("--format", "-f", choices=sorted(FORMATS), required=True, help="the export format")
    p.add_argument("-o", "--out", help="file to write (a folder for csv; '-' for stdout except csv); "
                   "default: beside the map, e.g. map.graphml or map-csv/")
    p.add_argument("--raw-csv", action="store_true",
                   help="do not defuse cells a spreadsheet would run as formulas (csv only)")
    p.set_defaults(handler=run)


def _to_stdout(nmap: object, fmt: str) -> None:
    from ..report.exports import export_map

    with tempfile.TemporaryDirectory() as tmp:
        (path,) = export_map(nmap, fmt, Path(tmp) / f"export.{fmt}")  # type: ignore[arg-type]
        sys.stdout.write(path.read_text(encoding="utf-8"))


def run(args: argparse.Namespace) -> int:
    from ..report.csv_tables import write_csv
    from ..report.exports import default_output, export_map

    if args.out == "-" and args.format == "csv":
        error("csv writes one file per table: give a folder with -o, not '-'")
        return 2
    try:
        nmap = read_map(args.map)
        if args.out == "-":
            _to_stdout(nmap, args.format)
            return EXIT_OK
        out = Path(args.out) if args.out else default_output(args.map, args.format)
        if out.resolve() == args.map.resolve():
            error(f"{out}: refusing to overwrite the map being exported; choose another -o")
            return EXIT_FAILED
        paths = (write_csv(nmap, out, safe=not args.raw_csv) if args.format == "csv"
                 else export_map(nmap, args.format, out))
    except RashomonError as exc:
        error(str(exc))
        return EXIT_FAILED
    except OSError as exc:
        error(f"{args.out or args.map}: cannot write the export ({exc.strerror or exc})")
        return EXIT_FAILED
    print(f"{args.format}: {out if args.format == 'csv' else paths[0]}")
    return EXIT_OK
