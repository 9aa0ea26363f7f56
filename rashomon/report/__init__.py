"""The HTML report and the exports of a narrative map."""

from .html import render_report, write_report

__all__ = ["render_report", "write_report"]
