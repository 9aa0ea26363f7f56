"""The ``known-names`` stage: names of documents without a tagger, found through the other documents.

No PyPI package ships a spaCy NER for Arabic, Persian, Russian, German,
Spanish, Italian, Portuguese, Turkish, Polish or Chinese. Their documents get
mentions the language-independent way: every name the tagged documents of the
corpus found (and every name of the alias table) is folded to ASCII tokens
(``names.name_tokens``: Arabic script romanised, Cyrillic and Han through
``anyascii``), and each run of one to four tokens of an untagged document whose
folded spelling matches a known name closely enough (``name_similarity``, the
resolver's own spelling bar) becomes a mention with that name's label,
``source="known"``. "Сулеймани" in a Russian article meets "Soleimani" of an
English one; the resolver then joins them as it joins any two spellings.

In scripts with capitals a run must start with one, so common words that fold
like a name ("Iran" vs "iran" in a sentence) stay out; Arabic, Persian and
Chinese have no capitals, so there the spelling bar alone decides. Measured on
WikiANN de/es/ru (``rashomon eval wikiann``, method ``gazetteer``).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from itertools import pairwise
from typing import Any

from ..model import Corpus, DocAnalysis, Mention
from ..registry import Context, stage, stage_config
from .aliases import load_alias_table
from .names import name_similarity, name_tokens, skeleton

MAX_TOKENS = 4
MIN_SIMILARITY = 0.86  # one name: the resolver's bar for joining two single-token spellings
MIN_KEY_CHARS = 4  # "Bo", "Al": too short to prove a name across scripts
Known = dict[tuple[int, str], list[tuple[list[str], str]]]  # (length, first skeleton) -> (tokens, label)


def known_index(names: Iterable[tuple[str, str]]) -> Known:
    """Known (surface, label) names indexed by token count and first-token skeleton."""
    index: Known = defaultdict(list)
    seen: set[tuple[str, ...]] = set()
    for surface, label in names:
        tokens = name_tokens(surface, person=label == "PERSON")
        if not tokens or sum(map(len, tokens)) < MIN_KEY_CHARS or tuple(tokens) in seen:
            continue
        seen.add(tuple(tokens))
        index[(len(tokens), skeleton(tokens[0]))].append((tokens, label))
    return index


def _cased(word: str) -> bool:
    """Whether the word's script has capitals (Latin, Cyrillic, Greek)."""
    return word[:1].lower() != word[:1].upper()


def find_known(doc: Any, doc_id: str, index: Known) -> list[Mention]:
    """Longest-first, non-overlapping runs of ``doc``'s tokens that spell a known name."""
    words = [t for t in doc if not (t.is_punct or t.is_space)]
    text = doc.text
    out: list[Mention] = []
    i = 0
    while i < len(words):
        hit = None
        for n in range(min(MAX_TOKENS, len(words) - i), 0, -1):
            run = words[i : i + n]
            if _cased(run[0].text) and not run[0].text[:1].isupper():
                continue
            if any(t.idx > r.idx + len(r.text) + 1 for r, t in pairwise(run)):
                continue  # tokens not adjacent: the run crosses punctuation
            hit = best_known(text[run[0].idx : run[-1].idx + len(run[-1].text)], index, n)
            if hit:
                out.append(Mention(doc_id, run[0].idx, run[-1].idx + len(run[-1].text), hit[0], hit[1], source="known"))
                i += n
                break
        if not hit:
            i += 1
    return out


def best_known(surface: str, index: Known, words: int | None = None) -> tuple[str, str] | None:
    """The surface with the label of the known name it spells most alike, if close enough.

    ``words``: how many words the surface has; a run whose folding drops one
    ("Oxford El": "el" is a particle) is no match for the shorter name.
    """
    tokens = name_tokens(surface)
    if not tokens or sum(map(len, tokens)) < MIN_KEY_CHARS or (words is not None and len(tokens) != words):
        return None
    best, label = 0.0, ""
    for known, lab in index.get((len(tokens), skeleton(tokens[0])), []):
        score = name_similarity(tokens, known)
        if score > best:
            best, label = score, lab
    return (surface, label) if best >= MIN_SIMILARITY else None


@stage("known-names", requires=("doc.mentions",), assigns=("doc.mentions",), scope="corpus", version="1",
       config=("alias_file",))
def make_known_names(ctx: Context) -> Callable[[Corpus], Corpus]:
    """Mentions for documents parsed without a tagger: names the other documents and the alias table know."""
    table = load_alias_table(stage_config(ctx, "known-names")["alias_file"])

    def run(corpus: Corpus) -> Corpus:
        untagged = [d for d in corpus.docs if _untagged(d)]
        if not untagged:
            return corpus
        names = [(m.text, m.label) for d in corpus.docs if not _untagged(d) for m in d.mentions]
        names += [(key, table.types.get(group, "ORG")) for key, group in table.groups.items()]
        index = known_index(names)
        for item in untagged:
            item.mentions = sorted(
                item.mentions + find_known(item.scratch.spacy, item.document.id, index),
                key=lambda m: (m.start, m.end),
            )
        return corpus

    return run


def _untagged(item: DocAnalysis) -> bool:
    doc = item.scratch.spacy
    return doc is not None and not doc.has_annotation("ENT_IOB")  # a tagger marks every token, names or not
