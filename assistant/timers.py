"""Timers kept by the assistant itself, on disk so that a restart loses none, announced when done."""

from __future__ import annotations

import json
import logging
import os
import threading
import time
import uuid
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import Callable

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Timer:
    timer_id: str
    seconds: float
    """The duration asked for."""
    ends_at: float | None
    """Wall-clock time (epoch seconds) it finishes; ``None`` while paused."""
    paused_remaining: float | None = None
    name: str | None = None
    started_at: float = 0.0

    @property
    def paused(self) -> bool:
        return self.ends_at is None


class TimerBook:
    """The running timers. Every change is written to ``path`` at once (atomically)."""

    def __init__(self, path: Path | None, clock: Callable[[], float] = time.time) -> None:
        self.path = path
        self.clock = clock
        self._timers: dict[str, Timer] = {}
        self._lock = threading.RLock()

    def load(self) -> None:
        """Read the timers kept on disk; an unreadable file is set aside, not fatal."""
        if self.path is None or not self.path.exists():
            return
        try:
            raw = json.loads(self.path.read_text(encoding="utf-8"))
            timers = [Timer(**entry) for entry in raw.get("timers", [])]
        except (OSError, ValueError, TypeError) as err:
            aside = self.path.with_suffix(".unreadable")
            logger.warning("timers file %s is unreadable (%s); moved it to %s", self.path, err, aside)
            self.path.replace(aside)
            return
        with self._lock:
            self._timers = {t.timer_id: t for t in timers}
        if timers:
            logger.info("%d timer(s) restored from %s", len(timers), self.path)

    def start(self, seconds: float, name: str | None = None) -> Timer:
        now = self.clock()
        timer = Timer(uuid.uuid4().hex[:8], float(seconds), now + seconds, None, name, now)
        with self._lock:
            self._timers[timer.timer_id] = timer
            self._save()
        return timer

    def active(self) -> list[Timer]:
        with self._lock:
            return sorted(self._timers.values(), key=lambda t: t.started_at)

    def remaining(self, timer: Timer) -> float:
        if timer.paused:
            return max(0.0, timer.paused_remaining or 0.0)
        return max(0.0, (timer.ends_at or 0.0) - self.clock())

    def cancel(self, timer: Timer) -> None:
        with self._lock:
            self._timers.pop(timer.timer_id, None)
            self._save()

    def pause(self, timer: Timer) -> Timer:
        return self._update(timer, ends_at=None, paused_remaining=self.remaining(timer)) if not timer.paused else timer

    def resume(self, timer: Timer) -> Timer:
        if not timer.paused:
            return timer
        return self._update(timer, ends_at=self.clock() + (timer.paused_remaining or 0.0), paused_remaining=None)

    def add(self, timer: Timer, seconds: float) -> Timer:
        if timer.paused:
            return self._update(timer, paused_remaining=max(0.0, (timer.paused_remaining or 0.0) + seconds))
        return self._update(timer, ends_at=max(self.clock(), (timer.ends_at or 0.0) + seconds))

    def due(self) -> list[Timer]:
        """Timers that have finished, taken out of the book."""
        now = self.clock()
        with self._lock:
            done = [t for t in self._timers.values() if t.ends_at is not None and t.ends_at <= now]
            for timer in done:
                del self._timers[timer.timer_id]
            if done:
                self._save()
        return done

    def _update(self, timer: Timer, **changes) -> Timer:
        with self._lock:
            if timer.timer_id not in self._timers:
                return timer
            updated = replace(self._timers[timer.timer_id], **changes)
            self._timers[timer.timer_id] = updated
            self._save()
        return updated

    def _save(self) -> None:
        if self.path is None:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        temporary = self.path.with_suffix(".tmp")
        payload = {"timers": [asdict(t) for t in self._timers.values()]}
        with temporary.open("w", encoding="utf-8") as handle:
            json.dump(payload, handle)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, self.path)


class TimerWatch:
    """A background thread that calls ``on_done`` for each timer as it finishes."""

    def __init__(self, book: TimerBook, on_done: Callable[[Timer, bool], None], interval: float = 0.2) -> None:
        self.book = book
        self.on_done = on_done
        self.interval = interval
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        """Timers that ran out while the assistant was down are announced first."""
        for timer in self.book.due():
            self._announce(timer, late=True)
        self._thread = threading.Thread(target=self._run, name="timers", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=2)

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            for timer in self.book.due():
                self._announce(timer, late=False)

    def _announce(self, timer: Timer, late: bool) -> None:
        try:
            self.on_done(timer, late)
        except Exception:  # noqa: BLE001 - a failed announcement must not stop the other timers
            logger.exception("announcing timer %s failed", timer.timer_id)


def spoken_duration(seconds: float) -> str:
    """3725 -> '1 hour, 2 minutes and 5 seconds'; 60 -> '1 minute'."""
    total = int(round(seconds))
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    parts = [f"{n} {unit}{'' if n == 1 else 's'}" for n, unit in ((hours, "hour"), (minutes, "minute"), (secs, "second")) if n]
    if not parts:
        return "0 seconds"
    return parts[0] if len(parts) == 1 else f"{', '.join(parts[:-1])} and {parts[-1]}"
