"""Rooms at once: 1, 2 and 4 real wyoming-satellite processes on 127.0.0.1 stream to one running
daemon (``assistant run``) at the pace of real time, each saying three commands, wake phrase first.

Each count runs with rooms new to the recogniser, then once more with what it learnt of them.
For each it prints the commands done, the time from the end of speech to Home Assistant's
answer (median, p95: the endpointer's wait after a whole command, then finishing the transcript,
understanding, planning and the call, as the daemon logs them) and the daemon's CPU per satellite
(share of one core while they stream; no microphone of its own), so a reader can tell how many rooms one small machine
serves. Needs the tests' satellite environment: ``make satellite-venv``.

Run:  .venv/bin/python bench/satellites_bench.py [--counts 1,2,4]
"""

from __future__ import annotations

import argparse
import os
import re
import select
import signal
import statistics
import subprocess
import sys
import time
from pathlib import Path

import yaml

from assistant.audio.endpoint import EndpointSettings
from assistant.audio.synthetic import synthesize
from bench_support import ROOT, demo_home_config, free_port, percentile

ROOMS = ("Kitchen", "Bedroom", "Office", "Living Room")
SAID = ("hey computer turn on the lights", "hey computer turn off the lights", "hey computer turn on the lights")
LEAD_SECONDS = 5.0
"""Quiet before each command: the satellites start speaking once all are streaming."""
STAGES = re.compile(r"hear=([\d.]+)ms understand=([\d.]+)ms plan=([\d.]+)ms(?: act=([\d.]+)ms)?")
SATELLITE_PYTHON = ROOT / ".satellite-venv" / "bin" / "python"


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def run(count: int, config_folder: Path, home_url: str, token_file: Path, wavs: list[Path], prefix: str) -> None:
    ports = [free_port() for _ in range(count)]
    satellites = [subprocess.Popen(
        [str(SATELLITE_PYTHON), "-m", "wyoming_satellite", "--name", f"room{i}", "--uri", f"tcp://127.0.0.1:{port}",
         "--no-zeroconf", "--mic-command", f"{sys.executable} {ROOT / 'tests' / 'paced_mic.py'} {LEAD_SECONDS} "
         + " ".join(str(w) for w in wavs), "--snd-command", "sh -c 'cat > /dev/null'"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL) for i, port in enumerate(ports)]
    raw = yaml.safe_load((ROOT / "config.yaml").read_text())
    raw["home_assistant"].update(url=home_url, token="", token_file=str(token_file))
    raw["nlu"]["model"] = str(ROOT / "models" / "intent-model")
    raw["audio"]["microphone"] = False  # the satellites only: the CPU is theirs
    raw["logging"]["level"] = "info"
    raw["satellites"] = [{"name": f"{prefix}{i}", "uri": f"tcp://127.0.0.1:{port}", "area": ROOMS[i % len(ROOMS)]}
                         for i, port in enumerate(ports)]
    config = config_folder / f"config-{count}.yaml"
    config.write_text(yaml.safe_dump(raw))
    env = {**os.environ, "HA_TOKEN": ""}
    daemon = subprocess.Popen([sys.executable, "-m", "assistant", "--config", str(config), "run", "--no-speech"],
                              cwd=config_folder, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        log: list[str] = []
        started = cpu = None
        deadline = time.monotonic() + 120  # to start up; then the time the satellites speak, and some
        while time.monotonic() < deadline:
            if not select.select([daemon.stderr], [], [], 0.5)[0]:
                continue
            line = daemon.stderr.readline()
            if not line:
                break
            log.append(line)
            if "streaming" in line and sum("streaming" in entry for entry in log) == count:
                started, cpu = time.monotonic(), cpu_seconds(daemon.pid)
                deadline = started + LEAD_SECONDS * (len(SAID) + 1) + 20
            if sum(" -> " in entry and "assistant.satellites" in entry for entry in log) >= count * len(SAID):
                break
        streamed, used = time.monotonic() - (started or time.monotonic()), cpu_seconds(daemon.pid) - (cpu or 0)
    finally:
        daemon.send_signal(signal.SIGTERM)
        daemon.communicate(timeout=60)
        for satellite in satellites:
            satellite.terminate()
            satellite.wait(timeout=10)
    wait = EndpointSettings().complete_end_seconds * 1000
    latencies = [wait + sum(float(v or 0) for v in match.groups()) for line in log if "assistant.pipeline" in line
                 for match in [STAGES.search(line)] if match and match.group(4)]
    done = sum(1 for line in log if "assistant.satellites" in line and "Turned" in line)
    if latencies:
        print(f"{count:>10} {done:>6} of {count * len(SAID):<4} {statistics.median(latencies):10.0f} "
              f"{percentile(latencies, 0.95):8.0f} {used / max(streamed, 1e-9) / count * 100:14.1f}%")
    else:
        print(f"{count:>10} {done:>6} of {count * len(SAID):<4}   (no command reached Home Assistant)")


def main() -> None:
    options = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    options.add_argument("--counts", default="1,2,4")
    args = options.parse_args()
    if not SATELLITE_PYTHON.exists():
        sys.exit("no wyoming-satellite environment: run 'make satellite-venv'")
    with demo_home_config() as (_, demo, folder):
        wavs = [synthesize(text, folder / f"said-{i}.wav", seed=i) for i, text in enumerate(SAID)]
        print(f"each satellite says {len(SAID)} commands, {LEAD_SECONDS:.0f} s apart, in real time\n")
        for heading in ("rooms new to the recogniser (their first command waits for its normalisation to settle)",
                        "the same rooms again (what it learnt of each is kept in state/)"):
            print(f"{heading}:\n{'satellites':>10} {'done':>6}      {'p50 ms':>10} {'p95 ms':>8} {'CPU/satellite':>15}")
            for count in (int(c) for c in args.counts.split(",")):
                # new rooms: names never heard before; then the same names as the largest count's
                run(count, folder, demo.url, demo.token_file, wavs, f"new{count}-" if heading.startswith("rooms") else "new4-")
            print()
        print("(end of speech -> HA's answer: the endpointer's wait after a whole command plus the stages the"
              " daemon logs; CPU: the daemon's, while the satellites stream, per satellite, of one core)")


if __name__ == "__main__":
    main()
