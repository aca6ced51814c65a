"""Rooms: the assistant listens through Wyoming satellites and answers on the one that heard.

Each satellite in ``satellites:`` gets a link of its own (a thread). It connects to the satellite
as Home Assistant does, asks it to stream (``RunSatellite``: an always-streaming satellite answers
with ``RunPipeline`` and its microphone's audio), hears the stream with a recogniser of its own
(wake phrase first, as the local microphone), and acts through a pipeline of its own whose room is
the satellite's area: 'turn on the lights' means that room, and follow-ups and confirmations stay
in it. The reply is spoken back to that satellite only. A satellite that goes away is tried again
with a capped back-off while the others go on.
"""

from __future__ import annotations

import asyncio
import logging
import queue
import threading
import time
from dataclasses import replace
from typing import Callable

from wyoming.asr import Transcript
from wyoming.audio import AudioChunk, AudioChunkConverter
from wyoming.client import AsyncClient
from wyoming.satellite import RunSatellite

from assistant.assembly import Assistant
from assistant.audio.endpoint import Endpointer
from assistant.audio.listener import Listener, VoiceActivity
from assistant.audio.sources import FRAME_BYTES, SAMPLE_RATE
from assistant.audio.wake import AWAKE_SECONDS, WakeGate
from assistant.config_schema import Config, SatelliteConfig
from assistant.pipeline import Pipeline, PipelineSettings
from assistant.stt.base import SpeechToText
from assistant.wyoming_server import speech_events

logger = logging.getLogger(__name__)
FIRST_RETRY_SECONDS = 0.5
MAX_RETRY_SECONDS = 2.0
"""Back-off between tries to reach a satellite that is away: doubling, never longer than this."""


class SatelliteLink(threading.Thread):
    def __init__(self, satellite: SatelliteConfig, pipeline: Pipeline, stt: SpeechToText, wake: WakeGate,
                 voice, act_lock: threading.Lock, stop: threading.Event) -> None:
        super().__init__(name=f"satellite-{satellite.name}", daemon=True)
        self.satellite = satellite
        self.pipeline = pipeline
        self.stt = stt
        self.wake = wake
        self.voice = voice
        self.act_lock = act_lock
        """One command at a time across rooms: they share one Home Assistant connection."""
        self.stop = stop
        self.connected = threading.Event()

    def run(self) -> None:
        asyncio.run(self._keep_connected())

    async def _keep_connected(self) -> None:
        delay = FIRST_RETRY_SECONDS
        while not self.stop.is_set():
            try:
                await self._session()
            except (OSError, ConnectionError, asyncio.IncompleteReadError) as err:
                if self.connected.is_set():
                    logger.warning("satellite %s went away (%s); trying again", self.satellite.name, err)
                else:
                    logger.debug("satellite %s not reachable (%s)", self.satellite.name, err)
            if self.connected.is_set():
                delay = FIRST_RETRY_SECONDS
            self.connected.clear()
            await asyncio.sleep(delay)
            delay = min(delay * 2, MAX_RETRY_SECONDS)

    async def _session(self) -> None:
        client = AsyncClient.from_uri(self.satellite.uri)
        await client.connect()
        frames: queue.Queue[bytes | None] = queue.Queue()
        gone = threading.Event()  # set on this loop before the client lets go of its connection
        try:
            await client.write_event(RunSatellite().event())
            self.connected.set()
            logger.info("satellite %s (%s) streaming", self.satellite.name, self.satellite.area or "no area")
            hearing = threading.Thread(target=self._hear, args=(frames, client, asyncio.get_running_loop(), gone),
                                       name=f"hear-{self.satellite.name}", daemon=True)
            hearing.start()
            converter = AudioChunkConverter(rate=SAMPLE_RATE, width=2, channels=1)
            pending = b""
            while not self.stop.is_set():
                event = await client.read_event()
                if event is None:
                    raise ConnectionError("the satellite closed the connection")
                if AudioChunk.is_type(event.type):
                    pending += converter.convert(AudioChunk.from_event(event)).audio
                    while len(pending) >= FRAME_BYTES:
                        frames.put(pending[:FRAME_BYTES])
                        pending = pending[FRAME_BYTES:]
        finally:
            gone.set()
            frames.put(None)
            await client.disconnect()

    def _hear(self, frames: queue.Queue, client: AsyncClient, loop: asyncio.AbstractEventLoop,
              gone: threading.Event) -> None:
        for heard in Listener(self.stt, Endpointer(), VoiceActivity()).utterances(iter(frames.get, None)):
            transcript = heard.transcript
            if not transcript.text or not transcript.in_grammar:
                continue
            command = self.wake.command(transcript.text, time.monotonic())
            if command is None:
                continue
            with self.act_lock:
                turn = self.pipeline.handle_text(command, hear_seconds=heard.finish_seconds,
                                                 hearing=transcript.hearing)
            self.stt.use_home(self.pipeline.home.home)  # the registry may have changed: new names to hear
            logger.info("%s: %r -> %r", self.satellite.name, command, turn.reply)
            events = [Transcript(text=command).event(), *speech_events(self.voice, turn.reply)]
            if self.pipeline.awaiting_answer:  # the answer needs no wake phrase, once the question is said
                self.wake.expect_answer(time.monotonic() + spoken_seconds(events) + AWAKE_SECONDS)
            try:
                asyncio.run_coroutine_threadsafe(_send(client, events, gone), loop).result(timeout=60)
            except (OSError, ConnectionError, RuntimeError, TimeoutError) as err:
                logger.warning("the reply did not reach satellite %s (%s)", self.satellite.name, err)
                return


async def _send(client: AsyncClient, events: list, gone: threading.Event) -> None:
    """The events, unless the satellite went away meanwhile (the client's writer is then gone too:
    wyoming asserts on it, which killed the room's hearing thread when a satellite died mid-reply)."""
    for event in events:
        if gone.is_set():
            raise ConnectionError("the satellite closed the connection")
        await client.write_event(event)


def room_pipeline(config: Config, main: Pipeline, area: str | None) -> Pipeline:
    """A pipeline for one room: the same model, home, audit log and timers as ``main``, but its own
    room ('the lights' there), follow-ups and waiting confirmations."""
    settings = replace(PipelineSettings.from_config(config), satellite_area=area)
    return Pipeline(main.understander, main.home, main.responder, settings, audit=main.audit,
                    timers=main.timers, lexicon=main.gate.lexicon)


def start_satellites(config: Config, assistant: Assistant, make_stt: Callable[[SatelliteConfig], SpeechToText], voice,
                     act_lock: threading.Lock, stop: threading.Event) -> list[SatelliteLink]:
    """A link for each configured satellite, started; each room gets its own pipeline and recogniser."""
    links = []
    for satellite in config.satellites:
        pipeline = room_pipeline(config, assistant.pipeline, satellite.area)
        stt = make_stt(satellite)
        stt.use_home(assistant.adapter.home)
        wake = WakeGate("phrase" if config.wake.mode == "push_to_talk" else config.wake.mode, config.wake.phrase)
        link = SatelliteLink(satellite, pipeline, stt, wake, voice, act_lock, stop)  # no key to press in a room
        link.start()
        links.append(link)
    return links


def spoken_seconds(events: list) -> float:
    """How long the audio among Wyoming events plays."""
    seconds = 0.0
    for event in events:
        if AudioChunk.is_type(event.type):
            chunk = AudioChunk.from_event(event)
            seconds += len(chunk.audio) / (chunk.rate * chunk.width * chunk.channels)
    return seconds
