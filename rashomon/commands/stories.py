"""``rashomon stories [INPUT...]``: group a stream of articles into stories, or list them.

With inputs, calls ``rashomon.stories.run_stories``; without, lists the
stories of the store (``rashomon.store.list_stories``).
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from ..config import load_settings
from ..errors import ConfigError, RashomonError
from ..pipeline import DEFAULT_STAGES
from ._output import error, log_json

EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_PARTIAL = 0, 1, 2, 3


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "stories", help="group a stream of articles into stories (or list the stored stories)",
        description="Assign each article, in input order, to a story (a new one when none fits; stories go "
        "cold after --cold-days without an article), mark near-duplicate copies, and write the stories and "
        "their maps to the store (--db), a directory (--out) or Parquet (--parquet). Without INPUT, list "
        "the stored stories. Exit codes: 0 done; 1 failed; 2 bad usage; 3 done, some inputs skipped.")
    p.add_argument("inputs", nargs="*", help="files, directories (read recursively, sorted) or URLs, in arrival order")
    p.add_argument("--db", help="the store: SQLite path or postgresql:// URL (default: the user's store)")
    where = p.add_mutually_exclusive_group()
    where.add_argument("--out", type=Path, help="write assignments.jsonl, stories.jsonl and maps/ here instead")
    where.add_argument("--parquet", type=Path, help="write Parquet here instead (needs the [ray] extra)")
    p.add_argument("--engine", choices=("local", "ray"), default="local", help="where the per-article work runs")
    p.add_argument("--address", help="an existing Ray cluster (with --engine ray); default: start a local one")
    p.add_argument("--workers", type=int, help="worker processes or Ray actors (default: every core; ray: 1)")
    p.add_argument("--no-maps", action="store_true", help="cluster only: compute no narrative maps")
    p.add_argument("--map-every", type=int, default=0, metavar="N",
                   help="also refresh the maps of changed stories every N articles (default: when a story "
                   "goes cold and at the end)")
    p.add_argument("--stages", help="comma-separated pipeline stages for the maps (default: the full pipeline)")
    p.add_argument("--features", help="similarities to use, comma-separated: lex, ent, emb (default: lex,ent)")
    p.add_argument("--entities", choices=("caps", "spacy"), help="name finder for 'ent' (default: caps)")
    p.add_argument("--threshold", type=float, help="join a story at or above this similarity")
    p.add_argument("--half-life", type=float, dest="half_life_days", help="days for a story's pull to halve")
    p.add_argument("--cold-days", type=float, help="days without an article after which a story is closed")
    p.add_argument("--state", type=Path, help="assigner state to continue from and save to "
                   "(default with a SQLite --db: beside the database)")
    p.add_argument("--list", action="store_true", help="list the stored stories (the default without INPUT)")
    p.add_argument("--config", help="a TOML settings file (overrides the packaged defaults)")
    p.add_argument("--quiet", action="store_true", help="print nothing but errors and the summary")
    p.add_argument("--json-log", action="store_true", help="JSON lines on stderr, for scripts")
    p.set_defaults(handler=run)


def story_config(args: argparse.Namespace) -> Any:
    from ..stories.config import StoryConfig

    features = tuple(f.strip() for f in args.features.split(",") if f.strip()) if args.features else None
    return StoryConfig.for_features(
        features, entities=args.entities, threshold=args.threshold,
        half_life_days=args.half_life_days, cold_days=args.cold_days,
    )


def _list(args: argparse.Namespace) -> int:
    from ..store import format_stories, list_stories, open_store

    with open_store(args.db) as store:
        print(format_stories(list_stories(store)))
    return EXIT_OK


def _default_state(args: argparse.Namespace) -> Path | None:
    if args.state or args.out or args.parquet:
        return args.state
    from ..store import resolve_url

    dialect, where = resolve_url(args.db)
    return Path(where + ".stories-state") if dialect == "sqlite" and where != ":memory:" else None


def _sink(args: argparse.Namespace, stack: Any) -> Any:
    from ..stories.sinks import DirSink, ParquetSink, StoreSink

    if args.out:
        return DirSink(args.out)
    if args.parquet:
        return ParquetSink(args.parquet)
    from ..store import open_store

    return StoreSink(stack.enter_context(open_store(args.db)))


def run(args: argparse.Namespace) -> int:
    if args.list or not args.inputs:
        try:
            return _list(args)
        except RashomonError as exc:
            error(str(exc), args.json_log)
            return EXIT_FAILED
    if args.workers is not None and args.workers < 1:
        error("--workers must be at least 1", args.json_log)
        return EXIT_USAGE
    from contextlib import ExitStack

    from ..engines import get_engine
    from ..stories.run import run_stories, stderr_log

    try:
        stages = tuple(s.strip() for s in args.stages.split(",") if s.strip()) if args.stages else DEFAULT_STAGES
        with ExitStack() as stack:
            engine = get_engine(args.engine, args.workers, args.address)
            result = run_stories(
                args.inputs, sink=_sink(args, stack), engine=engine, config=story_config(args),
                settings=load_settings(args.config), maps=not args.no_maps, map_every=args.map_every,
                stages=stages, state=_default_state(args), log=None if args.quiet else stderr_log,
            )
    except (RashomonError, ConfigError) as exc:
        error(str(exc), args.json_log)
        return EXIT_FAILED
    for s in result.skipped:
        error(f"skipped {s.source}: {s.reason}", args.json_log)
    summary = result.summary()
    if args.json_log:
        log_json("done", **summary)
    else:
        print(f"{result.articles} articles ({result.duplicates} near-duplicate copies) in {result.stories} "
              f"stories ({result.new_stories} new, {result.cold} closed), {result.maps} maps, "
              f"{len(result.skipped)} skipped, {result.seconds:.1f} s ({summary['articles_per_s']} articles/s)")
    if not result.articles and result.skipped:
        return EXIT_FAILED
    return EXIT_PARTIAL if result.skipped else EXIT_OK
