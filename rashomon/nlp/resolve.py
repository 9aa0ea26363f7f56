"""The ``resolve`` stage: one entity per actor across all documents, however spelt.

Mentions are grouped into *forms* (one per normalised name key, see ``names``),
and forms are merged by a cascade that runs from the surest evidence to the
weakest; each merge is recorded with its method and a confidence:

1. ``normalised`` (0.98): same key once titles, diacritics, script, particles,
   possessives and case are folded ("U.S." = "US", "Bashar al-Assad" =
   "Bashar Assad").
2. ``alias`` (0.95) / ``alias-variant``: the alias table (``aliases.tsv`` plus a
   user file), exactly or through a spelling variant ("Hashid Shaabi").
3. ``acronym-defined`` (0.95) and ``gloss`` (0.7): the document itself says so,
   "Islamic Revolutionary Guard Corps (IRGC)", "Kata'ib Hezbollah (Hezbollah
   Brigades)".
4. ``spelling`` (0.5-0.95): equally long names whose every token sounds alike
   (metaphone or consonant skeleton) and reads alike (rapidfuzz), compared only
   inside blocks sharing a phonetic key, so the work stays near linear.
5. ``generic-head`` (0.75): a name plus an organisation head noun ("Islamic
   Revolutionary Guard" + "Corps"), when only one longer name fits.
6. ``acronym-initials`` (0.8): "CSIS" = "Center for Strategic and International
   Studies", when only one name has those initials.
7. ``middle-name`` (0.8), ``surname`` (0.85), ``first-name`` (0.7): "Regina
   Benjamin" to "Regina M. Benjamin", "Soleimani" and "Qassem" to the one full
   name they can belong to; never when two full names fit. Whether a lone word
   is a person's name is voted corpus-wide, as in the mention stage.

A merge that would join two alias-table groups or two names listed "apart"
("Hezbollah" / "Kata'ib Hezbollah") is refused, whatever step proposes it:
a missed merge is cheaper than a wrong one.
"""

from __future__ import annotations

import unicodedata
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from typing import cast

from ..model import Corpus, Entity, Mention, Merge, content_id
from ..registry import Context, stage, stage_config
from .aliases import AliasTable, load_alias_table
from .clusters import Clusters, Form, FormMerge, compatible, majority
from .names import (
    GENERIC_HEADS,
    initials,
    is_demonym_pair,
    name_key,
    name_similarity,
    phonetic_keys,
    strongly_alike,
    token_similarity,
)

SPELLING_MIN = {1: 0.85}  # single words need more agreement than full names
SPELLING_MIN_DEFAULT = 0.8


def build_forms(mentions: Iterable[Mention], table: AliasTable) -> list[Form]:
    """Group mentions by name key; forms are sorted by key so results never depend on input order."""
    by_key: dict[str, Form] = {}
    for m in mentions:
        key = name_key(m.text, person=m.label == "PERSON") or m.text.lower().strip()
        by_key.setdefault(key, Form(key)).add(m)
    forms = [by_key[k] for k in sorted(by_key)]
    for f in forms:
        f.group = next((g for s in f.surfaces if (g := table.group(f.key, s))), None)
    return forms


def merge_aliases(cl: Clusters) -> None:
    """Step 2: forms of one alias-table group; variants of a listed name join it too."""
    first: dict[str, tuple[int, float]] = {}
    for i, f in enumerate(cl.forms):
        conf = 0.95
        if f.group is None and not f.acronym and len(f.key) >= 4:
            found = cl.table.fuzzy_group(f.key)
            if found:
                f.group, score = found
                cl.groups[i].add(f.group)
                cl.anchors[i].add(f.group)
                conf = 0.9 * score
        if f.group is None:
            continue
        if f.group not in first:
            first[f.group] = (i, conf)
            continue
        j, conf_j = first[f.group]
        weaker = min(conf, conf_j)
        cl.union(j, i, "alias" if weaker == 0.95 else "alias-variant", weaker)


def merge_defined(cl: Clusters, pairs: Iterable[dict[str, object]]) -> None:
    """Step 3: acronyms and glosses a document defines in parentheses."""
    index = _key_index(cl.forms)
    for p in pairs:
        a, b = _find(index, str(p["long"])), _find(index, str(p["short"]))
        if a is None or b is None:
            continue
        if p["kind"] == "acronym":
            cl.union(a, b, "acronym-defined", 0.95 if p.get("initials") else 0.85)
        elif p["kind"] == "gloss":
            cl.union(a, b, "gloss", 0.7)


def _key_index(forms: list[Form]) -> dict[str, int]:
    return {f.key: i for i, f in enumerate(forms)}


def _find(index: dict[str, int], surface: str) -> int | None:
    for person in (False, True):
        i = index.get(name_key(surface, person=person))
        if i is not None:
            return i
    return None


