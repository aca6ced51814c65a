"""The small frozen messages passed from one stage to the next."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import IntEnum
from typing import Any, Mapping

from assistant.home.model import EntityState


@dataclass(frozen=True)
class ServiceCall:
    """One Home Assistant service call, e.g. ``light.turn_on`` on two lights at 30%."""

    domain: str
    service: str
    entity_ids: tuple[str, ...] = ()
    data: Mapping[str, Any] = field(default_factory=dict)
    """Service data besides ``entity_id`` (``brightness_pct``, ``temperature``...)."""

    @property
    def name(self) -> str:
        return f"{self.domain}.{self.service}"

    def as_dict(self) -> dict[str, Any]:
        return {"domain": self.domain, "service": self.service, "entity_ids": list(self.entity_ids), "data": dict(self.data)}


@dataclass(frozen=True)
class ActionResult:
    """What Home Assistant reported after a service call: the states it changed."""

    call: ServiceCall
    changed: tuple[EntityState, ...] = ()
    seconds: float = 0.0
    """Time HA took to answer."""
    error: str | None = None
    """The error code when HA did not do it (``service_failed``, ``unreachable``...)."""

    def as_dict(self) -> dict[str, Any]:
        return {**self.call.as_dict(), "ok": self.error is None, "error": self.error, "ms": round(self.seconds * 1000, 2)}


class Clarity(IntEnum):
    """How closely a spoken sentence fits its sound, from worst to best; each level allows more."""

    GUESS = 0
    """It fits clearly worse than free phones, or other talk went on after it: the words are the
    recogniser's guess, neither acted on nor answered."""
    SURE = 1
    """Enough for a light, a question, an answer."""
    SURE_FOR_RISKY = 2
    """Enough for an action on a lock, a cover, an alarm or a valve, after "Did you say ...?"."""
    CLEAR = 3
    """Enough for such an action without asking first; every typed line."""


@dataclass(frozen=True)
class Hearing:
    """How sure the recogniser was of a spoken line; a typed line is ``Hearing()``, clear."""

    clarity: Clarity = Clarity.CLEAR
    doubt: tuple[str, str] | None = None
    """(word heard, its opposite) when the sentence with that word swapped scored almost as well."""

    @property
    def sure(self) -> bool:
        return self.clarity >= Clarity.SURE

    @property
    def sure_for_risky(self) -> bool:
        return self.clarity >= Clarity.SURE_FOR_RISKY

    @property
    def clear_for_risky(self) -> bool:
        return self.clarity >= Clarity.CLEAR


@dataclass(frozen=True)
class IntentResult:
    """What the understanding stage made of one utterance."""

    text: str
    intent: str | None
    """HA-style intent name; ``None`` when the utterance was refused as out of scope or unsure."""
    confidence: float
    slots: Mapping[str, Any] = field(default_factory=dict)
    """Slot values as spoken, normalised ('living room', 30, 'red')."""
    best_guess: str | None = None
    """The intent the model leaned to, even when refused (for logs and evaluation)."""

    def as_dict(self) -> dict[str, Any]:
        return {"text": self.text, "intent": self.intent, "confidence": round(self.confidence, 4), "slots": dict(self.slots)}


@dataclass(frozen=True)
class Lexicon:
    """The words the understanding model knows, for the safety gate's language rules."""

    known: frozenset[str]
    """Every word it can read: its tokenizer's whole words and the words of its training."""
    taught: frozenset[str]
    """The words of its own training sentences and slot values: how commands are phrased."""


@dataclass(frozen=True)
class Subject:
    """What a command was about, so that 'turn it off' or 'and the bedroom too' can point back."""

    intent: str
    slots: Mapping[str, Any]
    entity_ids: tuple[str, ...]
    at: float
    """``time.monotonic()`` when it was said."""
    text: str = ""
    """The words of the command ('and the bedroom too' repeats their verb)."""


@dataclass(frozen=True)
class Plan:
    """What a handler decided to do for one intent: service calls (maybe held for a yes) and a reply.

    ``reply`` names a response template (see ``respond.py``) filled with ``values``.
    """

    reply: str
    values: Mapping[str, Any] = field(default_factory=dict)
    calls: tuple[ServiceCall, ...] = ()
    readings: tuple[Mapping[str, Any], ...] = ()
    """States read to answer a question: entity id, value, unit."""
    subject: Subject | None = None
    refused: bool = False
    """True when nothing may be done: rejected, not found, ambiguous, unsupported."""
    check_heard: bool = False
    """The words were heard loosely for what the calls do: ask "Did you say ...?" and act on a yes."""


@dataclass(frozen=True)
class Turn:
    """One line handled from start to end: what was understood, done and answered."""

    text: str
    understood: IntentResult | None
    """The intent as carried out: slots completed, a follow-up turned into the command it repeats."""
    reply: str
    reply_key: str
    actions: tuple[ActionResult, ...] = ()
    readings: tuple[Mapping[str, Any], ...] = ()
    timings: Mapping[str, float] = field(default_factory=dict)
    """Seconds per stage: understand, plan, act, respond, speak."""
    warning: str | None = None
    refused: bool = False
    """Nothing was done because the line was refused, unresolved, ambiguous or unsupported."""

    @property
    def ha_seconds(self) -> float:
        return sum(action.seconds for action in self.actions)

    def as_dict(self) -> dict[str, Any]:
        understood = self.understood.as_dict() if self.understood else {"intent": None, "confidence": 0.0, "slots": {}}
        result = {
            "text": self.text,
            "intent": understood["intent"],
            "confidence": understood["confidence"],
            "slots": understood["slots"],
            "heard_as": self.understood.best_guess if self.understood else None,
            "calls": [action.as_dict() for action in self.actions],
            "states": [dict(reading) for reading in self.readings],
            "reply": self.reply,
            "reply_key": self.reply_key,
            "refused": self.refused,
            "timings_ms": {stage: round(seconds * 1000, 3) for stage, seconds in self.timings.items()},
        }
        if self.warning:
            result["warning"] = self.warning
        return result
