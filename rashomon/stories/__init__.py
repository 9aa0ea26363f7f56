"""Stories at scale: a stream of articles grouped into stories, each with its narrative map.

    features.py   per-article features (any worker, any engine): hashed TF-IDF of the lead,
                  name keys, optional MiniLM embedding, MinHash signature
    assign.py     the single ordered assigner: duplicates, decayed similarity, new stories
    index.py      the numpy index of active stories' centroids
    minhash.py    near-duplicate detection (MinHash + LSH, evictable)
    run.py        a run: engine -> assigner -> sink, batched map updates, saved state
    sinks.py      directory, Parquet and store outputs

See ``docs/stories.md`` for the algorithm, the stability and decay rules, and the scaling design.

    >>> from rashomon.model import Document
    >>> assignments, stories = assign_stream([Document.from_text("A quake hit Managua, Nicaragua.")])
    >>> assignments[0].story == stories[0].id
    True
"""

from .assign import Assigner, Assignment, Story, assign_stream, story_id
from .config import StoryConfig
from .features import DocFeatures, Featurizer
from .run import StoryRunResult, run_stories

__all__ = [
    "Assigner",
    "Assignment",
    "DocFeatures",
    "Featurizer",
    "Story",
    "StoryConfig",
    "StoryRunResult",
    "assign_stream",
    "run_stories",
    "story_id",
]
