"""A speaker that never blocks the pipeline: replies go on a queue, one worker thread speaks them."""

from __future__ import annotations

import logging
import queue
import threading
from typing import Protocol

logger = logging.getLogger(__name__)


class SpeechEngine(Protocol):
    """Made and used inside the worker thread only (pyttsx3 engines are not thread-safe)."""

    def speak(self, text: str) -> None: ...


class QueuedSpeaker:
    """``say`` returns at once; ``speaking`` is set while a reply is being spoken (the microphone
    listens to it to ignore the assistant's own voice)."""

    def __init__(self, make_engine, name: str = "speech") -> None:
        self._make_engine = make_engine
        self._queue: queue.Queue[str | None] = queue.Queue()
        self.speaking = threading.Event()
        self.failed: str | None = None
        self._ready = threading.Event()
        self._thread = threading.Thread(target=self._run, name=name, daemon=True)
        self._thread.start()
        self._ready.wait(timeout=10)

    def say(self, text: str) -> None:
        if self.failed is None:
            self._queue.put(text)

    def close(self, timeout: float = 30.0) -> None:
        """Speak what is queued, then stop."""
        self._queue.put(None)
        self._thread.join(timeout=timeout)

    def _run(self) -> None:
        try:
            engine = self._make_engine()
        except Exception as err:  # noqa: BLE001 - no speech must never stop the assistant
            self.failed = str(err)
            logger.warning("speech output is off: %s", err)
            self._ready.set()
            return
        self._ready.set()
        while (text := self._queue.get()) is not None:
            self.speaking.set()
            try:
                engine.speak(text)
            except Exception as err:  # noqa: BLE001
                logger.warning("could not speak %r: %s", text[:60], err)
            finally:
                self.speaking.clear()
