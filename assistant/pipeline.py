"""The assistant's pipeline: text -> intent -> plan -> action in HA -> reply -> speech.

A console line enters at ``handle_text``; the voice front end enters at the same place with a
transcript. Every stage is timed and reported to subscribers through the event bus. Nothing
reaches Home Assistant unless the model understood the line, a handler resolved it to real
entities, and (for risky actions) the person said yes.
"""

from __future__ import annotations

import logging
import time
from contextlib import contextmanager
from dataclasses import dataclass, replace
from typing import Any, Callable, Iterator, Protocol

from assistant.audit import AuditLog
from assistant.conversation import (
    Conversation, PendingConfirmation, action_verb, has_digits, pin_spoken, points_back, risky_action,
    strip_digits,
)
from assistant.events import EventBus, EventKind, PipelineEvent, Stage
from assistant.handlers import HandlerContext, Refusal, build_handlers
from assistant.handlers.places import add_spoken_kind, add_spoken_places
from assistant.home.errors import HomeError
from assistant.home.model import EntityState, Home
from assistant.home.resolver import NameResolver
from assistant.input_lines import prepare
from assistant.messages import ActionResult, IntentResult, Plan, ServiceCall, Turn
from assistant.respond import Responder
from assistant.timers import Timer, TimerBook, spoken_duration

logger = logging.getLogger(__name__)

REJECTED_INTENTS = frozenset({"OutOfScope"})
ANSWERS = frozenset({"HomeConfirm", "HomeDeny"})


class Understander(Protocol):
    def parse(self, text: str) -> IntentResult: ...


class HomePort(Protocol):
    """What the pipeline needs of Home Assistant (``HomeAssistantAdapter`` provides it)."""

    @property
    def home(self) -> Home: ...

    def cached_state(self, entity_id: str) -> EntityState | None: ...

    def read_state(self, entity_id: str) -> EntityState: ...

    def call(self, call: ServiceCall) -> ActionResult: ...

    def todo_items(self, entity_id: str) -> list[dict]: ...


class Speaker(Protocol):
    def say(self, text: str) -> None:
        """Queue a reply to be spoken; returns at once."""


@dataclass(frozen=True)
class PipelineSettings:
    satellite_area: str | None = None
    confirm_actions: frozenset[str] = frozenset({"unlock", "open_garage", "open_gate", "disarm"})
    confirm_timeout: float = 8.0
    pin: str | None = None
    follow_up_seconds: float = 30.0
    match_threshold: float = 85.0

    @classmethod
    def from_config(cls, config) -> PipelineSettings:
        return cls(
            satellite_area=config.satellite_area,
            confirm_actions=frozenset(config.confirm.actions),
            confirm_timeout=config.confirm.timeout,
            pin=config.confirm.pin,
            follow_up_seconds=config.conversation.follow_up_seconds,
            match_threshold=config.home_assistant.match_threshold,
        )


