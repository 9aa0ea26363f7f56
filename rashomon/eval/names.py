"""Name-variant evaluation: does the resolver join the spellings of one actor and only those?

The gold file ``eval/gold/name_variants.tsv`` (format at its top) lists groups
of names as one story would mention them: transliterations, titles, particles,
possessives, scripts, surnames, acronyms and table aliases of one actor, beside
look-alikes that are different actors (hard negatives). Each group is resolved
on its own, every name a mention in its own document, so nothing but the name
itself (and the alias table) can join two names. Scores are pairwise over the
names of each group, summed over groups:

- precision: of the pairs the resolver joins, the share that are one actor;
- recall: of the pairs that are one actor, the share it joins (also per kind);
- hard negatives kept apart: of the pairs that are different actors, the share
  it leaves apart.

    rashomon eval names
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from itertools import combinations
from pathlib import Path

from ..errors import InputError
from ..model import Mention
from .tasks import REPO_ROOT, EvalOptions, Row, TaskResult, task

GOLD = REPO_ROOT / "eval" / "gold" / "name_variants.tsv"


@dataclass(frozen=True)
class Variant:
    group: str
    entity: str
    type: str
    kind: str
    name: str


def read_gold(path: Path = GOLD) -> list[Variant]:
    """The gold name variants; malformed lines raise InputError naming the line."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise InputError(str(path), f"cannot read name-variant gold ({exc})") from exc
    out = []
    for number, line in enumerate(lines, start=1):
        if not line.strip() or line.startswith("#"):
            continue
        cols = line.split("\t")
        if len(cols) != 5:
            raise InputError(f"{path}:{number}", f"expected 5 tab-separated columns, got {len(cols)}")
        out.append(Variant(*(c.strip() for c in cols)))
    return out


def resolve_group(variants: list[Variant], aliases: bool = True) -> list[str]:
    """Entity id the resolver gives each name of one group, in order (alias table on or off)."""
    from ..nlp.aliases import AliasTable
    from ..nlp.resolve import resolve

    mentions = [
        Mention(f"{v.group}-{i}", 0, len(v.name), v.name, v.type) for i, v in enumerate(variants)
    ]
    resolve(mentions, table=None if aliases else AliasTable().finish())
    return [m.entity or "" for m in mentions]


@dataclass
class PairCounts:
    joined_right: int = 0  # one actor, joined
    joined_wrong: int = 0  # different actors, joined
    missed: int = 0  # one actor, left apart
    kept_apart: int = 0  # different actors, left apart

    @property
    def precision(self) -> float:
        return self.joined_right / max(1, self.joined_right + self.joined_wrong)

    @property
    def recall(self) -> float:
        return self.joined_right / max(1, self.joined_right + self.missed)

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 0.0 if p + r == 0 else 2 * p * r / (p + r)


def score(
    variants: list[Variant], aliases: bool = True
) -> tuple[PairCounts, dict[str, PairCounts], list[str]]:
    """Overall pair counts, counts per variant kind, and readable errors."""
    groups: dict[str, list[Variant]] = defaultdict(list)
    for v in variants:
        groups[v.group].append(v)
    total, errors = PairCounts(), []
    by_kind: defaultdict[str, PairCounts] = defaultdict(PairCounts)
    for name in sorted(groups):
        members = groups[name]
        predicted = resolve_group(members, aliases)
        for (a, pa), (b, pb) in combinations(zip(members, predicted), 2):
            same, joined = a.entity == b.entity, pa == pb
            kinds = {a.kind, b.kind} - {"canonical"} or {"canonical"}
            for counts in [total, *(by_kind[k] for k in kinds)]:
                _count(counts, same, joined)
            if same != joined:
                errors.append(f"{name}: {a.name!r} / {b.name!r} {'missed' if same else 'wrongly joined'}")
    return total, dict(by_kind), errors


def _recalls(by_kind: dict[str, PairCounts]) -> dict[str, float]:
    return {k: round(c.recall, 4) for k, c in sorted(by_kind.items()) if c.joined_right + c.missed}


def _count(counts: PairCounts, same: bool, joined: bool) -> None:
    if same and joined:
        counts.joined_right += 1
    elif same:
        counts.missed += 1
    elif joined:
        counts.joined_wrong += 1
    else:
        counts.kept_apart += 1


@task("names")
def run_names(opts: EvalOptions) -> TaskResult:
    variants = read_gold(Path(opts.extra.get("gold", GOLD)))
    total, by_kind, errors = score(variants)
    groups = len({v.group for v in variants})
    data = f"name variants ({len(variants)} names, {groups} groups)"
    negatives = total.kept_apart + total.joined_wrong
    bare, bare_kinds, _ = score(variants, aliases=False)
    rows = [
        Row(data, "pairwise precision", round(total.precision, 4)),
        Row(data, "pairwise recall", round(total.recall, 4)),
        Row(data, "pairwise F1", round(total.f1, 4)),
        Row(data, "hard-negative pairs kept apart", round(total.kept_apart / max(1, negatives), 4)),
        Row(data, "pairwise F1 without the alias table", round(bare.f1, 4)),
    ]
    details = {
        "recall_by_kind": _recalls(by_kind),
        "recall_by_kind_without_alias_table": _recalls(bare_kinds),
        "pairs": {"one_actor": total.joined_right + total.missed, "different_actors": negatives},
        "errors": errors,
    }
    return TaskResult("names", rows, "rashomon eval names", details=details)
