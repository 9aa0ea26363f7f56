"""The seed articles against the team's gold file (``eval/gold/seeds.json``, with its reasoning).

Each gold item is one check; the task reports, per category, the share of checks passed, and lists the
failures in ``details``. Snippets find items (any claim, mention or citation containing them), so the
gold does not depend on our exact sentence splits or ids.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ..model import NarrativeMap
from .tasks import REPO_ROOT, EvalOptions, Row, TaskResult, task

GOLD = REPO_ROOT / "eval" / "gold" / "seeds.json"


def _squash(text: str) -> str:
    return " ".join(text.lower().split())


class Seeds:
    """Lookups over one map by the seeds' short names (first three characters of the file name)."""

    def __init__(self, nmap: NarrativeMap) -> None:
        self.m = nmap
        self.doc = {Path(d.source).name[:3]: d.id for d in nmap.documents}
        self.entity_of = {(m.doc, m.text): e.id for e in nmap.entities for m in e.mentions}
        self.forms: dict[str, set[str]] = {}
        for e in nmap.entities:
            for form in {e.name, *e.aliases, *(m.text for m in e.mentions)}:
                self.forms.setdefault(form.lower(), set()).add(e.id)

    def entities(self, form: str) -> set[str]:
        return self.forms.get(form.lower(), set())

    def claims(self, short: str, snippet: str) -> list[Any]:
        """Claims of one seed containing ``snippet``, whitespace-insensitive (the seeds use no-break spaces)."""
        doc = self.doc.get(short)
        want = _squash(snippet)
        return [c for c in self.m.claims if c.doc == doc and want in _squash(c.text)]


def _same(s: Seeds, g: dict) -> bool:
    sets = [s.entities(f) for f in g["forms"]]
    return all(sets) and bool(set.intersection(*sets))


def _different(s: Seeds, g: dict) -> bool:
    a, b = (s.entities(f) for f in g["forms"])
    return bool(a) and bool(b) and not (a & b)


def _cited(s: Seeds, g: dict) -> bool:
    names = [n.lower() for n in g["cited"]]
    return any(c.doc == s.doc[g["doc"]] and any(n in (c.cited + " " + c.text).lower() for n in names)
               for c in s.m.citations)


def _unresolved(s: Seeds, g: dict) -> bool:
    found = [c for c in s.m.citations if c.doc == s.doc[g["doc"]] and c.kind == "footnote" and not c.resolved]
    return len(found) >= g["at_least"]


def _quote(s: Seeds, g: dict) -> bool:
    names = [n.lower() for n in g["speaker"]]
    for c in s.claims(g["doc"], g["contains"]):
        chain = " ".join(f"{a.speaker} {a.via or ''}" for a in c.chain)
        if c.kind == "quote" and any(n in f"{c.speaker or ''} {chain}".lower() for n in names):
            return True
    return False


def _linked(s: Seeds, left: list[Any], right: list[Any], relation: str) -> bool:
    ids_l, ids_r = {c.id for c in left}, {c.id for c in right}
    return any(l.relation == relation and ({l.a, l.b} & ids_l) and ({l.a, l.b} & ids_r) for l in s.m.links)


def _contradiction(s: Seeds, g: dict) -> bool:
    return _linked(s, s.claims(*g["a"]), s.claims(*g["b"]), "contradict")


def _agreement(s: Seeds, g: dict) -> bool:
    found = [s.claims(d, snip) for d, snip in zip(g["docs"], g["contains"])]
    pairs = [(i, j) for i in range(len(found)) for j in range(i + 1, len(found))]
    return any(_linked(s, found[i], found[j], "agree") for i, j in pairs)


def _event(s: Seeds, g: dict) -> bool:
    doc = s.doc[g["doc"]]
    for e in s.m.events:
        text = e.text.lower()
        if e.doc == doc and e.date and e.date.start == g["date"] and any(t in text for t in g["trigger_contains"]):
            return True
    return False


def _date_conflict(s: Seeds, g: dict) -> bool:
    return any(c.kind == "date" and s.doc[g["doc"]] in {i.doc for i in c.items} for c in s.m.conflicts)


def _stance(s: Seeds, g: dict) -> bool:
    ents = s.entities(g["entity"])
    docs = {s.doc[d] for d in g["docs"]}
    hits = {st.doc for st in s.m.stances if st.entity in ents and st.label == g["label"] and st.evidence}
    return docs <= hits


def _document(s: Seeds, g: dict) -> bool:
    doc = next(d for d in s.m.documents if d.id == s.doc[g["doc"]])
    return getattr(doc, g["field"]) == g["value"]


CHECKS: dict[str, Callable[[Seeds, dict], bool]] = {
    "documents": _document, "same_entity": _same, "different_entities": _different, "citations": _cited,
    "unresolved_footnotes": _unresolved, "quotes": _quote, "contradictions": _contradiction,
    "agreements": _agreement, "events": _event, "date_conflicts": _date_conflict, "stances": _stance,
}


def score(nmap: NarrativeMap, gold: dict) -> tuple[dict[str, float], list[str]]:
    s = Seeds(nmap)
    scores, failures = {}, []
    for category, check in CHECKS.items():
        items = gold.get(category, [])
        passed = 0
        for g in items:
            if check(s, g):
                passed += 1
            else:
                failures.append(f"{category}: {g.get('why', g)}")
        scores[category] = passed / len(items) if items else 1.0
    return scores, failures


@task("seeds")
def run(opts: EvalOptions) -> TaskResult:
    from ..api import analyze

    seeds = opts.data_root.parent / "seeds"
    nmap = analyze([seeds])
    gold = json.loads(GOLD.read_text(encoding="utf-8"))
    scores, failures = score(nmap, gold)
    total = sum(len(gold.get(k, [])) for k in CHECKS)
    passed = round(sum(scores[k] * len(gold.get(k, [])) for k in CHECKS))
    rows = [Row("seeds (3 articles)", f"{k} checks passed", round(v, 3)) for k, v in scores.items()]
    rows.append(Row("seeds (3 articles)", "all checks passed", round(passed / total, 3)))
    return TaskResult("seeds", rows, "rashomon eval seeds", details={"failures": failures})
