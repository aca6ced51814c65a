"""``assistant check``: every part's status, one line each, with the fix for what does not work."""

from __future__ import annotations

import importlib.util
import logging
import shutil
import socket
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import Callable
from urllib.parse import urlsplit

from assistant.config_schema import Config
from assistant.errors import AssistantError
from assistant.home.adapter import HomeAssistantAdapter
from assistant.logs import scrub

logger = logging.getLogger(__name__)
ESSENTIAL_PARTS = frozenset({"home assistant", "home", "intent model"})
"""Without these the assistant cannot understand or act: 'assistant check' then exits 1."""
SATELLITE_TIMEOUT = 2.0
"""Seconds a satellite has to accept a connection before 'assistant check' calls it away."""


class Status(str, Enum):
    OK = "ok"
    FAIL = "fail"
    MISSING = "missing"
    """Optional or not yet set up: the assistant runs without it, with less."""


@dataclass(frozen=True)
class CheckLine:
    part: str
    status: Status
    detail: str
    fix: str = ""

    def render(self) -> str:
        text = f"[{self.status.value:>7}] {self.part:<15} {self.detail}"
        return scrub(f"{text}\n{'':<26}fix: {self.fix}" if self.fix else text)


def run_checks(config: Config, config_path: Path, emit: Callable[[CheckLine], None] = lambda line: print(line.render())) -> bool:
    """Check everything, printing as it goes; True when the essential parts (config, HA, the model) work."""
    emit(CheckLine("config", Status.OK, f"{config_path} is valid"))
    essential_ok = True
    for check in (check_home_assistant, check_intent_model, check_speech_to_text, check_text_to_speech, check_audio,
                  check_satellites):
        for line in check(config):
            emit(line)
            if line.part in ESSENTIAL_PARTS and line.status is Status.FAIL:
                essential_ok = False
    return essential_ok


def check_home_assistant(config: Config) -> list[CheckLine]:
    try:
        adapter = HomeAssistantAdapter.from_config(config)
    except AssistantError as err:
        return [CheckLine("home assistant", Status.FAIL, err.message, err.fix)]
    try:
        version = adapter.check()
        lines = [CheckLine("home assistant", Status.OK, f"{adapter.settings.url} answers, version {version}, token accepted")]
        home = adapter.load()
    except AssistantError as err:
        return [CheckLine("home assistant", Status.FAIL, err.message, err.fix)]
    finally:
        adapter.close()
    placed = sum(1 for e in home.entities if home.area(e.area_id) is not None)
    lines.append(
        CheckLine(
            "home",
            Status.OK if home.entities else Status.FAIL,
            f"{len(home.entities)} entities ({placed} in an area), {len(home.areas)} areas, {len(home.floors)} floors",
            "" if home.entities else "add devices to Home Assistant",
        )
    )
    if config.satellite_area and not any(
        config.satellite_area.lower() in {a.name.lower(), a.area_id} for a in home.areas
    ):
        lines.append(
            CheckLine(
                "satellite_area",
                Status.FAIL,
                f"Home Assistant has no area called {config.satellite_area!r}",
                f"set satellite_area to one of: {', '.join(a.name for a in home.areas)}",
            )
        )
    return lines


def check_intent_model(config: Config) -> list[CheckLine]:
    from assistant.nlu.parser import IntentParser

    model = config.resolve_path(config.nlu.model)
    try:
        parser = IntentParser.load(model, threshold=config.nlu.reject_threshold)
    except AssistantError as err:
        return [CheckLine("intent model", Status.FAIL, err.message, err.fix)]
    probe = parser.parse("turn on the kitchen lights")
    if probe.intent != "HassTurnOn":
        return [CheckLine("intent model", Status.FAIL, f"{model} misunderstands a test command", "retrain: assistant train")]
    return [
        CheckLine(
            "intent model",
            Status.OK,
            f"{model}: {len(parser.intents)} intents, refuses below {parser.threshold:.2f} confidence",
        )
    ]


