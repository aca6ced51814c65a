"""Voice in a room: the same spoken commands, wake phrase first, under noise, babble and
reverberation and in several espeak-ng voices, through the default recogniser (pocketsphinx
held to this home's sentences), the real pipeline and a demo home of its own.

Per condition it prints: transcripts heard exactly; commands done right (the same service calls
as the typed command, or the same answer); **wrong actions** (a service call the typed command
would not make: the figure that matters most), of them the opposite action on the same device
(on/off, open/close, lock/unlock) and risky ones (locks, covers, alarms); refused (nothing done),
of them asked "on or off?" because the opposite sentence scored almost as well; wake phrase missed. Confirmations are off, so what a mishearing would do is counted, not stopped.

Run:  .venv/bin/python bench/voice_noise_bench.py [--commands 30] [--voices en-us,en-gb-x-rp]
"""

from __future__ import annotations

import argparse
from collections import Counter
from pathlib import Path

from assistant.assembly import build_assistant
from assistant.audio.endpoint import Endpointer
from assistant.audio.listener import Listener, VoiceActivity
from assistant.audio.sources import wav_frames
from assistant.audio.synthetic import synthesize
from assistant.stt.pocketsphinx_engine import PocketsphinxEngine
from bench_support import demo_home_config
from room_noise import noisy_copy
from voice_bench import pick_commands

CONDITIONS = ("clean", "pink 20 dB", "pink 10 dB", "pink 5 dB", "babble 10 dB", "reverb")
VOICES = ("en-us", "en-gb-x-rp", "en-gb-scotland", "en-us+f3")
OPPOSITE = {"turn_on": "turn_off", "turn_off": "turn_on", "open_cover": "close_cover", "close_cover": "open_cover",
            "lock": "unlock", "unlock": "lock"}
RISKY_DOMAINS = frozenset({"lock", "cover", "alarm_control_panel", "valve"})
COLUMNS = ("exact", "right", "wrong", "opposite", "risky", "refused", "asked on or off", "wake missed")


def calls_of(turn) -> frozenset:
    return frozenset((a.call.domain, a.call.service, tuple(a.call.entity_ids), repr(sorted(a.call.data.items())))
                     for a in turn.actions)


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
        if domain in RISKY_DOMAINS:
            kinds.add("risky")
        if any((entity, OPPOSITE.get(service)) in wanted_services for entity in entities):
            kinds.add("opposite")
        if not any((domain, entity) in wanted for entity in entities):
            kinds.add("other device")
    return kinds


def main() -> None:
    options = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    options.add_argument("--commands", type=int, default=30)
    options.add_argument("--voices", default=",".join(VOICES))
    args = options.parse_args()
    with demo_home_config(confirm={"actions": []}) as (config, _, directory):
        run(config, directory, args.commands, args.voices.split(","))


def run(config, directory: Path, count: int, voices: list[str]) -> None:
    assistant = build_assistant(config, speech=False)
    wake = config.wake.phrase
    try:
        home = assistant.adapter.home
        commands = [c.removeprefix(wake + " ") for c in pick_commands(home, count)]
        engine = PocketsphinxEngine(wake_phrase=wake)
        engine.use_home(home)
        pipeline, parser = assistant.pipeline, assistant.pipeline.understander
        wanted = {}
        for command in commands:
            typed = pipeline.handle_text(command)
            understood = parser.parse(command)
            if not typed.refused:  # what the typed pipeline cannot do is no test of hearing
                wanted[command] = (calls_of(typed), (understood.intent, dict(understood.slots)))
        commands = [c for c in commands if c in wanted]
        print(f"{len(commands)} commands x {len(voices)} voices ({', '.join(voices)}), each with the wake phrase first;"
              " confirmations off\n")
        print(f"{'condition':<14}" + "".join(f"{c:>16}" for c in COLUMNS))
        examples: list[str] = []
        for condition in CONDITIONS:
            counts: Counter = Counter()
            for v, voice in enumerate(voices):
                for i, command in enumerate(commands):
                    spoken = f"{wake} {command}"
                    clean = synthesize(spoken, directory / f"{voice}-{i:03d}.wav", voice=voice, seed=i)
                    wav = noisy_copy(clean, directory / f"{voice}-{i:03d}-{condition.replace(' ', '')}.wav",
                                     condition, directory, seed=1000 * v + i)
                    transcripts = [h.transcript for h in
                                   Listener(engine, Endpointer(), VoiceActivity()).utterances(wav_frames(wav))]
                    raw = " ".join(t.text for t in transcripts if t.text)
                    counts["exact"] += raw == spoken
                    if raw != wake and not raw.startswith(wake + " "):
                        counts["wake missed"] += 1
                        continue
                    # as the daemon does: what is not a whole sentence of the grammar is no command
                    heard = " ".join(t.text for t in transcripts if t.text and t.in_grammar)
                    said = heard.removeprefix(wake).strip()
                    if not said:
                        counts["refused"] += 1
                        continue
                    doubt = next((t.doubt for t in transcripts if t.in_grammar and t.doubt), None)
                    turn = pipeline.handle_text(said, doubt=doubt)  # as the daemon passes it
                    counts["asked on or off"] += turn.reply_key == "which_word"
                    verdict = judge(turn, *wanted[command])
                    counts[verdict] += 1
                    if verdict == "wrong":
                        kinds = kinds_of_wrong(turn, wanted[command][0])
                        counts.update(kinds & {"opposite", "risky"})
                        examples.append(f"  {condition}, {voice}: {command!r} heard {heard!r} -> {turn.reply!r}")
            total = len(commands) * len(voices)
            print(f"{condition:<14}" + "".join(f"{counts[c] / total * 100:15.1f}%" for c in COLUMNS))
        print(f"\n(per cent of {len(commands) * len(voices)} spoken commands per condition)")
        if examples:
            print("\nwrong actions:\n" + "\n".join(examples))
    finally:
        assistant.close()


if __name__ == "__main__":
    main()
