"""One streaming interface for every speech-to-text engine: start, accept chunks (with partial
text), finish with the final transcript and its word timings."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from assistant.errors import AssistantError


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
    doubt: tuple[str, str] | None = None
    """(word heard, its opposite) when the opposite sentence scored almost as well: ask, don't act."""
    sure: bool = True
    """False when the sentence fits the audio clearly worse than free phones do, or other talk goes
    on after it: the words are the grammar's guess, and nothing is done on them."""


class SpeechToText(Protocol):
    name: str

    def start(self) -> None:
        """Begin an utterance."""

    def accept(self, chunk: bytes) -> str | None:
        """Feed 16 kHz mono 16-bit audio; returns the partial text so far, if the engine has one."""

    def finish(self) -> Transcript:
        """End the utterance and return what was said."""

    def use_home(self, home) -> None:
        """Rebuild the grammar from this home's names (called again when the registry changes)."""
