"""The ``brief`` corpus stage: the brief computed once, stored in map.json."""

from __future__ import annotations

from collections.abc import Callable

from ..model import Corpus
from ..registry import Context, stage
from .build import Thresholds, build_brief


@stage("brief",
       requires=("corpus.links", "corpus.conflicts", "corpus.stances"),
       assigns=("corpus.brief",),
       scope="corpus", version="2",
       config=("brief_min_agree", "brief_min_contradict", "brief_min_conflict", "brief_min_checkworthy",
               "brief_max_items", "brief_reported_cosine"))
def make_brief(ctx: Context) -> Callable[[Corpus], Corpus]:
    """Fills ``corpus.brief`` from the links, conflicts, citations and stances, under the settings' thresholds."""
    limits = Thresholds.from_settings(ctx.settings)

    def run(corpus: Corpus) -> Corpus:
        corpus.brief = build_brief(
            [d.document for d in corpus.docs], corpus.entities, corpus.claims, corpus.links, corpus.stances,
            corpus.conflicts, [c for d in corpus.docs for c in d.citations], [(p.a, p.b, p.cosine) for p in corpus.candidates],
            limits)
        return corpus

    return run
