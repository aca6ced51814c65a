"""What the assistant remembers between lines: the last subject, and an action waiting for a yes."""

from __future__ import annotations

from dataclasses import dataclass, replace

from assistant.home.model import Home
from assistant.messages import IntentResult, Plan, ServiceCall, Subject
from assistant.safety.words import POINTERS, words_of

PLACE_SLOTS = ("name", "area", "floor")
_ACTION_VERBS = {"unlock": "unlock", "open_garage": "open", "open_gate": "open", "disarm": "disarm"}


def risky_action(call: ServiceCall, home: Home) -> str | None:
    """Which kind of risky action a call is ('unlock', 'open_garage', 'open_gate', 'disarm'), if any."""
    if call.domain == "lock" and call.service in {"unlock", "open"}:
        return "unlock"
    if call.domain == "alarm_control_panel" and call.service == "alarm_disarm":
        return "disarm"
    opening = call.service in {"open_cover", "toggle"} or (
        call.service == "set_cover_position" and (call.data.get("position") or 0) > 0
    )
    if call.domain == "cover" and opening:
        classes = {getattr(home.entity(entity_id), "device_class", None) for entity_id in call.entity_ids}
        if "garage" in classes:
            return "open_garage"
        if "gate" in classes:
            return "open_gate"
    return None


def action_verb(kind: str) -> str:
    return _ACTION_VERBS.get(kind, kind)


_CALL_VERBS = {"lock": "lock", "unlock": "unlock", "open": "unlock", "open_cover": "open", "close_cover": "close",
               "stop_cover": "stop", "set_cover_position": "move", "open_valve": "open", "close_valve": "close",
               "alarm_disarm": "disarm"}


def call_verb(call: ServiceCall) -> str:
    """How a reply names what a call does ('close' for ``cover.close_cover``, 'arm' for any arming)."""
    if call.service.startswith("alarm_arm"):
        return "arm"
    return _CALL_VERBS.get(call.service, call.service.replace("_", " "))


@dataclass(frozen=True)
class PendingConfirmation:
    plan: Plan
    understood: IntentResult
    verb: str
    name: str
    expires_at: float
    """``time.monotonic()`` after which silence has meant no."""
    asked_again: bool = False
    """An unclear answer asks once more; the second one cancels."""
    needs_pin: bool = True
    """Whether a yes must carry the PIN (when one is set): not for "Did you say ...?"."""


class Conversation:
    """The short memory of one speaker's exchange with the assistant."""

    def __init__(self, follow_up_seconds: float) -> None:
        self.follow_up_seconds = follow_up_seconds
        self._subject: Subject | None = None
        self.pending: PendingConfirmation | None = None

    def remember(self, subject: Subject | None) -> None:
        if subject is not None and subject.entity_ids:
            self._subject = subject

    def previous(self, now: float) -> Subject | None:
        if self._subject is None or now - self._subject.at > self.follow_up_seconds:
            return None
        return self._subject

    def repeat(self, intent: IntentResult, now: float) -> IntentResult | None:
        """'and the bedroom too': the last command again with the new place (``None`` without one)."""
        previous = self.previous(now)
        if previous is None:
            return None
        given = {k: v for k, v in intent.slots.items() if k in PLACE_SLOTS and v}
        if not given:
            return None
        slots = {k: v for k, v in previous.slots.items() if k not in PLACE_SLOTS}
        if "domain" not in slots and "device_class" not in slots:
            domains = {entity_id.split(".", 1)[0] for entity_id in previous.entity_ids}
            if len(domains) == 1 and "name" not in given:
                slots["domain"] = domains.pop()
        slots.update(given)
        return replace(intent, intent=previous.intent, slots=slots)


def points_back(text: str) -> bool:
    """Words that refer to what was said before: 'turn it off', 'and the bedroom too', 'again'."""
    return bool(POINTERS.intersection(words_of(text)))
