"""Build the brief from a map's links, conflicts, citations and stances: every line extractive.

Each section only reorganises what earlier stages found; nothing is written that
a span of some document does not say, and links or conflicts under the
thresholds of the settings (``brief_min_*``) are left out:

* **agreed**: groups of claims joined by agree links, held by two or more
  sources; each source's own sentence, the one best linked to the group's
  most connected claim;
* **disputed**: every contradict link and every fact conflict, each side with
  who holds it (the speaker the source attributes it to, else the source);
* **single**: check-worthy claims of one source that no other source reports:
  no link of any score, no aligned candidate closer than ``brief_reported_cosine``,
  no part in a conflict; at most a fair share per source, most check-worthy first;
* **left_out**: per source, the agreed groups and the actors that most other
  sources (more than half of them, and at least two) report and it does not;
* **relied_on**: cited outlets, people, bodies and documents, by how many
  sources cite them (names grouped as the citation graph groups them);
* **leans**: each source's non-neutral stance toward the main actors, with
  the loaded terms and the claims behind it.

    >>> from rashomon.model import Claim, Document, Link
    >>> a, b = Document.from_text("Rain fell."), Document.from_text("Rain fell today.")
    >>> ca, cb = Claim("x", a.id, 0, 10, "Rain fell."), Claim("y", b.id, 0, 16, "Rain fell today.")
    >>> [e.text for e in build_brief([a, b], [], [ca, cb], [Link("x", "y", "agree", 0.9)], [], [], []).agreed[0].entries]
    ['Rain fell.', 'Rain fell today.']
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from ..compare.citegraph import citation_graph
from ..model import (
    Brief,
    BriefEntry,
    BriefItem,
    Citation,
    Claim,
    Conflict,
    Document,
    Entity,
    Link,
    NarrativeMap,
    Stance,
)

MAIN_ACTORS = 5  # actors the "leans" section covers, those named by most sources
ACTOR_TYPES = frozenset({"PERSON", "ORG", "GPE", "NORP"})
MIN_WORDS = 5  # shorter claims are fragments, not statements worth checking


@dataclass(frozen=True)
class Thresholds:
    """What an item must reach to be in the brief, from the settings."""

    agree: float = 0.5
    contradict: float = 0.5
    conflict: float = 0.5
    checkworthy: float = 0.5
    max_items: int = 10
    reported_cosine: float = 0.6  # an aligned claim of another source this close may say the same: not "only one source"

    @classmethod
    def from_settings(cls, settings: Any) -> Thresholds:
        return cls(settings.brief_min_agree, settings.brief_min_contradict, settings.brief_min_conflict,
                   settings.brief_min_checkworthy, settings.brief_max_items, settings.brief_reported_cosine)

    def record(self) -> dict[str, float]:
        return {"agree": self.agree, "contradict": self.contradict, "conflict": self.conflict,
                "checkworthy": self.checkworthy, "max_items": self.max_items}


def source_label(doc: Document) -> str:
    """How the brief names a source: its outlet, else its title, else where it came from."""
    return doc.outlet or doc.title or doc.source


class _Index:
    """Documents, claims and the claim around any span, looked up once."""

    def __init__(self, documents: Sequence[Document], claims: Sequence[Claim]) -> None:
        self.docs = {d.id: d for d in documents}
        self.claims = {c.id: c for c in claims if c.doc in self.docs}
        self.by_doc: dict[str, list[Claim]] = defaultdict(list)
        for c in self.claims.values():
            self.by_doc[c.doc].append(c)

    def holder(self, claim: Claim | None, doc: str) -> str:
        """Who holds the words: the attributed speaker (and channel), else the source itself."""
        label = source_label(self.docs[doc])
        if claim is None or not claim.speaker:
            return label
        via = claim.chain[-1].via if claim.chain else None
        return f"{claim.speaker} (via {via}, in {label})" if via else f"{claim.speaker} (in {label})"

    def around(self, doc: str, start: int, end: int) -> Claim | None:
        return next((c for c in self.by_doc.get(doc, []) if c.start <= start and end <= c.end), None)

    def entry(self, doc: str, start: int, end: int, claim: Claim | None = None,
              value: str | None = None) -> BriefEntry | None:
        """An entry whose text is the document's own span, or None when the span is not in it."""
        d = self.docs.get(doc)
        if d is None or not 0 <= start < end <= len(d.text):
            return None
        claim = claim or self.around(doc, start, end)
        return BriefEntry(doc, start, end, d.text[start:end], self.holder(claim, doc),
                          claim.id if claim else None, value)

    def claim_entry(self, claim: Claim, value: str | None = None) -> BriefEntry | None:
        return self.entry(claim.doc, claim.start, claim.end, claim, value)

    def usable(self, link: Link) -> bool:
        a, b = self.claims.get(link.a), self.claims.get(link.b)
        return a is not None and b is not None and a.doc != b.doc and "comment" not in (a.section, b.section)


