"""``rashomon serve``: the local web app over the store (the ``[web]`` extra)."""

from __future__ import annotations

import argparse
import ipaddress
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from ..config import load_settings
from ..errors import ConfigError, RashomonError
from ._output import error
from .add import add_db_argument, stage_list

if TYPE_CHECKING:
    from ..web import WebConfig

EXIT_OK, EXIT_FAILED = 0, 1


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("serve", help="the local web app: stories, adding articles, maps, search",
                       description="Serve the web app over the store on 127.0.0.1 (by default). It has no "
                       "login: bind it to another address only on a network you trust. Exit codes: 0 stopped "
                       "normally; 1 the store or the web extra is missing.")
    add_db_argument(p)
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1)")
    p.add_argument("--port", type=int, default=8000, help="port (default: 8000)")
    p.add_argument("--allow-private-urls", action="store_true",
                   help="let 'add by URL' fetch loopback, private and link-local addresses (off by default)")
    p.add_argument("--max-upload-mb", type=float, default=5.0, help="largest uploaded file (default: 5 MB)")
    p.add_argument("--stages", help="comma-separated pipeline stages (default: the full pipeline)")
    p.add_argument("--public-host", action="append", default=[],
                   help="another Host name the app may be reached under (repeatable)")
    p.add_argument("--workers", type=int, default=2, help="analyses run at once (default: 2)")
    p.add_argument("--max-queued", type=int, default=16,
                   help="jobs that may wait for a worker; more are answered 503 (default: 16)")
    p.add_argument("--spool-dir", help="folder where queued uploads wait on disk (default: the system's temp folder)")
    p.add_argument("--config", help="a TOML settings file (overrides the packaged defaults)")
    p.set_defaults(handler=run)


def _loopback(host: str) -> bool:
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return host == "localhost"


def web_config(args: argparse.Namespace) -> WebConfig:
    """The app's configuration from the command line; a bad value raises ``ConfigError`` naming the flag."""
    from ..web import WebConfig

    for flag, value in (("--workers", args.workers), ("--max-queued", args.max_queued)):
        if value < 1:
            raise ConfigError(f"{flag} must be at least 1, not {value}")
    if args.spool_dir is not None:
        spool = Path(args.spool_dir)
        if not spool.is_dir() or not os.access(spool, os.W_OK):
            raise ConfigError(f"--spool-dir {args.spool_dir}: not a folder this user can write to")
    return WebConfig(db=args.db, host=args.host, port=args.port, allow_private_urls=args.allow_private_urls,
                     max_upload_bytes=int(args.max_upload_mb * 1e6), stages=stage_list(args.stages),
                     extra_hosts=tuple(args.public_host), workers=args.workers, max_queued=args.max_queued,
                     spool_dir=args.spool_dir, settings=load_settings(args.config))


def run(args: argparse.Namespace) -> int:
    try:
        import uvicorn

        from ..web import create_app
    except ImportError:
        error("the web app needs the 'web' extra: pip install 'rashomon[web]'")
        return EXIT_FAILED
    except RashomonError as exc:
        error(str(exc))
        return EXIT_FAILED
    if not _loopback(args.host):
        print(f"rashomon: warning: serving on {args.host}, reachable from other machines, with no login",
              file=sys.stderr)
    try:
        config = web_config(args)
        app = create_app(config)
    except RashomonError as exc:
        error(str(exc))
        return EXIT_FAILED
    print(f"rashomon: serving http://{args.host}:{args.port}/ (Ctrl-C to stop)", file=sys.stderr, flush=True)
    uvicorn.run(app, host=args.host, port=args.port, log_level="warning")
    return EXIT_OK
