"""Rooms through real ``wyoming-satellite`` processes (in their own environment, ``make
satellite-venv``) on 127.0.0.1: each satellite's microphone is a recording played at the pace of
real time, its speaker a file. The daemon's own microphone is ALSA's file plugin (silence), so it
stays one source among them. Effects are read back from the demo Home Assistant."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from assistant.audio.synthetic import SAMPLE_RATE, synthesize
from assistant.messages import ServiceCall
from assistant.satellites import spoken_seconds
from tests.conftest import PROJECT_ROOT, free_port, write_config

SATELLITE_PYTHON = PROJECT_ROOT / ".satellite-venv" / "bin" / "python"
KITCHEN = ("light.kitchen_lights",)
BEDROOM = ("light.bed_light", "light.ceiling_lights")


def start_satellite(name: str, port: int, lead: float, wavs: list[Path], folder: Path) -> subprocess.Popen:
    if not SATELLITE_PYTHON.exists():
        pytest.fail("no wyoming-satellite environment: run 'make satellite-venv' (make test does)")
    mic = f"{sys.executable} {PROJECT_ROOT / 'tests' / 'paced_mic.py'} {lead} " + " ".join(str(w) for w in wavs)
    speaker = f"sh -c 'cat >> {folder / f'{name}-speaker.raw'}'"
    return subprocess.Popen([str(SATELLITE_PYTHON), "-m", "wyoming_satellite", "--name", name,
                             "--uri", f"tcp://127.0.0.1:{port}", "--no-zeroconf",  # nothing announced on the network
                             "--mic-command", mic, "--snd-command", speaker],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)


def wait_for(check, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.2)
    return check()


def states(adapter, entity_ids) -> set[str]:
    return {adapter.read_state(entity_id).state for entity_id in entity_ids}


def test_each_room_acts_in_its_own_room_and_a_lost_satellite_comes_back(demo_home, adapter, tmp_path):
    for entity_id in (*KITCHEN, *BEDROOM):
        adapter.call(ServiceCall("light", "turn_off", (entity_id,)))
    on = synthesize("hey computer turn on the lights", tmp_path / "on.wav")
    off = synthesize("hey computer turn off the lights", tmp_path / "off.wav", seed=1)
    kitchen_port, bedroom_port = free_port(), free_port()
    # the kitchen says 'on' after 8 s and 'off' 8 s later; the bedroom says 'on' after 4 s (a command in the
    # first 2 s after a satellite connects was sometimes heard as nothing, for a reason not yet found)
    kitchen = start_satellite("kitchen", kitchen_port, 8, [on, off], tmp_path)
    bedroom = start_satellite("bedroom", bedroom_port, 4, [on], tmp_path)
    silence = tmp_path / "silence.raw"
    silence.write_bytes(bytes(SAMPLE_RATE * 2 * 120))
    alsa = tmp_path / "asound.conf"
    alsa.write_text('pcm.quiet {\n type file\n slave.pcm "null"\n file "/dev/null"\n'
                    f' infile "{silence}"\n format "raw"\n}}\n')
    config = write_config(tmp_path, {
        "audio": {"input_device": "quiet"},
        "satellites": [{"name": "kitchen", "uri": f"tcp://127.0.0.1:{kitchen_port}", "area": "Kitchen"},
                       {"name": "bedroom", "uri": f"tcp://127.0.0.1:{bedroom_port}", "area": "Bedroom"}],
    }, url=demo_home.url, token="", token_file=str(demo_home.token_file))
    env = {**os.environ, "HA_TOKEN": "", "ALSA_CONFIG_PATH": f"/usr/share/alsa/alsa.conf:{alsa}"}
    daemon = subprocess.Popen([sys.executable, "-m", "assistant", "--config", str(config), "run", "--json", "--no-speech"],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=PROJECT_ROOT, env=env)
    back = None
    try:
        assert wait_for(lambda: states(adapter, BEDROOM) == {"on"}, 60), "the bedroom's 'turn on the lights'"
        assert states(adapter, KITCHEN) == {"off"}  # the bedroom's command stayed in the bedroom
        bedroom.send_signal(signal.SIGKILL)  # the bedroom satellite goes away
        bedroom.wait(timeout=10)
        assert wait_for(lambda: states(adapter, KITCHEN) == {"on"}, 60), "the kitchen's 'turn on the lights'"
        assert wait_for(lambda: states(adapter, KITCHEN) == {"off"}, 60), "the kitchen's 'turn off the lights'"
        assert states(adapter, BEDROOM) == {"on"}  # the kitchen's 'off' stayed in the kitchen
        back = start_satellite("bedroom", bedroom_port, 4, [off], tmp_path)  # it comes back and says 'off'
        returned = time.monotonic()
        assert wait_for(lambda: states(adapter, BEDROOM) == {"off"}, 30), "the bedroom's 'off' after it came back"
        assert time.monotonic() - returned < 4 + 5 + 6  # its lead, reconnecting within 5 s, the command itself
    finally:
        daemon.send_signal(signal.SIGTERM)
        _, err = daemon.communicate(timeout=60)
        for satellite in (kitchen, bedroom, back):
            if satellite is not None and satellite.poll() is None:
                satellite.terminate()
                satellite.wait(timeout=10)
    assert daemon.returncode == 0 and "Traceback" not in err, err
    for room in ("kitchen", "bedroom"):
        assert (tmp_path / f"{room}-speaker.raw").stat().st_size > SAMPLE_RATE, f"no reply audio on the {room} satellite"


def test_how_long_a_question_plays_in_a_room_is_read_from_its_audio():
    """A room's answer needs no wake phrase until the question has played and the window passed."""
    from wyoming.audio import AudioChunk, AudioStart, AudioStop

    one_second = AudioChunk(rate=SAMPLE_RATE, width=2, channels=1, audio=bytes(SAMPLE_RATE * 2)).event()
    half = AudioChunk(rate=22050, width=2, channels=2, audio=bytes(22050 * 2)).event()
    events = [AudioStart(rate=SAMPLE_RATE, width=2, channels=1).event(), one_second, half, AudioStop().event()]
    assert spoken_seconds(events) == pytest.approx(1.5)