def _components(links: Sequence[Link]) -> list[list[Link]]:
    """The agree links split by connected group of claims, in a stable order."""
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for link in links:
        parent[find(link.a)] = find(link.b)
    groups: dict[str, list[Link]] = defaultdict(list)
    for link in links:
        groups[find(link.a)].append(link)
    return list(groups.values())


def _agreed_group(links: list[Link], ix: _Index) -> BriefItem | None:
    """One agreed item: the best-connected claim and, for each other source, its best-linked sentence."""
    weight: dict[str, float] = defaultdict(float)
    for link in links:
        weight[link.a] += link.score
        weight[link.b] += link.score
    pivot = max(weight, key=lambda c: (weight[c], -ix.claims[c].start, c))
    best: dict[str, tuple[float, bool, str]] = {}  # doc -> (score, direct to pivot, claim)
    for link in links:
        for mine, other in ((link.a, link.b), (link.b, link.a)):
            doc = ix.claims[mine].doc
            if doc == ix.claims[pivot].doc:
                continue
            rank = (other == pivot, link.score)
            if doc not in best or rank > (best[doc][1], best[doc][0]):
                best[doc] = (link.score, other == pivot, mine)
    if not best:
        return None
    first = ix.claim_entry(ix.claims[pivot])
    entries = [first] + [ix.claim_entry(ix.claims[c]) for _, _, c in best.values()]
    if any(e is None for e in entries):
        return None
    kept = [e for e in entries if e is not None]
    return BriefItem(ix.claims[pivot].text, kept, confidence=round(min(s for s, _, _ in best.values()), 4),
                     docs=sorted({e.doc for e in kept}))


def agreed_groups(links: Sequence[Link], ix: _Index, limits: Thresholds) -> list[BriefItem]:
    """Every agreed group (not cut to ``max_items``: "left out" reads them all), most sources first."""
    agree = [k for k in links if k.relation == "agree" and k.score >= limits.agree and ix.usable(k)]
    items = [it for part in _components(agree) if (it := _agreed_group(part, ix))]
    return sorted(items, key=lambda it: (-len(it.docs), -(it.confidence or 0.0), it.text))


def disputed(links: Sequence[Link], conflicts: Sequence[Conflict], ix: _Index, limits: Thresholds) -> list[BriefItem]:
    """Contradictions (strongest first), then fact conflicts, each side with its holder."""
    out = []
    contra = sorted((k for k in links if k.relation == "contradict" and k.score >= limits.contradict
                     and ix.usable(k)), key=lambda k: (-k.score, k.a, k.b))
    for link in contra[: limits.max_items]:
        a, b = sorted((ix.claims[link.a], ix.claims[link.b]), key=lambda c: (c.doc, c.start))
        sides = [ix.claim_entry(a, "one side"), ix.claim_entry(b, "the other side")]
        if all(sides):
            out.append(BriefItem(a.text, [s for s in sides if s], "contradiction", round(link.score, 4),
                                 docs=sorted({a.doc, b.doc})))
    kept = 0
    for c in conflicts:
        confidence = getattr(c, "confidence", None)  # rule-made conflicts carry none
        if confidence is not None and confidence < limits.conflict:
            continue
        sides = [ix.entry(i.doc, i.start, i.end, value=i.value) for i in c.items]
        entries = [s for s in sides if s]
        if len({e.doc for e in entries}) < 2 or kept >= limits.max_items:
            continue
        kept += 1
        out.append(BriefItem(c.explanation, entries, c.kind, confidence, docs=sorted({e.doc for e in entries})))
    return out


