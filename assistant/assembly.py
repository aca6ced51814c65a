"""Putting the assistant together from config.yaml: model, Home Assistant, speech, timers, audit log."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from assistant.audit import AuditLog
from assistant.config_schema import Config
from assistant.home.adapter import HomeAssistantAdapter
from assistant.pipeline import Pipeline, PipelineSettings
from assistant.respond import Responder
from assistant.timers import TimerBook, TimerWatch
from assistant.tts.speaker import QueuedSpeaker

logger = logging.getLogger(__name__)


@dataclass
class Assistant:
    pipeline: Pipeline
    adapter: HomeAssistantAdapter
    speaker: QueuedSpeaker | None
    audit: AuditLog | None
    timer_watch: TimerWatch

    def start(self) -> None:
        """Start the background parts (after subscribers are in place, so no announcement is missed)."""
        self.timer_watch.start()

    def close(self) -> None:
        self.timer_watch.stop()
        if self.speaker is not None:
            self.speaker.close()
        self.adapter.close()
        if self.audit is not None:
            self.audit.close()


def build_assistant(config: Config, *, tts_wav: Path | None = None, speech: bool = True) -> Assistant:
    from assistant.commands.understand import load_parser

    responder = Responder(config.responses)
    parser = load_parser(config)
    adapter = HomeAssistantAdapter.from_config(config)
    adapter.load()
    adapter.watch()
    timers = TimerBook(config.resolve_path(config.conversation.timers_file))
    timers.load()
    audit = AuditLog(config.resolve_path(config.audit_log)) if config.audit_log else None
    speaker = make_speaker(config, tts_wav, speech)
    pipeline = Pipeline(parser, adapter, responder, PipelineSettings.from_config(config),
                        speaker=speaker, audit=audit, timers=timers, lexicon=parser.lexicon)
    return Assistant(pipeline, adapter, speaker, audit, TimerWatch(timers, pipeline.on_timer_done))


def make_speaker(config: Config, tts_wav: Path | None, speech: bool) -> QueuedSpeaker | None:
    from assistant.tts.pyttsx3_engine import PlayingEngine, WavEngine, has_sound_output

    tts = config.tts
    if tts_wav is not None:
        return QueuedSpeaker(lambda: WavEngine(tts.voice, tts.rate, tts_wav))
    if tts.engine == "none" or not speech:
        return None
    if not has_sound_output():
        logger.info("no sound card found: replies are printed, not spoken (--tts-wav DIR writes them as WAV files)")
        return None
    return QueuedSpeaker(lambda: PlayingEngine(tts.voice, tts.rate))
