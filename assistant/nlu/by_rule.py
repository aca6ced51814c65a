"""The slots found by rule after the model, in one place for serving and for scoring: the
whole-home scope, the device or brightness a need asks for, and a time for later."""

from __future__ import annotations

from typing import Any, Mapping

from assistant.nlu.later import with_when
from assistant.nlu.needs import with_need
from assistant.nlu.scope import with_scope


def slots_by_rule(intent: str, words: list[str], slots: Mapping[str, Any]) -> dict[str, Any]:
    """The model's slots with those the words give by rule added."""
    return with_when(intent, words, with_need(intent, words, with_scope(intent, words, slots)))
