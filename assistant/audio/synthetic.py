"""Recordings made on this machine for tests and benchmarks: espeak-ng speaks, sox resamples.

Deterministic: espeak-ng is, ``sox -R`` turns off its random dither, and the faint noise floor
(exact-zero silence hurt recognition in trials; pocketsphinx did best at about -44 dBFS) comes from a seeded generator.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
import wave
from pathlib import Path

import numpy as np

SAMPLE_RATE = 16000
LEAD_SECONDS, TAIL_SECONDS = 0.5, 1.0
"""The silence ``synthesize`` puts around the speech by default."""


def synthesize(text: str, path: Path, *, voice: str = "en-us", words_per_minute: int = 160, pitch: int = 50,
               lead_seconds: float = LEAD_SECONDS, tail_seconds: float = TAIL_SECONDS, noise_level: float = 200.0, seed: int = 0) -> Path:
    """Speak ``text`` into a 16 kHz mono 16-bit WAV at ``path``, with silence around it."""
    for tool in ("espeak-ng", "sox"):
        if shutil.which(tool) is None:
            raise RuntimeError(f"{tool} is not installed (apt-get install espeak-ng sox)")
    with tempfile.TemporaryDirectory() as scratch:
        spoken, resampled = Path(scratch) / "spoken.wav", Path(scratch) / "16k.wav"
        subprocess.run(["espeak-ng", "-v", voice, "-s", str(words_per_minute), "-p", str(pitch), "-w", str(spoken), text],
                       check=True, capture_output=True)
        subprocess.run(["sox", "-R", str(spoken), "-r", str(SAMPLE_RATE), "-c", "1", "-b", "16", str(resampled)],
                       check=True, capture_output=True)
        speech = read_samples(resampled)
    lead = np.zeros(int(lead_seconds * SAMPLE_RATE))
    tail = np.zeros(int(tail_seconds * SAMPLE_RATE))
    signal = np.concatenate([lead, speech.astype(np.float64), tail])
    signal += np.random.default_rng(seed).normal(0.0, noise_level, len(signal))
    write_samples(path, np.clip(signal, -32768, 32767).astype(np.int16))
    return path


def speech_power(samples: np.ndarray) -> float:
    speech = samples[int(LEAD_SECONDS * SAMPLE_RATE): len(samples) - int(TAIL_SECONDS * SAMPLE_RATE)]
    return float(np.mean(speech.astype(np.float64) ** 2)) or 1.0


def pink_noise(length: int, rng: np.random.Generator) -> np.ndarray:
    """Noise whose power falls by 3 dB an octave, like a fan, traffic or rain indoors."""
    spectrum = np.fft.rfft(rng.normal(size=length))
    frequencies = np.fft.rfftfreq(length)
    frequencies[0] = frequencies[1]
    return np.fft.irfft(spectrum / np.sqrt(frequencies), n=length)


def mix_at(samples: np.ndarray, noise: np.ndarray, snr_db: float) -> np.ndarray:
    """``noise`` scaled so that speech power / noise power is ``snr_db``, added to the samples."""
    noise = np.resize(noise, len(samples))
    scale = np.sqrt(speech_power(samples) / (np.mean(noise ** 2) * 10 ** (snr_db / 10)))
    return np.clip(samples.astype(np.float64) + noise * scale, -32768, 32767)


def read_samples(path: Path) -> np.ndarray:
    with wave.open(str(path)) as audio:
        return np.frombuffer(audio.readframes(audio.getnframes()), dtype=np.int16)


def write_samples(path: Path, samples: np.ndarray, rate: int = SAMPLE_RATE) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with wave.open(str(path), "wb") as audio:
        audio.setnchannels(1)
        audio.setsampwidth(2)
        audio.setframerate(rate)
        audio.writeframes(samples.astype(np.int16).tobytes())
