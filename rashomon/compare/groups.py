"""Claim groups: the linked claims of the corpus, and where each source stands on each group's claim.

A claim group is a connected set of linked claims. Inside it, ``agree`` links
keep a claim on the same side and ``contradict`` links put it on the other, so
each source either *asserts* the group's claim, *contradicts* it, does *both*
(it reports both sides), or is *silent*. The side more sources take is the one
called "asserts"; the label is that side's best-connected claim. The
``claim-groups`` stage computes them once, into ``map.json``'s ``claim_groups``,
which the report's claims matrix shows.

    >>> from rashomon.model import Claim, Link
    >>> cs = [Claim("a", "d1", 0, 5, "A."), Claim("b", "d2", 0, 5, "Not A.")]
    >>> [g.cells for g in claim_groups(cs, [Link("a", "b", "contradict", 0.9)])]
    [{'d1': 'asserts', 'd2': 'contradicts'}]
"""

from __future__ import annotations

from collections import Counter, defaultdict, deque
from collections.abc import Callable, Sequence

from ..model import Claim, ClaimGroup, Corpus, GroupCell, Link
from ..registry import Context, stage


def _components(ids: Sequence[str], links: Sequence[Link]) -> list[list[str]]:
    """Connected components of the link graph, in a stable order."""
    adjacent: dict[str, list[str]] = defaultdict(list)
    for link in links:
        adjacent[link.a].append(link.b)
        adjacent[link.b].append(link.a)
    seen: set[str] = set()
    out = []
    for start in ids:
        if start in seen or start not in adjacent:
            continue
        part, queue = [], deque([start])
        seen.add(start)
        while queue:
            node = queue.popleft()
            part.append(node)
            for nxt in adjacent[node]:
                if nxt not in seen:
                    seen.add(nxt)
                    queue.append(nxt)
        out.append(part)
    return out


def _sides(part: list[str], links: Sequence[Link]) -> tuple[dict[str, int], bool]:
    """Two-colour a component; ``False`` when its links cannot all hold at once."""
    edges: dict[str, list[tuple[str, int]]] = defaultdict(list)
    for link in links:
        flip = 1 if link.relation == "contradict" else 0
        edges[link.a].append((link.b, flip))
        edges[link.b].append((link.a, flip))
    side, consistent, queue = {part[0]: 0}, True, deque([part[0]])
    while queue:
        node = queue.popleft()
        for nxt, flip in edges[node]:
            want = side[node] ^ flip
            if nxt not in side:
                side[nxt] = want
                queue.append(nxt)
            elif side[nxt] != want:
                consistent = False
    return side, consistent


def _cell(sides: set[int]) -> GroupCell:
    return "both" if len(sides) > 1 else ("asserts" if 0 in sides else "contradicts")


def _group(part: list[str], claims: dict[str, Claim], links: Sequence[Link]) -> ClaimGroup:
    """One component as a group; ``links`` are the component's own."""
    side, consistent = _sides(part, links)
    docs_per_side = [len({claims[c].doc for c in part if side[c] == s}) for s in (0, 1)]
    if docs_per_side[1] > docs_per_side[0]:
        side = {c: 1 - s for c, s in side.items()}
    degree = Counter(x for link in links for x in (link.a, link.b))
    label = max((c for c in part if side[c] == 0), key=lambda c: (degree[c], -claims[c].start))
    by_doc: dict[str, set[int]] = defaultdict(set)
    for c in part:
        by_doc[claims[c].doc].add(side[c])
    relations = Counter(link.relation for link in links)
    return ClaimGroup(claims=sorted(part, key=lambda c: (claims[c].doc, claims[c].start)),
                      side={c: side[c] for c in part}, label=label, consistent=consistent,
                      cells={d: _cell(s) for d, s in sorted(by_doc.items())},
                      agree=relations["agree"], contradict=relations["contradict"])


def claim_groups(claims: Sequence[Claim], links: Sequence[Link]) -> list[ClaimGroup]:
    """Groups of linked claims with each source's position, contested groups first.

    Ties (a group whose two sides have as many sources, claims as well connected)
    go to the claim or link listed first: the stage lists them as ``map.json``
    does, so the groups do not depend on the order of the inputs.
    """
    by_id = {c.id: c for c in claims}
    usable = [link for link in links if link.a in by_id and link.b in by_id]
    parts = _components([c.id for c in claims], usable)
    part_of = {cid: i for i, part in enumerate(parts) for cid in part}
    own: list[list[Link]] = [[] for _ in parts]
    for link in usable:  # each group sees only its own links: linear, not quadratic
        own[part_of[link.a]].append(link)
    groups = [_group(part, by_id, own[i]) for i, part in enumerate(parts)]
    return sorted(groups, key=lambda g: (-g.contradict, -len(g.cells), by_id[g.label].doc))


@stage("claim-groups",
       requires=("corpus.links",),
       assigns=("corpus.claim_groups",),
       scope="corpus", version="1", config=())
def make_claim_groups(ctx: Context) -> Callable[[Corpus], Corpus]:
    """Groups the linked claims and records each source's position on each group (``corpus.claim_groups``)."""

    def run(corpus: Corpus) -> Corpus:
        claims = sorted(corpus.claims, key=lambda c: (c.doc, c.start))  # the map's order
        corpus.claim_groups = claim_groups(claims, sorted(corpus.links, key=lambda link: (link.a, link.b)))
        return corpus

    return run