def single_source(claims: Sequence[Claim], links: Sequence[Link], conflicts: Sequence[Conflict],
                  candidates: Iterable[Sequence[Any]], ix: _Index, limits: Thresholds) -> list[BriefItem]:
    """Check-worthy claims no other source reports, most check-worthy first, a fair share per source."""
    reported = {x for k in links for x in (k.a, k.b)}
    reported |= {str(x) for a, b, cos, *_ in candidates if float(cos) >= limits.reported_cosine for x in (a, b)}
    disputed_spans = {(i.doc, i.start, i.end) for c in conflicts for i in c.items}
    share = max(3, math.ceil(limits.max_items / max(1, len(ix.docs))))
    per_doc: dict[str, int] = defaultdict(int)
    out: list[BriefItem] = []
    pool = sorted((c for c in claims if c.id in ix.claims), key=lambda c: (-c.checkworthy, c.doc, c.start))
    for c in pool:
        if len(out) >= limits.max_items or c.checkworthy < limits.checkworthy:
            break
        if (c.id in reported or c.section != "body" or c.kind == "opinion" or len(c.text.split()) < MIN_WORDS
                or c.start < ix.docs[c.doc].header_end or per_doc[c.doc] >= share
                or any(d == c.doc and c.start <= s and e <= c.end for d, s, e in disputed_spans)):
            continue
        entry = ix.claim_entry(c)
        if entry:
            per_doc[c.doc] += 1
            out.append(BriefItem(c.text, [entry], confidence=round(c.checkworthy, 4), docs=[c.doc]))
    return out


def _actor_docs(entities: Sequence[Entity], ix: _Index) -> dict[str, dict[str, Any]]:
    """Per actor of a kind worth naming: the first body mention in each source that names it."""
    out: dict[str, dict[str, Any]] = {}
    for e in entities:
        if e.type not in ACTOR_TYPES:
            continue
        first: dict[str, Any] = {}
        for m in sorted(e.mentions, key=lambda m: m.start):
            d = ix.docs.get(m.doc)
            if d is not None and m.start >= d.header_end and m.doc not in first:
                first[m.doc] = m
        if first:
            out[e.id] = {"entity": e, "first": first, "mentions": len(e.mentions)}
    return out


def left_out(groups: Sequence[BriefItem], actors: dict[str, dict[str, Any]], ix: _Index,
             limits: Thresholds) -> list[BriefItem]:
    """Per source: what more than half of the other sources (and at least two) report and it does not."""
    n = len(ix.docs)
    most = lambda held: len(held) >= 2 and len(held) > (n - 1) / 2
    out = []
    for doc in sorted(ix.docs):
        mine: list[BriefItem] = []
        for g in groups:
            if doc not in g.docs and most(g.docs):
                mine.append(BriefItem(g.text, g.entries, "claim", g.confidence, doc=doc, docs=g.docs))
        ranked = sorted(actors.values(), key=lambda a: (-len(a["first"]), -a["mentions"], a["entity"].name))
        for a in ranked:
            held = sorted(a["first"])
            if doc in held or not most(held):
                continue
            entries = [ix.entry(m.doc, m.start, m.end) for m in a["first"].values()]
            mine.append(BriefItem(a["entity"].name, [e for e in entries if e], "actor", doc=doc,
                                  entity=a["entity"].id, docs=held))
        out.extend(mine[: limits.max_items])
    return out


