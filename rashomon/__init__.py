"""rashomon: read many sources' accounts of the same story and lay them side by side."""

from .api import analyze, analyze_documents
from .config import Settings, load_settings
from .model import NarrativeMap

__all__ = ["NarrativeMap", "Settings", "analyze", "analyze_documents", "load_settings"]
__version__ = "0.1.0"