def spelling_pairs(forms: list[Form]) -> Iterable[tuple[int, int, float]]:
    """Step 4 proposals: same-length names sharing phonetic keys of first and last token."""
    blocks: dict[tuple[object, ...], list[int]] = defaultdict(list)
    for i, f in enumerate(forms):
        if f.acronym or not f.tokens:
            continue
        first, last = phonetic_keys(f.tokens[0]), phonetic_keys(f.tokens[-1])
        for view in (0, 1):
            blocks[(len(f.tokens), view, first[view], last[view])].append(i)
    seen: set[tuple[int, int]] = set()
    for members in blocks.values():
        for x, i in enumerate(members):
            for j in members[x + 1 :]:
                if (i, j) in seen:
                    continue
                seen.add((i, j))
                score = _spelling_score(forms[i], forms[j])
                if score:
                    yield i, j, score


def _spelling_score(a: Form, b: Form) -> float:
    if not compatible(a, b):
        return 0.0
    if len(a.tokens) == 1 and (is_demonym_pair(a.key, b.key) or min(len(a.key), len(b.key)) < 4):
        return 0.0
    score = name_similarity(a.tokens, b.tokens)
    bar = SPELLING_MIN.get(len(a.tokens), SPELLING_MIN_DEFAULT)
    if len(a.tokens) == 1 and strongly_alike(a.key, b.key):
        bar = SPELLING_MIN_DEFAULT - 0.05  # "Hezbollah"/"Hizbullah": both phonetic keys agree
    return score if score >= bar else 0.0


def merge_spellings(cl: Clusters) -> None:
    for i, j, score in sorted(spelling_pairs(cl.forms), key=lambda t: (-t[2], t[0], t[1])):
        cl.union(i, j, "spelling", 0.5 + 0.45 * score)


def _unique_target(cl: Clusters, i: int, candidates: Iterable[int]) -> int | None:
    """The one cluster (other than ``i``'s) the candidates fall in, else None."""
    roots = {cl.find(j): j for j in sorted(candidates)}
    roots.pop(cl.find(i), None)
    return next(iter(roots.values())) if len(roots) == 1 else None


def merge_generic_heads(cl: Clusters) -> None:
    """Step 5: "Islamic Revolutionary Guard" to "... Guard Corps" when only one name extends it."""
    extended: dict[str, list[int]] = defaultdict(list)
    for j, f in enumerate(cl.forms):
        tokens = f.tokens
        k = len(tokens) - 1
        while k >= 2 and tokens[k] in GENERIC_HEADS and f.label != "PERSON":
            extended[" ".join(tokens[:k])].append(j)
            k -= 1
    for i, f in enumerate(cl.forms):
        target = _unique_target(cl, i, [j for j in extended.get(f.key, []) if compatible(f, cl.forms[j])])
        if target is not None:
            cl.union(i, target, "generic-head", 0.75)


def merge_initials(cl: Clusters) -> None:
    """Step 6: an acronym to the one longer name with those initials; people's names are no targets."""
    by_initials: dict[str, list[int]] = defaultdict(list)
    for j, f in enumerate(cl.forms):
        if not f.acronym and len(f.tokens) >= 2 and f.label != "PERSON":
            for ini in initials(f.display):
                by_initials[ini].append(j)
    for i, f in enumerate(cl.forms):
        if not f.acronym:
            continue
        letters = f.display.replace(".", "").upper()
        target = _unique_target(cl, i, by_initials.get(letters, []))
        if target is not None:
            cl.union(i, target, "acronym-initials", 0.8)


def person_votes(forms: list[Form]) -> list[Counter[str]]:
    """Each form's labels plus a PERSON vote per mention of a full name ending or starting with it.

    The corpus-wide twin of the per-document vote: "Jackman" tagged as a place in
    one article is still the surname of "Hugh Jackman" tagged as a person in three.
    """
    parts: Counter[str] = Counter()
    for f in forms:
        if f.label == "PERSON" and len(f.tokens) >= 2:
            parts[f.tokens[-1]] += f.labels["PERSON"]
            parts[f.tokens[0]] += f.labels["PERSON"]
    out = []
    for f in forms:
        votes = Counter(f.labels)
        if len(f.tokens) == 1 and "NORP" not in votes:
            votes["PERSON"] += parts[f.key]
        out.append(votes)
    return out


def merge_partial_names(cl: Clusters) -> None:
    """Step 7: surname-only, first-name and middle-name-less forms to the one full name they fit."""
    full = [j for j, f in enumerate(cl.forms) if f.label == "PERSON" and len(f.tokens) >= 2]
    by_edge: dict[tuple[str, str], list[int]] = defaultdict(list)
    for j in full:
        toks = cl.forms[j].tokens
        by_edge[("last", phonetic_keys(toks[-1])[0])].append(j)
        by_edge[("first", phonetic_keys(toks[0])[0])].append(j)
    votes = person_votes(cl.forms)
    # Longer partial names first, so "Ellen DeGeneres" joins its longer form before "DeGeneres" looks.
    order = sorted(range(len(cl.forms)), key=lambda i: (-len(cl.forms[i].tokens), cl.forms[i].key))
    for i in order:
        f = cl.forms[i]
        if not f.tokens or majority(votes[i]) != "PERSON":
            continue
        for side, method, conf in PARTIAL_RULES:
            edge = f.tokens[-1] if side != "first" else f.tokens[0]
            fits = [j for j in by_edge.get((side if side != "middle" else "last", phonetic_keys(edge)[0]), [])
                    if _part_of(f, cl.forms[j], side)]
            target = _unique_target(cl, i, fits)
            if target is not None and cl.union(i, target, method, conf):
                break


