"""pyttsx3 over espeak-ng: play a reply, or write it as a WAV file.

pyttsx3 2.99's espeak driver has habits worked around here: the rate is set once (changing it
between utterances was sometimes ignored), each WAV gets its own ``save_to_file`` + ``runAndWait``
(two in one run write only the last), an engine that saved a file is never asked to ``say`` (it
would overwrite that file), a WAV that came out empty (seen now and then under load) is written
again, and its "Audio saved to ..." print is kept off stdout.
"""

from __future__ import annotations

import io
import logging
import re
import shutil
import wave
from contextlib import redirect_stdout
from pathlib import Path

logger = logging.getLogger(__name__)


class SpeechUnavailable(RuntimeError):
    pass


def has_sound_output() -> bool:
    """True when ALSA knows a sound card and ``aplay`` (which pyttsx3 plays through) exists."""
    cards = Path("/proc/asound/cards")
    try:
        listed = cards.read_text()
    except OSError:
        return False
    return "no soundcards" not in listed and bool(listed.strip()) and shutil.which("aplay") is not None


def _open_engine(voice: str, rate: int):
    try:
        import pyttsx3
    except ImportError as err:
        raise SpeechUnavailable("pyttsx3 is not installed (pip install pyttsx3)") from err
    try:
        engine = pyttsx3.init("espeak")
    except (RuntimeError, OSError, ImportError) as err:
        raise SpeechUnavailable(f"espeak-ng could not start ({err}); install Debian's espeak-ng and libespeak-ng1") from err
    engine.setProperty("rate", rate)
    voices = {v.id: v for v in engine.getProperty("voices")}
    chosen = voice if voice in voices else next((vid for vid in voices if vid.rsplit("/", 1)[-1] == voice), None)
    if chosen is None:
        logger.warning("no espeak-ng voice called %r; using the default (see 'espeak-ng --voices')", voice)
    else:
        engine.setProperty("voice", chosen)
    return engine


class PlayingEngine:
    def __init__(self, voice: str, rate: int) -> None:
        self._engine = _open_engine(voice, rate)

    def speak(self, text: str) -> None:
        with redirect_stdout(io.StringIO()):
            self._engine.say(text)
            self._engine.runAndWait()


class WavEngine:
    """Each reply becomes ``NNNN-first-words.wav`` in ``folder``."""

    def __init__(self, voice: str, rate: int, folder: Path) -> None:
        self._engine = _open_engine(voice, rate)
        self.folder = folder
        folder.mkdir(parents=True, exist_ok=True)
        self._count = len(list(folder.glob("*.wav")))

    def speak(self, text: str) -> None:
        self._count += 1
        slug = "-".join(re.findall(r"[a-z0-9]+", text.lower())[:6]) or "reply"
        self.write(text, self.folder / f"{self._count:04d}-{slug}.wav")

    def write(self, text: str, path: Path) -> bool:
        """``text`` spoken into the WAV file ``path``; False when espeak-ng wrote no audio."""
        for _ in range(3):
            with redirect_stdout(io.StringIO()):
                self._engine.save_to_file(text, str(path))
                self._engine.runAndWait()
            if _audio_frames(path) > 0:
                logger.debug("reply written to %s", path)
                return True
        logger.warning("espeak-ng wrote no audio for %r into %s", text, path)
        return False


def _audio_frames(path: Path) -> int:
    try:
        with wave.open(str(path), "rb") as audio:
            return audio.getnframes()
    except (OSError, EOFError, wave.Error):
        return 0
