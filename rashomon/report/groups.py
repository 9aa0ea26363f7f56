"""Claim groups and the agreement matrix, derived from the agree/contradict links.

A claim group is a connected set of linked claims. Inside it, ``agree`` links
keep a claim on the same side and ``contradict`` links put it on the other, so
each source either *asserts* the group's claim, *contradicts* it, does *both*
(it reports both sides), or is *silent*. The side more sources take is the one
called "asserts"; the label is that side's best-connected claim.

    >>> from rashomon.model import Claim, Link
    >>> cs = [Claim("a", "d1", 0, 5, "A."), Claim("b", "d2", 0, 5, "Not A.")]
    >>> [g["cells"] for g in claim_groups(cs, [Link("a", "b", "contradict", 0.9)])]
    [{'d1': 'asserts', 'd2': 'contradicts'}]
"""

from __future__ import annotations

from collections import Counter, defaultdict, deque
from collections.abc import Sequence
from typing import Any

from ..model import Claim, Link


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
    members = set(part)
    edges: dict[str, list[tuple[str, int]]] = defaultdict(list)
    for link in links:
        if link.a in members:  # links of other groups may be passed; they are skipped
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


def _cell(sides: set[int]) -> str:
    return "both" if len(sides) > 1 else ("asserts" if 0 in sides else "contradicts")


def _group(part: list[str], claims: dict[str, Claim], links: Sequence[Link]) -> dict[str, Any]:
    side, consistent = _sides(part, links)
    docs_per_side = [len({claims[c].doc for c in part if side[c] == s}) for s in (0, 1)]
    if docs_per_side[1] > docs_per_side[0]:
        side = {c: 1 - s for c, s in side.items()}
    members = set(part)
    degree = Counter(x for link in links if link.a in members for x in (link.a, link.b))
    label = max((c for c in part if side[c] == 0), key=lambda c: (degree[c], -claims[c].start))
    by_doc: dict[str, set[int]] = defaultdict(set)
    for c in part:
        by_doc[claims[c].doc].add(side[c])
    relations = Counter(link.relation for link in links if link.a in members)
    return {"claims": sorted(part, key=lambda c: (claims[c].doc, claims[c].start)),
            "side": {c: side[c] for c in part}, "label": label, "consistent": consistent,
            "cells": {d: _cell(s) for d, s in sorted(by_doc.items())},
            "agree": relations["agree"], "contradict": relations["contradict"]}


def claim_groups(claims: Sequence[Claim], links: Sequence[Link]) -> list[dict[str, Any]]:
    """Groups of linked claims with each source's position, contested groups first."""
    by_id = {c.id: c for c in claims}
    usable = [link for link in links if link.a in by_id and link.b in by_id]
    parts = _components([c.id for c in claims], usable)
    part_of = {cid: i for i, part in enumerate(parts) for cid in part}
    own: list[list[Link]] = [[] for _ in parts]
    for link in usable:  # each group sees only its own links: linear, not quadratic
        own[part_of[link.a]].append(link)
    groups = [_group(part, by_id, own[i]) for i, part in enumerate(parts)]
    return sorted(groups, key=lambda g: (-g["contradict"], -len(g["cells"]), by_id[g["label"]].doc))


def agreement(claims: Sequence[Claim], links: Sequence[Link]) -> dict[tuple[str, str], list[int]]:
    """``(doc a, doc b) -> [agree, contradict]`` link counts, each pair once with a < b."""
    doc_of = {c.id: c.doc for c in claims}
    cells: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0])
    for link in links:
        a, b = doc_of.get(link.a), doc_of.get(link.b)
        if a is None or b is None or a == b:
            continue
        cells[(min(a, b), max(a, b))][link.relation == "contradict"] += 1
    return dict(cells)
