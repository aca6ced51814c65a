"""The voice front end's own logic on made-up input: endpointing, the wake phrase, muting,
the word graph, WAV checks. Real audio and real engines are in test_voice.py."""

from __future__ import annotations

import queue
import threading
import wave

import numpy as np
import pytest

from assistant.audio.endpoint import Decision, EndpointSettings, Endpointer
from assistant.audio.listener import Listener
from assistant.audio.noise_floor import NoiseFloor, frame_level
from assistant.audio.sources import FRAME_BYTES, AudioUnavailable, Microphone, wav_frames
from assistant.audio.wake import WakeGate
from assistant.stt.base import Transcript
from assistant.stt.fsg import word_graph

SETTINGS = EndpointSettings(frame_seconds=0.03, start_seconds=0.09, end_seconds=0.3, complete_end_seconds=0.12,
                            max_seconds=1.5)


def run(decisions: str, settings: EndpointSettings = SETTINGS) -> list[Decision]:
    """'s' speech, '.' silence, one per frame."""
    endpointer = Endpointer(settings)
    return [endpointer.process(c == "s") for c in decisions]


def test_a_command_starts_after_enough_speech_and_ends_after_enough_silence():
    got = run("..sss" + "s" * 5 + "." * 10)
    assert got.index(Decision.STARTED) == 4  # the third speech frame in a row
    assert got.count(Decision.ENDED) == 1
    assert got.index(Decision.ENDED) == 4 + 5 + 10  # the tenth silent frame (0.3 s)


def test_clicks_and_short_pauses_do_not_start_or_end_a_command():
    assert Decision.STARTED not in run(".s..s.ss..s." * 3)
    got = run("sss" + "s....s" * 4 + "." * 10)
    assert got.count(Decision.ENDED) == 1 and got[-1] is Decision.ENDED


def test_a_whole_sentence_ends_after_a_short_pause_and_half_a_one_waits_longer():
    endpointer = Endpointer(SETTINGS)
    got = [endpointer.process(c == "s", complete=True) for c in "sssss" + "." * 10]
    assert got.index(Decision.ENDED) == 5 + 3  # the fourth silent frame (0.12 s)
    assert run("sssss" + "." * 10).index(Decision.ENDED) == 5 + 9


class WholeSentenceStt:
    """Says the partial text is a whole command once it has heard six frames."""

    name = "scripted"

    def __init__(self) -> None:
        self.fed = 0

    def start(self) -> None:
        self.fed = 0

    def accept(self, chunk: bytes) -> str | None:
        self.fed += 1
        return "turn on the lamp" if self.fed >= 6 else "turn on the"

    def ends_command(self, text: str) -> bool:
        return text == "turn on the lamp"

    def finish(self) -> Transcript:
        return Transcript("turn on the lamp")


def test_the_listener_ends_a_whole_command_early():
    heard = list(Listener(WholeSentenceStt(), Endpointer(SETTINGS), lambda frame: frame[:1] == b"S")
                 .utterances(frames("." * 5 + "s" * 10 + "." * 12)))
    assert len(heard) == 1 and abs(heard[0].ended_at - (5 + 10 + 4) * 0.03) < 1e-6


def test_steady_noise_is_learnt_and_a_voice_above_it_still_counts():
    floor = NoiseFloor()
    rng = np.random.default_rng(1)
    hum = [(rng.normal(0, 1000, 480)).astype(np.int16).tobytes() for _ in range(200)]  # 6 s of steady noise
    assert sum(floor.loud_enough(f) for f in hum[100:]) <= 5
    voice = (rng.normal(0, 4000, 480)).astype(np.int16).tobytes()  # 12 dB above it
    assert floor.loud_enough(voice)
    assert frame_level(np.full(480, 100, dtype=np.int16).tobytes()) == pytest.approx(40.0)


def test_endless_speech_is_cut_at_the_limit():
    got = run("s" * 60)
    assert Decision.TOO_LONG in got and got.index(Decision.TOO_LONG) == 49  # 1.5 s of 30 ms frames


class ScriptedStt:
    name = "scripted"

    def __init__(self) -> None:
        self.fed: list[bytes] = []
        self.finished = 0

    def start(self) -> None:
        self.fed = []

    def accept(self, chunk: bytes) -> str | None:
        self.fed.append(chunk)
        return "partial"

    def finish(self) -> Transcript:
        self.finished += 1
        return Transcript(f"{len(self.fed)} frames")

    def use_home(self, home) -> None:
        pass


def frames(pattern: str) -> list[bytes]:
    return [(b"S" if c == "s" else b".") * FRAME_BYTES for c in pattern]


def test_the_listener_hands_whole_utterances_with_their_pre_roll_to_the_recogniser():
    stt = ScriptedStt()
    listener = Listener(stt, Endpointer(SETTINGS), lambda frame: frame[:1] == b"S")
    heard = list(listener.utterances(frames("." * 20 + "s" * 10 + "." * 12)))
    assert len(heard) == 1 and heard[0].partials > 0
    assert stt.fed[0][:1] == b"."  # silence from before the start is kept, so no syllable is cut
    assert heard[0].transcript.text == f"{len(stt.fed)} frames"


def test_nothing_is_heard_while_the_assistant_speaks():
    stt = ScriptedStt()
    speaking = {"now": True}
    listener = Listener(stt, Endpointer(SETTINGS), lambda frame: frame[:1] == b"S", muted=lambda: speaking["now"])
    assert list(listener.utterances(frames("s" * 20 + "." * 12))) == []
    speaking["now"] = False
    assert len(list(listener.utterances(frames("s" * 20 + "." * 12)))) == 1


