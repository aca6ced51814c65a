"""Commands for later: 'at 7 pm turn the heating on', 'in ten minutes switch the tv off', 'start the
robot every morning'. The model tells the intent; this finds the time it is meant for and adds it as
the ``when`` slot, so the gate can say that only commands for now are carried out (acting now on a
command meant for later would be a wrong action)."""

from __future__ import annotations

import re
from typing import Any, Mapping

from assistant.nlu.text import NUMERIC_SLOTS

_HOUR = (r"(?:\d{1,2}(?: ?[:.] ?\d{2})?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve"
         r"|noon|midday|midnight)")
_COUNT = r"(?:\d+|a quarter of an|three quarters of an|a|an|one|two|three|four|five|six|seven|eight|nine|ten|fifteen|twenty|thirty|forty five|half an|a few|a couple of|couple of|few)"
_DAY = r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|weekday|weekend)s?"
_PART = r"(?:morning|afternoon|evening|night|day|week|hour|weekday|weekend)"
_MINUTES = r"(?: (?:o five|ten|fifteen|twenty|twenty five|thirty|thirty five|forty|forty five|fifty|fifty five))?"
_CLOCK = (rf"(?:{_HOUR}{_MINUTES} ?(?:am|pm|a ?\. ?m ?\.?|p ?\. ?m ?\.?|o'clock|in the (?:morning|afternoon|evening)|tonight)"
          rf"|\d{{1,2}} ?: ?\d{{2}}|noon|midday|midnight|(?:half past|quarter past|quarter to|(?:five|ten|twenty|twenty five) (?:past|to)) {_HOUR})")
LATER = re.compile(
    rf"\b(?:(?:at|by|from|until|till|before|after|around|about) (?:about |around )?{_CLOCK}"
    rf"|in {_COUNT} (?:more )?(?:seconds?|secs?|minutes?|mins?|hours?|hrs?)"
    rf"|tomorrow(?: (?:morning|afternoon|evening|night))?|tonight|later(?: on| today| tonight)?"
    rf"|this (?:morning|afternoon|evening)|in the (?:morning|afternoon|evening)(?! room)"
    rf"|(?:every|each) (?:{_PART}|{_DAY}|other day|single day)|daily|nightly|weekly|(?:on|next|this) {_DAY}"
    rf"|at (?:sunset|sunrise|dusk|dawn|bedtime)|when (?:i|we|you) (?:get|come|arrive|leave|go|wake)(?: (?:up|in|out|back|home|to bed))?)\b"
)
"""A time for later, found in the words of a line joined by single spaces."""
BARE_HOUR = re.compile(r"\b(?:at|by|until|till) (?:[01]?\d|2[0-3]|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)$")
"""'turn the lights off at 11': an hour at the end of a line that carries no number of its own."""
_VALUE_SLOTS = NUMERIC_SLOTS | {"color"}
_NOT_SCHEDULED = re.compile(r"Timer|Get|Nevermind|Confirm|Deny")
"""Intents that ask, or keep timers: a time said belongs to the question or the timer itself."""


def later_said(words: list[str], *, bare_hour: bool = False) -> str | None:
    """The phrase that puts the command later ('at 7 pm'), or ``None`` when it is for now.
    ``bare_hour``: a line with no value of its own, where 'at 11' can only be a time."""
    line = " ".join(word for word in words if word not in (",", ".", "?", "!"))
    found = LATER.search(line) or (BARE_HOUR.search(line) if bare_hour else None)
    return re.sub(r" ?([:.]) ?", r"\1", found.group(0)).rstrip(".") if found else None


def with_when(intent: str, words: list[str], slots: Mapping[str, Any]) -> dict[str, Any]:
    """The slots with ``when`` set when the line puts the command later."""
    found = dict(slots)
    if _NOT_SCHEDULED.search(intent):
        return found
    when = later_said(words, bare_hour=not any(key in found for key in _VALUE_SLOTS))
    if when is not None:
        found["when"] = when
    return found
