"""Whole-home scope words: 'all the lights', 'every lamp', 'everywhere', 'the whole house'.

Found by rule, not by the model: the words are few and fixed, and a command that turns off every
light in the home must not hang on a tag. With a room or floor said, the scope is that place
('all the lights upstairs'); without one, these words mean the whole home rather than the room
the assistant stands in.
"""

from __future__ import annotations

from typing import Any, Mapping

from assistant.nlu.text import phrases_in

WHOLE_HOME = "home"
"""The ``scope`` slot's one value."""

QUANTIFIERS = frozenset({"all", "every", "each", "everything", "anything", "everywhere", "any"})
HOME_PHRASES = frozenset({
    "all over", "whole house", "whole home", "whole flat", "whole place", "whole apartment", "entire house",
    "entire home", "entire flat", "entire place", "the house", "the home", "the flat", "the apartment",
    "at home", "every room", "all rooms", "all the rooms", "throughout",
})
NOT_SCOPE = frozenset({"all the way", "all right", "at all", "all set", "all good", "all done", "any more",
                       "anymore", "any longer"})
"""Phrases holding a quantifier that say nothing about which devices: 'open the blinds all the way'."""
NOT_DEVICES = frozenset({"HomeConfirm", "HomeDeny", "HassNevermind", "HassGetCurrentTime", "HassGetCurrentDate",
                         "HassGetWeather", "HassBroadcast", "HassMediaSearchAndPlay"})
HOME_AREAS = frozenset({"house", "home", "flat", "apartment", "place", "whole house", "whole home", "entire house",
                        "everywhere", "the house", "whole place", "whole flat"})
"""Said where a room goes ('in the house'): no room, the whole home."""


def whole_home_said(words: list[str]) -> bool:
    """True when the words ask for every device of the kind, not only this room's."""
    ignored = {word for phrase in phrases_in(words, NOT_SCOPE) for word in phrase.split()}
    return any(not ignored.intersection(phrase.split()) for phrase in phrases_in(words, QUANTIFIERS | HOME_PHRASES))


def with_scope(intent: str, words: list[str], slots: Mapping[str, Any]) -> dict[str, Any]:
    """The slots with ``scope: home`` added when the words say so; a 'room' that is the home
    itself ('in the whole house') is dropped for it. Timers and lists have no devices to scope."""
    scoped = dict(slots)
    if "Timer" in intent or "List" in intent or intent in NOT_DEVICES:
        return scoped
    area = str(scoped.get("area") or "").lower()
    if area in HOME_AREAS or area.removeprefix("the ") in HOME_AREAS:
        scoped.pop("area")
        scoped["scope"] = WHOLE_HOME
    elif whole_home_said(words):
        scoped["scope"] = WHOLE_HOME
    return scoped
