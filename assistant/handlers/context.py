"""What every intent handler may look at: the home, its states, the resolver, the last subject."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import datetime
from typing import Callable

from assistant.home.model import EntityState, Home
from assistant.home.resolver import NameResolver
from assistant.messages import Subject
from assistant.timers import TimerBook


@dataclass(frozen=True)
class HandlerContext:
    home: Home
    state_of: Callable[[str], EntityState | None]
    """The entity's current state (kept current from HA's events; read fresh when unknown)."""
    resolver: NameResolver
    satellite_area: str | None = None
    previous: Subject | None = None
    """The last command's subject while it is still fresh enough to point back to, and only when
    the words point back ('turn it off', 'brighter'): 'turn off the ac' with the name missed by the
    tagger must not fall back on whatever was said last."""
    timers: TimerBook | None = None
    now: Callable[[], datetime] = field(default=lambda: datetime.now().astimezone())
    monotonic: Callable[[], float] = time.monotonic
