"""Frames in, what was said out: voice activity -> endpointing -> speech-to-text, muted while the
assistant itself speaks so it never answers its own voice."""

from __future__ import annotations

import logging
import time
from collections import deque
from dataclasses import dataclass
from typing import Callable, Iterable, Iterator

from assistant.audio.endpoint import Decision, Endpointer
from assistant.audio.noise_floor import NoiseFloor
from assistant.audio.sources import FRAME_BYTES, SAMPLE_RATE
from assistant.stt.base import SpeechToText, Transcript

logger = logging.getLogger(__name__)
PRE_ROLL_FRAMES = 17
"""Audio kept from before speech was detected (0.5 s), so quiet first syllables are not cut."""


@dataclass(frozen=True)
class Heard:
    transcript: Transcript
    speech_seconds: float
    """Length of the utterance."""
    finish_seconds: float
    """From the end of the utterance (the endpointer's decision) to the final transcript."""
    partials: int = 0
    ended_at: float = 0.0
    """Seconds of audio from the start of the stream to the endpointer's decision."""


class VoiceActivity:
    """pocketsphinx's WebRTC-style detector over 30 ms frames, and above the room's noise floor
    (the detector alone takes most frames of steady noise for speech)."""

    def __init__(self, aggressiveness: int = 0, floor: NoiseFloor | None = None) -> None:
        from pocketsphinx import Vad

        self._vad = Vad(aggressiveness, SAMPLE_RATE, 0.03)
        if self._vad.frame_bytes != FRAME_BYTES:
            raise ValueError(f"voice activity frames are {self._vad.frame_bytes} bytes, not {FRAME_BYTES}")
        self.floor = floor if floor is not None else NoiseFloor()

    def __call__(self, frame: bytes) -> bool:
        loud = self.floor.loud_enough(frame)  # every frame teaches the floor
        return loud and bool(self._vad.is_speech(frame))


class Listener:
    def __init__(self, stt: SpeechToText, endpointer: Endpointer, is_speech: Callable[[bytes], bool],
                 muted: Callable[[], bool] = lambda: False) -> None:
        self.stt = stt
        self.endpointer = endpointer
        self.is_speech = is_speech
        self.muted = muted

    def utterances(self, frames: Iterable[bytes]) -> Iterator[Heard]:
        pre_roll: deque[bytes] = deque(maxlen=PRE_ROLL_FRAMES)
        frames_in_command = partials = frames_seen = 0
        complete = False
        whole_command = getattr(self.stt, "ends_command", None)
        for frame in frames:
            frames_seen += 1
            if self.muted():
                if self.endpointer.in_command:
                    self.stt.finish()  # what was heard over our own voice is dropped
                self.endpointer.reset()
                pre_roll.clear()
                continue
            decision = self.endpointer.process(self.is_speech(frame), complete)
            if decision is Decision.STARTED:
                self.stt.start()
                for earlier in pre_roll:
                    self.stt.accept(earlier)
                frames_in_command, partials = len(pre_roll), 0
                pre_roll.clear()
            if decision in (Decision.STARTED, Decision.SPEECH, Decision.ENDED, Decision.TOO_LONG):
                frames_in_command += 1
                partial = self.stt.accept(frame)
                if partial:
                    partials += 1
                    # a whole sentence so far: a short pause ends it (the longer wait is for half ones)
                    complete = whole_command is not None and bool(whole_command(partial.strip()))
            if decision in (Decision.ENDED, Decision.TOO_LONG):
                started = time.perf_counter()
                transcript = self.stt.finish()
                complete = False
                yield Heard(transcript, frames_in_command * len(frame) / 2 / SAMPLE_RATE,
                            time.perf_counter() - started, partials, frames_seen * len(frame) / 2 / SAMPLE_RATE)
            elif decision is Decision.SILENCE:
                pre_roll.append(frame)