def check_speech_to_text(config: Config) -> list[CheckLine]:
    vosk_model = config.resolve_path(config.stt.vosk_model)
    lines = []
    if importlib.util.find_spec("vosk") is None:
        lines.append(CheckLine("stt: vosk", Status.MISSING, "the vosk package is not installed", "pip install vosk"))
    elif not vosk_model.is_dir():
        lines.append(
            CheckLine(
                "stt: vosk",
                Status.MISSING,
                f"no vosk model at {vosk_model} (pocketsphinx is used instead)",
                f"download vosk-model-small-en-us-0.15.zip from the vosk project's model list and unzip it so "
                f"that {vosk_model}/am exists, or set stt.vosk_model to the folder you unzipped",
            )
        )
    else:
        lines.append(CheckLine("stt: vosk", Status.OK, f"model {vosk_model}"))
    if importlib.util.find_spec("pocketsphinx") is None:
        lines.append(
            CheckLine(
                "stt: pocketsphinx",
                Status.MISSING,
                "pocketsphinx is not installed: no speech input without a vosk model",
                "pip install pocketsphinx",
            )
        )
    else:
        lines.append(CheckLine("stt: pocketsphinx", Status.OK,
                               "US English model, held to this home's sentences" + ("" if vosk_model.is_dir() else " (in use)")))
    return lines


def check_text_to_speech(config: Config) -> list[CheckLine]:
    if config.tts.engine == "none":
        return [CheckLine("tts", Status.OK, "off (tts.engine: none): replies are printed only")]
    if importlib.util.find_spec("pyttsx3") is None:
        return [CheckLine("tts", Status.MISSING, "pyttsx3 is not installed: replies are printed only", "pip install pyttsx3")]
    if shutil.which("espeak-ng") is None:
        return [CheckLine("tts", Status.MISSING, "espeak-ng is not installed", "apt-get install espeak-ng libespeak-ng1")]
    from assistant.tts.pyttsx3_engine import has_sound_output

    engine = f"pyttsx3 with espeak-ng, voice {config.tts.voice}, rate {config.tts.rate}"
    if not has_sound_output():
        return [CheckLine("tts", Status.MISSING, f"{engine}, but no sound card: replies are printed only",
                          "plug in a speaker, or keep replies as files with 'assistant console --tts-wav DIR'")]
    return [CheckLine("tts", Status.OK, engine)]


def check_audio(config: Config) -> list[CheckLine]:
    if importlib.util.find_spec("sounddevice") is None:
        return [CheckLine("audio", Status.MISSING, "sounddevice is not installed: no microphone input", "pip install sounddevice")]
    try:
        import sounddevice
    except OSError as err:  # PortAudio's shared library is missing
        return [CheckLine("audio", Status.MISSING, f"PortAudio is missing ({err})", "apt-get install libportaudio2")]
    inputs = [d for d in sounddevice.query_devices() if d["max_input_channels"] > 0]
    if not inputs:
        return [CheckLine("audio", Status.MISSING, "no microphone found on this machine", "plug one in, or use the text console")]
    names = ", ".join(f"{i}: {d['name']}" for i, d in enumerate(inputs))
    return [CheckLine("audio", Status.OK, f"input devices: {names}")]


def check_satellites(config: Config) -> list[CheckLine]:
    """Each room's satellite: does it answer where ``satellites:`` says it listens?"""
    lines = []
    for satellite in config.satellites:
        host, port = urlsplit(satellite.uri).hostname, urlsplit(satellite.uri).port
        try:
            socket.create_connection((host, port), timeout=SATELLITE_TIMEOUT).close()
        except OSError as err:
            lines.append(CheckLine(f"satellite {satellite.name}", Status.FAIL, f"{satellite.uri} does not answer ({err})",
                                   "start wyoming-satellite there (see README, Rooms), or fix satellites[].uri"))
        else:
            lines.append(CheckLine(f"satellite {satellite.name}", Status.OK,
                                   f"{satellite.uri} answers; its room: {satellite.area or 'none set'}"))
    return lines
