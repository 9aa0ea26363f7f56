"""The HTML report and the exports of a narrative map.

``render_report`` gives the self-contained report page; ``export_map`` writes
the map as JSON, GraphML, JSON-LD or CSV tables.
"""

from .exports import FORMATS, default_output, export_map
from .html import render_report, report_assets, write_report
from .payload import build_payload

__all__ = ["FORMATS", "build_payload", "default_output", "export_map", "render_report", "report_assets",
           "write_report"]
