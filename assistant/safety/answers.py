"""Is this answer to "Are you sure...?" an explicit yes? And the PIN's lock-out after wrong tries.

A risky action is never confirmed by the model's guess alone: the words must be a yes from a
closed list, with nothing else in the line but politeness and (when a PIN is set) exactly the
PIN's digits. 'hmm', 'yes?', 'yeah maybe', 'yes 12345678' are not a yes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import Enum

from assistant.nlu.numbers import parse_number
from assistant.nlu.text import phrases_in
from assistant.safety.words import AFFIRMATIVES, PIN_WORDS, POLITE, words_of

WRONG_PINS_BEFORE_LOCKOUT = 3
_ALLOWED_CHARACTERS = re.compile(r"[a-z0-9 ,.!'’-]*")


class Answer(str, Enum):
    YES = "yes"
    WRONG_PIN = "wrong_pin"
    UNCLEAR = "unclear"
    """Not a yes: ask once more, then give up."""


def judge_answer(text: str, pin: str | None) -> Answer:
    """The words alone: a strict yes (with exactly the PIN, when one is set), a wrong PIN, or unclear."""
    line = text.lower().strip()
    if not line or not _ALLOWED_CHARACTERS.fullmatch(line):  # '?', odd bytes, other scripts
        return Answer.UNCLEAR
    words = words_of(line)
    digits = "".join(_digit(word) or "" for word in words)
    rest = [word for word in words if _digit(word) is None]
    said = phrases_in(rest, AFFIRMATIVES | POLITE | PIN_WORDS)
    if not said & AFFIRMATIVES or not _covered(rest, said):
        return Answer.UNCLEAR
    if not pin:
        return Answer.YES if not digits else Answer.UNCLEAR
    if not digits:
        return Answer.UNCLEAR
    return Answer.YES if digits == pin.replace(" ", "") else Answer.WRONG_PIN


def holds_pin(text: str, pin: str | None) -> bool:
    """Whether the line's digits (spoken or written) hold the PIN anywhere."""
    return bool(pin) and pin in "".join(_digit(word) or "" for word in words_of(text))


def mask_digits(text: str) -> str:
    """The line with every digit and spoken digit hidden, so a PIN never reaches a log."""
    return " ".join("*" if _digit(word) is not None or any(c.isdigit() for c in word) else word for word in text.split())


def without_digits(text: str) -> str:
    """The words of an answer without its digits ('yes one two three four' -> 'yes'), for the model."""
    return " ".join(word for word in words_of(text) if _digit(word) is None)


def _covered(words: list[str], phrases: set[str]) -> bool:
    """Every word belongs to one of the phrases found (nothing else was said)."""
    allowed = {word for phrase in phrases for word in phrase.split()}
    return all(word in allowed for word in words)


def _digit(word: str) -> str | None:
    """'7' -> '7', '1234' -> '1234', 'seven' -> '7', 'oh' -> '0'; anything else None."""
    word = word.strip(",.!-")
    if word.isdigit():
        return word
    if word == "oh":
        return "0"
    number = parse_number(word) if word.isalpha() else None
    if isinstance(number, (int, float)) and float(number).is_integer() and 0 <= number <= 9 and word != "a":
        return str(int(number))
    return None


@dataclass
class PinGuard:
    """Counts wrong PINs; after ``WRONG_PINS_BEFORE_LOCKOUT`` in a row, risky actions wait ``lockout_seconds``."""

    lockout_seconds: float = 300.0
    wrong: int = 0
    locked_until: float = field(default=0.0)

    def locked(self, now: float) -> bool:
        return now < self.locked_until

    def minutes_left(self, now: float) -> int:
        return max(1, round((self.locked_until - now) / 60))

    def record(self, answer: Answer, now: float) -> None:
        if answer is Answer.YES:
            self.wrong = 0
        elif answer is Answer.WRONG_PIN:
            self.wrong += 1
            if self.wrong >= WRONG_PINS_BEFORE_LOCKOUT:
                self.wrong = 0
                self.locked_until = now + self.lockout_seconds
