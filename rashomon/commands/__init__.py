"""CLI commands: one module each, each a thin layer over a library function.

A command module exposes ``register(subparsers)``, which adds its parser and
sets ``handler`` to a function ``(args) -> int`` returning the exit code.
``COMMANDS`` holds each command's one-line summary, so the top-level help
lists them without importing any (each pulls in the libraries it runs on).
"""

COMMANDS = {
    "analyze": "build the narrative map and report of articles about one story",
    "report": "render the HTML report of a map.json",
    "brief": "print the brief of a map.json as Markdown",
    "export": "export a map.json as GraphML, JSON-LD, CSV tables or JSON",
    "eval": "score rashomon on public benchmarks",
    "add": "add articles to the store, optionally to a story whose map is then updated",
    "stories": "group a stream of articles into stories (or list the stored stories)",
    "show": "summarise a stored story; -o writes its HTML report",
    "serve": "the local web app: stories, adding articles, maps, search",
}
