"""Pipeline stages and the events they emit to subscribers (console, logs, audit log, tests, benchmarks)."""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass, field
from enum import Enum
from typing import Any, Callable, Mapping

logger = logging.getLogger(__name__)


class Stage(str, Enum):
    HEAR = "hear"
    """Voice only: from the end of speech to the final transcript."""
    UNDERSTAND = "understand"
    """Text -> intent and slots (the model)."""
    PLAN = "plan"
    """Intent -> service calls or a state read, against the home's registry."""
    ACT = "act"
    """Service calls sent to Home Assistant and answered."""
    RESPOND = "respond"
    """Reply text from its template."""
    RECORD = "record"
    """The actions written to the audit log (and synced to disk) before the reply is given."""
    SPEAK = "speak"
    """Reply handed to the speech engine (speaking itself runs in the background)."""


class EventKind(str, Enum):
    STAGE_DONE = "stage_done"
    TURN_DONE = "turn_done"
    ANNOUNCEMENT = "announcement"
    """Something said without being asked: a timer finished, a question timed out."""
    ERROR = "error"


@dataclass(frozen=True)
class PipelineEvent:
    kind: EventKind
    stage: Stage | None = None
    seconds: float = 0.0
    data: Mapping[str, Any] = field(default_factory=dict)


Subscriber = Callable[[PipelineEvent], None]


class EventBus:
    """Delivers events to every subscriber; a failing subscriber is logged, never fatal."""

    def __init__(self) -> None:
        self._subscribers: list[Subscriber] = []
        self._lock = threading.Lock()

    def subscribe(self, subscriber: Subscriber) -> None:
        with self._lock:
            self._subscribers.append(subscriber)

    def emit(self, event: PipelineEvent) -> None:
        with self._lock:
            subscribers = list(self._subscribers)
        for subscriber in subscribers:
            try:
                subscriber(event)
            except Exception:  # noqa: BLE001 - one listener must not stop the others
                logger.exception("event subscriber %r failed", subscriber)
