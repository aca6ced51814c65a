"""Voice benchmark: synthesized commands through the real listener, engines and pipeline.

Per engine and mode, on the same recordings (espeak-ng, sox -R, a faint seeded noise floor):
word error rate, commands heard exactly, and real-time factor (decoding time / audio length);
then, for the default engine, the latency from the end of speech (the endpointer's decision)
to Home Assistant's service call returned, split by stage, against a demo home of its own.

Modes: pocketsphinx held to this home's sentences (the assistant's default) and pocketsphinx
with its general US-English language model (no grammar). No English vosk model can be had on
these machines, so vosk is not in the English figures (tests drive it with PyPI's Korean model).

Run:  .venv/bin/python bench/voice_bench.py [--commands 60]
"""

from __future__ import annotations

import argparse
import random
import statistics
import time
from pathlib import Path

from pocketsphinx import get_model_path

from assistant.assembly import build_assistant
from assistant.audio.endpoint import Endpointer
from assistant.audio.listener import Listener, VoiceActivity
from assistant.audio.sources import SAMPLE_RATE, wav_frames
from assistant.audio.synthetic import read_samples, synthesize
from assistant.stt.grammar import HomeVocabulary, command_phrases
from assistant.stt.pocketsphinx_engine import PocketsphinxEngine
from bench_support import demo_home_config, percentile

GENERAL_MODEL_COMMANDS = 20
"""The general language model decodes slower than real time; it gets the first few recordings only."""


def word_errors(reference: str, hypothesis: str) -> int:
    ref, hyp = reference.split(), hypothesis.split()
    row = list(range(len(hyp) + 1))
    for i, word in enumerate(ref, 1):
        previous, row[0] = row[0], i
        for j, other in enumerate(hyp, 1):
            previous, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, previous + (word != other))
    return row[-1]


def pick_commands(home, count: int) -> list[str]:
    """Everyday commands with this home's names: switching, levels, covers, heating, media, questions."""
    vocabulary = HomeVocabulary.of(home)
    lights, covers = vocabulary.names_of("light", "switch", "fan"), vocabulary.names_of("cover")
    climates, players = vocabulary.names_of("climate"), vocabulary.names_of("media_player")
    pool = [f"{verb} the {name}" for name in lights for verb in ("turn on", "turn off", "switch off")]
    pool += [f"dim the {name} to {level} percent" for name in vocabulary.names_of("light")
             for level in ("twenty", "fifty", "seventy five")]
    pool += [f"{verb} the {name}" for name in covers for verb in ("open", "close")]
    pool += [f"set the {name} to twenty one degrees" for name in climates]
    pool += [f"pause the {name}" for name in players] + [f"is the {name} on" for name in lights]
    pool += [f"turn off the lights in the {area}" for area in vocabulary.areas]
    pool += [f"what's the temperature in the {area}" for area in vocabulary.areas]
    known = set(command_phrases(vocabulary, chatter=0))
    pool = sorted(p for p in set(pool) if p in known)
    chosen = random.Random(11).sample(pool, min(count, len(pool)))
    return [f"hey computer {c}" if i % 2 == 0 else c for i, c in enumerate(chosen)]


def decode_all(engine, wavs: list[Path]) -> tuple[list[str], list[float]]:
    texts, seconds = [], []
    for wav in wavs:
        started = time.perf_counter()
        heard = [h.transcript.text for h in Listener(engine, Endpointer(), VoiceActivity()).utterances(wav_frames(wav))]
        seconds.append(time.perf_counter() - started)
        texts.append(" ".join(t for t in heard if t))
    return texts, seconds


def report(name: str, references: list[str], texts: list[str], seconds: list[float], durations: list[float]) -> None:
    errors = sum(word_errors(r, t) for r, t in zip(references, texts))
    words = sum(len(r.split()) for r in references)
    exact = sum(r == t for r, t in zip(references, texts))
    rtf = [s / d for s, d in zip(seconds, durations)]
    print(f"{name:<34} {errors / words * 100:6.1f}% {exact / len(references) * 100:7.1f}% "
          f"{statistics.median(rtf):8.3f} {percentile(rtf, 0.95):8.3f}")


def main() -> None:
    options = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    options.add_argument("--commands", type=int, default=60)
    args = options.parse_args()
    with demo_home_config(confirm={"actions": []}) as (config, _, directory):
        run(config, directory, args.commands)