@pytest.mark.parametrize("said, command", [
    ("hey computer turn on the kitchen lights", "turn on the kitchen lights"),
    ("turn on the kitchen lights", None),
    ("hey computer", None),
])
def test_the_wake_phrase_gates_what_is_acted_on(said, command):
    assert WakeGate("phrase", "hey computer").command(said, now=0.0) == command


def test_the_wake_phrase_alone_opens_a_short_window_for_the_command():
    gate = WakeGate("phrase", "hey computer")
    assert gate.command("hey computer", now=100.0) is None
    assert gate.command("turn on the kitchen lights", now=103.0) == "turn on the kitchen lights"
    assert gate.command("turn off the kitchen lights", now=104.0) is None
    assert WakeGate("always", "hey computer").command("lights on", now=0.0) == "lights on"


def test_a_question_is_answered_without_the_wake_phrase_until_its_window_closes():
    gate = WakeGate("phrase", "hey computer")
    gate.expect_answer(until=110.0)
    assert gate.command("yes", now=108.0) == "yes"
    assert gate.command("yes", now=109.0) is None  # one answer, then the wake phrase again
    gate.expect_answer(until=110.0)
    assert gate.command("yes", now=111.0) is None
    gate.keep_open(now=112.0, until=120.0)  # a later reply being spoken: the window stays closed
    assert gate.command("turn on the kitchen lights", now=113.0) is None
    gate.expect_answer(until=130.0)
    gate.keep_open(now=125.0, until=140.0)  # the question is still being said: its window waits
    assert gate.command("yes", now=135.0) == "yes"
    talk = WakeGate("push_to_talk", "hey computer")
    talk.expect_answer(until=110.0)
    assert talk.command("yes", now=100.0) is None  # the key is still needed


def test_the_word_graph_accepts_exactly_its_phrases():
    phrases = ["turn on the kitchen lights", "turn off the kitchen lights", "turn on the lamp", "yes"]
    graph = word_graph(phrases, optional_prefix=("hey", "computer"))

    def sentences(state, words):
        if state == graph.final:
            yield " ".join(words)
        for source, target, _, word in graph.transitions:
            if source == state:
                yield from sentences(target, words + ([word] if word else []))

    found = set(sentences(graph.start, []))
    assert found == set(phrases) | {f"hey computer {p}" for p in phrases}
    assert graph.states < sum(len(p.split()) for p in phrases)  # shared beginnings and endings
    for state in {t[0] for t in graph.transitions}:
        assert sum(t[2] for t in graph.transitions if t[0] == state) == pytest.approx(1.0)


def test_recordings_in_the_wrong_shape_are_named_with_the_fix(tmp_path):
    stereo = tmp_path / "stereo.wav"
    with wave.open(str(stereo), "wb") as audio:
        audio.setnchannels(2)
        audio.setsampwidth(2)
        audio.setframerate(44100)
        audio.writeframes(bytes(4000))
    with pytest.raises(AudioUnavailable, match="sox -R"):
        list(wav_frames(stereo))
    junk = tmp_path / "junk.wav"
    junk.write_bytes(b"\x00\xffnot audio at all" * 100)
    with pytest.raises(AudioUnavailable, match="not a WAV file"):
        list(wav_frames(junk))


def test_push_to_talk_lets_through_one_command_per_key_press():
    import threading

    gate = WakeGate("push_to_talk", "hey computer", talk_pressed=threading.Event())
    assert gate.command("turn on the kitchen lights", now=0.0) is None
    gate.talk_pressed.set()
    assert gate.command("turn on the kitchen lights", now=1.0) == "turn on the kitchen lights"
    assert gate.command("turn off the kitchen lights", now=2.0) is None


class _FlakyEspeak:
    """Writes an empty WAV on its first save, a real one after: pyttsx3's espeak driver under load."""

    def __init__(self) -> None:
        self.saves = 0
        self.pending = None

    def save_to_file(self, text: str, path: str) -> None:
        self.pending = path

    def runAndWait(self) -> None:
        self.saves += 1
        with wave.open(self.pending, "wb") as out:
            out.setnchannels(1)
            out.setsampwidth(2)
            out.setframerate(22050)
            out.writeframes(b"" if self.saves == 1 else b"\x01\x00" * 2205)


def test_a_reply_wav_written_empty_is_written_again(tmp_path, monkeypatch):
    from assistant.tts import pyttsx3_engine

    fake = _FlakyEspeak()
    monkeypatch.setattr(pyttsx3_engine, "_open_engine", lambda voice, rate: fake)
    engine = pyttsx3_engine.WavEngine("en", 170, tmp_path)
    engine.speak("Turned on the kitchen lights")
    (written,) = tmp_path.glob("*.wav")
    with wave.open(str(written)) as audio:
        assert audio.getnframes() == 2205
    assert fake.saves == 2


def test_a_microphone_that_has_gone_silent_still_lets_a_stop_through():
    """The device's stream stays open but delivers nothing (a stalled capture device): the frames
    end once the daemon's stop is set, instead of waiting for a frame that never comes."""
    class OpenButSilent:
        active = True

    microphone = Microphone.__new__(Microphone)  # the stream part only: no sound card here
    microphone._frames, microphone._stopped, microphone._stream = queue.Queue(), threading.Event(), OpenButSilent()
    stop = threading.Event()
    ended = threading.Event()
    reader = threading.Thread(target=lambda: (list(microphone.frames(until=stop)), ended.set()), daemon=True)
    reader.start()
    assert not ended.wait(0.5)
    stop.set()
    assert ended.wait(2.0)
