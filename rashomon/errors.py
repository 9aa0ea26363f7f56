"""One exception root for everything rashomon raises on purpose.

    RashomonError
    ├── InputError          an input cannot be read or holds no article (per input; the run goes on)
    │   └── FetchError      a URL could not be fetched (timeout, size cap, HTTP status, refused address)
    ├── ConfigError         a setting or config file is invalid
    ├── PipelineError       stages assembled in an order that breaks their contracts
    ├── ModelError          a model named in the registry cannot be loaded offline
    ├── StoreError          the database cannot be opened or migrated
    └── MissingExtra        an optional feature is used without its extra installed

Messages say what went wrong, with which input, and how to fix it.
"""

from __future__ import annotations


class RashomonError(Exception):
    """Root of every error rashomon raises on purpose."""


class InputError(RashomonError):
    """An input cannot be used; ``source`` names it."""

    def __init__(self, source: str, problem: str) -> None:
        super().__init__(f"{source}: {problem}")
        self.source = source
        self.problem = problem


class FetchError(InputError):
    """A URL could not be fetched."""


class ConfigError(RashomonError):
    """A setting or configuration file is invalid."""


class PipelineError(RashomonError):
    """Stages cannot be assembled in the requested order."""


class ModelError(RashomonError):
    """A model cannot be loaded offline."""


class StoreError(RashomonError):
    """The store cannot be opened, migrated or written."""


class MissingExtra(RashomonError):
    """An optional feature needs an extra that is not installed."""

    def __init__(self, feature: str, extra: str) -> None:
        super().__init__(f"{feature} needs the '{extra}' extra: pip install 'rashomon[{extra}]'")
        self.extra = extra
