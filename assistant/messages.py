"""The small frozen messages passed from one stage to the next."""

from __future__ import annotations

from dataclasses import dataclass, field
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
