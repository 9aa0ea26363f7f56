"""``rashomon serve``: the local web app over the store (the ``[web]`` extra)."""

from __future__ import annotations

import argparse
import ipaddress
import sys

from ..errors import RashomonError
from ._output import error
from .add import add_db_argument, stage_list

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
    p.set_defaults(handler=run)


def _loopback(host: str) -> bool:
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return host == "localhost"


def run(args: argparse.Namespace) -> int:
    try:
        import uvicorn

        from ..web import WebConfig, create_app
    except ImportError:
        error("the web app needs the 'web' extra: pip install 'rashomon[web]'")
        return EXIT_FAILED
    except RashomonError as exc:
        error(str(exc))
        return EXIT_FAILED
    if not _loopback(args.host):
        print(f"rashomon: warning: serving on {args.host}, reachable from other machines, with no login",
              file=sys.stderr)
    config = WebConfig(db=args.db, host=args.host, port=args.port, allow_private_urls=args.allow_private_urls,
                       max_upload_bytes=int(args.max_upload_mb * 1e6), stages=stage_list(args.stages),
                       extra_hosts=tuple(args.public_host))
    try:
        app = create_app(config)
    except RashomonError as exc:
        error(str(exc))
        return EXIT_FAILED
    print(f"rashomon: serving http://{args.host}:{args.port}/ (Ctrl-C to stop)", file=sys.stderr, flush=True)
    uvicorn.run(app, host=args.host, port=args.port, log_level="warning")
    return EXIT_OK