def relied_on(citations: Sequence[Citation], ix: _Index, limits: Thresholds) -> list[BriefItem]:
    """The most-cited sources (by how many sources cite them, then how often), with every citing span."""
    graph = citation_graph(c for c in citations if c.doc in ix.docs)  # no documents: sources named as cited
    nodes = {n.id: n for n in graph.nodes}
    by_target: dict[str, dict[str, Any]] = {}
    for edge in graph.edges:
        target = nodes[edge.target]
        if target.missing:
            continue
        row = by_target.setdefault(target.label, {"docs": set(), "count": 0, "kinds": [], "ev": []})
        row["docs"].add(nodes[edge.source].doc)
        row["count"] += edge.count
        row["kinds"].append(edge.kind)
        row["ev"].extend(edge.evidence)
    ranked = sorted(by_target.items(), key=lambda kv: (-len(kv[1]["docs"]), -kv[1]["count"], kv[0]))
    out = []
    for name, row in ranked[: limits.max_items]:
        entries = [ix.entry(e.doc, e.start, e.end) for e in row["ev"]]
        kind = "outlet" if "outlet" in row["kinds"] else max(set(row["kinds"]), key=row["kinds"].count)
        out.append(BriefItem(name, [e for e in entries if e], kind, docs=sorted(row["docs"])))
    return out


def leans(stances: Sequence[Stance], actors: dict[str, dict[str, Any]], ix: _Index,
          limits: Thresholds) -> list[BriefItem]:
    """Each source's non-neutral stance toward the main actors, with its terms and evidence claims."""
    main = sorted(actors, key=lambda e: (-len(actors[e]["first"]), -actors[e]["mentions"], e))[:MAIN_ACTORS]
    out = []
    for s in sorted(stances, key=lambda s: (s.doc, -abs(s.score), s.entity)):
        if s.entity not in main or s.label == "neutral" or s.doc not in ix.docs:
            continue
        entries = [ix.claim_entry(ix.claims[c]) for c in s.evidence if c in ix.claims]
        if any(entries):
            out.append(BriefItem(actors[s.entity]["entity"].name, [e for e in entries if e], s.label, doc=s.doc,
                                 entity=s.entity, score=round(s.score, 4), terms=list(s.terms), docs=[s.doc]))
    return out[: limits.max_items * 3]


def build_brief(documents: Sequence[Document], entities: Sequence[Entity], claims: Sequence[Claim],
                links: Sequence[Link], stances: Sequence[Stance], conflicts: Sequence[Conflict],
                citations: Sequence[Citation], candidates: Iterable[Sequence[Any]] = (),
                limits: Thresholds | None = None) -> Brief:
    """The brief of one story's analysis; see the module docstring for what each section holds."""
    limits = limits or Thresholds()
    ix = _Index(documents, claims)
    groups = agreed_groups(links, ix, limits)
    actors = _actor_docs(entities, ix)
    return Brief(
        agreed=groups[: limits.max_items],
        disputed=disputed(links, conflicts, ix, limits),
        single=single_source(claims, links, conflicts, candidates, ix, limits),
        left_out=left_out(groups, actors, ix, limits),
        relied_on=relied_on(citations, ix, limits),
        leans=leans(stances, actors, ix, limits),
        thresholds=limits.record(),
    )


def brief_of(nmap: NarrativeMap, limits: Thresholds | None = None) -> Brief:
    """The map's own brief when its pipeline made one, else one built from the map now (older maps)."""
    if nmap.brief is not None and limits is None:
        return nmap.brief
    if limits is None:
        from ..config import load_settings

        limits = Thresholds.from_settings(load_settings())
    return build_brief(nmap.documents, nmap.entities, nmap.claims, nmap.links, nmap.stances, nmap.conflicts,
                       nmap.citations, [(p.a, p.b, p.cosine) for p in nmap.candidates], limits)