PARTIAL_RULES = (("middle", "middle-name", 0.8), ("last", "surname", 0.85), ("first", "first-name", 0.7))


def _part_of(part: Form, whole: Form, side: str) -> bool:
    """Whether ``part`` is the end, the start, or the first and last words of ``whole``."""
    n, w = len(part.tokens), whole.tokens
    if n >= len(w):
        return False
    if side == "middle":
        piece = [w[0], w[-1]] if n == 2 else []
    else:
        piece = w[-n:] if side == "last" else w[:n]
    return len(piece) == n and all(token_similarity(a, b) >= 0.85 for a, b in zip(part.tokens, piece))


def resolve(mentions: list[Mention], pairs: Iterable[dict[str, object]] = (), table: AliasTable | None = None) -> list[Entity]:
    """Cross-document entities from mentions; sets ``Mention.entity`` on every mention.

        >>> from rashomon.model import Mention
        >>> ms = [Mention("d1", 0, 16, "Qassem Soleimani", "PERSON"), Mention("d2", 0, 9, "Suleimani", "PERSON")]
        >>> [e.name for e in resolve(ms)]
        ['Qassem Soleimani']
    """
    table = table or load_alias_table()
    forms = build_forms(mentions, table)
    cl = Clusters(forms, table)
    merge_aliases(cl)
    merge_defined(cl, pairs)
    merge_spellings(cl)
    merge_generic_heads(cl)
    merge_initials(cl)
    merge_partial_names(cl)
    return build_entities(cl)


def in_latin_script(text: str) -> bool:
    """Whether most letters of ``text`` are Latin: the script the report and the brief are read in."""
    letters = [ch for ch in text if ch.isalpha()]
    return bool(letters) and sum(unicodedata.name(ch, "").startswith("LATIN") for ch in letters) * 2 > len(letters)


def _completeness(f: Form) -> tuple[object, ...]:
    """Order of preference for the canonical name: the reader's script, full words, more of them, more sources.

    An actor named in Latin letters by any source is named so in the map, its other scripts' spellings
    beside it (aliases, spellings per source); one named only in other scripts keeps its own spelling.
    """
    return (in_latin_script(f.display), not f.acronym, len(f.tokens), len(f.docs), len(f.mentions), f.key)


def _entity_type(cl: Clusters, forms: list[Form]) -> str:
    for f in forms:
        if f.group and f.group in cl.table.types:
            return cl.table.types[f.group]
    return majority(sum((f.labels for f in forms), Counter()))


def _merges(cl: Clusters, root_merges: list[FormMerge], forms: list[Form]) -> list[Merge]:
    out = [Merge(cl.forms[m.a].display, cl.forms[m.b].display, m.method, m.confidence) for m in root_merges]
    for f in forms:
        out += [Merge(f.display, s, "normalised", 0.98) for s in sorted(f.surfaces) if s != f.display]
    return out


def build_entities(cl: Clusters) -> list[Entity]:
    """One ``Entity`` per cluster, with canonical name, aliases, spellings per document, merges."""
    by_root: dict[int, list[FormMerge]] = defaultdict(list)
    for merge in cl.merges:
        by_root[cl.find(merge.a)].append(merge)
    entities = []
    for root, members in cl.members().items():
        forms = [cl.forms[i] for i in members]
        canon = max(forms, key=_completeness)
        etype = _entity_type(cl, forms)
        ent_id = content_id("ent", canon.key, etype)
        mentions = sorted((m for f in forms for m in f.mentions), key=lambda m: (m.doc, m.start, m.end))
        spellings: dict[str, set[str]] = defaultdict(set)
        for m in mentions:
            m.entity = ent_id
            spellings[m.doc].add(m.text)
        aliases = sorted({m.text for m in mentions} - {canon.display})
        entities.append(
            Entity(
                id=ent_id,
                name=canon.display,
                type=etype,
                aliases=aliases,
                mentions=mentions,
                merges=_merges(cl, by_root[root], forms),
                spellings={doc: sorted(forms_) for doc, forms_ in sorted(spellings.items())},
            )
        )
    return sorted(entities, key=lambda e: (-len(e.mentions), e.name, e.id))


@stage("resolve",
       requires=("doc.mentions", "doc.notes.mention_pairs"),
       assigns=("corpus.entities", "doc.mentions"),
       scope="corpus", version="1",
       config=("alias_file",))
def make_resolve(ctx: Context) -> Callable[[Corpus], Corpus]:
    """Cross-document entities: one per actor, with every mention, alias and merge reason."""
    table = load_alias_table(stage_config(ctx, "resolve")["alias_file"])

    def run(corpus: Corpus) -> Corpus:
        mentions = [m for d in corpus.docs for m in d.mentions]
        pairs = [p for d in corpus.docs for p in d.notes.mention_pairs]
        corpus.entities = resolve(mentions, cast(list[dict[str, object]], pairs), table)
        return corpus

    return run
