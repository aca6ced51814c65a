"""Speech-to-text engines behind one streaming interface (``base.SpeechToText``)."""

from __future__ import annotations

import logging

from assistant.config_schema import Config
from assistant.stt.base import SpeechToText, SttUnavailable

logger = logging.getLogger(__name__)


def make_engine(config: Config) -> SpeechToText:
    """vosk when its model is on disk (or asked for), else pocketsphinx; the log says which and why."""
    engine = config.stt.engine
    model = config.resolve_path(config.stt.vosk_model)
    if engine == "vosk" or (engine == "auto" and model.is_dir()):
        from assistant.stt.grammar import HomeVocabulary, command_phrases
        from assistant.stt.vosk_engine import VoskEngine

        logger.info("speech-to-text: vosk with %s", model)
        return VoskEngine(model, lambda home: command_phrases(HomeVocabulary.of(home), chatter=100))
    if engine == "auto":
        logger.info("speech-to-text: pocketsphinx (no vosk model at %s)", model)
    from assistant.stt.pocketsphinx_engine import PocketsphinxEngine

    wake = config.wake.phrase if config.wake.mode == "phrase" else None
    learnt = config.resolve_path(config.stt.learnt_file) if config.stt.learnt_file else None
    return PocketsphinxEngine(wake_phrase=wake, learnt_file=learnt)


__all__ = ["SpeechToText", "SttUnavailable", "make_engine"]
