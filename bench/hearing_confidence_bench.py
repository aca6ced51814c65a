"""How well the recogniser's confidence tells a right hearing from a wrong one, per room condition.

The same spoken commands (wake phrase first), lines of chatter after the wake phrase and the
same conditions as ``voice_noise_bench.py``, through the daemon's listener and recogniser. For
every utterance heard as a whole sentence of the grammar it takes the phone-loop fit and the talk
after the sentence (``stt/confidence.py``) and prints, at each least fit, how many hearings pass:
commands heard exactly, commands misheard (of them, with a word swapped for its opposite: on/off,
open/close...) and chatter heard as a command; first by the fit alone, then with the talk-after
rule as well. This is the evidence for ``MIN_FIT``, ``MIN_FIT_RISKY`` and ``MAX_TALK_AFTER``, and
for what a threshold cannot do: where right and wrong hearings fit alike, only refusing is safe.

Run:  .venv/bin/python bench/hearing_confidence_bench.py [--conditions clean,babble\\ 10\\ dB]
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from assistant.stt.confidence import MAX_TALK_AFTER, MIN_FIT, MIN_FIT_RISKY, MIN_FIT_RISKY_UNASKED
from assistant.stt.doubt import opposite_swap
from assistant.stt.pocketsphinx_engine import PocketsphinxEngine
from voice_noise_bench import CHATTER, Hearer, room_hearing
from voice_noise_bench import main as room_bench_main

THRESHOLDS = tuple(sorted({-1.6, MIN_FIT, -1.0, MIN_FIT_RISKY, -0.6, MIN_FIT_RISKY_UNASKED, -0.2, 0.0}))
NAMES = {MIN_FIT: "sure", MIN_FIT_RISKY: "risky", MIN_FIT_RISKY_UNASKED: "risky, unasked"}


@dataclass(frozen=True)
class Scored:
    kind: str
    """'exact', 'misheard' or 'chatter'."""
    fit: float
    talk_after: float
    opposite: bool = False


def run(config, directory: Path, count: int, voices: list[str], conditions: list[str]) -> None:
    with room_hearing(config, directory, count) as (_, commands, hearer):
        wake, engine = hearer.wake, hearer.engine
        print(f"{len(commands)} commands and {len(CHATTER)} lines of chatter, each after the wake phrase,"
              f" x {len(voices)} voices ({', '.join(voices)})")
        for condition in conditions:
            scored: list[Scored] = []
            spoken = Counter()
            for v, voice in enumerate(voices):
                for i, command in enumerate(commands):
                    spoken["commands"] += 1
                    scored += hear(hearer, engine, f"{wake} {command}", f"{voice}-{i:03d}", voice, condition, 1000 * v + i)
                for i, line in enumerate(CHATTER):
                    spoken["chatter"] += 1
                    scored += hear(hearer, engine, f"{wake} {line}", f"{voice}-chat{i:02d}", voice, condition,
                                   7000 + 1000 * v + i, chatter=True)
            report(condition, spoken, scored)


def hear(hearer: Hearer, engine: PocketsphinxEngine, said: str, name: str, voice: str, condition: str, seed: int,
         chatter: bool = False) -> list[Scored]:
    """The scored whole sentences heard in one recording (one per utterance the listener cut)."""
    scored = []
    original_finish = engine.finish

    def finish():
        transcript = original_finish()
        fit = engine.last_fit
        if fit is not None and transcript.text != hearer.wake:
            kind = "chatter" if chatter else ("exact" if transcript.text in (said, said.removeprefix(hearer.wake + " "))
                                              else "misheard")
            opposite = not chatter and kind == "misheard" and opposite_swap(transcript.text, said) is not None
            scored.append(Scored(kind, fit.per_frame, fit.talk_after, opposite))
        return transcript

    engine.finish = finish
    try:
        hearer.hear(said, name, voice, condition, seed)
    finally:
        del engine.finish
    return scored


def report(condition: str, spoken: Counter, scored: list[Scored]) -> None:
    kinds = Counter(s.kind for s in scored)
    print(f"\n{condition}: {spoken['commands']} commands, heard as a whole sentence {kinds['exact']} times exactly and"
          f" {kinds['misheard']} times wrongly; {spoken['chatter']} lines of chatter, {kinds['chatter']} heard as a sentence")
    print(f"{'fit at least':<22}{'by the fit alone: exact':>24}{'misheard':>10}{'opposite':>10}{'chatter':>9}"
          f"{'and talk after <= ' + format(MAX_TALK_AFTER, '.1f') + ' s: exact':>34}{'misheard':>10}{'opposite':>10}{'chatter':>9}")
    for threshold in THRESHOLDS:
        passed = [s for s in scored if s.fit >= threshold]
        quiet = [s for s in passed if s.talk_after <= MAX_TALK_AFTER]
        label = f"{threshold:.1f}" + (f" ({NAMES[threshold]})" if threshold in NAMES else "")
        print(f"{label:<22}{columns(passed, 24)}{columns(quiet, 34)}")


def columns(passed: list[Scored], first_width: int) -> str:
    kinds = Counter(s.kind for s in passed)
    opposite = sum(s.opposite for s in passed)
    return f"{kinds['exact']:>{first_width}}{kinds['misheard']:>10}{opposite:>10}{kinds['chatter']:>9}"


if __name__ == "__main__":
    room_bench_main(__doc__, run)
