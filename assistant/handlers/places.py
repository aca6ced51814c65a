"""A safety net under the slot tagger: a room, floor or kind of device said in so many words is kept.

The model sometimes hears 'turn off the lights upstairs' and tags only 'lights'; acting on that
would switch off the lights in the wrong place. A floor or area name (or alias) that appears in
the text as whole words, outside every tagged slot, fills the empty ``floor``/``area`` slot. And
when nothing at all was tagged as the target ('turn the tv off'), a word for a kind of device in
the text becomes the name to look for, rather than falling back on whatever was said last.
"""

from __future__ import annotations

import re
from dataclasses import replace

from assistant.home.model import Home
from assistant.messages import IntentResult
from assistant.handlers.targets import has_target, names_devices
from assistant.nlu.text import DOMAIN_WORDS
# Words for a kind of device that are also verbs or too vague to name one ('switch it off').
_NOT_A_DEVICE = frozenset({"switch", "switches", "lock", "locks", "heat", "media", "cover", "covers"})
KIND_WORDS = frozenset(word for word in DOMAIN_WORDS if word not in _NOT_A_DEVICE)

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


def add_spoken_kind(understood: IntentResult) -> IntentResult:
    """'turn the tv off' with no target tagged: the name to look for is 'tv'; 'switch on the tv in
    the lounge' with only the room tagged: the kind of device in that room is a TV."""
    slots = understood.slots
    if understood.intent not in PLACE_INTENTS or names_devices(slots):
        return understood
    kind = next((word for word in _plain(understood.text).split() if word in KIND_WORDS), None)
    if kind is None:
        return understood
    if has_target(slots):  # a room or floor was said: the kind narrows it
        return replace(understood, slots={**slots, "domain": DOMAIN_WORDS[kind]})
    return replace(understood, slots={**slots, "name": kind})


def _said(text: str, tagged: list[str], names: list[str]) -> str | None:
    for name in sorted((_plain(n) for n in names), key=len, reverse=True):
        if name and f" {name} " in text and not any(f" {name} " in value for value in tagged):
            return name
    return None


def _plain(text: str) -> str:
    return " ".join(re.findall(r"[a-z0-9]+", text.lower()))
