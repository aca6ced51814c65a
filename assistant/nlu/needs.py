"""Asking by need: a drink said means the machine that makes it ('I need a coffee', 'make me
an espresso'). The model tells the intent; this names the device when it tagged none."""

from __future__ import annotations

from typing import Any, Mapping

from assistant.nlu.text import DEVICE_SLOTS

DEVICE_FOR_NEED: dict[str, str] = dict.fromkeys(
    ("coffee", "coffees", "espresso", "espressos", "latte", "lattes", "cappuccino", "americano", "brew"), "coffee maker")
"""A word for what is needed -> the name of the kind of device that serves it."""
SWITCHING_INTENTS = frozenset({"HassTurnOn", "HassTurnOff"})


def with_need(intent: str, words: list[str], slots: Mapping[str, Any]) -> dict[str, Any]:
    """The slots with ``name`` set to the device that serves a need said, when no device was."""
    found = dict(slots)
    if intent not in SWITCHING_INTENTS or any(found.get(key) for key in DEVICE_SLOTS):
        return found
    device = next((DEVICE_FOR_NEED[w] for w in words if w in DEVICE_FOR_NEED), None)
    if device is not None:
        found["name"] = device
    return found
