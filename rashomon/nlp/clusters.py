"""Surface forms and the union-find the resolver merges them with.

A *form* is every mention of one name key across the corpus ("U.S." and "US"
are one form, "Qasem Soleimani" and "Qassem Soleimani" two). The resolver
merges forms, never single mentions, so its cost follows the number of
distinct names, not the number of mentions. ``Clusters.union`` refuses a merge
that would put two alias-table groups, or two names listed "apart", in one
entity: hard negatives hold whatever rule proposes them.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from ..model import Mention
from .aliases import AliasTable
from .names import is_acronym

# Coarse kinds used to decide whether two forms may be one actor at all.
KINDS = {
    "PERSON": "person",
    "ORG": "group",
    "NORP": "group",
    "GPE": "place",
    "LOC": "place",
    "FAC": "place",
}
LABEL_ORDER = ("PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT", "LAW", "PRODUCT", "WORK_OF_ART")


def majority(labels: Counter[str]) -> str:
    """The most frequent label; ties go to the label earlier in ``LABEL_ORDER``."""
    order = {lab: i for i, lab in enumerate(LABEL_ORDER)}
    return max(sorted(labels), key=lambda lab: (labels[lab], -order.get(lab, len(order))))


@dataclass
class Form:
    """All mentions of one name key."""

    key: str
    mentions: list[Mention] = field(default_factory=list)
    labels: Counter[str] = field(default_factory=Counter)
    surfaces: Counter[str] = field(default_factory=Counter)
    docs: set[str] = field(default_factory=set)
    group: str | None = None  # alias-table group

    @property
    def tokens(self) -> list[str]:
        return self.key.split()

    @property
    def label(self) -> str:
        return majority(self.labels)

    @property
    def display(self) -> str:
        """The spelling most mentions use; mixed case beats all capitals."""
        return min(self.surfaces, key=lambda s: (-self.surfaces[s], s.isupper(), s))

    @property
    def acronym(self) -> bool:
        return any(is_acronym(s) for s in self.surfaces)

    @property
    def kinds(self) -> set[str]:
        return {KINDS.get(lab, lab) for lab in self.labels}

    def add(self, mention: Mention) -> None:
        self.mentions.append(mention)
        self.labels[mention.label] += 1
        self.surfaces[mention.text] += 1
        self.docs.add(mention.doc)


def compatible(a: Form, b: Form) -> bool:
    """Whether two forms' labels leave room for one actor (any shared coarse kind)."""
    return bool(a.kinds & b.kinds)


@dataclass
class FormMerge:
    """A merge between two forms, by index, before it becomes a ``model.Merge``."""

    a: int
    b: int
    method: str
    confidence: float


class Clusters:
    """Union-find over forms that keeps each cluster's alias groups and "apart" anchors."""

    def __init__(self, forms: list[Form], table: AliasTable) -> None:
        self.forms = forms
        self.table = table
        self.parent = list(range(len(forms)))
        self.groups: list[set[str]] = [{f.group} if f.group else set() for f in forms]
        self.anchors: list[set[str]] = [{table.anchor(f.key)} | g for f, g in zip(forms, self.groups)]
        self.merges: list[FormMerge] = []

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def allowed(self, i: int, j: int) -> bool:
        ri, rj = self.find(i), self.find(j)
        if ri == rj:
            return False
        gi, gj = self.groups[ri], self.groups[rj]
        if gi and gj and gi != gj:
            return False
        return not self.table.are_apart(self.anchors[ri], self.anchors[rj])

    def union(self, i: int, j: int, method: str, confidence: float) -> bool:
        """Merge the clusters of forms ``i`` and ``j`` unless a constraint forbids it."""
        if not self.allowed(i, j):
            return False
        ri, rj = sorted((self.find(i), self.find(j)))
        self.parent[rj] = ri
        self.groups[ri] |= self.groups[rj]
        self.anchors[ri] |= self.anchors[rj]
        self.merges.append(FormMerge(i, j, method, round(confidence, 3)))
        return True

    def members(self) -> dict[int, list[int]]:
        out: dict[int, list[int]] = {}
        for i in range(len(self.forms)):
            out.setdefault(self.find(i), []).append(i)
        return out
