"""Who cites whom: edges document -> cited source, with counts and evidence spans.

Names are grouped before counting, so "Human Rights Watch" and "HRW", or
"the Center for Strategic and International Studies (CSIS)" and "CSIS", are
one node: an acronym of a name, or the name it abbreviates in parentheses,
joins it. Unresolved footnote markers of a document become one edge to
``UNRESOLVED``, with a count, since there is no source to point at.

    >>> from rashomon.model import Citation
    >>> cs = [Citation("d1", 0, 3, "HRW", "HRW", "organization"),
    ...       Citation("d1", 9, 27, "Human Rights Watch", "Human Rights Watch", "organization")]
    >>> [(e["target"], e["count"]) for e in citation_graph(cs)]
    [('Human Rights Watch', 2)]
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from typing import Any

from ..model import Citation
from ..nlp.outlets import normalise

UNRESOLVED = "unresolved footnotes"
_SMALL = {"of", "and", "for", "the", "on", "in", "&"}


def _acronym(name: str) -> str:
    """"Human Rights Watch" -> "hrw"; empty unless every content word is capitalised."""
    words = [w for w in re.split(r"[\s-]+", name) if w and w.lower() not in _SMALL]
    if len(words) < 2 or not all(w[0].isupper() for w in words):
        return ""
    return "".join(w[0] for w in words).lower()


def _is_acronym(name: str) -> bool:
    return bool(re.fullmatch(r"[A-Z]{2,6}", name.strip()))


def _keys(name: str) -> set[str]:
    """The forms that identify a name: itself and, for "Long Name (LN)", both parts."""
    keys = {normalise(name)}
    m = re.match(r"^(.*?)\s*\(([^()]+)\)$", name.strip())
    if m:
        keys |= {normalise(m.group(1)), normalise(m.group(2))}
    return {k for k in keys if k}


def _groups(names: Iterable[str]) -> dict[str, str]:
    """Map each name to its group's display name; a group joins names sharing a form, and a
    name with the acronym ("HRW") that another name spells out ("Human Rights Watch")."""
    names = list(dict.fromkeys(names))
    parent = {n: n for n in names}

    def find(x: str) -> str:
        while parent[x] != x:
            x = parent[x]
        return x

    def join(a: str, b: str) -> None:
        parent[find(a)] = find(b)

    owner: dict[str, str] = {}
    for name in names:
        for key in _keys(name):
            if key in owner:
                join(name, owner[key])
            else:
                owner[key] = name
    acronyms = {n.strip().lower(): n for n in names if _is_acronym(n)}
    for name in names:
        base = re.sub(r"\s*\([^()]+\)$", "", name.strip())
        if _acronym(base) in acronyms:
            join(acronyms[_acronym(base)], name)
    members: dict[str, list[str]] = {}
    for name in names:
        members.setdefault(find(name), []).append(name)
    best = {root: max(group, key=lambda n: (len(n.split()), len(n))) for root, group in members.items()}
    return {name: _display(best[find(name)]) for name in names}


def _display(name: str) -> str:
    m = re.match(r"^(.*?)\s*\(([^()]+)\)$", name.strip())
    return re.sub(r"^the\s+", "", (m.group(1) if m else name).strip(), flags=re.IGNORECASE)


def citation_graph(citations: Iterable[Citation]) -> list[dict[str, Any]]:
    """Edges ``{source, target, kind, count, evidence, speakers, references}``, most cited first."""
    cites = list(citations)
    names = _groups(c.cited for c in cites if c.resolved)
    edges: dict[tuple[str, str], dict[str, Any]] = {}
    kinds: dict[tuple[str, str], Counter[str]] = {}
    for c in cites:
        target = names[c.cited] if c.resolved else UNRESOLVED
        key = (c.doc, target)
        edge = edges.setdefault(key, {"source": c.doc, "target": target, "count": 0, "evidence": [],
                                      "speakers": [], "references": []})
        edge["count"] += 1
        edge["evidence"].append({"doc": c.doc, "start": c.start, "end": c.end, "text": c.text})
        if c.speaker and c.speaker not in edge["speakers"]:
            edge["speakers"].append(c.speaker)
        if c.reference and c.reference not in edge["references"]:
            edge["references"].append(c.reference)
        kinds.setdefault(key, Counter())[c.kind] += 1
    for key, edge in edges.items():
        edge["kind"] = _kind(kinds[key])
    return sorted(edges.values(), key=lambda e: (e["source"], -e["count"], e["target"]))


def _kind(counts: Counter[str]) -> str:
    """An outlet stays an outlet however it was cited; otherwise the most frequent kind."""
    return "outlet" if counts.get("outlet") else counts.most_common(1)[0][0]
