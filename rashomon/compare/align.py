"""Candidate claim pairs across documents: which claims might say the same thing.

Comparing every claim with every other claim of every other document with
an NLI model is quadratic and slow; alignment picks a few candidates per
claim so the expensive ``relate`` stage grows linearly with the number of
claims. Two blocking rules, both bounded per claim:

* **nearest neighbours**: each claim's ``align_top_k`` most similar claims of
  *other* documents by cosine of packaged sentence embeddings (MiniLM),
  at least ``align_min_cosine``; computed by numpy in blocks, so memory stays
  bounded and the count of pairs kept is at most ``align_top_k`` per claim;
* **shared entities**: claims naming the same *specific* actor (one named
  by at most ``align_entity_max_claims`` claims; the story's protagonist, named
  everywhere, says nothing about which claims match) are paired when their
  cosine reaches ``align_entity_min_cosine``, again at most ``align_top_k`` per claim.

The four bounds are settings (defaults.toml) the stage declares.

Each claim is embedded once per process (``embed_claims`` caches by model and
claim id), and the ``facts`` stage reuses the same vectors.

    >>> pairs = top_k_pairs(np.eye(3, dtype="float32"), np.array([0, 1, 2]), k=1, min_cos=-1.0)
    >>> len(pairs)  # one neighbour per claim, deduplicated
    3
"""

from __future__ import annotations

import time
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from ..budget import remaining
from ..config import Settings
from ..errors import ModelError
from ..model import CandidatePair, Claim, Corpus, Skipped
from ..registry import Context, stage, stage_config
from .eventcoref import COREF_SETTINGS, CorefLimits
from .scope import STORY_SETTINGS, StoryLimits

# The functions' defaults are the packaged settings (``align_*``); the stage passes the run's values.
BLOCK = 2048  # rows of the similarity matrix computed at once

CACHE_MAX = 500_000  # vectors kept per process (about 770 MB of float32 at 384 dimensions)
_CACHE: dict[tuple[str, str], np.ndarray] = {}


def alignable(claims: Sequence[Claim]) -> list[Claim]:
    """Claims worth aligning: the outlet's own text, not reader comments."""
    return [c for c in claims if c.section != "comment" and c.text.strip()]


def embed_claims(ctx: Context, claims: Sequence[Claim]) -> np.ndarray:
    """Unit-length embeddings of the claims' text, each claim embedded once per process."""
    name = ctx.models.name("embedder")
    todo = [c for c in claims if (name, c.id) not in _CACHE]
    if todo:
        if len(_CACHE) + len(todo) > CACHE_MAX:  # a long-lived process (the web app) must not grow forever
            _CACHE.clear()
            todo = list(claims)
        model = ctx.models.get("embedder")
        vecs = model.encode([" ".join(c.text.split()) for c in todo], batch_size=64, convert_to_numpy=True)
        for c, v in zip(todo, np.asarray(vecs, dtype=np.float32)):
            _CACHE[(name, c.id)] = v / (np.linalg.norm(v) or 1.0)
    if not claims:
        return np.zeros((0, 0), dtype=np.float32)
    return np.stack([_CACHE[(name, c.id)] for c in claims])


def top_k_pairs(
    emb: np.ndarray,
    groups: np.ndarray,
    k: int = Settings.align_top_k,
    min_cos: float = Settings.align_min_cosine,
    block: int = BLOCK,
) -> dict[tuple[int, int], float]:
    """Each row's ``k`` most similar rows of other groups (documents), as ``{(i, j): cosine}`` with i < j."""
    out: dict[tuple[int, int], float] = {}
    n = len(emb)
    if n < 2 or k <= 0:
        return out
    kk = min(k, n - 1)
    for lo in range(0, n, block):
        sims = emb[lo : lo + block] @ emb.T
        rows = np.arange(lo, min(lo + block, n))
        sims[groups[rows][:, None] == groups[None, :]] = -np.inf  # never pair a document with itself
        idx = np.argpartition(-sims, kk - 1, axis=1)[:, :kk]
        for r, cols in zip(rows.tolist(), idx.tolist()):
            for c in cols:
                s = float(sims[r - lo, c])
                if s >= min_cos:
                    out[(min(r, c), max(r, c))] = s
    return out


def entity_pairs(
    claims: Sequence[Claim],
    emb: np.ndarray,
    k: int = Settings.align_top_k,
    max_claims: int = Settings.align_entity_max_claims,
    min_cos: float = Settings.align_entity_min_cosine,
) -> dict[tuple[int, int], float]:
    """Pairs of claims of different documents that name the same specific actor."""
    by_entity: dict[str, list[int]] = defaultdict(list)
    for i, c in enumerate(claims):
        for e in set(c.entities):
            by_entity[e].append(i)
    best: dict[int, list[tuple[float, int]]] = defaultdict(list)
    for members in by_entity.values():
        if len(members) > max_claims or len({claims[i].doc for i in members}) < 2:
            continue
        sub = emb[members] @ emb[members].T
        for x, i in enumerate(members):
            for y, j in enumerate(members):
                if claims[i].doc != claims[j].doc and sub[x, y] >= min_cos:
                    best[i].append((float(sub[x, y]), j))
    out: dict[tuple[int, int], float] = {}
    for i, scored in best.items():
        for s, j in sorted(set(scored), reverse=True)[:k]:
            out[(min(i, j), max(i, j))] = s
    return out


