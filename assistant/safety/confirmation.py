"""Risky actions wait for an explicit yes: the question, the answer, and the PIN's lock-out.

Only a yes from the model *and* from the words (``answers.judge_answer``) lets a held action
happen; no cancels it; a clear new request drops the question; anything else asks once more,
then cancels. After three wrong PINs in a row, risky actions are refused for a while.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace
from typing import Callable

from assistant.conversation import Conversation, PendingConfirmation, action_verb, call_verb, risky_action
from assistant.home.model import Home
from assistant.messages import IntentResult, Plan
from assistant.safety.answers import Answer, PinGuard, judge_answer, without_digits

logger = logging.getLogger(__name__)

ANSWERS = frozenset({"HomeConfirm", "HomeDeny"})


@dataclass(frozen=True)
class ConfirmSettings:
    actions: frozenset[str] = frozenset({"unlock", "open_garage", "open_gate", "disarm"})
    timeout: float = 8.0
    pin: str | None = None
    lockout_seconds: float = 300.0


class Confirmations:
    def __init__(self, settings: ConfirmSettings, conversation: Conversation,
                 is_new_request: Callable[[IntentResult], bool]) -> None:
        self.settings = settings
        self.conversation = conversation
        self.is_new_request = is_new_request
        """True for a line that is a request of its own ('close the garage door'), not an answer."""
        self.pin_guard = PinGuard(settings.lockout_seconds)

    @property
    def waiting_for_pin(self) -> bool:
        """The next line answers a question that wants the PIN: it must never be logged as said."""
        pending = self.conversation.pending
        return pending is not None and pending.needs_pin and bool(self.settings.pin)

    def hear_answer(self, understood: IntentResult, text: str, parse: Callable[[str], IntentResult]) -> IntentResult:
        """'yes one two three four': while a question waits, the model hears the answer without digits."""
        if self.conversation.pending is None or understood.intent in ANSWERS:
            return understood
        rest = without_digits(text)
        if not rest or rest == " ".join(text.lower().split()):
            return understood
        answer = parse(rest)
        return replace(answer, text=understood.text) if answer.intent in ANSWERS else understood

    def answer(self, understood: IntentResult, now: float, *, heard_clearly: bool = True) -> Plan | None:
        """The plan for a line said while a risky action waits; ``None`` when the line is not an answer.
        A yes the recogniser was not sure of (``heard_clearly`` False) is no yes."""
        pending = self.conversation.pending
        if pending is None:
            return None
        self.conversation.pending = None
        values = {"action": pending.verb, "name": pending.name}
        if now > pending.expires_at:
            logger.info("confirmation to %s %s timed out", pending.verb, pending.name)
            return Plan("confirm_expired", values, refused=True) if understood.intent in ANSWERS else None
        if understood.intent == "HomeDeny":
            return Plan("confirm_cancelled", values, refused=True)
        if understood.intent not in ANSWERS and self.is_new_request(understood):
            logger.info("question to %s %s dropped: a new request came", pending.verb, pending.name)
            return None
        pin = self.settings.pin if pending.needs_pin else None
        answer = judge_answer(understood.text, pin)
        if answer is Answer.YES and (understood.intent != "HomeConfirm" or not heard_clearly):
            answer = Answer.UNCLEAR  # the words say yes but the model heard something else
        self.pin_guard.record(answer, now)
        if answer is Answer.YES:
            return pending.plan
        if answer is Answer.WRONG_PIN:
            logger.warning("wrong PIN for %s %s", pending.verb, pending.name)
            if self.pin_guard.locked(now):
                return Plan("pin_locked", {**values, "minutes": self.pin_guard.minutes_left(now)}, refused=True)
            return Plan("confirm_wrong_pin", values, refused=True)
        if pending.asked_again:
            return Plan("confirm_unclear", values, refused=True)
        self.conversation.pending = replace(pending, asked_again=True, expires_at=now + self.settings.timeout)
        return Plan("confirm_again_pin" if pin else "confirm_again", values, refused=True)

    def hold_if_risky(self, plan: Plan, understood: IntentResult, now: float, home: Home) -> Plan:
        """A risky plan is kept back and a question asked instead (refused while the PIN is locked);
        so is a plan the gate found heard loosely (``Plan.check_heard``), with the words heard."""
        kinds = [kind for call in plan.calls if (kind := risky_action(call, home)) in self.settings.actions]
        if not kinds and plan.check_heard:
            return self._check_heard(plan, understood, now)
        if not kinds:
            return plan
        verb = action_verb(kinds[0])
        name = str(plan.values.get("name", "that"))
        if self.pin_guard.locked(now):
            return Plan("pin_locked", {"action": verb, "name": name, "minutes": self.pin_guard.minutes_left(now)},
                        refused=True)
        self.conversation.pending = PendingConfirmation(plan, understood, verb, name, now + self.settings.timeout)
        question = "confirm_question_pin" if self.settings.pin else "confirm_question"
        return Plan(question, {"action": verb, "name": name}, subject=plan.subject)

    def _check_heard(self, plan: Plan, understood: IntentResult, now: float) -> Plan:
        verb, name = call_verb(plan.calls[0]), str(plan.values.get("name", "that"))
        self.conversation.pending = PendingConfirmation(plan, understood, verb, name, now + self.settings.timeout,
                                                        needs_pin=False)
        return Plan("confirm_heard", {"said": understood.text, "action": verb, "name": name}, subject=plan.subject)
