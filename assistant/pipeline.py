"""The assistant's pipeline: text -> intent -> plan -> action in HA -> reply -> speech.

A console line enters at ``handle_text``; the voice front end enters at the same place with a
transcript. Every stage is timed and reported to subscribers through the event bus. Nothing
reaches Home Assistant unless the model understood the line, the safety gate found a reason to
act (``safety/gate.py``), a handler resolved it to real entities, the audit log took the intent,
and (for risky actions) the person said an explicit yes. The pipeline, through ``acting.Actor``,
is the one place that calls Home Assistant; handlers only return plans.
"""

from __future__ import annotations

import logging
import time
from contextlib import contextmanager
from dataclasses import dataclass, replace
from typing import Any, Callable, Iterator, Protocol

from assistant.acting import Acted, Actor, HomePort
from assistant.audit import AuditLog
from assistant.conversation import Conversation, points_back
from assistant.events import EventBus, EventKind, PipelineEvent, Stage
from assistant.handlers import NOT_AVAILABLE, HandlerContext, Refusal, build_handlers
from assistant.handlers.targets import has_target
from assistant.handlers.places import add_spoken_kind, add_spoken_places
from assistant.home.errors import HomeError
from assistant.home.model import EntityState
from assistant.home.resolver import NameResolver
from assistant.input_lines import prepare
from assistant.messages import Hearing, IntentResult, Lexicon, Plan, Turn
from assistant.respond import Responder
from assistant.safety.answers import holds_pin, mask_digits
from assistant.safety.confirmation import ANSWERS, ConfirmSettings, Confirmations
from assistant.safety.gate import HEARING_REFUSALS, TYPED, Gate
from assistant.timers import Timer, TimerBook, spoken_duration

logger = logging.getLogger(__name__)

REJECTED_INTENTS = frozenset({"OutOfScope"})
# 'brighter', 'warmer', 'louder' with no device said carry on with the last one, when fresh.
CONTINUING_INTENTS = frozenset({"HomeLightSetRelative", "HomeClimateSetTemperatureRelative", "HassSetVolumeRelative"})


class Understander(Protocol):
    def parse(self, text: str) -> IntentResult: ...


class Speaker(Protocol):
    def say(self, text: str) -> None:
        """Queue a reply to be spoken; returns at once."""


