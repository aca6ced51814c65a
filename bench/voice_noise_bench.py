"""Voice in a room: the same spoken commands, wake phrase first, under noise, babble and
reverberation, at other speeds and pitches, and in several espeak-ng voices, through the default
recogniser (pocketsphinx held to this home's sentences), the real pipeline and a demo home of its own.

Per condition it prints: transcripts heard exactly; commands done right (the same service calls
as the typed command, or the same answer); **wrong actions** (a service call the typed command
would not make: the figure that matters most), of them the opposite action on the same device
(on/off, open/close, lock/unlock) and risky ones (locks, covers, alarms); refused (nothing done),
of them asked "on or off?" because the opposite sentence scored almost as well, asked "Did you
say ...?" because a lock, cover, alarm or valve was heard without a close fit, and "not heard"
because the sentence fitted the audio worse than free phones (or other talk went on after it);
wake phrase missed; and the latency from the end of speech to Home Assistant's answer, the
endpointer's wait included (audio time from the last spoken sound to its decision, then the
time to finish the transcript, understand, plan and call). Confirmations are off, so what a
mishearing would do is counted, not stopped.

A second table hears, in three of the conditions, commands outside the voice forms (natural
phrasings: right, wrong action) and chatter with the wake phrase first (acted) and without it
(false wakes: heard as addressed to the assistant).

Run:  .venv/bin/python bench/voice_noise_bench.py [--commands 30] [--voices en-us,en-gb-x-rp]
"""

from __future__ import annotations

import argparse
import statistics
from collections import Counter
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import numpy as np

from assistant.assembly import build_assistant
from assistant.audio.endpoint import Endpointer
from assistant.audio.listener import Listener, VoiceActivity
from assistant.audio.sources import wav_frames
from assistant.audio.synthetic import read_samples, synthesize
from assistant.messages import Clarity, Hearing
from assistant.safety.gate import RISKY_TO_HEAR
from assistant.stt.pocketsphinx_engine import PocketsphinxEngine
from bench_support import demo_home_config, percentile
from room_noise import noisy_copy
from voice_bench import pick_commands

CONDITIONS = ("clean", "pink 20 dB", "pink 10 dB", "pink 5 dB", "babble 10 dB", "reverb", "rate and pitch")
RATES, PITCHES = (125, 145, 185, 210), (25, 40, 65, 80)
"""'rate and pitch': each recording, clean, at one of these speeds (words a minute) and pitches (0-99)."""
VOICES = ("en-us", "en-gb-x-rp", "en-gb-scotland", "en-us+f3")
OPPOSITE = {"turn_on": "turn_off", "turn_off": "turn_on", "open_cover": "close_cover", "close_cover": "open_cover",
            "lock": "unlock", "unlock": "lock"}
COLUMNS = ("exact", "right", "wrong", "opposite", "risky", "refused", "asked on or off", "did you say", "not heard",
           "wake missed")
OTHER_CONDITIONS = ("clean", "pink 10 dB", "babble 10 dB")
OUTSIDE_FORMS = ("could you switch the office lights off for me", "i would like the kitchen lights on please",
                 "can you close the kitchen blinds", "put the bedroom lamp on", "kill the sofa lights",
                 "please lock the shed", "shut the garage door", "lights out in the office")
CHATTER = ("what time does the bakery open tomorrow", "tell me a story about a dragon", "i need to call my sister later",
           "how far away is the moon", "the dog needs a walk after lunch", "what should we cook for dinner tonight",
           "my phone battery is nearly empty", "did anyone feed the cat this morning",
           "play something by the beatles on spotify", "i left my keys in the car again")


def calls_of(turn) -> frozenset:
    return keys_of(action.call for action in turn.actions)


def keys_of(calls) -> frozenset:
    return frozenset((c.domain, c.service, tuple(c.entity_ids), repr(sorted(c.data.items()))) for c in calls)


def judge(turn, wanted_calls: frozenset, wanted_answer: tuple) -> str:
    heard_calls = calls_of(turn)
    if heard_calls:
        if heard_calls == wanted_calls:
            return "right"
        return "wrong"
    if not wanted_calls and not turn.refused and turn.understood is not None and (
            turn.understood.intent, dict(turn.understood.slots)) == wanted_answer:
        return "right"
    return "refused"


def kinds_of_wrong(turn, wanted_calls: frozenset) -> set[str]:
    kinds = set()
    wanted = {(domain, entity) for domain, _, entities, _ in wanted_calls for entity in entities}
    wanted_services = {(entity, service) for _, service, entities, _ in wanted_calls for entity in entities}
    for domain, service, entities, _ in calls_of(turn):
        if domain in RISKY_TO_HEAR:
            kinds.add("risky")
        if any((entity, OPPOSITE.get(service)) in wanted_services for entity in entities):
            kinds.add("opposite")
        if not any((domain, entity) in wanted for entity in entities):
            kinds.add("other device")
    return kinds


