"""Name normalisation: the keys that let different spellings of one name meet.

Sources spell one actor many ways: "Gen. Qassem Soleimani", "Qasem Soleimani's",
"Suleimani", "قاسم سليماني". Everything here is a pure function of a string, so
the mention stage, the resolver and the evaluation agree on what a name *is*:

- ``name_tokens`` folds script and diacritics (``anyascii``; Arabic and Persian
  script through ``arabic-name-romanizer``), drops possessives, a leading "the",
  apostrophes and ayn marks, the "al-"/"el-"/"as-" particles, and (for people)
  leading titles and honorifics; ``name_key`` joins the tokens into the identity
  key of a surface form.
- ``translit``, ``skeleton`` and ``metaphone`` are three views of one token that
  ignore transliteration choices (q/k/gh, ou/u, doubled letters, vowels).
- ``token_similarity`` and ``name_similarity`` turn those views into a score;
  a pair only scores when a phonetic view agrees, so "Iran"/"Iraq" never do.

    >>> name_key("Gen. Qassem Soleimani's", person=True)
    'qassem soleimani'
    >>> name_key("Bashar al-Assad") == name_key("Bashar Assad")
    True
    >>> name_similarity(name_tokens("Qasem Soleimani"), name_tokens("Qassem Suleimani")) > 0.8
    True
    >>> name_similarity(["iran"], ["iraq"])
    0.0
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

import jellyfish
from anyascii import anyascii
from rapidfuzz.distance import Indel

# Leading words that are a rank, office or honorific rather than part of a person's name.
TITLE_WORDS = frozenset(
    ["general", "gen", "major", "maj", "lieutenant", "lt", "colonel", "col", "brigadier", "brig", "captain", "capt", "commander", "cmdr", "admiral", "adm", "sergeant", "sgt", "marshal", "field", "president", "pres", "vice", "prime", "minister", "secretary", "chancellor", "premier", "king", "queen", "prince", "princess", "emir", "amir", "sultan", "sheikh", "shaikh", "shaykh", "sheik", "sayyed", "sayyid", "seyed", "sayed", "mullah", "imam", "ayatollah", "grand", "hojatoleslam", "haji", "hajji", "hajj", "mr", "mrs", "ms", "miss", "dr", "prof", "professor", "sir", "dame", "lord", "lady", "sen", "senator", "rep", "representative", "gov", "governor", "mayor", "judge", "justice", "pope", "cardinal", "bishop", "archbishop", "rabbi", "rev", "reverend", "supreme", "leader", "chief", "chairman", "ambassador", "envoy", "commissioner", "deputy", "acting", "former", "late", "foreign", "defense", "defence", "interior"]
)
# Letters after a person's name that are no part of it ("Regina Benjamin, MD").
POST_NOMINALS = frozenset(["jr", "sr", "md", "phd", "mba", "ii", "iii", "iv", "esq"])
# "al-Assad", "as-Sadr", "el-Sisi": Arabic article forms written as a hyphenated prefix.
_PREFIX_PARTICLES = re.compile(r"\b(?:al|el|ul|as|ad|an|ar|ash|at|az|ath|ed|es)-(?=\w\w)")
# Forms of the article written as a separate word ("Asiab al Haq").
_WORD_PARTICLES = frozenset({"al", "el", "ul"})
# Words skipped when reading initials ("Center for Strategic and International Studies" = CSIS).
INITIALS_STOPWORDS = frozenset(["of", "the", "and", "for", "in", "on", "at", "to", "de", "du", "des", "la", "le", "del", "da", "di", "y", "&", "al", "el"])
# Head nouns of organisation names; "Forces" and "Force" are one name.
_PLURALS = {
    "forces": "force", "units": "unit", "guards": "guard", "brigades": "brigade",
    "organizations": "organization", "organisations": "organisation", "corps": "corps",
    "committees": "committee", "councils": "council", "movements": "movement",
}
GENERIC_HEADS = frozenset(
    ["force", "unit", "guard", "brigade", "organization", "organisation", "corps", "committee", "council", "movement", "party", "group", "army", "front", "militia", "regiment", "division"]
)
# Single words that are never an actor on their own: fragments of longer names and
# capitalised common words the tagger sometimes marks as entities.
GENERIC_WORDS = frozenset(
    ["force", "forces", "corps", "guard", "guards", "regime", "government", "state", "states", "republic", "party", "movement", "organization", "organisation", "committee", "council", "ministry", "department", "administration", "court", "union", "front", "revolution", "revolutionary", "islamic", "supreme", "international", "national", "great", "power", "powers", "imperialism", "imperialist", "complex", "war", "brigade", "brigades", "militia", "militias", "unit", "units", "group", "groups", "leader", "president", "minister", "general", "commander", "agency", "office", "people", "world", "east", "west", "north", "south", "middle", "central", "federal", "united", "democratic", "popular", "islamist", "religious", "related", "abu", "umm", "bin", "ibn", "anti", "pro", "new", "old"]
)

_DEMONYM_SUFFIXES = frozenset({"i", "is", "n", "ns", "an", "ans", "ian", "ians", "ese", "ish", "ite", "ites"})
_APOSTROPHES = "'’‘`ʿʾʼ´"
_POSSESSIVE = re.compile(rf"[{_APOSTROPHES}]s?$", re.IGNORECASE)
_SPLIT = re.compile(r"[\s\-‐‑–—/_]+")
_ARABIC = re.compile(r"[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff]")
_WORD = re.compile(r"[^\W\d_]+(?:\.[^\W\d_]+)*\.?", re.UNICODE)


@lru_cache(maxsize=4096)
def fold(text: str) -> str:
    """ASCII spelling of ``text``: Arabic/Persian-script names romanised, others via anyascii."""
    if _ARABIC.search(text):
        from arabic_name_romanizer import transliterate

        romanised = transliterate(text.replace("\u200c", ""))  # ZWNJ splits Persian words
        text = romanised if isinstance(romanised, str) else str(romanised[0])
    return anyascii(text)


def strip_possessive(text: str) -> str:
    """ "Iran's" -> "Iran", "Soleimani’s" -> "Soleimani"; other apostrophes stay."""
    return _POSSESSIVE.sub("", text.rstrip())


def title_prefix_length(text: str) -> int:
    """Characters of ``text`` taken by leading titles ("Maj. Gen. ", "Ayatollah "), keeping one word."""
    end = 0
    words = list(_WORD.finditer(text))
    for i, word in enumerate(words[:-1]):
        if word.group().rstrip(".").lower() not in TITLE_WORDS:
            break
        end = words[i + 1].start()
    return end


def is_acronym(surface: str) -> bool:
    """ "IRGC", "U.S.", "DoD": a short all-capitals token, periods allowed."""
    letters = surface.replace(".", "").strip()
    return (
        2 <= len(letters) <= 6
        and letters.isalpha()
        and letters[0].isupper()
        and sum(c.isupper() for c in letters) >= max(2, len(letters) - 1)
    )


def _singular(token: str) -> str:
    return _PLURALS.get(token, token)


def name_tokens(text: str, person: bool = False) -> list[str]:
    """Lower-case ASCII tokens of a name, without article, possessive, particles (and titles)."""
    text = strip_possessive(text.strip().strip("\"“”«»()[],;:!?"))
    if person:
        text = text[title_prefix_length(text) :]
    text = fold(text).lower()
    text = text.removeprefix("the ")
    text = _PREFIX_PARTICLES.sub("", text)
    for mark in _APOSTROPHES:
        text = text.replace(mark, "")
    text = text.replace(".", "")
    tokens = [re.sub(r"[^a-z0-9]", "", t) for t in _SPLIT.split(text)]
    tokens = [_singular(t) for t in tokens if t]
    while person and len(tokens) > 2 and tokens[-1] in POST_NOMINALS:
        tokens.pop()
    if len(tokens) > 1:
        tokens = [t for t in tokens if t not in _WORD_PARTICLES] or tokens
    return tokens


def name_key(text: str, person: bool = False) -> str:
    """The identity of a surface form: equal keys are the same name, spelt the same way."""
    return " ".join(name_tokens(text, person))


def initials(text: str) -> set[str]:
    """Upper-case initials of a long name, with and without its small words."""
    words = [w for w in _SPLIT.split(strip_possessive(fold(text))) if w and w[0].isalpha()]
    if words and words[0].lower() == "the":
        words = words[1:]
    full = "".join(w[0] for w in words).upper()
    content = "".join(w[0] for w in words if w.lower() not in INITIALS_STOPWORDS).upper()
    return {s for s in (full, content) if len(s) >= 2}


# British and American spellings of the same word inside names ("Defence"/"Defense" Forces).
_ENGLISH_SPELLINGS = (("isation", "ization"), ("yse", "yze"), ("ence", "ense"), ("centre", "center"))


@lru_cache(maxsize=65536)
def translit(token: str) -> str:
    """A spelling with transliteration choices folded: q/gh/kh -> k, zh -> j, ou/oo -> u, ee/ei -> i."""
    s = token.lower()
    for a, b in _ENGLISH_SPELLINGS:
        s = s.replace(a, b)
    for a, b in (("ph", "f"), ("gh", "k"), ("kh", "k"), ("zh", "j"), ("dh", "d"), ("th", "t"), ("ck", "k"), ("q", "k")):
        s = s.replace(a, b)
    s = re.sub(r"c(?=[eiy])", "s", s).replace("c", "k")
    for a, b in (("ou", "u"), ("oo", "u"), ("ow", "u"), ("ee", "i"), ("ei", "i"), ("ey", "i"), ("y", "i")):
        s = s.replace(a, b)
    return re.sub(r"(.)\1+", r"\1", s)


@lru_cache(maxsize=65536)
def skeleton(token: str) -> str:
    """Consonant skeleton of ``translit``: 'teheran' and 'tehran' are both 'trn'."""
    s = translit(token).replace("g", "k")
    head = "a" if s[:1] in ("a", "e", "i", "o", "u") else s[:1]
    tail = re.sub(r"[aeiouhw]", "", s[1:])
    return re.sub(r"(.)\1+", r"\1", head + tail)


@lru_cache(maxsize=65536)
def metaphone(token: str) -> str:
    return str(jellyfish.metaphone(token)) if token else ""


def phonetic_keys(token: str) -> tuple[str, str]:
    """The two keys a variant spelling must share one of to be compared at all."""
    return skeleton(token), metaphone(token)


def _sound_alike(a: str, b: str) -> bool:
    """Same consonant skeleton or metaphone; one-letter keys ("shah", "shiah") prove nothing."""
    sa, sb = skeleton(a), skeleton(b)
    ma, mb = metaphone(a), metaphone(b)
    return (sa == sb and len(sa) >= 2) or (ma == mb and len(ma) >= 2)


def token_similarity(a: str, b: str) -> float:
    """How alike two name tokens are, 0 unless they sound alike; 1.0 when equal."""
    if a == b:
        return 1.0
    if min(len(a), len(b)) < 3 or a.isdigit() or b.isdigit():
        return 0.0
    if not _sound_alike(a, b):
        return 0.0
    score = max(Indel.normalized_similarity(a, b), Indel.normalized_similarity(translit(a), translit(b)))
    return score if score >= 0.7 else 0.0


def _plural_pair(a: str, b: str) -> bool:
    """ "picture"/"pictures" inside a longer name ("Academy of Motion Picture(s) Arts")."""
    short, long_ = sorted((a, b), key=len)
    return len(short) >= 3 and long_ in (short + "s", short + "es")


def strongly_alike(a: str, b: str) -> bool:
    """Both phonetic views agree on a word of five letters or more: a looser spelling bar is safe."""
    return min(len(a), len(b)) >= 5 and skeleton(a) == skeleton(b) and metaphone(a) == metaphone(b)


def name_similarity(a: Sequence[str], b: Sequence[str]) -> float:
    """Mean token similarity of two equally long names, 0 if any token pair fails.

    In names of several words a singular/plural pair counts as a near match.
    """
    if len(a) != len(b) or not a:
        return 0.0
    scores = [token_similarity(x, y) or (0.95 if len(a) > 1 and _plural_pair(x, y) else 0.0) for x, y in zip(a, b)]
    if min(scores) == 0.0:
        return 0.0
    return sum(scores) / len(scores)


def is_demonym_pair(a: str, b: str) -> bool:
    """ "iraq"/"iraqi", "syria"/"syrian": a place and its people are different actors."""
    short, long_ = sorted((a, b), key=len)
    for stem in (short, short[:-1]):
        if len(stem) >= 3 and long_.startswith(stem) and long_[len(stem) :] in _DEMONYM_SUFFIXES:
            return True
    return False
