"""Asking by need or purpose. A drink said means the machine that makes it ('I need a coffee',
'make me an espresso'); light for a purpose means a brightness ('lights for reading', 'film mode').
The model tells the intent; these fill the device or the value when it tagged none."""

from __future__ import annotations

from typing import Any, Mapping

from assistant.nlu.text import DEVICE_SLOTS

DEVICE_FOR_NEED: dict[str, str] = dict.fromkeys(
    ("coffee", "coffees", "espresso", "espressos", "latte", "lattes", "cappuccino", "americano", "brew"), "coffee maker")
"""A word for what is needed -> the name of the kind of device that serves it."""
SWITCHING_INTENTS = frozenset({"HassTurnOn", "HassTurnOff"})

NIGHT_LIGHT, EVENING_LIGHT, WORKING_LIGHT = 10, 35, 100
BRIGHTNESS_FOR_PURPOSE: dict[str, int] = {
    **dict.fromkeys(("sleep", "sleeping", "asleep", "bed", "bedtime", "night", "nighttime", "meditation", "meditate"),
                    NIGHT_LIGHT),
    **dict.fromkeys(("film", "films", "movie", "movies", "cinema", "watch", "watching", "relax", "relaxing",
                     "relaxation", "chill", "chilling", "unwind", "cosy", "cozy", "romance", "romantic", "date",
                     "dinner", "eat", "party", "partying", "mood", "moody", "ambience", "evening", "yoga"), EVENING_LIGHT),
    **dict.fromkeys(("reading", "read", "work", "working", "study", "studying", "homework", "focus", "concentrate",
                     "cooking", "cook", "cleaning", "clean", "waking", "wake", "morning"), WORKING_LIGHT),
}
"""A word for what the light is for -> brightness in percent. The first such word said decides
('movie night' is for a film)."""
_LIGHT_VALUES = ("brightness", "color", "temperature")


def with_need(intent: str, words: list[str], slots: Mapping[str, Any]) -> dict[str, Any]:
    """The slots with the device that serves a need, or the brightness a purpose asks for, when
    the line said none."""
    found = dict(slots)
    if intent == "HassLightSet" and not any(key in found for key in _LIGHT_VALUES):
        brightness = next((BRIGHTNESS_FOR_PURPOSE[w] for w in words if w in BRIGHTNESS_FOR_PURPOSE), None)
        if brightness is not None:
            found["brightness"] = brightness
        return found
    if intent not in SWITCHING_INTENTS or any(found.get(key) for key in DEVICE_SLOTS):
        return found
    device = next((DEVICE_FOR_NEED[w] for w in words if w in DEVICE_FOR_NEED), None)
    if device is not None:
        found["name"] = device
    return found
