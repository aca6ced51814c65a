"""``assistant serve``: the assistant's own parts over the Wyoming protocol, for Home Assistant's
Wyoming integration and anything else that speaks it.

- **asr**: audio in (any rate, width and channels), the transcript out, heard against this home's
  sentences. A hearing that is no whole sentence, or a guess (see ``stt/confidence.py``), comes
  out as an empty transcript, so whoever asked acts on nothing; so does one the console would
  first ask about ("on or off?", or "Did you say ...?" for a lock or a cover heard without a
  close fit), since whoever asked will act on it without asking.
- **tts**: text in, the replies' espeak-ng voice out.
- **handle**: a transcript in; understood, acted on and answered exactly as the console does (the
  gate, confirmations and the audit log included); the reply out as ``Handled``, or as
  ``NotHandled`` when nothing was done.

Each part runs one request at a time (a lock per part); the blocking work runs off the event loop.
"""

from __future__ import annotations

import asyncio
import logging
import tempfile
import wave
from dataclasses import dataclass, field
from functools import partial
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from wyoming.asr import Transcribe, Transcript
from wyoming.audio import AudioChunk, AudioChunkConverter, AudioStart, AudioStop
from wyoming.event import Event
from wyoming.handle import Handled, NotHandled
from wyoming.info import (AsrModel, AsrProgram, Attribution, Describe, HandleModel, HandleProgram, Info, TtsProgram,
                          TtsVoice)
from wyoming.server import AsyncEventHandler, AsyncServer
from wyoming.tts import Synthesize

from assistant.assembly import Assistant
from assistant.audio.sources import SAMPLE_RATE
from assistant.stt.base import SpeechToText
from assistant.stt.grammar import words_of

logger = logging.getLogger(__name__)
NAME = "home-voice-assistant"
SAMPLES_PER_CHUNK = 1024
ATTRIBUTION = Attribution(name="home-voice-assistant", url="https://pypi.org/project/pocketsphinx/")


@dataclass
class Parts:
    """What the handlers share: one recogniser, one pipeline, one voice, each behind its lock."""

    assistant: Assistant
    stt: SpeechToText
    voice: object
    """A ``WavEngine``-like object with ``write(text, path) -> bool``."""
    wake_phrase: str = ""
    locks: dict[str, asyncio.Lock] = field(default_factory=lambda: {p: asyncio.Lock() for p in ("asr", "tts", "handle")})

    def info(self) -> Info:
        try:
            ours = version("home-voice-assistant")
        except PackageNotFoundError:
            ours = None
        english = ["en"]
        return Info(
            asr=[AsrProgram(name=NAME, attribution=ATTRIBUTION, installed=True, version=ours,
                            description="speech-to-text held to this home's sentences; a guess comes out empty",
                            models=[AsrModel(name="home-grammar", attribution=ATTRIBUTION, installed=True,
                                             description=f"{self.stt.name}, this home's names", version=ours,
                                             languages=english)])],
            tts=[TtsProgram(name=NAME, attribution=ATTRIBUTION, installed=True, version=ours,
                            description="the assistant's replies, spoken by espeak-ng",
                            voices=[TtsVoice(name="espeak-ng", attribution=ATTRIBUTION, installed=True,
                                             description="espeak-ng", version=None, languages=english)])],
            handle=[HandleProgram(name=NAME, attribution=ATTRIBUTION, installed=True, version=ours,
                                  description="understands a command and carries it out on Home Assistant",
                                  supports_home_control=True,
                                  models=[HandleModel(name="home-intents", attribution=ATTRIBUTION, installed=True,
                                                      description="intent and slot model", version=ours,
                                                      languages=english)])],
        )

    def transcribe(self, audio: bytes) -> str:
        self.stt.use_home(self.assistant.adapter.home)  # the registry may have changed: new names to hear
        self.stt.start()  # the caller's own voice detection has cut the utterance
        self.stt.accept(audio)
        heard = self.stt.finish()
        words = words_of(heard.text)
        wake = words_of(self.wake_phrase)
        command = " ".join(words[len(wake):] if wake and words[: len(wake)] == wake else words)
        if not heard.text or not heard.in_grammar or not self.assistant.pipeline.passes_on(command, heard.hearing):
            logger.info("heard no sentence sure enough to pass on (%r)", heard.text)
            return ""
        return command

    def synthesize(self, text: str) -> list[Event]:
        return speech_events(self.voice, text)


class PartsHandler(AsyncEventHandler):
    """One client connection."""

    def __init__(self, parts: Parts, *args) -> None:
        super().__init__(*args)
        self.parts = parts
        self.converter = AudioChunkConverter(rate=SAMPLE_RATE, width=2, channels=1)
        self.audio: bytearray | None = None

    async def handle_event(self, event: Event) -> bool:
        loop = asyncio.get_running_loop()
        if Describe.is_type(event.type):
            await self.write_event(self.parts.info().event())
        elif Transcribe.is_type(event.type) or AudioStart.is_type(event.type):
            self.audio = bytearray()
        elif AudioChunk.is_type(event.type) and self.audio is not None:
            self.audio += self.converter.convert(AudioChunk.from_event(event)).audio
        elif AudioStop.is_type(event.type) and self.audio is not None:
            audio, self.audio = without_wav_header(bytes(self.audio)), None
            async with self.parts.locks["asr"]:
                text = await loop.run_in_executor(None, self.parts.transcribe, audio)
            await self.write_event(Transcript(text=text).event())
        elif Synthesize.is_type(event.type):
            text = Synthesize.from_event(event).text
            async with self.parts.locks["tts"]:
                events = await loop.run_in_executor(None, self.parts.synthesize, text)
            for spoken in events:
                await self.write_event(spoken)
        elif Transcript.is_type(event.type):
            line = Transcript.from_event(event).text
            async with self.parts.locks["handle"]:
                turn = await loop.run_in_executor(None, self.parts.assistant.pipeline.handle_text, line)
            answer = NotHandled(text=turn.reply) if turn.refused and not turn.actions else Handled(text=turn.reply)
            await self.write_event(answer.event())
        return True


def speech_events(voice, text: str) -> list[Event]:
    """``text`` in ``voice`` (``write(text, path) -> bool``) as Wyoming audio events: start, chunks, stop."""
    with tempfile.TemporaryDirectory() as scratch:
        path = Path(scratch) / "reply.wav"
        if voice.write(text, path):
            with wave.open(str(path), "rb") as audio:
                data, rate, width, channels = (audio.readframes(audio.getnframes()), audio.getframerate(),
                                               audio.getsampwidth(), audio.getnchannels())
        else:
            data, rate, width, channels = b"", SAMPLE_RATE, 2, 1
    step = SAMPLES_PER_CHUNK * width * channels
    return [AudioStart(rate=rate, width=width, channels=channels).event(),
            *(AudioChunk(rate=rate, width=width, channels=channels, audio=data[i:i + step]).event()
              for i in range(0, len(data), step)),
            AudioStop().event()]


def without_wav_header(audio: bytes) -> bytes:
    """The samples of a stream that is a whole WAV file (Home Assistant's speech-to-text API passes
    an uploaded file on as it is): its header would be heard as a click."""
    if audio[:4] != b"RIFF" or audio[8:12] != b"WAVE":
        return audio
    data = audio.find(b"data", 12)
    return audio[data + 8:] if data >= 0 else audio


async def serve(parts: Parts, uri: str) -> None:
    server = AsyncServer.from_uri(uri)
    logger.info("serving Wyoming (asr, tts, handle) on %s", uri)
    await server.run(partial(PartsHandler, parts))
