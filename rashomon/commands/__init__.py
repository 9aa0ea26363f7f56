"""CLI commands: one module each, each a thin layer over a library function.

A command module exposes ``register(subparsers)``, which adds its parser and
sets ``handler`` to a function ``(args) -> int`` returning the exit code.
"""

COMMANDS = ("analyze", "report", "brief", "export", "eval", "add", "stories", "show", "serve")