def main(description: str = __doc__, bench=None) -> None:
    """Options shared by the room benchmarks; ``bench`` (this one's ``run`` by default) gets a demo home's config
    with confirmations off, a scratch folder, the number of commands, the voices and the conditions."""
    options = argparse.ArgumentParser(description=description, formatter_class=argparse.RawDescriptionHelpFormatter)
    options.add_argument("--commands", type=int, default=30)
    options.add_argument("--voices", default=",".join(VOICES))
    options.add_argument("--conditions", default=",".join(CONDITIONS), help="a comma-separated subset")
    args = options.parse_args()
    with demo_home_config(confirm={"actions": []}) as (config, _, directory):
        (bench or run)(config, directory, args.commands, args.voices.split(","), args.conditions.split(","))


def speech_end(wav: Path) -> float:
    """Seconds from the file's start to its last spoken sound (10 ms frames well above the floor)."""
    samples = read_samples(wav).astype(np.float64)
    frames = samples[: len(samples) // 160 * 160].reshape(-1, 160)
    loud = np.flatnonzero(np.sqrt((frames ** 2).mean(axis=1)) > 600)
    return (loud[-1] + 1) / 100 if len(loud) else 0.0


class Hearer:
    """One recording through the listener, as the daemon hears it."""

    def __init__(self, engine, wake: str, directory: Path) -> None:
        self.engine, self.wake, self.directory = engine, wake, directory

    def hear(self, spoken: str, name: str, voice: str, condition: str, seed: int):
        if condition == "rate and pitch":
            clean = wav = synthesize(spoken, self.directory / f"{name}-varied.wav", voice=voice, seed=seed % 1000,
                                     words_per_minute=RATES[seed % 4], pitch=PITCHES[seed // 4 % 4])
            return list(Listener(self.engine, Endpointer(), VoiceActivity()).utterances(wav_frames(wav))), speech_end(clean)
        clean = self.directory / f"{name}.wav"
        if not clean.exists():
            synthesize(spoken, clean, voice=voice, seed=seed % 1000)
        wav = noisy_copy(clean, self.directory / f"{name}-{condition.replace(' ', '')}.wav", condition,
                         self.directory, seed=seed)
        heard = list(Listener(self.engine, Endpointer(), VoiceActivity()).utterances(wav_frames(wav)))
        return heard, speech_end(clean)

    def command(self, heard) -> tuple[str | None, str]:
        """(the command as the daemon passes it on, or None when the wake phrase was missed; the raw text)."""
        raw = " ".join(h.transcript.text for h in heard if h.transcript.text)
        if raw != self.wake and not raw.startswith(self.wake + " "):
            return None, raw
        # as the daemon does: what is not a whole sentence of the grammar is no command
        said = " ".join(h.transcript.text for h in heard if h.transcript.text and h.transcript.in_grammar)
        return said.removeprefix(self.wake).strip(), raw


@contextmanager
def room_hearing(config, directory: Path, count: int) -> Iterator[tuple]:
    """The assistant on the demo home, ``count`` of its commands (without the wake phrase) and a
    Hearer with its own recogniser for them; the assistant is closed after."""
    assistant = build_assistant(config, speech=False)
    try:
        home = assistant.adapter.home
        wake = config.wake.phrase
        commands = [c.removeprefix(wake + " ") for c in pick_commands(home, count)]
        engine = PocketsphinxEngine(wake_phrase=wake)
        engine.use_home(home)
        yield assistant, commands, Hearer(engine, wake, directory)
    finally:
        assistant.close()


def run(config, directory: Path, count: int, voices: list[str], conditions: list[str]) -> None:
    with room_hearing(config, directory, count) as (assistant, commands, hearer):
        wake = hearer.wake
        pipeline, parser = assistant.pipeline, assistant.pipeline.understander
        wanted = {}
        for command in (*commands, *OUTSIDE_FORMS):
            typed = pipeline.handle_text(command)
            understood = parser.parse(command)
            if not typed.refused:  # what the typed pipeline cannot do is no test of hearing
                wanted[command] = (calls_of(typed), (understood.intent, dict(understood.slots)))
        commands = [c for c in commands if c in wanted]
        outside = [c for c in OUTSIDE_FORMS if c in wanted]
        print(f"{len(commands)} commands x {len(voices)} voices ({', '.join(voices)}), each with the wake phrase first;"
              " confirmations off\n")
        print(f"{'condition':<14}" + "".join(f"{c:>16}" for c in COLUMNS) + f"{'latency p50':>14}{'p95 ms':>8}")
        examples: list[str] = []
        overall: Counter = Counter()
        asked_right: Counter = Counter()
        all_latencies: list[float] = []
        for condition in conditions:
            counts: Counter = Counter()
            latencies: list[float] = []
            for v, voice in enumerate(voices):
                for i, command in enumerate(commands):
                    heard, ended = hearer.hear(f"{wake} {command}", f"{voice}-{i:03d}", voice, condition, 1000 * v + i)
                    said, raw = hearer.command(heard)
                    counts["exact"] += raw == f"{wake} {command}"
                    if said is None:
                        counts["wake missed"] += 1
                        continue
                    if not said:
                        counts["refused"] += 1
                        continue
                    turn = judge_turn(pipeline, said, heard)
                    counts["asked on or off"] += turn.reply_key == "which_word"
                    counts["not heard"] += turn.reply_key == "not_heard"
                    if turn.reply_key == "confirm_heard":
                        counts["did you say"] += 1
                        held = pipeline.conversation.pending.plan  # what a yes would do
                        asked_right["asked"] += 1
                        asked_right["right"] += keys_of(held.calls) == wanted[command][0]
                        pipeline.conversation.pending = None  # no answer: the next command starts afresh
                    verdict = judge(turn, *wanted[command])
                    counts[verdict] += 1
                    if verdict == "right" and turn.actions:  # from the utterance that carried the command
                        last = [h for h in heard if h.transcript.text and h.transcript.in_grammar][-1]
                        thinking = sum(turn.timings.get(s, 0.0) for s in ("understand", "plan", "act"))
                        latencies.append(max(0.0, last.ended_at - ended) + last.finish_seconds + thinking)
                    if verdict == "wrong":
                        kinds = kinds_of_wrong(turn, wanted[command][0])
                        counts.update(kinds & {"opposite", "risky"})
                        examples.append(f"  {condition}, {voice}: {command!r} heard {said!r} -> {turn.reply!r}")
            total = len(commands) * len(voices)
            overall.update(counts)
            all_latencies += latencies
            timing = (f"{statistics.median(latencies) * 1000:14.0f}{percentile(latencies, 0.95) * 1000:8.0f}"
                      if latencies else "")
            print(f"{condition:<14}" + "".join(f"{counts[c] / total * 100:15.1f}%" for c in COLUMNS) + timing)
        spoken = len(commands) * len(voices) * len(conditions)
        print(f"{'all':<14}" + "".join(f"{overall[c] / spoken * 100:15.1f}%" for c in COLUMNS)
              + f"{statistics.median(all_latencies) * 1000:14.0f}{percentile(all_latencies, 0.95) * 1000:8.0f}")
        print(f"\n(per cent of {len(commands) * len(voices)} spoken commands per condition, {spoken} in all; latency in"
              " ms over the commands done right, from the last spoken sound to HA's answer)")
        print(f"'did you say ...?' was asked {asked_right['asked']} times; {asked_right['right']} of them about what was"
              " said (a yes would have done it: not counted as right above), the rest about a mishearing")
        others(hearer, pipeline, wanted, outside, voices, examples)
        if examples:
            print("\nwrong actions:\n" + "\n".join(examples))


def judge_turn(pipeline, said: str, heard):
    """The pipeline's turn for a hearing, with the doubt and sureness the daemon passes."""
    spoken = [h.transcript.hearing for h in heard if h.transcript.text and h.transcript.in_grammar]
    hearing = Hearing(min((h.clarity for h in spoken), default=Clarity.CLEAR),
                      doubt=next((h.doubt for h in spoken if h.doubt), None))
    return pipeline.handle_text(said, hearing=hearing)


def others(hearer: Hearer, pipeline, wanted: dict, outside: list[str], voices: list[str], examples: list[str]) -> None:
    wake = hearer.wake
    print(f"\n{len(outside)} commands outside the voice forms and {len(CHATTER)} lines of chatter, x {len(voices)} voices")
    print(f"{'condition':<14}{'outside right':>16}{'outside wrong':>16}{'chatter+wake acted':>20}{'false wakes':>14}")
    for condition in OTHER_CONDITIONS:
        counts: Counter = Counter()
        for v, voice in enumerate(voices):
            for i, command in enumerate(outside):
                heard, _ = hearer.hear(f"{wake} {command}", f"{voice}-out{i:02d}", voice, condition, 5000 + 1000 * v + i)
                said, _ = hearer.command(heard)
                if said:
                    turn = judge_turn(pipeline, said, heard)
                    verdict = judge(turn, *wanted[command])
                    counts["outside " + verdict] += 1
                    if verdict == "wrong":
                        examples.append(f"  {condition}, {voice}: {command!r} heard {said!r} -> {turn.reply!r}")
            for i, line in enumerate(CHATTER):
                heard, _ = hearer.hear(f"{wake} {line}", f"{voice}-chat{i:02d}", voice, condition, 7000 + 1000 * v + i)
                said, _ = hearer.command(heard)
                if said and judge_turn(pipeline, said, heard).actions:
                    counts["acted"] += 1
                    examples.append(f"  {condition}, {voice}: chatter {line!r} heard {said!r} acted")
                heard, _ = hearer.hear(line, f"{voice}-talk{i:02d}", voice, condition, 9000 + 1000 * v + i)
                said, _ = hearer.command(heard)
                counts["false wakes"] += said is not None
        print(f"{condition:<14}{counts['outside right']:>9} of {len(outside) * len(voices):<4}"
              f"{counts['outside wrong']:>9} of {len(outside) * len(voices):<4}"
              f"{counts['acted']:>13} of {len(CHATTER) * len(voices):<4}{counts['false wakes']:>7} of {len(CHATTER) * len(voices)}")


if __name__ == "__main__":
    main()
