"""``assistant serve``: the Wyoming server (``wyoming_server.py``) on this config's home."""

from __future__ import annotations

import asyncio
import logging
import tempfile
from pathlib import Path

from assistant.assembly import build_assistant
from assistant.config_schema import Config
from assistant.errors import AssistantError

logger = logging.getLogger(__name__)


def run_serve(config: Config, uri: str) -> int:
    if not uri.startswith(("tcp://", "unix://", "stdio://")):
        raise AssistantError(f"--uri {uri} is no Wyoming address",
                             fix="give tcp://HOST:PORT (e.g. tcp://0.0.0.0:10300 for other machines), unix://PATH or stdio://")
    from assistant.stt import make_engine
    from assistant.tts.pyttsx3_engine import WavEngine
    from assistant.wyoming_server import Parts, serve

    assistant = build_assistant(config, speech=False)  # replies go back to the caller, not to this machine's speaker
    try:
        stt = make_engine(config)
        wake = config.wake.phrase if config.wake.mode == "phrase" else ""
        with tempfile.TemporaryDirectory() as scratch:
            voice = WavEngine(config.tts.voice, config.tts.rate, Path(scratch))
            assistant.start()
            asyncio.run(serve(Parts(assistant, stt, voice, wake), uri))
    except OSError as err:  # the port is taken, or the address is not this machine's
        raise AssistantError(f"cannot listen on {uri}: {err.strerror or err}",
                             fix="give another --uri (a free port, an address of this machine)") from err
    except KeyboardInterrupt:
        pass
    finally:
        assistant.close()
    return 0
