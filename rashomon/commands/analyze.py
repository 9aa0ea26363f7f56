"""``rashomon analyze INPUT... -o OUTDIR``: the narrative map and report of some articles."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from ..api import analyze
from ..config import load_settings
from ..errors import RashomonError
from ..mapio import write_map
from ._output import error, failures, log_json, progress_reporter, report_skipped

if TYPE_CHECKING:
    from ..engines import DocumentEngine

EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_PARTIAL = 0, 1, 2, 3


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("analyze", help="build the narrative map and report of articles about one story",
                       description="Read articles (files, directories, .jsonl, URLs) and write OUTDIR/map.json "
                       "and OUTDIR/report.html. Exit codes: 0 all inputs analysed; 1 nothing could be "
                       "analysed; 2 bad usage; 3 done, but some inputs were skipped (listed).")
    p.add_argument("inputs", nargs="+", help="files, directories (read recursively) or http(s) URLs")
    p.add_argument("-o", "--out", type=Path, required=True, help="output directory")
    p.add_argument("--db", help="also persist into this store (SQLite path or postgresql:// URL)")
    p.add_argument("--story", help="story name when persisting with --db")
    p.add_argument("--engine", choices=("local", "ray"), default="local",
                   help="where the per-document stages run: this process, or Ray actors (the corpus stages run "
                   "here either way; the map is the same)")
    p.add_argument("--workers", type=int, help="Ray actors, one CPU each (with --engine ray; default 1)")
    p.add_argument("--address", help="an existing Ray cluster (with --engine ray); default: start a local one "
                   "with --workers CPUs and stop it at the end")
    p.add_argument("--config", help="a TOML settings file (overrides the packaged defaults)")
    p.add_argument("--quiet", action="store_true", help="print nothing but errors and the result path")
    p.add_argument("--json-log", action="store_true", help="JSON lines on stderr, for scripts")
    p.set_defaults(handler=run)


def _engine(args: argparse.Namespace) -> DocumentEngine | None:
    """The Ray engine when asked for; None runs the document stages in this process."""
    if args.engine == "local":
        return None
    from ..engines.ray import RayEngine

    return RayEngine(args.workers, args.address)


def run(args: argparse.Namespace) -> int:
    if args.engine == "local" and (args.workers is not None or args.address):
        error("--workers and --address are for --engine ray (the local engine analyses in this process)",
              args.json_log)
        return EXIT_USAGE
    if args.workers is not None and args.workers < 1:
        error("--workers must be at least 1", args.json_log)
        return EXIT_USAGE
    try:
        settings = load_settings(args.config)
        engine = _engine(args)
        try:
            with progress_reporter(args.quiet, args.json_log) as progress:
                nmap = analyze(args.inputs, settings, progress=progress, engine=engine)
        finally:
            if engine is not None:
                engine.close()
        for s in nmap.skipped:
            report_skipped(s, args.json_log)
        if not nmap.documents:
            error("no article could be analysed", args.json_log)
            return EXIT_FAILED
        map_path = write_map(nmap, args.out / "map.json")
        from ..report import write_report

        report_path = write_report(nmap, args.out / "report.html")
        if args.db:
            from ..store import open_store

            with open_store(args.db) as store:
                store.save_map(nmap, story=args.story)
    except RashomonError as exc:
        error(str(exc), args.json_log)
        return EXIT_FAILED
    failed = failures(nmap.skipped)
    summary = (f"{len(nmap.documents)} documents, {len(nmap.entities)} actors, {len(nmap.claims)} claims, "
               f"{len(nmap.links)} links, {len(nmap.conflicts)} conflicts, {len(failed)} skipped")
    if args.json_log:
        log_json("done", map=str(map_path), report=str(report_path), summary=summary)
    else:
        print(f"{summary}\nmap:    {map_path}\nreport: {report_path}")
    return EXIT_PARTIAL if failed else EXIT_OK