def align(
    claims: Sequence[Claim],
    emb: np.ndarray,
    k: int = Settings.align_top_k,
    keep: Callable[[Claim, Claim], bool] | None = None,
    min_cos: float = Settings.align_min_cosine,
    entity_max_claims: int = Settings.align_entity_max_claims,
    entity_min_cos: float = Settings.align_entity_min_cosine,
) -> list[list[Any]]:
    """Candidate pairs ``[claim_a, claim_b, cosine]`` (a's id < b's id), most similar first.

    ``keep`` vetoes pairs that cannot be compared (other story, other event); a
    vetoed pair leaves room for the claim's next neighbour, so each claim still
    gets up to ``k`` comparable candidates.
    """
    if len(claims) < 2:
        return []
    doc_index = {d: i for i, d in enumerate(sorted({c.doc for c in claims}))}
    groups = np.array([doc_index[c.doc] for c in claims])
    pairs = top_k_pairs(emb, groups, k if keep is None else 3 * k, min_cos)
    for key, s in entity_pairs(claims, emb, k, entity_max_claims, entity_min_cos).items():
        pairs.setdefault(key, s)
    if keep is not None:
        pairs = _bounded({key: s for key, s in pairs.items() if keep(claims[key[0]], claims[key[1]])}, k)
    rows = []
    for (i, j), s in pairs.items():
        a, b = sorted((claims[i].id, claims[j].id))
        rows.append([a, b, round(s, 4)])
    return sorted(rows, key=lambda r: (-r[2], r[0], r[1]))


def _bounded(pairs: dict[tuple[int, int], float], k: int) -> dict[tuple[int, int], float]:
    """At most ``k`` pairs per claim, most similar first."""
    used: dict[int, int] = defaultdict(int)
    out: dict[tuple[int, int], float] = {}
    for (i, j), s in sorted(pairs.items(), key=lambda kv: -kv[1]):
        if used[i] < k or used[j] < k:
            out[(i, j)] = s
            used[i] += 1
            used[j] += 1
    return out


def comparable_filter(ctx: Context, corpus: Corpus, claims: Sequence[Claim], emb: np.ndarray,
                      limits: CorefLimits, story_limits: StoryLimits) -> Callable[[Claim, Claim], bool]:  # fmt: skip
    """A veto for pairs of claims of different stories or different events (see ``scope``)."""
    from .scope import centroids_of, clash, ensure_stories, frames
    from .timeline import _embedder, ensure_clusters

    stories = ensure_stories(corpus, lambda: centroids_of(claims, emb), story_limits)
    ensure_clusters(corpus, _embedder(ctx), stories, limits)
    framed = frames(corpus, stories)
    return lambda a, b: a.id in framed and b.id in framed and clash(framed[a.id], framed[b.id]) is None


def crosslingual_rows(ctx: Context, corpus: Corpus, claims: Sequence[Claim], keep: Callable[[Claim, Claim], bool],
                      known: set[tuple[str, str]], k: int, min_cos: float) -> list[list[Any]]:  # fmt: skip
    """Candidates with a non-English side, by the multilingual encoder's cosine (none in an all-English corpus).

    MiniLM reads English only: across scripts its cosines say nothing, so each
    claim of a non-English document also gets its ``k`` nearest claims of other
    documents in the multilingual space (whose cosines run high:
    ``align_xling_min_cosine`` is its own bar). The same story and event veto
    applies. The encoder is slow, so claims are embedded in chunks while the
    stage's time budget allows; those left out get no cross-language candidates
    (a ``Skipped`` row says how many), and the stage keeps everything else.
    """
    language = {d.document.id: (d.document.language or "en") for d in corpus.docs}
    claims = _in_shared_stories(corpus, claims, language)
    if all(language.get(c.doc, "en") == "en" for c in claims) or len(claims) < 2:
        return []
    try:
        encoder = ctx.models.get("embedder_multilingual")
    except ModelError as exc:
        corpus.skipped.append(Skipped("embedder_multilingual model", str(exc), "align"))
        return []
    done, emb, unread = _embed_in_budget(ctx.models.name("embedder_multilingual"), encoder, claims)
    if unread:
        corpus.skipped.append(Skipped("(corpus)", f"time budget: {unread} claims were not embedded for "
                                                  "cross-language candidates", "align"))
    if len(done) < 2:
        return []
    foreign = [language.get(c.doc, "en") != "en" for c in done]
    doc_index = {d: i for i, d in enumerate(sorted({c.doc for c in done}))}
    pairs = top_k_pairs(emb, np.array([doc_index[c.doc] for c in done]), 3 * k, min_cos)
    usable = {(i, j): s for (i, j), s in pairs.items() if (foreign[i] or foreign[j]) and keep(done[i], done[j])}
    rows = []
    for (i, j), s in _bounded(usable, k).items():
        a, b = sorted((done[i].id, done[j].id))
        if (a, b) not in known:
            rows.append([a, b, round(s, 4)])
    return sorted(rows, key=lambda r: (-r[2], r[0], r[1]))


