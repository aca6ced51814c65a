"""Which utterances are addressed to the assistant, and what the command in them is: the wake
phrase first, no wake phrase at all, or push-to-talk."""

from __future__ import annotations

import threading
from dataclasses import dataclass

from assistant.stt.grammar import words_of

AWAKE_SECONDS = 6.0
"""After the wake phrase alone, how long the next utterance counts as the command."""


@dataclass
class WakeGate:
    """Which utterances are addressed to the assistant, and what the command in them is."""

    mode: str
    phrase: str
    awake_until: float = 0.0
    talk_pressed: threading.Event | None = None

    def expect_answer(self, until: float) -> None:
        """A question was asked ('Did you say ...?'): what is said before ``until`` answers it, with no
        wake phrase ('yes', not 'hey computer yes'). Push-to-talk still wants the key."""
        if self.mode == "phrase":
            self.awake_until = max(self.awake_until, until)

    def keep_open(self, now: float, until: float) -> None:
        """While the assistant is still saying its question, an open window waits for it to end; a
        closed window (an ordinary reply, a question long answered) stays closed."""
        if now < self.awake_until:
            self.awake_until = max(self.awake_until, until)

    def command(self, text: str, now: float) -> str | None:
        words = words_of(text)
        if self.mode == "always":
            return " ".join(words) or None
        if self.mode == "push_to_talk":
            if self.talk_pressed is not None and self.talk_pressed.is_set():
                self.talk_pressed.clear()
                return " ".join(words) or None
            return None
        wake = words_of(self.phrase)
        if words[: len(wake)] == wake:
            rest = words[len(wake):]
            if rest:
                return " ".join(rest)
            self.awake_until = now + AWAKE_SECONDS
            return None
        if now < self.awake_until:
            self.awake_until = 0.0
            return " ".join(words) or None
        return None
