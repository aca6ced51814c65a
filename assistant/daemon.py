"""``assistant run``: listen, hear a command, act, answer; for days, until SIGTERM or Ctrl-C."""

from __future__ import annotations

import json
import logging
import signal
import sys
import tempfile
import threading
import time
from dataclasses import replace
from pathlib import Path
from typing import IO, Iterable, Iterator

from assistant.assembly import Assistant, build_assistant
from assistant.audio.endpoint import Endpointer
from assistant.audio.listener import Listener, VoiceActivity
from assistant.audio.sources import Microphone, check_microphone, wav_frames
from assistant.audio.wake import AWAKE_SECONDS, WakeGate
from assistant.config_schema import Config
from assistant.errors import AssistantError
from assistant.home.errors import HomeTimeout, Unreachable
from assistant.stt import make_engine

logger = logging.getLogger(__name__)
MUTE_TAIL_SECONDS = 0.3
"""Audio still ignored after the assistant stops speaking (the room's echo)."""


class Daemon:
    def __init__(self, config: Config, *, input_wav: Path | None, wake_mode: str | None, out: IO[str],
                 as_json: bool, tts_wav: Path | None = None, speech: bool = True) -> None:
        self.config = config
        self.input_wav = input_wav
        self.out = out
        self.as_json = as_json
        self.tts_wav = tts_wav
        self.speech = speech
        self.stop = threading.Event()
        self.gate = WakeGate(wake_mode or config.wake.mode, config.wake.phrase)
        self._muted_until = 0.0
        self._microphone: Microphone | None = None
        self.act_lock = threading.Lock()
        self._scratch: tempfile.TemporaryDirectory | None = None
        """The satellites' reply audio is written here."""

    def run(self) -> int:
        self._handle_signals()
        if self.gate.mode == "push_to_talk":
            self._start_talk_key()
        local = self.input_wav is not None or self.config.audio.microphone
        if not local and not self.config.satellites:
            raise AssistantError("audio.microphone is false and no satellites are set: nothing to listen to",
                                 fix="set audio.microphone: true, or list satellites: in config.yaml")
        if self.input_wav is None and local:
            check_microphone()  # a missing microphone is said before anything else starts
        assistant = self._connect()
        if assistant is None:
            return 0
        try:
            stt = make_engine(self.config)
            stt.use_home(assistant.adapter.home)
            speaker = assistant.speaker
            listener = Listener(stt, Endpointer(), VoiceActivity(), muted=lambda: self._muted(speaker))
            self._start_rooms(assistant)
            assistant.start()
            if not local:
                logger.info("listening through satellites only")
                self.stop.wait()
                return 0
            frames = self._frames()
            logger.info("listening (wake: %s)", self.gate.mode if self.gate.mode != "phrase" else repr(self.gate.phrase))
            for heard in listener.utterances(self._until_stopped(frames)):
                stt.use_home(assistant.adapter.home)  # the registry may have changed: new names to hear
                self._on_heard(assistant, heard)
        finally:
            if self._microphone is not None:
                self._microphone.close()
            assistant.close()
        return 0

    def _on_heard(self, assistant: Assistant, heard) -> None:
        transcript = heard.transcript
        if not transcript.text or not transcript.in_grammar:
            logger.info("heard something, but no command (%r)", transcript.text)
            return
        command = self.gate.command(transcript.text, time.monotonic())
        if command is None:
            logger.debug("not addressed to me: %r", transcript.text)
            return
        with self.act_lock:  # satellites' rooms act through the same Home Assistant connection
            turn = assistant.pipeline.handle_text(command, hear_seconds=heard.finish_seconds,  # it logs the line
                                                  hearing=transcript.hearing)
            if assistant.pipeline.awaiting_answer:
                self.gate.expect_answer(time.monotonic() + AWAKE_SECONDS)  # held open while the question is spoken
        if self.as_json:
            record = turn.as_dict()
            record["heard"] = transcript.text
            self.out.write(json.dumps(record, ensure_ascii=False) + "\n")
        else:
            self.out.write(f"{command} -> {turn.reply}\n")
        self.out.flush()

    def _start_rooms(self, assistant: Assistant) -> None:
        """Satellites in other rooms, each heard and answered on its own (``satellites.py``)."""
        if not self.config.satellites:
            return
        from assistant.satellites import start_satellites
        from assistant.tts.pyttsx3_engine import WavEngine

        def room_engine(satellite):  # each room's microphone is learnt apart
            learnt = self.config.stt.learnt_file
            room = learnt.with_name(f"{learnt.stem}-{satellite.name}{learnt.suffix}") if learnt else None
            return make_engine(replace(self.config, stt=replace(self.config.stt, learnt_file=room)))

        self._scratch = tempfile.TemporaryDirectory()
        voice = WavEngine(self.config.tts.voice, self.config.tts.rate, Path(self._scratch.name))
        start_satellites(self.config, assistant, room_engine, voice, self.act_lock, self.stop)

    def _frames(self) -> Iterator[bytes]:
        if self.input_wav is not None:
            return wav_frames(self.input_wav)
        microphone = Microphone(self.config.audio.input_device)
        self._microphone = microphone
        return microphone.frames(until=self.stop)

    def _until_stopped(self, frames: Iterable[bytes]) -> Iterator[bytes]:
        for frame in frames:
            if self.stop.is_set():
                return
            yield frame

    def _muted(self, speaker) -> bool:
        if speaker is not None and speaker.speaking.is_set():
            now = time.monotonic()
            self._muted_until = now + MUTE_TAIL_SECONDS
            self.gate.keep_open(now, self._muted_until + AWAKE_SECONDS)  # the answer's time starts after the question
            return True
        return time.monotonic() < self._muted_until and self.input_wav is None

    def _connect(self) -> Assistant | None:
        """Build the assistant, waiting for Home Assistant with back-off while it is away."""
        delay = 1.0
        while not self.stop.is_set():
            try:
                return build_assistant(self.config, tts_wav=self.tts_wav, speech=self.speech)
            except (Unreachable, HomeTimeout) as err:
                logger.warning("%s; trying again in %.0f s", err.message, delay)
                self.stop.wait(delay)
                delay = min(delay * 2, 60.0)
        return None

    def _start_talk_key(self) -> None:
        """Push-to-talk: each Enter on the terminal lets the next command through."""
        if not sys.stdin.isatty():
            raise AssistantError("push-to-talk needs a terminal to press Enter on",
                                 fix="run it in a terminal, or use --wake phrase or --wake always")
        pressed = self.gate.talk_pressed = threading.Event()

        def read_keys() -> None:
            for _ in sys.stdin:
                pressed.set()
                logger.info("talk: say the command")

        threading.Thread(target=read_keys, name="talk-key", daemon=True).start()
        logger.info("push-to-talk: press Enter, then speak")

    def _handle_signals(self) -> None:
        def stop(signum, frame) -> None:
            logger.info("stopping (%s)", signal.Signals(signum).name)
            self.stop.set()

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)


def run_daemon(config: Config, *, input_wav: Path | None, wake_mode: str | None, as_json: bool,
               tts_wav: Path | None, speech: bool) -> int:
    out = sys.stdout
    sys.stdout = sys.stderr  # keep printing libraries out of the answers
    try:
        daemon = Daemon(config, input_wav=input_wav, wake_mode=wake_mode, out=out, as_json=as_json,
                        tts_wav=tts_wav, speech=speech)
        return daemon.run()
    finally:
        sys.stdout = out