class Pipeline:
    def __init__(
        self,
        understander: Understander,
        home: HomePort,
        responder: Responder,
        settings: PipelineSettings,
        *,
        speaker: Speaker | None = None,
        audit: AuditLog | None = None,
        timers: TimerBook | None = None,
        bus: EventBus | None = None,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self.understander = understander
        self.home = home
        self.responder = responder
        self.settings = settings
        self.speaker = speaker
        self.audit = audit
        self.timers = timers
        self.bus = bus or EventBus()
        self.monotonic = monotonic
        self.resolver = NameResolver(threshold=settings.match_threshold)
        self.conversation = Conversation(settings.follow_up_seconds)
        self.handlers = build_handlers(home.todo_items)

    # -- one line ----------------------------------------------------------

    def handle_text(self, line: str, *, hear_seconds: float | None = None) -> Turn:
        """One line (typed, or a transcript: then ``hear_seconds`` is the speech-to-text stage's time)."""
        timings: dict[str, float] = {} if hear_seconds is None else {Stage.HEAR.value: hear_seconds}
        text, warning = prepare(line)
        if not text:
            return self._finish(line, None, Plan("empty", refused=True), (), timings, warning)
        with self._timed(Stage.UNDERSTAND, timings):
            understood = self.understander.parse(text)
            if self.conversation.pending is not None and self.settings.pin:
                understood = self._without_pin(understood, text)
        with self._timed(Stage.PLAN, timings):
            plan, understood = self._plan(understood)
        actions: tuple[ActionResult, ...] = ()
        if plan.calls:
            with self._timed(Stage.ACT, timings):
                actions = tuple(self._act(call) for call in plan.calls)
        return self._finish(understood.text, understood, plan, actions, timings, warning)

    def announce(self, reply_key: str, values: dict[str, Any] | None = None) -> str:
        """Say something nobody asked for just now (a timer is done)."""
        text = self.responder.text(reply_key, values)
        logger.info("announcement: %s", text)
        if self.speaker is not None:
            self.speaker.say(text)
        self.bus.emit(PipelineEvent(EventKind.ANNOUNCEMENT, data={"reply": text, "reply_key": reply_key}))
        return text

    def on_timer_done(self, timer: Timer, late: bool) -> None:
        key = "timer_finished_while_away" if late else "timer_finished"
        self.announce(key, {"duration": spoken_duration(timer.seconds)})

    # -- stages --------------------------------------------------------------

    def _plan(self, understood: IntentResult) -> tuple[Plan, IntentResult]:
        """The plan, and the intent as carried out ('and the bedroom too' becomes the last command)."""
        now = self.monotonic()
        answered = self._answer_pending(understood, now)
        if answered is not None:
            return answered, understood
        intent = understood.intent
        if intent is None or intent in REJECTED_INTENTS:
            return Plan("rejected", refused=True), understood
        if intent == "HomeConfirm":
            return Plan("nothing_to_confirm", refused=True), understood
        if intent == "HomeDeny":
            return Plan("nevermind", refused=True), understood
        understood = add_spoken_kind(add_spoken_places(understood, self.home.home))
        if intent == "HomeRepeat":
            repeated = self.conversation.repeat(understood, now)
            if repeated is None:
                return Plan("no_context", refused=True), understood
            understood = repeated
        return self._run_handler(understood, now), understood

    def _run_handler(self, understood: IntentResult, now: float) -> Plan:
        handler = self.handlers.get(understood.intent or "")
        if handler is None:
            return Plan("not_available", refused=True)
        context = HandlerContext(
            home=self.home.home,
            state_of=self._state_of,
            resolver=self.resolver,
            satellite_area=self.settings.satellite_area,
            previous=self.conversation.previous(now) if points_back(understood.text) else None,
            timers=self.timers,
            monotonic=self.monotonic,
        )
        try:
            plan = handler(understood, context)
        except Refusal as refusal:
            plan = refusal.plan
        except HomeError as err:
            logger.warning("could not plan %r: %s", understood.text, err)
            plan = Plan(err.code, {"name": "that"}, refused=True)
        if plan.refused:
            return plan
        self.conversation.remember(plan.subject)
        return self._hold_if_risky(plan, understood, now)

    def _without_pin(self, understood: IntentResult, text: str) -> IntentResult:
        """'yes one two three four': the yes is understood without the PIN's digits, which are checked later."""
        if understood.intent in ANSWERS:
            return understood
        rest = strip_digits(text)
        if not rest or not has_digits(text):
            return understood
        answer = self.understander.parse(rest)
        return replace(answer, text=understood.text) if answer.intent in ANSWERS else understood

    def _answer_pending(self, understood: IntentResult, now: float) -> Plan | None:
        pending = self.conversation.pending
        if pending is None:
            return None
        self.conversation.pending = None
        values = {"action": pending.verb, "name": pending.name}
        answer = understood.intent in ANSWERS
        if now > pending.expires_at:
            logger.info("confirmation to %s %s timed out", pending.verb, pending.name)
            return Plan("confirm_expired", values, refused=True) if answer else None
        if understood.intent == "HomeConfirm":
            if not pin_spoken(understood.text, self.settings.pin):
                return Plan("confirm_wrong_pin", values, refused=True)
            return pending.plan
        if understood.intent == "HomeDeny":
            return Plan("confirm_cancelled", values, refused=True)
        logger.info("question about %s %s dropped: something else was said", pending.verb, pending.name)
        return None

    def _hold_if_risky(self, plan: Plan, understood: IntentResult, now: float) -> Plan:
        kinds = [kind for call in plan.calls if (kind := risky_action(call, self.home.home)) in self.settings.confirm_actions]
        if not kinds:
            return plan
        verb = action_verb(kinds[0])
        name = str(plan.values.get("name", "that"))
        self.conversation.pending = PendingConfirmation(plan, understood, verb, name, now + self.settings.confirm_timeout)
        question = "confirm_question_pin" if self.settings.pin else "confirm_question"
        return Plan(question, {"action": verb, "name": name}, subject=plan.subject)

    def _act(self, call: ServiceCall) -> ActionResult:
        try:
            return self.home.call(call)
        except HomeError as err:
            logger.warning("%s failed: %s", call.name, err)
            return ActionResult(call, error=err.code)

    def _state_of(self, entity_id: str) -> EntityState | None:
        state = self.home.cached_state(entity_id)
        if state is not None:
            return state
        try:
            return self.home.read_state(entity_id)
        except HomeError as err:
            logger.warning("could not read %s: %s", entity_id, err)
            return None

    def _finish(self, text: str, understood: IntentResult | None, plan: Plan,
                actions: tuple[ActionResult, ...], timings: dict[str, float], warning: str | None) -> Turn:
        with self._timed(Stage.RESPOND, timings):
            reply_key, values = plan.reply, dict(plan.values)
            failed = next((a for a in actions if a.error is not None), None)
            if failed is not None:
                reply_key = failed.error or "error"
                values.setdefault("name", "that")
            reply = self.responder.text(reply_key, values)
        if actions and self.audit is not None:
            with self._timed(Stage.RECORD, timings):
                self.audit.record(text, understood, actions, reply)
        with self._timed(Stage.SPEAK, timings):
            if self.speaker is not None:
                self.speaker.say(reply)
        turn = Turn(text, understood, reply, reply_key, actions, plan.readings, timings, warning, plan.refused)
        self._log(turn)
        self.bus.emit(PipelineEvent(EventKind.TURN_DONE, data={"turn": turn}))
        return turn

    @contextmanager
    def _timed(self, stage: Stage, timings: dict[str, float]) -> Iterator[None]:
        started = time.perf_counter()
        try:
            yield
        finally:
            seconds = time.perf_counter() - started
            timings[stage.value] = seconds
            self.bus.emit(PipelineEvent(EventKind.STAGE_DONE, stage, seconds))

    @staticmethod
    def _log(turn: Turn) -> None:
        stages = " ".join(f"{stage}={seconds * 1000:.1f}ms" for stage, seconds in turn.timings.items())
        intent = turn.understood.intent if turn.understood else None
        logger.info("%r -> %s -> %r (%s)", turn.text[:80], intent, turn.reply, stages)

