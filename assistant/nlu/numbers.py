"""Numbers as people say them, both ways, using HA's own number speller (unicode-rbnf via hassil)."""

from __future__ import annotations

import re
from functools import lru_cache

from hassil.numbers import get_rbnf_engine

_LARGEST_SPOKEN = 10000
_NUMBER_TEXT = re.compile(r"-?\d+(?:[.,]\d+)?")


@lru_cache(maxsize=None)
def _engine():
    return get_rbnf_engine("en")


def spell(number: float) -> str:
    """21 -> 'twenty-one', 21.5 -> 'twenty-one point five'."""
    if float(number).is_integer():
        number = int(number)
    return _engine().format_number(number).text


@lru_cache(maxsize=1)
def _spoken_numbers() -> dict[str, int]:
    table: dict[str, int] = {}
    numbers = [*range(1001), *range(1100, _LARGEST_SPOKEN + 1, 100)]
    for number in numbers:
        for text in _engine().format_number(number).text_by_ruleset.values():
            plain = text.replace("-", " ")
            for variant in {text, plain, plain.replace("hundred ", "hundred and ")}:
                table.setdefault(variant, number)
                if variant.startswith("one hundred"):
                    table.setdefault("a" + variant[3:], number)
    return table


def parse_number(text: str) -> float | None:
    """'21', '21.5', 'twenty one', 'twenty-one point five', 'a hundred' -> the number; else None."""
    cleaned = " ".join(text.lower().replace(",", ".").split())
    if _NUMBER_TEXT.fullmatch(cleaned):
        value = float(cleaned)
        return int(value) if value.is_integer() else value
    whole, _, fraction = cleaned.partition(" point ")
    spoken = _spoken_numbers()
    if whole not in spoken:
        return None
    if not fraction:
        return spoken[whole]
    digits = [spoken.get(word) for word in fraction.split()]
    if any(digit is None or digit > 9 for digit in digits):
        return None
    return float(f"{spoken[whole]}.{''.join(map(str, digits))}")