@dataclass(frozen=True)
class PipelineSettings:
    satellite_area: str | None = None
    confirm: ConfirmSettings = ConfirmSettings()
    follow_up_seconds: float = 30.0
    match_threshold: float = 85.0

    @classmethod
    def from_config(cls, config) -> PipelineSettings:
        return cls(
            satellite_area=config.satellite_area,
            confirm=ConfirmSettings(frozenset(config.confirm.actions), config.confirm.timeout, config.confirm.pin,
                                    config.confirm.lockout_seconds),
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
        lexicon: Lexicon | None = None,
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
        self.gate = Gate(lexicon)
        self.confirmations = Confirmations(settings.confirm, self.conversation, self._new_request)
        self.actor = Actor(home, audit)
        self._stale = False

    # -- one line ----------------------------------------------------------

    def handle_text(self, line: str, *, hear_seconds: float | None = None, hearing: Hearing = TYPED) -> Turn:
        """One line (typed, or a transcript: then ``hear_seconds`` is the speech-to-text stage's time,
        and ``hearing`` how sure the recogniser was of it)."""
        timings: dict[str, float] = {} if hear_seconds is None else {Stage.HEAR.value: hear_seconds}
        self._stale = False
        text, warning = prepare(line)
        if not text:
            return self._finish(line, None, Plan("empty", refused=True), Acted(), timings, warning)
        self.actor.settle()
        answering_with_pin = self.confirmations.waiting_for_pin
        with self._timed(Stage.UNDERSTAND, timings):
            understood = self.confirmations.hear_answer(self.understander.parse(text), text, self.understander.parse)
        with self._timed(Stage.PLAN, timings):
            plan, understood = self._plan(understood, hearing)
        hide = answering_with_pin or holds_pin(understood.text, self.settings.confirm.pin)
        shown = mask_digits(understood.text) if hide else understood.text  # a PIN is never logged
        understood = replace(understood, text=shown)
        acted = Acted()
        if plan.calls:
            with self._timed(Stage.ACT, timings):
                acted = self.actor.carry_out(shown, understood, plan.calls)
            plan = acted.refusal or plan
        return self._finish(shown, understood, plan, acted, timings, warning)

    @property
    def awaiting_answer(self) -> bool:
        """A question waits for a yes or no ('Are you sure ...?', 'Did you say ...?')."""
        return self.conversation.pending is not None

    def passes_on(self, line: str, hearing: Hearing) -> bool:
        """Whether a spoken line heard this way may go to an agent that acts on it without asking
        (Home Assistant's own, through Wyoming's asr): not when the gate would refuse it for how it
        was heard, ask which of two opposite words was said, or want "Did you say ...?" first."""
        if hearing.clear_for_risky and hearing.doubt is None:
            return True
        if not hearing.sure:
            return False
        understood = add_spoken_kind(add_spoken_places(self.understander.parse(line), self.home.home))
        refusal = self.gate.check_words(understood, self.home.home, hearing)
        if refusal is not None:
            return refusal.reply not in HEARING_REFUSALS
        plan = self._handler_plan(understood, self.monotonic(), hearing=hearing)
        return plan.reply not in HEARING_REFUSALS and not plan.check_heard

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

    def _plan(self, understood: IntentResult, hearing: Hearing = TYPED) -> tuple[Plan, IntentResult]:
        """The plan, and the intent as carried out ('and the bedroom too' becomes the last command)."""
        now = self.monotonic()
        answered = self.confirmations.answer(understood, now, heard_clearly=hearing.sure)
        if answered is not None:
            return answered, understood
        intent = understood.intent
        if intent is None or intent in REJECTED_INTENTS:
            return Plan("rejected", refused=True), understood
        if intent == "HomeConfirm":
            return Plan("nothing_to_confirm", refused=True), understood
        if intent == "HomeDeny":
            return Plan("nevermind", refused=True), understood
        if intent in NOT_AVAILABLE:
            return Plan("not_available", refused=True), understood
        understood = add_spoken_kind(add_spoken_places(understood, self.home.home))
        earlier = ""
        if intent == "HomeRepeat":
            previous, repeated = self.conversation.previous(now), self.conversation.repeat(understood, now)
            if previous is None or repeated is None:
                return Plan("no_context", refused=True), understood
            understood, earlier = repeated, previous.text
        refusal = self.gate.check_words(understood, self.home.home, hearing)
        if refusal is not None:
            return self._range_first(refusal, understood, now), understood
        plan = self._handler_plan(understood, now, earlier, hearing)
        if plan.refused:
            return plan, understood
        self.conversation.remember(plan.subject)
        return self.confirmations.hold_if_risky(plan, understood, now, self.home.home), understood

    def _range_first(self, refusal: Plan, understood: IntentResult, now: float) -> Plan:
        """'3338488062399604614 degrees' with no device said acts on nothing either way, but the
        reply says the range of the device it would have meant rather than ask which one."""
        if refusal.reply != "no_context" or not any(isinstance(v, (int, float)) for v in understood.slots.values()):
            return refusal
        meant = self._handler_plan(understood, now)
        return meant if meant.reply == "out_of_range" else refusal

    def _handler_plan(self, understood: IntentResult, now: float, earlier: str = "", hearing: Hearing = TYPED) -> Plan:
        """The handler's plan as the gate lets it through (no side effects: nothing is remembered
        or held). ``earlier``: the words of the command a follow-up repeats ('and the bedroom too')."""
        handler = self.handlers.get(understood.intent or "")
        if handler is None:
            return Plan("not_available", refused=True)
        context = HandlerContext(
            home=self.home.home,
            state_of=self._state_of,
            resolver=self.resolver,
            satellite_area=self.settings.satellite_area,
            previous=self.conversation.previous(now) if self._continues(understood) else None,
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
        return self.gate.check_plan(understood, plan, self.home.home, self._state_of, earlier, hearing)

    @staticmethod
    def _continues(understood: IntentResult) -> bool:
        """Whether the last command's devices may be meant: 'turn it off', or a bare 'brighter'."""
        bare_step = understood.intent in CONTINUING_INTENTS and not has_target(understood.slots)
        return points_back(understood.text) or bare_step

    def _new_request(self, understood: IntentResult) -> bool:
        """A clear request of its own ('close the garage door'), not an answer to a question."""
        if understood.intent is None or understood.intent in ANSWERS or understood.intent in REJECTED_INTENTS:
            return False
        return self.gate.check_words(understood, self.home.home) is None

    def _state_of(self, entity_id: str) -> EntityState | None:
        """The cached state while HA is connected; read fresh otherwise, and the cache only as a
        last resort (then the reply says it may be out of date)."""
        cached = self.home.cached_state(entity_id)
        if cached is not None and self.home.connected:
            return cached
        try:
            return self.home.read_state(entity_id)
        except HomeError as err:
            logger.warning("could not read %s: %s", entity_id, err)
            self._stale = self._stale or cached is not None
            return cached

    def _finish(self, text: str, understood: IntentResult | None, plan: Plan, acted: Acted,
                timings: dict[str, float], warning: str | None) -> Turn:
        actions = acted.actions
        with self._timed(Stage.RESPOND, timings):
            reply_key, values = plan.reply, dict(plan.values)
            failed = next((a for a in actions if a.error is not None), None)
            if failed is not None:
                reply_key = failed.error or "error"
                values.setdefault("name", "that")
            reply = self.responder.text(reply_key, values)
            if self._stale and plan.readings:
                reply = f"{reply}. {self.responder.text('maybe_stale')}"
        if acted.record_id is not None:
            with self._timed(Stage.RECORD, timings):
                self.actor.record(acted, reply)
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

