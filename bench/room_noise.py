"""A living room made on this machine: pink noise at a set signal-to-noise ratio, other people
talking behind, and a room's reverberation (sox). Deterministic for a given seed."""

from __future__ import annotations

import subprocess
from pathlib import Path

import numpy as np

from assistant.audio.synthetic import mix_at, pink_noise, read_samples, synthesize, write_samples

BABBLE_LINES = (
    ("en-gb", "did you see the match last night, it went to penalties in the end"),
    ("en-us+f3", "i think we should paint the hallway a lighter colour before the party"),
    ("en-gb-scotland", "the train was late again so i walked the last bit from the station"),
)


def babble(directory: Path) -> np.ndarray:
    """Three other people talking at once (espeak-ng voices not used for the commands)."""
    voices = [read_samples(synthesize(text, directory / f"babble-{i}.wav", voice=voice, seed=90 + i)).astype(np.float64)
              for i, (voice, text) in enumerate(BABBLE_LINES)]
    length = max(len(v) for v in voices)
    return sum(np.resize(v, length) for v in voices)


def noisy_copy(clean: Path, target: Path, condition: str, directory: Path, seed: int) -> Path:
    """``clean`` heard in ``condition``: 'clean', 'pink N dB', 'babble N dB' or 'reverb'."""
    if condition == "clean":
        return clean
    if condition == "reverb":
        subprocess.run(["sox", "-R", str(clean), str(target), "reverb", "60", "50", "80"], check=True, capture_output=True)
        return target
    kind, level, _ = condition.split()
    samples = read_samples(clean)
    rng = np.random.default_rng(seed)
    noise = pink_noise(len(samples), rng) if kind == "pink" else np.roll(babble_cache(directory), rng.integers(0, 16000))
    write_samples(target, mix_at(samples, noise, float(level)).astype(np.int16))
    return target


_BABBLE: dict[Path, np.ndarray] = {}


def babble_cache(directory: Path) -> np.ndarray:
    if directory not in _BABBLE:
        _BABBLE[directory] = babble(directory)
    return _BABBLE[directory]
