"""``assistant serve`` as Wyoming clients see it: the real server process on 127.0.0.1, the
``wyoming`` package's own client, real audio (espeak-ng, sox) and the demo Home Assistant."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
import wave
from pathlib import Path

import pytest
from wyoming.asr import Transcribe, Transcript
from wyoming.audio import AudioChunk, AudioStart, AudioStop
from wyoming.client import AsyncClient
from wyoming.handle import Handled, NotHandled
from wyoming.info import Describe, Info
from wyoming.tts import Synthesize

from assistant.audio.synthetic import synthesize
from assistant.messages import ServiceCall
from tests.conftest import PROJECT_ROOT, free_port, write_config
from tests.ha_probe import ServiceCallCounter


@pytest.fixture
def server(demo_home, tmp_path):
    config = write_config(tmp_path, url=demo_home.url, token="", token_file=str(demo_home.token_file))
    port = free_port()
    process = subprocess.Popen([sys.executable, "-m", "assistant", "--config", str(config), "serve",
                                "--uri", f"tcp://127.0.0.1:{port}"], cwd=PROJECT_ROOT, text=True,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, env={**os.environ, "HA_TOKEN": ""})
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and process.poll() is None:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            break
        except OSError:
            time.sleep(0.2)
    try:
        assert process.poll() is None, process.communicate()[1]
        yield f"tcp://127.0.0.1:{port}", process
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
        process.communicate(timeout=30)


async def ask(uri: str, *events) -> list:
    """Send the events; read answers until a Transcript, Handled/NotHandled, Info or AudioStop."""
    answers = []
    async with AsyncClient.from_uri(uri) as client:
        for event in events:
            await client.write_event(event.event())
        while True:
            event = await asyncio.wait_for(client.read_event(), timeout=60)
            answers.append(event)
            if any(kind.is_type(event.type) for kind in (Transcript, Handled, NotHandled, Info, AudioStop)):
                return answers


def spoken_chunks(path: Path) -> list:
    with wave.open(str(path), "rb") as audio:
        rate, width, channels = audio.getframerate(), audio.getsampwidth(), audio.getnchannels()
        data = audio.readframes(audio.getnframes())
    return [AudioStart(rate=rate, width=width, channels=channels),
            *(AudioChunk(rate=rate, width=width, channels=channels, audio=data[i:i + 4096])
              for i in range(0, len(data), 4096)),
            AudioStop()]


def test_describe_names_speech_to_text_a_voice_and_command_handling(server):
    uri, _ = server
    info = Info.from_event(asyncio.run(ask(uri, Describe()))[-1])
    assert [m.languages for p in info.asr for m in p.models] == [["en"]]
    assert info.tts and info.tts[0].voices and info.handle and info.handle[0].supports_home_control
    assert all(p.installed for p in (*info.asr, *info.tts, *info.handle))


def test_a_recording_at_another_rate_is_transcribed_and_chatter_is_not_forced_into_a_command(server, tmp_path):
    uri, _ = server
    said = synthesize("turn on the kitchen lights", tmp_path / "16k.wav")
    other_rate = tmp_path / "22k.wav"
    subprocess.run(["sox", str(said), "-r", "22050", "-c", "2", str(other_rate)], check=True)
    heard = asyncio.run(ask(uri, Transcribe(language="en"), *spoken_chunks(other_rate)))[-1]
    assert Transcript.from_event(heard).text == "turn on the kitchen lights"
    chatter = synthesize("i left my umbrella on the train this morning", tmp_path / "chatter.wav", voice="en-gb-scotland")
    heard = asyncio.run(ask(uri, Transcribe(language="en"), *spoken_chunks(chatter)))[-1]
    assert Transcript.from_event(heard).text == ""


def test_a_lock_heard_without_a_close_fit_is_not_passed_on_for_another_agent_to_act_on(server, tmp_path):
    """Whoever asks for a transcript acts on it without asking "Did you say ...?" as the console would,
    so a lock heard well enough for a light but not closely is no transcript at all."""
    uri, _ = server
    said = "hey computer lock the front door"
    heard = {}
    for voice in ("en-gb-scotland", "en-us+m3"):  # this accent fits loosely here; the other closely
        wav = synthesize(said, tmp_path / f"{voice}.wav", voice=voice)
        heard[voice] = Transcript.from_event(asyncio.run(ask(uri, Transcribe(language="en"), *spoken_chunks(wav)))[-1]).text
    assert heard == {"en-gb-scotland": "", "en-us+m3": "lock the front door"}


def test_a_handled_transcript_acts_in_home_assistant_and_talk_does_nothing(server, demo_home, adapter):
    uri, _ = server
    adapter.call(ServiceCall("light", "turn_on", ("light.office_rgbw_lights",)))
    answer = asyncio.run(ask(uri, Transcript(text="turn off the office lights")))[-1]
    assert Handled.is_type(answer.type) and "office" in Handled.from_event(answer).text.lower()
    assert adapter.read_state("light.office_rgbw_lights").state == "off"
    with ServiceCallCounter(demo_home.url, demo_home.token) as counter:
        answer = asyncio.run(ask(uri, Transcript(text="what should we cook tonight")))[-1]
    assert NotHandled.is_type(answer.type) and NotHandled.from_event(answer).text
    assert counter.calls == []


def test_the_voice_comes_back_as_audio_and_the_server_stops_on_sigterm(server):
    uri, process = server
    events = asyncio.run(ask(uri, Synthesize(text="The kitchen lights are on")))
    start = AudioStart.from_event(events[0])
    audio = b"".join(AudioChunk.from_event(e).audio for e in events if AudioChunk.is_type(e.type))
    assert start.width == 2 and len(audio) > start.rate * start.width * 0.5  # more than half a second
    process.send_signal(signal.SIGTERM)
    _, err = process.communicate(timeout=30)
    assert process.returncode == 0 and "Traceback" not in err


def ha_request(demo_home, method: str, path: str, body: bytes | dict | None = None, headers: dict | None = None):
    data = json.dumps(body).encode() if isinstance(body, dict) else body
    request = urllib.request.Request(f"{demo_home.url}{path}", data=data, method=method, headers={
        "Authorization": f"Bearer {demo_home.token}", "Content-Type": "application/json", **(headers or {})})
    with urllib.request.urlopen(request, timeout=60) as answer:
        return json.loads(answer.read() or b"null")


def test_home_assistant_adds_our_speech_to_text_through_its_wyoming_integration(server, demo_home, tmp_path):
    """Home Assistant's own Wyoming integration, set up through its config flow as a user would,
    then asked through HA's speech-to-text API: HA's stt entity is ours."""
    uri, _ = server
    port = int(uri.rsplit(":", 1)[1])
    flow = ha_request(demo_home, "POST", "/api/config/config_entries/flow", {"handler": "wyoming"})
    assert flow["type"] == "form" and flow["step_id"] == "user", flow
    entry = ha_request(demo_home, "POST", f"/api/config/config_entries/flow/{flow['flow_id']}",
                       {"host": "127.0.0.1", "port": port})
    assert entry["type"] == "create_entry" and entry["result"]["state"] == "loaded", entry
    try:
        stt = [s["entity_id"] for s in ha_request(demo_home, "GET", "/api/states") if s["entity_id"].startswith("stt.")
               and "home_voice_assistant" in s["entity_id"]]
        assert len(stt) == 1, stt
        wav = synthesize("turn on the kitchen lights", tmp_path / "said.wav")
        heard = ha_request(demo_home, "POST", f"/api/stt/{stt[0]}", wav.read_bytes(), {
            "X-Speech-Content": "format=wav; codec=pcm; sample_rate=16000; bit_rate=16; channel=1; language=en"})
        assert heard == {"text": "turn on the kitchen lights", "result": "success"}, heard
    finally:
        ha_request(demo_home, "DELETE", f"/api/config/config_entries/entry/{entry['result']['entry_id']}")
