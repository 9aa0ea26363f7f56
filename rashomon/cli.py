"""The ``rashomon`` command: argument parsing only; each command calls a library function."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from importlib import import_module

from . import __version__
from .commands import COMMANDS


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The full parser, or, given a command name, one that imports only that command's module."""
    parser = argparse.ArgumentParser(
        prog="rashomon", description="Read many sources' accounts of one story and lay them side by side."
    )
    parser.add_argument("--version", action="version", version=f"rashomon {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMANDS if command is None else (command,):
        try:
            module = import_module(f"rashomon.commands.{name}")
        except ModuleNotFoundError as exc:
            if exc.name != f"rashomon.commands.{name}":
                raise
            continue
        module.register(sub)
    return parser


def _summary_parser() -> argparse.ArgumentParser:
    """Top-level help and usage errors from the summaries alone: nothing heavy is imported."""
    parser = argparse.ArgumentParser(
        prog="rashomon", description="Read many sources' accounts of one story and lay them side by side."
    )
    parser.add_argument("--version", action="version", version=f"rashomon {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, summary in COMMANDS.items():
        sub.add_parser(name, help=summary, add_help=False)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] in COMMANDS:
        parser = build_parser(argv[0])
    else:
        parser = _summary_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "handler", None):
        parser.print_help()
        return 2
    try:
        return int(args.handler(args))
    except KeyboardInterrupt:
        print("rashomon: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
