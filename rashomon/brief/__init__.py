"""The brief: what the sources agree on, dispute and leave out, on one page (docs/report.md)."""

from .build import brief_of, build_brief

__all__ = ["brief_of", "build_brief"]
