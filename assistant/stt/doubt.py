"""Doubt between opposite words: when the recogniser's runner-up sentence is the best one with one
word swapped for its opposite ('turn on the coffee maker' / 'turn off ...') and scores almost as
well, which was said is a guess; the assistant asks instead of acting."""

from __future__ import annotations

from typing import Iterable

OPPOSITE_WORDS: dict[str, str] = {}
for _one, _other in (("on", "off"), ("lock", "unlock"), ("open", "close"), ("up", "down"), ("raise", "lower"),
                     ("start", "stop"), ("arm", "disarm"), ("increase", "decrease"), ("brighter", "dimmer"),
                     ("warmer", "cooler"), ("louder", "quieter")):
    OPPOSITE_WORDS[_one], OPPOSITE_WORDS[_other] = _other, _one

OPPOSITE_MARGIN = 0.012
"""How close (in pocketsphinx's n-best score) the opposite sentence may come before the hearing is
a guess. In the room benchmark's trials every hearing of the opposite of what was said had its
truth within 0.012 of it; 10 of 183 right hearings had an opposite that close and now ask."""


def opposite_swap(best: str, other: str) -> tuple[str, str] | None:
    """(word heard, its opposite) when ``other`` is ``best`` with exactly that one word swapped."""
    heard, alternative = best.split(), other.split()
    if len(heard) != len(alternative):
        return None
    differ = [(a, b) for a, b in zip(heard, alternative) if a != b]
    if len(differ) == 1 and OPPOSITE_WORDS.get(differ[0][0]) == differ[0][1]:
        return differ[0]
    return None


def opposite_doubt(ranked: Iterable[tuple[str, float]], margin: float = OPPOSITE_MARGIN) -> tuple[str, str] | None:
    """Given sentences with scores, best first: the opposite pair in doubt, or ``None``."""
    ranked = list(ranked)
    if not ranked:
        return None
    best, best_score = ranked[0]
    for other, score in ranked[1:]:
        if best_score - score > margin:
            break
        swapped = opposite_swap(best, other)
        if swapped is not None:
            return swapped
    return None
