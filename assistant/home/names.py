"""Spoken-name normalisation and fuzzy scoring (rapidfuzz), shared by entity, area and floor matching."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from rapidfuzz import fuzz

_FILLER_WORDS = frozenset({"the", "a", "an", "my", "our", "all", "of"})
# Words people use for the same thing; applied to both sides before comparing.
_SYNONYMS = {"lamp": "light", "bulb": "light", "television": "tv", "telly": "tv"}
_NON_WORD = re.compile(r"[^\w]+")


@lru_cache(maxsize=4096)
def normalise(text: str) -> str:
    """Lower case, accents folded, punctuation to spaces, filler words dropped."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode() or text
    words = _NON_WORD.sub(" ", folded.lower().replace("_", " ")).split()
    return " ".join(word for word in words if word not in _FILLER_WORDS)


@lru_cache(maxsize=4096)
def singular(text: str) -> str:
    """``normalise`` with plural nouns made singular: 'the kitchen lights' -> 'kitchen light'."""
    return " ".join(map(_singular, normalise(text).split()))


@lru_cache(maxsize=4096)
def canonical(text: str) -> str:
    """``singular`` plus synonyms: 'the kitchen lamps' -> 'kitchen light'."""
    return " ".join(_SYNONYMS.get(word, word) for word in singular(text).split())


def contains_words(said: str, name: str) -> bool:
    """Every word said is in the name: 'ceiling fan' is in 'bedroom ceiling fan'."""
    said_words = set(canonical(said).split())
    return bool(said_words) and said_words <= set(canonical(name).split())


def _singular(word: str) -> str:
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


def similarity(said: str, name: str) -> float:
    """0-100: how well a spoken phrase matches a name.

    100: the same words; 99: the same but for plurals; 92: the same but for synonyms
    ('lamp' for 'light'); below that, fuzzy, at most 95: word order is forgiven
    ('lights kitchen'), missing or garbled letters cost in proportion.
    """
    if normalise(said) == normalise(name):
        return 100.0
    if singular(said) == singular(name):
        return 99.0
    a, b = canonical(said), canonical(name)
    if not a or not b:
        return 0.0
    if a == b:
        return 92.0
    return min(95.0, max(fuzz.ratio(a, b), fuzz.token_sort_ratio(a, b)))
