"""Where a spoken command starts and ends, from per-frame speech/no-speech decisions.

Pure logic (no audio, no clock): tests drive it with made-up decisions. The decisions come from
pocketsphinx's WebRTC-style voice activity detector in ``frames.py``.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum


class Decision(str, Enum):
    SILENCE = "silence"
    STARTED = "started"
    """Enough speech in a row: a command has begun (include the pre-roll before this frame)."""
    SPEECH = "speech"
    ENDED = "ended"
    """Enough silence after speech: the command is over."""
    TOO_LONG = "too_long"
    """Speech went on past the limit; what was heard so far is the command."""


@dataclass(frozen=True)
class EndpointSettings:
    frame_seconds: float = 0.03
    start_seconds: float = 0.12
    """Speech needed before a command counts as begun (coughs and clicks are shorter)."""
    end_seconds: float = 0.6
    """Silence that ends a command."""
    complete_end_seconds: float = 0.21
    """Silence that ends a command once what was heard so far is a whole sentence of the grammar."""
    max_seconds: float = 10.0


class Endpointer:
    def __init__(self, settings: EndpointSettings = EndpointSettings()) -> None:
        self.settings = settings
        self.reset()

    def reset(self) -> None:
        self.in_command = False
        self._speech_run = 0.0
        self._silence_run = 0.0
        self._command_seconds = 0.0

    def process(self, is_speech: bool, complete: bool = False) -> Decision:
        """One frame's decision; ``complete``: what was heard so far is a whole sentence."""
        step = self.settings.frame_seconds
        if not self.in_command:
            self._speech_run = self._speech_run + step if is_speech else 0.0
            if self._speech_run >= self.settings.start_seconds - 1e-9:
                self.in_command = True
                self._command_seconds = self._speech_run
                self._silence_run = 0.0
                return Decision.STARTED
            return Decision.SILENCE
        self._command_seconds += step
        self._silence_run = 0.0 if is_speech else self._silence_run + step
        end = self.settings.complete_end_seconds if complete else self.settings.end_seconds
        if self._silence_run >= end - 1e-9:
            self.reset()
            return Decision.ENDED
        if self._command_seconds >= self.settings.max_seconds - 1e-9:
            self.reset()
            return Decision.TOO_LONG
        return Decision.SPEECH
