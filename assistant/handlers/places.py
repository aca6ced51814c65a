"""A safety net under the slot tagger: a room or floor of this home said in so many words is kept.

The model sometimes hears 'turn off the lights upstairs' and tags only 'lights'; acting on that
would switch off the lights in the wrong place. A floor or area name (or alias) that appears in
the text as whole words, outside every tagged slot, fills the empty ``floor``/``area`` slot.
"""

from __future__ import annotations

import re
from dataclasses import replace

from assistant.home.model import Home
from assistant.messages import IntentResult

# Intents whose target is a place in the home (timers, lists, time and weather are not).
PLACE_INTENTS = frozenset({
    "HassTurnOn", "HassTurnOff", "HassToggle", "HassLightSet", "HomeLightSetRelative", "HassGetState",
    "HassClimateSetTemperature", "HassClimateGetTemperature", "HomeClimateSetTemperatureRelative",
    "HomeClimateSetMode", "HassSetPosition", "HassSetVolume", "HassSetVolumeRelative", "HassMediaPause",
    "HassMediaUnpause", "HassMediaNext", "HassMediaPrevious", "HassMediaPlayerMute", "HassMediaPlayerUnmute",
    "HassFanSetSpeed", "HassVacuumStart", "HassVacuumReturnToBase", "HomeRepeat",
})


def add_spoken_places(understood: IntentResult, home: Home) -> IntentResult:
    if understood.intent not in PLACE_INTENTS:
        return understood
    slots = dict(understood.slots)
    text = f" {_plain(understood.text)} "
    tagged = [f" {_plain(str(value))} " for value in slots.values() if isinstance(value, str)]
    changed = False
    for slot, places in (("floor", [(f.name, *f.aliases) for f in home.floors]),
                         ("area", [(a.name, *a.aliases) for a in home.areas])):
        if slot in slots or ("area" in slots and slot == "floor") or ("floor" in slots and slot == "area"):
            continue
        said = _said(text, tagged, [name for names in places for name in names])
        if said is not None:
            slots[slot] = said
            changed = True
    return replace(understood, slots=slots) if changed else understood


def _said(text: str, tagged: list[str], names: list[str]) -> str | None:
    for name in sorted((_plain(n) for n in names), key=len, reverse=True):
        if name and f" {name} " in text and not any(f" {name} " in value for value in tagged):
            return name
    return None


def _plain(text: str) -> str:
    return " ".join(re.findall(r"[a-z0-9]+", text.lower()))
