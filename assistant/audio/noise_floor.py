"""The room's noise floor, followed all the time, so that steady noise (a fan, rain, a dishwasher)
does not count as speech and every command still ends where the voice stops.

The floor follows the quietest frames: it drops at once to a quieter frame and creeps up slowly
otherwise, so speech (loud, and never steady for long) barely lifts it while a noise that starts
and stays is learnt within seconds. A frame is loud enough for speech when it stands a margin
above the floor.
"""

from __future__ import annotations

import numpy as np

FRAME_SECONDS = 0.03
RISE_DB_PER_SECOND = 2.0
"""How fast the floor climbs towards louder frames: a new steady noise is learnt in a few seconds."""
MARGIN_DB = 5.0
"""How far above the floor a frame must be to count as speech (steady noise varies by less)."""


def frame_level(frame: bytes) -> float:
    """Loudness of 16-bit mono PCM in dB (0 dB is one unit of amplitude)."""
    samples = np.frombuffer(frame, dtype=np.int16).astype(np.float64)
    power = float(np.mean(samples * samples)) if len(samples) else 0.0
    return 10 * float(np.log10(power)) if power > 1 else 0.0


class NoiseFloor:
    def __init__(self, margin_db: float = MARGIN_DB, rise_db_per_second: float = RISE_DB_PER_SECOND) -> None:
        self.margin_db = margin_db
        self.rise = rise_db_per_second * FRAME_SECONDS
        self.floor: float | None = None
        """dB; the first frame heard sets it."""

    def loud_enough(self, frame: bytes) -> bool:
        """Updates the floor with this frame; whether it stands above the floor by the margin."""
        level = frame_level(frame)
        if self.floor is None:
            self.floor = level
        above = level >= self.floor + self.margin_db
        self.floor = level if level < self.floor else self.floor + min(self.rise, level - self.floor)
        return above
