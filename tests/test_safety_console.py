"""Never acting on a guess, through the real console, the real model and a real Home Assistant.

What HA did is counted from HA's own ``call_service`` events and read back from its states, not
taken from the assistant's replies. ``bench/safety_bench.py`` runs the same with many more lines.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from assistant.audio.synthetic import synthesize
from assistant.home.demo import restart_demo_home, running_demo_home, stop_demo_home
from assistant.messages import ServiceCall
from tests.conftest import PROJECT_ROOT, free_port, write_config
from tests.ha_probe import ConsoleProcess, ServiceCallCounter
from tests.safety_lines import NON_ANSWERS, WRONG_PINS, junk_lines, out_of_range_settings

pytestmark = pytest.mark.ha


@pytest.fixture
def config_path(demo_home, tmp_path) -> Path:
    return write_config(tmp_path, {"logging": {"level": "warning"}}, url=demo_home.url, token="",
                        token_file=str(demo_home.token_file))


@pytest.fixture
def locked(adapter):
    adapter.call(ServiceCall("lock", "lock", ("lock.front_door",)))
    yield
    adapter.call(ServiceCall("lock", "lock", ("lock.front_door",)))


def test_junk_never_reaches_home_assistant(config_path, demo_home):
    lines = [line for _, line in junk_lines(3000, seed=7)]
    with ServiceCallCounter(demo_home.url, demo_home.token) as counter:
        console = ConsoleProcess(config_path)
        turns = console.say_all(lines)
        err = console.close()
    assert len(turns) == len(lines)
    assert [t["text"] for t in turns if t["calls"]] == []
    assert counter.calls == []
    assert "Traceback" not in err and console.process.returncode == 0


def test_only_an_explicit_yes_unlocks(config_path, demo_home, adapter, locked):
    with ServiceCallCounter(demo_home.url, demo_home.token) as counter:
        console = ConsoleProcess(config_path)
        for answer in NON_ANSWERS:
            console.say("unlock the front door")
            if console.say(answer)["reply_key"] == "confirm_again":
                assert console.say(answer)["calls"] == []
        assert adapter.read_state("lock.front_door").state == "locked"
        console.say("unlock the front door")
        assert console.say("yes")["reply"] == "Unlocked the front door"  # the lock does open on a yes
        console.close()
    assert [call["service_data"]["entity_id"] for call in counter.named("lock", "unlock")] == [["lock.front_door"]]


def test_wrong_pins_never_unlock_and_lock_risky_actions_out(demo_home, adapter, locked, tmp_path):
    config = write_config(tmp_path, {"confirm": {"pin": "1234"}}, url=demo_home.url, token="",
                          token_file=str(demo_home.token_file))
    with ServiceCallCounter(demo_home.url, demo_home.token) as counter:
        console = ConsoleProcess(config)
        questions = []
        for answer in WRONG_PINS:
            questions.append(console.say("unlock the front door")["reply_key"])
            console.say(answer)
        err = console.close()
    assert counter.named("lock", "unlock") == []
    assert "pin_locked" in questions
    assert adapter.read_state("lock.front_door").state == "locked"
    assert "1234" not in err  # the PIN is never logged, even said out of turn


def test_out_of_range_settings_are_refused_with_the_range(config_path, demo_home):
    settings = out_of_range_settings()
    with ServiceCallCounter(demo_home.url, demo_home.token) as counter:
        console = ConsoleProcess(config_path)
        turns = [console.say(line) for line, _ in settings]
        console.close()
    assert counter.calls == []
    missing_range = [(t["text"], t["reply"]) for t, (_, words) in zip(turns, settings) if words not in t["reply"]]
    assert missing_range == []


def test_home_assistant_frozen_during_an_unlock_is_unknown_not_failed(demo_home, adapter, locked, tmp_path):
    config = write_config(tmp_path, url=demo_home.url, token="", token_file=str(demo_home.token_file), timeout=2)
    console = ConsoleProcess(config)
    console.say("unlock the front door")
    os.kill(demo_home.pid, signal.SIGSTOP)
    try:
        answer = console.say("yes")
    finally:
        os.kill(demo_home.pid, signal.SIGCONT)
    time.sleep(1)
    console.say("what time is it")  # the next contact reads what the door did
    err = console.close()
    assert answer["reply"] == "Home Assistant didn't answer in time; it may still happen"
    records = [json.loads(line) for line in (tmp_path / "state" / "audit.jsonl").read_text().splitlines()]
    assert [r["event"] for r in records] == ["intent", "outcome", "checked"]
    assert records[1]["result"] == "unknown"
    assert records[2]["states"] == [{"entity_id": "lock.front_door", "state": adapter.read_state("lock.front_door").state}]
    assert "Traceback" not in err


def test_a_full_disk_under_the_audit_log_stops_the_act(demo_home, adapter, tmp_path):
    adapter.call(ServiceCall("light", "turn_off", ("light.kitchen_lights",)))
    config = write_config(tmp_path, {"audit_log": "/dev/full"}, url=demo_home.url, token="",
                          token_file=str(demo_home.token_file))
    console = ConsoleProcess(config)
    turn = console.say("turn on the kitchen lights")
    err = console.close()
    assert turn["calls"] == [] and turn["reply"].startswith("I can't write the audit log, so I didn't do it")
    assert adapter.read_state("light.kitchen_lights").state == "off"
    assert "Traceback" not in err and console.process.returncode == 0


def _assistant(config: Path, *args: str, stdin: str = "", timeout: float = 240) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "assistant", "--config", str(config), "-v", *args],
                          input=stdin, capture_output=True, text=True, timeout=timeout, cwd=PROJECT_ROOT,
                          env={**os.environ, "HA_TOKEN": ""})


def test_home_assistant_away_back_and_with_a_new_token_under_a_running_console(tmp_path):
    """Its own demo home, started and restarted by the real command with -v; nothing printed on
    the way holds a token. While HA is away a state answer says it may be stale; back, the first
    command acts; after a new token, the running console reads the token file again."""
    config = write_config(tmp_path, url=f"http://127.0.0.1:{free_port()}", token="",
                          token_file=str(tmp_path / "home" / "token"))
    printed = [_assistant(config, "demo-home")]
    home = running_demo_home(tmp_path / "home")
    tokens = {home.token}
    console = None
    try:
        console = ConsoleProcess(config, verbose=True)
        assert console.say("turn on the kitchen lights")["calls"][0]["ok"]
        for _ in range(2):
            stop_demo_home(home.directory)
            away = console.say("are the kitchen lights on")
            assert away["reply"].endswith("so that may be out of date"), away["reply"]
            home = restart_demo_home(home)
            back = console.say("turn off the kitchen lights")
            assert back["calls"] and back["calls"][0]["ok"], back
            console.say("turn on the kitchen lights")
        printed.append(_assistant(config, "demo-home", "--stop"))
        printed.append(_assistant(config, "demo-home"))
        home = running_demo_home(tmp_path / "home")
        tokens.add(home.token)
        assert len(tokens) == 2
        renewed = console.say("turn off the kitchen lights")
        assert renewed["calls"] and renewed["calls"][0]["ok"], renewed
        printed.append(_assistant(config, "check"))
        printed.append(_assistant(config, "console", "--json", "--no-speech", stdin="is the front door locked\n"))
        wav = synthesize("hey computer turn on the kitchen lights", tmp_path / "command.wav")
        printed.append(_assistant(config, "run", "--input-wav", str(wav), "--no-speech"))
    finally:
        err = console.close() if console is not None else ""
        stop_demo_home(tmp_path / "home")
    everything = err + "".join(done.stdout + done.stderr for done in printed)
    assert "DEBUG" in everything  # -v was on
    for token in tokens:
        assert token not in everything and token[:40] not in everything
    assert "Traceback" not in everything



@pytest.mark.parametrize("misplaced", [{"url": "TOKEN"}, {"verify_tls": "TOKEN"}, {"token_file": "TOKEN"},
                                       {"token": ["TOKEN"]}])
def test_a_real_token_under_the_wrong_key_is_never_printed(demo_home, tmp_path, misplaced):
    token = demo_home.token
    section = {key: [token] if value == ["TOKEN"] else token for key, value in misplaced.items()}
    config = write_config(tmp_path, **{"url": demo_home.url, "token": "", "token_file": None, **section})
    done = _assistant(config, "check")
    assert done.returncode != 0
    assert token not in done.stdout + done.stderr and "Traceback" not in done.stderr


def test_open_the_garage_means_what_opens_there_and_asks_first(config_path, demo_home, adapter):
    with ServiceCallCounter(demo_home.url, demo_home.token) as counter:
        console = ConsoleProcess(config_path)
        question = console.say("open the garage")
        console.say("no")
        console.close()
    assert question["reply"] == "Are you sure you want to open the garage door?"
    assert counter.calls == []


def test_ctrl_c_during_a_call_leaves_the_intent_and_an_unknown_outcome(demo_home, adapter, tmp_path):
    config = write_config(tmp_path, url=demo_home.url, token="", token_file=str(demo_home.token_file), timeout=30)
    console = ConsoleProcess(config)
    console.say("what time is it")  # the model is loaded and HA known before the freeze
    os.kill(demo_home.pid, signal.SIGSTOP)
    try:
        console.process.stdin.write(b"turn on the kitchen lights\n")
        console.process.stdin.flush()
        audit = tmp_path / "state" / "audit.jsonl"
        deadline = time.monotonic() + 20
        while not (audit.exists() and audit.read_text()) and time.monotonic() < deadline:
            time.sleep(0.05)
        time.sleep(1)  # the call is on its way to the frozen HA
        console.process.send_signal(signal.SIGINT)
        err = console.close()
    finally:
        os.kill(demo_home.pid, signal.SIGCONT)
    records = [json.loads(line) for line in audit.read_text().splitlines()]
    assert [(r["event"], r.get("result")) for r in records] == [("intent", None), ("outcome", "unknown")]
    assert console.process.returncode == 130 and "Traceback" not in err


def test_check_fails_without_the_intent_model(demo_home, tmp_path):
    config = write_config(tmp_path, {"nlu": {"model": str(tmp_path / "no-model")}}, url=demo_home.url, token="",
                          token_file=str(demo_home.token_file))
    done = _assistant(config, "check")
    assert done.returncode == 1, done.stdout
    assert "[   fail] intent model" in done.stdout and "assistant train" in done.stdout
