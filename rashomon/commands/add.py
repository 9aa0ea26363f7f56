"""``rashomon add INPUT... [--story NAME]``: put articles in the store and update the story's map."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from ..config import load_settings
from ..errors import RashomonError
from ..model import Document, Skipped
from ..pipeline import DEFAULT_STAGES
from ..store import open_store
from ..store.ingest import IngestReport, add_inputs
from ._output import error, failures, log_json, progress_reporter, report_skipped

EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_PARTIAL = 0, 1, 2, 3


def stage_list(text: str | None) -> Sequence[str]:
    return tuple(s.strip() for s in text.split(",") if s.strip()) if text else DEFAULT_STAGES


def add_db_argument(p: argparse.ArgumentParser) -> None:
    p.add_argument("--db", help="the store: a SQLite file path or a postgresql:// URL "
                   "(default: $RASHOMON_DB, else rashomon.db in the user data directory)")


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "add", help="add articles to the store, optionally to a story whose map is then updated",
        description="Read articles (files, directories, .jsonl, URLs) into the store. Each article is "
        "committed on its own, so an interrupted run loses nothing: run it again to finish. With --story "
        "the story's map is brought up to date; only new articles are parsed. Exit codes: 0 every input "
        "stored; 1 nothing could be stored; 2 bad usage; 3 done, but some inputs were skipped (listed).")
    p.add_argument("inputs", nargs="+", help="files, directories (read recursively) or http(s) URLs")
    p.add_argument("--story", help="the story (name or id) the articles join; created if new")
    add_db_argument(p)
    p.add_argument("--no-map", action="store_true", help="store the articles without updating the map")
    p.add_argument("--stages", help="comma-separated pipeline stages (default: the full pipeline)")
    p.add_argument("--config", help="a TOML settings file (overrides the packaged defaults)")
    p.add_argument("--quiet", action="store_true", help="print nothing but errors and the summary")
    p.add_argument("--json-log", action="store_true", help="JSON lines on stderr, for scripts")
    p.set_defaults(handler=run)


def _summary(report: IngestReport, story: str | None) -> str:
    line = f"{len(report.added)} new, {len(report.known)} already stored, {len(failures(report.skipped))} skipped"
    if report.story is None:
        return line + ("" if story else "; no --story given, so no map was computed")
    s = report.story
    line += f"\nstory '{s.name}' ({s.id}): {s.documents} documents"
    if report.nmap is not None and (report.analysed or report.reused):
        line += f"; map updated (analysed {report.analysed}, reused {report.reused})"
    elif s.stale:
        line += "; map out of date (run: rashomon show STORY --refresh)"
    return line


def run(args: argparse.Namespace) -> int:
    def stored(doc: Document, new: bool) -> None:
        if args.json_log:
            log_json("stored", id=doc.id, source=doc.source, new=new)

    def skipped(item: Skipped) -> None:
        report_skipped(item, args.json_log)

    try:
        settings = load_settings(args.config)
        with open_store(args.db) as store, progress_reporter(args.quiet, args.json_log) as progress:
            report = add_inputs(store, args.inputs, args.story, settings=settings, refresh=not args.no_map,
                                stages=stage_list(args.stages), progress=progress, on_stored=stored,
                                on_skipped=skipped)
    except RashomonError as exc:
        error(str(exc), args.json_log)
        return EXIT_FAILED
    summary = _summary(report, args.story)
    if args.json_log:
        log_json("done", added=len(report.added), known=len(report.known), skipped=len(failures(report.skipped)),
                 story=report.story.id if report.story else None, summary=summary)
    else:
        print(summary, file=sys.stdout)
    if not report.added and not report.known:
        return EXIT_FAILED
    return EXIT_PARTIAL if failures(report.skipped) else EXIT_OK
