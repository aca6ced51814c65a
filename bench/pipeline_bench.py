"""Console pipeline benchmark: a few hundred commands against a real demo Home Assistant.

For each command it measures, from the line typed to Home Assistant's answer:
  - this assistant's stages (understand, plan, act = the HA service call, respond, record),
  - the time spent outside HA (everything but the HTTP round trip of the service call),
and, on the same commands in the same run, Home Assistant's own Assist agent
(POST /api/conversation/process: template matching and the service call inside HA).

Run:  .venv/bin/python bench/pipeline_bench.py [--rounds 3]
It starts its own demo home on a free port and stops it afterwards.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time

import niquests

from assistant.assembly import build_assistant

from bench_support import demo_home_config, percentile


LIGHTS = ["kitchen lights", "living room lights", "office lights", "hallway lights", "bedroom lamp",
          "bedroom ceiling light"]
ROOMS = ["kitchen", "living room", "office", "hallway", "bedroom"]


def commands() -> list[str]:
    """Everyday commands and questions; risky ones (unlocking) are left out: they wait for a yes."""
    lines = []
    for light in LIGHTS:
        lines += [f"turn on the {light}", f"turn off the {light}", f"switch on the {light}"]
        lines += [f"set the {light} to {level} percent" for level in (20, 45, 80)]
        lines += [f"dim the {light} to {level}%" for level in (10, 60)]
        lines += [f"set the {light} to {color}" for color in ("red", "blue")]
        lines += [f"is the {light} on"]
    for room in ROOMS:
        lines += [f"turn off the lights in the {room}", f"turn on the {room} lights",
                  f"what's the temperature in the {room}", f"are the lights on in the {room}"]
    lines += ["is the front door locked", "is the back door locked", "is the garage door open",
              "close the hall window", "open the hall window", "set the hall window to 40 percent",
              "pause the living room tv", "set the living room tv volume to 30", "turn on the fairy lights",
              "turn off the fairy lights", "turn on the living room fan", "turn off the living room fan",
              "what time is it", "what's the date today", "which lights are on",
              "turn on the air conditioner", "turn off the air conditioner",
              "set the bedroom thermostat to 21 degrees", "what's the capital of france", "order a pizza"]
    return lines


def row(label: str, values: list[float]) -> str:
    if not values:
        return f"{label:<38} {'-':>8} {'-':>8}"
    return f"{label:<38} {statistics.median(values) * 1000:8.2f} {percentile(values, 0.95) * 1000:8.2f}"


def main() -> None:
    options = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    options.add_argument("--rounds", type=int, default=3, help="passes over the command list (default 3)")
    args = options.parse_args()

    with demo_home_config() as (config, demo, _):
        run(config, demo.url, demo.token_file.read_text().strip(), args.rounds)


def run(config, url: str, token: str, rounds: int) -> None:
    assistant = build_assistant(config, speech=False)
    lines = commands()
    ours: dict[str, list[float]] = {}
    acted_total, acted_ha, acted_outside, all_total = [], [], [], []
    assist_seconds, assist_ok = [], 0
    ours_ok = 0
    session = niquests.Session()
    session.headers["Authorization"] = f"Bearer {token}"
    try:
        for line in lines[:10]:  # warm-up: first calls load caches on both sides
            assistant.pipeline.handle_text(line)
            session.post(f"{url}/api/conversation/process", json={"text": line, "language": "en"})
        for _ in range(rounds):
            for line in lines:
                turn = assistant.pipeline.handle_text(line)
                for stage, seconds in turn.timings.items():
                    ours.setdefault(stage, []).append(seconds)
                to_answer = sum(turn.timings.get(s, 0.0) for s in ("understand", "plan", "act"))
                all_total.append(sum(turn.timings.values()))
                if turn.actions:
                    acted_total.append(to_answer)
                    acted_ha.append(turn.ha_seconds)
                    acted_outside.append(to_answer - turn.ha_seconds)
                ours_ok += not turn.refused

                started = time.perf_counter()
                answer = session.post(f"{url}/api/conversation/process", json={"text": line, "language": "en"})
                assist_seconds.append(time.perf_counter() - started)
                response = json.loads(answer.text or "{}").get("response", {})
                assist_ok += response.get("response_type") in {"action_done", "query_answer"}
    finally:
        assistant.close()
        session.close()

    n = len(lines) * rounds
    print(f"{len(lines)} commands x {rounds} rounds = {n} lines; {len(acted_total)} made service calls\n")
    print(f"{'milliseconds per line':<38} {'median':>8} {'p95':>8}")
    for stage in ("understand", "plan", "act", "respond", "record", "speak"):
        print(row(f"  stage: {stage}", ours.get(stage, [])))
    print(row("line in -> reply (all lines)", all_total))
    print(row("line in -> HA answered (acting lines)", acted_total))
    print(row("  of which the HA call (HTTP + service)", acted_ha))
    print(row("  of which outside HA", acted_outside))
    share = sum(acted_outside) / sum(acted_total) if acted_total else 0.0
    print(f"share of line-to-answer time outside HA   {share * 100:.1f}%")
    print()
    print(row("HA Assist, same lines (HTTP round trip)", assist_seconds))
    ratio = statistics.median(assist_seconds) / statistics.median(all_total)
    print(f"ratio, median Assist / median ours (all lines): {ratio:.2f}x")
    print(f"lines answered without refusal: ours {ours_ok / n * 100:.1f}%, Assist {assist_ok / n * 100:.1f}%")


if __name__ == "__main__":
    main()
