"""Audio in as 30 ms frames of 16 kHz mono 16-bit samples: from a WAV file or a microphone.

Both give the same frames to the same listener, so ``--input-wav`` tests the exact path a
microphone takes. A missing sound card or PortAudio is one clear message, never a traceback.
"""

from __future__ import annotations

import logging
import queue
import threading
import wave
from pathlib import Path
from typing import Iterator

from assistant.errors import AssistantError

logger = logging.getLogger(__name__)

SAMPLE_RATE = 16000
FRAME_SAMPLES = 480
FRAME_BYTES = FRAME_SAMPLES * 2
MAX_QUEUED_FRAMES = 2000
"""A minute of audio; more than that behind, the oldest is dropped (and said so)."""
TAIL_SILENCE_SECONDS = 1.0
"""Silence added after a file, so a command that runs to its very end is still ended."""


class AudioUnavailable(AssistantError):
    code = "audio_unavailable"


def wav_frames(path: Path) -> Iterator[bytes]:
    try:
        audio = wave.open(str(path), "rb")
    except FileNotFoundError:
        raise AudioUnavailable(f"{path}: no such file", fix="give the path of a WAV recording") from None
    except (wave.Error, EOFError) as err:
        raise AudioUnavailable(f"{path}: not a WAV file ({err})",
                               fix=f"convert it: sox -R {path.name} -r 16000 -c 1 -b 16 out.wav") from None
    with audio:
        shape = (audio.getframerate(), audio.getnchannels(), audio.getsampwidth())
        if shape != (SAMPLE_RATE, 1, 2):
            raise AudioUnavailable(
                f"{path}: {shape[0]} Hz, {shape[1]} channel(s), {shape[2] * 8}-bit; the assistant listens to 16 kHz mono 16-bit",
                fix=f"convert it: sox -R {path.name} -r 16000 -c 1 -b 16 out.wav",
            )
        while frame := audio.readframes(FRAME_SAMPLES):
            yield frame.ljust(FRAME_BYTES, b"\0")
    silence = bytes(FRAME_BYTES)
    for _ in range(int(TAIL_SILENCE_SECONDS * SAMPLE_RATE / FRAME_SAMPLES)):
        yield silence


def check_microphone() -> None:
    """Raise ``AudioUnavailable`` with the fix when there is no input device at all."""
    sounddevice = _sounddevice()
    try:
        inputs = [d for d in sounddevice.query_devices() if d["max_input_channels"] > 0]
    except sounddevice.PortAudioError as err:
        raise AudioUnavailable(f"cannot list audio devices: {err}", fix=_NO_MIC_FIX) from None
    if not inputs:
        raise AudioUnavailable("no microphone found on this machine", fix=_NO_MIC_FIX)


class Microphone:
    """Frames from a PortAudio input device, read in PortAudio's thread and handed over a queue."""

    def __init__(self, device: str | int | None = None) -> None:
        check_microphone()
        sounddevice = _sounddevice()
        self._frames: queue.Queue[bytes] = queue.Queue(maxsize=MAX_QUEUED_FRAMES)
        self._stopped = threading.Event()
        try:
            self._stream = sounddevice.RawInputStream(
                samplerate=SAMPLE_RATE, blocksize=FRAME_SAMPLES, device=device, channels=1, dtype="int16",
                callback=self._on_audio,
            )
            self._stream.start()
        except (sounddevice.PortAudioError, ValueError) as err:
            raise AudioUnavailable(f"cannot open the microphone {device if device is not None else '(default)'}: {err}",
                                   fix=_NO_MIC_FIX) from None
        logger.info("listening on %s", device if device is not None else "the default microphone")

    def _on_audio(self, data, frames, time_info, status) -> None:  # PortAudio's thread
        if status:
            logger.debug("audio status: %s", status)
        try:
            self._frames.put_nowait(bytes(data))
        except queue.Full:
            logger.warning("audio frames dropped: the listener is behind")

    def frames(self, until: threading.Event | None = None) -> Iterator[bytes]:
        """Frames as they come, until the device stops, the microphone is closed or ``until`` is set
        (a device that has gone silent must not keep a stop from being heard)."""
        while not self._stopped.is_set() and not (until is not None and until.is_set()):
            try:
                yield self._frames.get(timeout=0.2)
            except queue.Empty:
                if not self._stream.active:
                    return  # the device went away or the recording ended

    def close(self) -> None:
        self._stopped.set()
        try:
            self._stream.stop()
            self._stream.close()
        except Exception:  # noqa: BLE001 - closing a device already gone
            logger.debug("microphone already closed")


_NO_MIC_FIX = "plug one in and see 'assistant check' for the device names, or use --input-wav FILE or the console"


def _sounddevice():
    try:
        import sounddevice
    except ImportError:
        raise AudioUnavailable("sounddevice is not installed", fix="pip install sounddevice") from None
    except OSError as err:
        raise AudioUnavailable(f"PortAudio is missing ({err})", fix="apt-get install libportaudio2") from None
    return sounddevice
