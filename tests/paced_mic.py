"""A room's microphone for a test satellite: raw 16 kHz mono 16-bit audio on stdout at the pace of
real time. First the WAV files named (each after the given seconds of a quiet room), then a quiet
room for good. A quiet room is faint noise, as from any real microphone, not digital zeros."""

from __future__ import annotations

import sys
import time
import wave

import numpy as np

CHUNK = 960  # 30 ms


def quiet(seconds: float, rng: np.random.Generator) -> bytes:
    return rng.normal(0, 200, int(seconds * 16000)).astype(np.int16).tobytes()


def main() -> None:
    lead = float(sys.argv[1])
    rng = np.random.default_rng(7)
    parts = [quiet(lead, rng)]
    for path in sys.argv[2:]:
        with wave.open(path, "rb") as audio:
            parts += [audio.readframes(audio.getnframes()), quiet(lead, rng)]
    audio = b"".join(parts)
    started = time.monotonic()
    sent = 0
    out = sys.stdout.buffer
    while True:
        chunk = audio[sent:sent + CHUNK] if sent < len(audio) else quiet(CHUNK / 32000, rng)
        out.write(chunk.ljust(CHUNK, b"\0"))
        out.flush()
        sent += CHUNK
        ahead = sent / 32000 - (time.monotonic() - started)
        if ahead > 0:
            time.sleep(ahead)


if __name__ == "__main__":
    try:
        main()
    except (BrokenPipeError, KeyboardInterrupt):
        pass
