"""Carrying out a plan on Home Assistant: the audit log takes the intent first, then the calls.

If the intent cannot be written, nothing is done. A call without an answer in time is an
``unknown`` outcome, never ``failed``: the calls after it are not sent, none is retried, and
its devices are read at the next contact with Home Assistant, with what they show recorded.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Protocol

from assistant.audit import UNKNOWN_ERRORS, AuditLog, AuditLogError
from assistant.home.errors import HomeError
from assistant.home.model import EntityState, Home
from assistant.messages import ActionResult, IntentResult, Plan, ServiceCall

logger = logging.getLogger(__name__)


class HomePort(Protocol):
    """What the pipeline needs of Home Assistant (``HomeAssistantAdapter`` provides it)."""

    @property
    def home(self) -> Home: ...

    @property
    def connected(self) -> bool:
        """False while Home Assistant is away: cached states may be out of date."""

    def cached_state(self, entity_id: str) -> EntityState | None: ...

    def read_state(self, entity_id: str) -> EntityState: ...

    def call(self, call: ServiceCall) -> ActionResult: ...

    def todo_items(self, entity_id: str) -> list[dict]: ...


@dataclass(frozen=True)
class Acted:
    actions: tuple[ActionResult, ...] = ()
    record_id: str | None = None
    refusal: Plan | None = None
    """Set when nothing was done because the audit log could not take the intent."""


class Actor:
    def __init__(self, home: HomePort, audit: AuditLog | None) -> None:
        self.home = home
        self.audit = audit
        self._unsettled: list[tuple[str | None, ServiceCall]] = []
        """Calls whose outcome is unknown: their devices are read at the next contact."""

    def carry_out(self, text: str, understood: IntentResult, calls: tuple[ServiceCall, ...]) -> Acted:
        """The intent recorded, then the calls in order; after one without an answer in time, the
        rest are not sent. Interrupted (Ctrl-C): the call in flight is ``unknown``, the rest not
        sent, and that is recorded before the interruption goes on."""
        record_id = self.audit.new_id() if self.audit is not None else None
        done: list[ActionResult] = []
        in_flight = False
        try:
            if self.audit is not None and record_id is not None:
                self.audit.intend(record_id, text, understood, calls)
            for call in calls:
                if done and done[-1].error in UNKNOWN_ERRORS:
                    done.append(ActionResult(call, error="not_sent"))
                    continue
                in_flight = True
                done.append(self._call(call))
                in_flight = False
                if done[-1].error in UNKNOWN_ERRORS:
                    self._unsettled.append((record_id, call))
        except AuditLogError as err:
            logger.error("not acting: %s", err)
            return Acted(refusal=Plan("audit_failed", {"detail": err.message}, refused=True))
        except KeyboardInterrupt:
            rest = calls[len(done):]
            cut = [ActionResult(call, error="interrupted" if in_flight and not index else "not_sent")
                   for index, call in enumerate(rest)]
            self._unsettled += [(record_id, result.call) for result in cut if result.error == "interrupted"]
            if self.audit is not None and record_id is not None:
                self.audit.outcome(record_id, (*done, *cut), "interrupted")
            raise
        return Acted(tuple(done), record_id)

    def record(self, acted: Acted, reply: str) -> None:
        if acted.record_id is not None and self.audit is not None:
            self.audit.outcome(acted.record_id, acted.actions, reply)

    def _call(self, call: ServiceCall) -> ActionResult:
        try:
            return self.home.call(call)
        except HomeError as err:
            logger.warning("%s failed: %s", call.name, err)
            return ActionResult(call, error=err.code)

    def settle(self) -> None:
        """Read what the devices of unanswered calls are doing now, and record it."""
        still: list[tuple[str | None, ServiceCall]] = []
        for record_id, call in self._unsettled:
            try:
                states = [self.home.read_state(entity_id) for entity_id in call.entity_ids]
            except HomeError:
                still.append((record_id, call))
                continue
            readings = [{"entity_id": state.entity_id, "state": state.state} for state in states]
            logger.info("%s had no answer in time; now: %s", call.name, readings)
            if self.audit is not None and record_id is not None:
                self.audit.checked(record_id, readings)
        self._unsettled = still