def run(config, directory: Path, count: int) -> None:
    assistant = build_assistant(config, speech=False)
    try:
        home = assistant.adapter.home
        references = pick_commands(home, count)
        wavs = [synthesize(text, directory / f"{i:03d}.wav", seed=i) for i, text in enumerate(references)]
        durations = [len(read_samples(w)) / SAMPLE_RATE for w in wavs]
        print(f"{len(wavs)} synthesized commands, {sum(durations):.0f} s of audio; half begin with the wake phrase\n")
        print(f"{'engine / mode':<34} {'WER':>7} {'exact':>8} {'RTF med':>8} {'RTF p95':>8}")

        grammar = PocketsphinxEngine(wake_phrase=config.wake.phrase)
        grammar.use_home(home)
        texts, seconds = decode_all(grammar, wavs)
        report("pocketsphinx, home grammar", references, texts, seconds, durations)
        general = PocketsphinxEngine(wake_phrase=config.wake.phrase)
        general.decoder.add_lm_file("general", str(Path(get_model_path()) / "en-us" / "en-us.lm.bin"))
        general.decoder.activate_search("general")  # its general English language model
        few = GENERAL_MODEL_COMMANDS
        general_texts, general_seconds = decode_all(general, wavs[:few])
        report(f"pocketsphinx, general LM (first {few})", references[:few], general_texts, general_seconds, durations[:few])
        for reference, text in zip(references, texts):
            if reference != text:
                print(f"    misheard: {reference!r} -> {text!r}")

        stages: dict[str, list[float]] = {}
        totals, outside, failures = [], [], []
        correct = typed_ok = 0
        gate_words = len(config.wake.phrase.split())
        parser = assistant.pipeline.understander
        for wav, reference in zip(wavs, references):
            expected = reference.removeprefix(config.wake.phrase + " ")
            wanted = parser.parse(expected)
            for heard in Listener(grammar, Endpointer(), VoiceActivity()).utterances(wav_frames(wav)):
                words = heard.transcript.text.split()
                command = " ".join(words[gate_words:] if words[:gate_words] == config.wake.phrase.split() else words)
                if not command:
                    continue
                understood = parser.parse(command)
                turn = assistant.pipeline.handle_text(command, hear_seconds=heard.finish_seconds)
                # Right when the spoken command is understood as the typed one would be, and HA did it
                # (or it was answered); lines the typed pipeline itself cannot do are counted apart.
                typed_works = wanted.intent is not None and not turn.refused
                typed_ok += typed_works
                same = (understood.intent, dict(understood.slots)) == (wanted.intent, dict(wanted.slots))
                ok = typed_works and same and all(a.error is None for a in turn.actions)
                correct += ok
                if not ok:
                    failures.append(f"    {reference!r}: heard {command!r} -> {turn.reply!r}")
                for stage, value in turn.timings.items():
                    stages.setdefault(stage, []).append(value)
                if turn.actions:
                    to_answer = sum(turn.timings.get(s, 0.0) for s in ("hear", "understand", "plan", "act"))
                    totals.append(to_answer)
                    outside.append(to_answer - turn.ha_seconds)
        print(f"\ncommands fully correct end to end (understood as typed, then done without error): "
              f"{correct}/{len(references)} = {correct / len(references) * 100:.1f}%; "
              f"of the {typed_ok} the typed pipeline handles: {correct / max(1, typed_ok) * 100:.1f}%")
        print("\n".join(failures))
        print(f"\n{'milliseconds, end of speech on':<38} {'median':>8} {'p95':>8}")
        for stage in ("hear", "understand", "plan", "act", "respond", "record"):
            values = stages.get(stage, [])
            if values:
                print(f"  stage: {stage:<30} {statistics.median(values) * 1000:8.1f} {percentile(values, 0.95) * 1000:8.1f}")
        if totals:
            print(f"{'end of speech -> HA call returned':<38} {statistics.median(totals) * 1000:8.1f} "
                  f"{percentile(totals, 0.95) * 1000:8.1f}")
            print(f"{'  of which outside HA':<38} {statistics.median(outside) * 1000:8.1f} {percentile(outside, 0.95) * 1000:8.1f}")
        settings = Endpointer().settings
        print(f"(the endpointer waits {settings.complete_end_seconds * 1000:.0f} ms of silence after a whole command,"
              f" {settings.end_seconds * 1000:.0f} ms after half a one, before its decision; that real-time wait comes"
              " on top for a live microphone: bench/voice_noise_bench.py counts it)")
    finally:
        assistant.close()


if __name__ == "__main__":
    main()
