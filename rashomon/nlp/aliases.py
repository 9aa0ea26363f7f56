"""The alias table: well-known names of one actor that no string method can match.

"Daesh" and "Islamic State", "Hashd al-Shaabi" and "Popular Mobilization Forces",
"Teheran" and "Tehran" are facts, not spelling rules, so they live in a data file
(``rashomon/data/aliases.tsv``, format documented at its top and in
``docs/entities.md``) that users extend with their own file (setting
``alias_file`` or ``RASHOMON_ALIAS_FILE``). "apart" lines are hard negatives:
the resolver never puts two of their names in one entity.

    >>> table = parse_alias_lines(["same\\tORG\\tIslamic State | ISIS | Daesh"], "<doc>")
    >>> table.group("daesh", "Daesh") == table.group("isis", "ISIS")
    True
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import combinations
from pathlib import Path

from ..errors import ConfigError
from .names import name_key, name_similarity, skeleton

PACKAGED = Path(__file__).resolve().parent.parent / "data" / "aliases.tsv"
RELATIONS = ("same", "apart")


@dataclass
class AliasTable:
    """Name keys to actor groups, plus the pairs of groups that must stay apart."""

    groups: dict[str, str] = field(default_factory=dict)  # name key -> group id
    types: dict[str, str] = field(default_factory=dict)  # group id -> entity type
    caps_only: set[str] = field(default_factory=set)  # keys that match capitalised mentions only
    apart: set[frozenset[str]] = field(default_factory=set)  # pairs of group ids
    _blocks: dict[tuple[int, str], list[str]] = field(default_factory=dict, repr=False)

    def group(self, key: str, surface: str) -> str | None:
        """The group of a mention's key, or None; short capitals ("IS") need a capitalised mention."""
        gid = self.groups.get(key)
        if gid is None:
            return None
        if key in self.caps_only and not surface.replace(".", "").isupper():
            return None
        return gid

    def fuzzy_group(self, key: str) -> tuple[str, float] | None:
        """The group of the one listed name that ``key`` is a variant spelling of ("Hashid Shaabi")."""
        tokens = key.split()
        if not tokens or len(tokens[-1]) < 3:
            return None
        found: dict[str, float] = {}
        for listed in self._blocks.get((len(tokens), skeleton(tokens[-1])), []):
            score = name_similarity(tokens, listed.split())
            if score >= 0.85:
                gid = self.groups[listed]
                found[gid] = max(found.get(gid, 0.0), score)
        return next(iter(found.items())) if len(found) == 1 else None

    def anchor(self, key: str) -> str:
        """The group id a name stands for in "apart" checks: its group, else the name itself."""
        return self.groups.get(key, key)

    def are_apart(self, a: Iterable[str], b: Iterable[str]) -> bool:
        """Whether any anchor of ``a`` must stay apart from any anchor of ``b``."""
        bs = set(b)
        return any(frozenset((x, y)) in self.apart for x in set(a) for y in bs if x != y)

    def add_same(self, names: list[str], kind: str) -> None:
        keys = [name_key(n) for n in names]
        known = [self.groups[k] for k in keys if k in self.groups]
        gid = known[0] if known else keys[0]
        for old in set(known) - {gid}:  # a line naming two existing groups joins them
            for k, g in list(self.groups.items()):
                if g == old:
                    self.groups[k] = gid
        for name, key in zip(names, keys):
            self.groups[key] = gid
            letters = name.replace(".", "")
            if len(letters) <= 3 and letters.isupper():
                self.caps_only.add(key)
        self.types.setdefault(gid, kind)

    def add_apart(self, names: list[str]) -> None:
        anchors = {name_key(n) for n in names}
        for a, b in combinations(sorted(anchors), 2):
            self.apart.add(frozenset((a, b)))

    def finish(self) -> AliasTable:
        """Re-anchor "apart" pairs on groups (a line may precede the group it names)."""
        self.apart = {frozenset(self.anchor(k) for k in pair) for pair in self.apart}
        self.apart = {p for p in self.apart if len(p) == 2}
        self._blocks = {}
        for key in self.groups:
            tokens = key.split()
            if tokens and key not in self.caps_only:
                self._blocks.setdefault((len(tokens), skeleton(tokens[-1])), []).append(key)
        return self


def parse_alias_lines(lines: Iterable[str], source: str, table: AliasTable | None = None) -> AliasTable:
    """Read alias lines into ``table`` (a new one by default); bad lines raise ConfigError."""
    table = table or AliasTable()
    for number, raw in enumerate(lines, start=1):
        line = raw.rstrip("\n")
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        cols = line.split("\t")
        if len(cols) != 3 or cols[0].strip() not in RELATIONS:
            raise ConfigError(
                f"{source}:{number}: expected 'same|apart<TAB>TYPE<TAB>name | name ...', got {line!r}"
            )
        names = [n.strip() for n in cols[2].split("|") if n.strip()]
        if len(names) < 2 and cols[0].strip() == "apart":
            raise ConfigError(f"{source}:{number}: an 'apart' line needs at least two names")
        if cols[0].strip() == "same":
            table.add_same(names, cols[1].strip().upper() or "ORG")
        else:
            table.add_apart(names)
    return table


@lru_cache(maxsize=8)
def load_alias_table(user_file: str = "") -> AliasTable:
    """The packaged table, extended by ``user_file`` when given; cached per path."""
    table = parse_alias_lines(PACKAGED.read_text(encoding="utf-8").splitlines(), str(PACKAGED))
    if user_file:
        path = Path(user_file).expanduser()
        try:
            text = path.read_text(encoding="utf-8")
        except OSError as exc:
            raise ConfigError(f"{path}: cannot read alias file ({exc}); check the setting alias_file") from exc
        parse_alias_lines(text.splitlines(), str(path), table)
    return table.finish()
