"""One streaming interface for every speech-to-text engine: start, accept chunks (with partial
text), finish with the final transcript and its word timings."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from assistant.errors import AssistantError
from assistant.messages import Hearing


class SttUnavailable(AssistantError):
    code = "stt_unavailable"


@dataclass(frozen=True)
class Word:
    text: str
    start: float
    """Seconds from the start of the utterance."""
    end: float


@dataclass(frozen=True)
class Transcript:
    text: str
    """Lower-case words; empty when nothing in the grammar was heard."""
    words: tuple[Word, ...] = ()
    engine: str = ""
    in_grammar: bool = True
    """False when the engine heard something the home's grammar does not allow (it is not acted on)."""
    hearing: Hearing = Hearing()
    """How sure the engine is of the sentence (engines that cannot tell say sure)."""


class SpeechToText(Protocol):
    name: str

    def start(self) -> None:
        """Begin an utterance."""

    def accept(self, chunk: bytes) -> str | None:
        """Feed 16 kHz mono 16-bit audio; returns the partial text so far, if the engine has one."""

    def finish(self) -> Transcript:
        """End the utterance and return what was said."""

    def use_home(self, home) -> None:
        """Hold recognition to this home's names; cheap when it is the home already in use, so
        callers give the current home before each utterance and a changed registry is followed."""