def _in_shared_stories(corpus: Corpus, claims: Sequence[Claim], language: dict[str, str]) -> list[Claim]:
    """The claims that could pair across languages: their story has another document, one not in English.

    The story veto refuses every other pair, so embedding the rest (a stream of
    unrelated pages is mostly one-document stories) would cost time for nothing.
    """
    story = corpus.stories
    if not story:
        return list(claims)
    size = Counter(story.values())
    foreign = {story[d] for d, lang in language.items() if lang != "en" and d in story}
    return [c for c in claims if c.doc in story and size[story[c.doc]] > 1 and story[c.doc] in foreign]


EMBED_CHUNK = 256  # claims embedded between two looks at the clock


def _embed_in_budget(name: str, encoder: Any, claims: Sequence[Claim]) -> tuple[list[Claim], np.ndarray, int]:
    """Unit vectors of the claims a second encoder embedded within the stage's budget, and how many it could not.

    Each claim is embedded once per process (the cache ``embed_claims`` uses);
    before each chunk the budget left is compared with the slowest chunk so far.
    """
    todo = [c for c in claims if (name, c.id) not in _CACHE]
    if len(_CACHE) + len(todo) > CACHE_MAX:
        _CACHE.clear()
        todo = list(claims)
    slowest = 0.0
    for start in range(0, len(todo), EMBED_CHUNK):
        left = remaining()
        if left is not None and left < 2 * slowest + 1:
            break
        began = time.perf_counter()
        chunk = todo[start : start + EMBED_CHUNK]
        vecs = np.asarray(encoder.encode([" ".join(c.text.split()) for c in chunk], batch_size=64), dtype=np.float32)
        for c, v in zip(chunk, vecs):
            _CACHE[(name, c.id)] = v / (np.linalg.norm(v) or 1.0)
        slowest = max(slowest, time.perf_counter() - began)
    done = [c for c in claims if (name, c.id) in _CACHE]
    emb = np.stack([_CACHE[(name, c.id)] for c in done]) if done else np.zeros((0, 0), dtype=np.float32)
    return done, emb, len(claims) - len(done)


def corpus_stories(ctx: Context, corpus: Corpus, limits: StoryLimits) -> dict[str, int]:
    """Story groups of the corpus, embedding its claims only when no earlier stage grouped them.

    ``limits`` come from the calling stage's own config (every stage that may group
    first declares ``STORY_SETTINGS``), so the manifest names the bars that grouped.
    """
    from .scope import centroids_of, ensure_stories

    claims = alignable(corpus.claims)

    def centroids() -> dict[str, np.ndarray] | None:
        try:
            return centroids_of(claims, embed_claims(ctx, claims))
        except Exception:  # noqa: BLE001 - without an embedder, shared names alone group documents
            return None

    return ensure_stories(corpus, centroids, limits)


@stage("align",
       requires=("doc.claims", "corpus.entities", "doc.events"),
       assigns=("corpus.candidates", "corpus.stories", "corpus.event_clusters"),
       scope="corpus",
       version="4", config=("align_top_k", "align_min_cosine", "align_entity_max_claims",
                            "align_entity_min_cosine", "align_xling_min_cosine", *COREF_SETTINGS, *STORY_SETTINGS))  # fmt: skip
def make_align(ctx: Context) -> Callable[[Corpus], Corpus]:
    """Puts the candidate claim pairs, with their cosine, in ``corpus.candidates``.

    Only claims of one story that may report one event are paired; the story
    groups and event clusters it computes stay in ``corpus.stories`` and
    ``corpus.event_clusters`` for later stages.
    """
    config = stage_config(ctx, "align")
    bounds = {"k": config["align_top_k"], "min_cos": config["align_min_cosine"],
              "entity_max_claims": config["align_entity_max_claims"],
              "entity_min_cos": config["align_entity_min_cosine"]}  # fmt: skip
    limits, story_limits = CorefLimits.of(config), StoryLimits.of(config)

    def run(corpus: Corpus) -> Corpus:
        name = ctx.models.name("embedder")
        for item in corpus.docs:  # the claims stage already embedded them with this model: reuse, not recompute
            for claim_id, vec in item.scratch.claim_vectors.items():
                _CACHE.setdefault((name, claim_id), np.asarray(vec, dtype=np.float32))
        claims = alignable(corpus.claims)
        emb = embed_claims(ctx, claims)
        keep = comparable_filter(ctx, corpus, claims, emb, limits, story_limits)
        rows = align(claims, emb, keep=keep, **bounds)
        rows += crosslingual_rows(ctx, corpus, claims, keep, {(r[0], r[1]) for r in rows}, bounds["k"],
                                  config["align_xling_min_cosine"])  # fmt: skip
        corpus.candidates = [CandidatePair(a, b, cos) for a, b, cos in rows]
        return corpus

    return run
