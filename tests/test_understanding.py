"""The real trained model (``make test`` trains it first), through the library and `assistant parse`/`eval`."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from assistant.nlu.parser import IntentParser, ModelMissing
from tests.conftest import PROJECT_ROOT

MODEL = PROJECT_ROOT / "models" / "intent-model"
REALISTIC = PROJECT_ROOT / "tests" / "data" / "realistic_commands.jsonl"


@pytest.fixture(scope="module")
def parser() -> IntentParser:
    if not (MODEL / "model.onnx").exists():
        pytest.fail(f"no trained model in {MODEL}: run 'make test' (it trains one) or '.venv/bin/assistant train'")
    return IntentParser.load(MODEL)


@pytest.fixture(scope="module")
def metrics() -> dict:
    return json.loads((MODEL / "metrics.json").read_text(encoding="utf-8"))["held_out_templates"]


def test_held_out_templates_stay_above_the_measured_floor(metrics):
    """Floors under what the default training measures (95.8% intent, 95.7% slot F1, 93.4% of the
    152 held-out out-of-scope sentences refused, 1.7% of in-scope refused; clean trainings of the
    same code print the same figures). Three held-out chatter templates (an online basket, the
    weather in another city, why a device changed) hold 17 of those sentences, so the refusal
    moves several points when data or code change: a regression guard, not the targets."""
    assert metrics["intent_accuracy"] >= 0.93
    assert metrics["slot_f1"] >= 0.94
    assert metrics["out_of_scope_rejected"] >= 0.83
    assert metrics["in_scope_rejected"] <= 0.05


def test_the_rejection_threshold_costs_at_most_two_points_of_in_scope_accuracy():
    """Measured on the held-out templates at training: accuracy on real commands with the threshold
    against with none (a threshold of 0 refuses only what the model calls out of scope)."""
    rejection = json.loads((MODEL / "metrics.json").read_text(encoding="utf-8"))["rejection"]
    assert rejection["in_scope_accuracy_without_threshold"] - rejection["in_scope_accuracy_with_threshold"] <= 0.02


EVERYDAY = [
    ("turn on the kitchen lights", "HassTurnOn", {"name": "kitchen lights"}),
    ("Dim the kitchen lights to 30 percent", "HassLightSet", {"name": "kitchen lights", "brightness": 30}),
    ("set the bedroom temperature to twenty one degrees", "HassClimateSetTemperature", {"area": "bedroom", "temperature": 21}),
    ("is the front door locked?", "HassGetState", {"name": "front door", "state": "locked"}),
    ("set a ten minute timer", "HassStartTimer", {"minutes": 10}),
]


def test_everyday_commands(parser):
    """Every intent right; slot tags move a little whenever the data or code change, so one slip in
    these five is allowed: the floors above guard the rates."""
    slips = []
    for text, intent, slots in EVERYDAY:
        result = parser.parse(text)
        assert result.intent == intent, text
        assert 0 < result.confidence <= 1
        got = {k: result.slots.get(k) for k in slots}
        if got != slots:
            slips.append((text, got))
    assert len(slips) <= 1, slips


COMPLAINTS = [
    ("it's too warm in here", "temperature_step", "down"),
    ("it's too hot in the bedroom", "temperature_step", "down"),
    ("i'm cold", "temperature_step", "up"),
    ("i'm freezing", "temperature_step", "up"),
    ("cool the office down", "temperature_step", "down"),
    ("warm the living room up", "temperature_step", "up"),
    ("it's too dark in here", "brightness_step", "up"),
    ("i can't see a thing", "brightness_step", "up"),
]


def test_complaints_never_move_things_the_wrong_way(parser):
    """A direction read backwards heats a hot room: never allowed. Not reading one makes the
    assistant ask which way, which is safe, so one such slip in these eight is allowed."""
    unread = []
    for text, slot, way in COMPLAINTS:
        said = parser.parse(text).slots.get(slot)
        assert said in (way, None), (text, said)
        if said is None:
            unread.append(text)
    assert len(unread) <= 1, unread


@pytest.mark.parametrize("text", ["what's the capital of france", "order a pizza", "tell me a joke"])
def test_out_of_scope_is_refused(parser, text):
    result = parser.parse(text)
    assert result.intent is None and result.slots == {}


def test_missing_model_is_a_clear_error(tmp_path):
    with pytest.raises(ModelMissing) as caught:
        IntentParser.load(tmp_path)
    assert "assistant train" in caught.value.fix


def run_cli(*args: str, stdin: bytes) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "assistant", "--config", str(PROJECT_ROOT / "config.yaml"), *args],
        input=stdin, capture_output=True, timeout=120, cwd=PROJECT_ROOT,
    )


def test_parse_answers_every_line_even_odd_ones():
    lines = [
        "turn off the lights in the living room".encode(),
        b"",
        b"x" * 12_000,
        b"lights " * 2000,
        b"\x00\x01\x02\xff\xfe binary junk \x7f",
        "включи свет на кухне".encode(),
        "💡💡 turn on the lamp 🙂".encode(),
        "家の電気をつけて".encode(),
    ]
    payload = b"\n".join(lines) + b"\n"
    done = run_cli("parse", stdin=payload)
    assert done.returncode == 0, done.stderr.decode()
    answers = [json.loads(line) for line in done.stdout.decode().splitlines()]
    assert len(answers) == len(lines)
    assert answers[0]["intent"] == "HassTurnOff" and answers[0]["slots"].get("area") == "living room"
    assert answers[1]["intent"] is None and answers[1]["warning"] == "empty line"
    assert "cut" in answers[2]["warning"]
    assert "words" in answers[3]["warning"] or "cut" in answers[3]["warning"]
    for answer in answers:
        assert set(answer) >= {"text", "intent", "confidence", "slots"}
        assert 0.0 <= answer["confidence"] <= 1.0
    assert b"Traceback" not in done.stderr


def test_eval_reports_figures_on_the_hand_written_commands():
    done = run_cli("eval", str(REALISTIC), "--json", stdin=b"")
    assert done.returncode == 0, done.stderr.decode()
    figures = json.loads(done.stdout)
    assert figures["sentences"] == len(REALISTIC.read_text().splitlines())
    # Measured 89-92% intent accuracy, 97.5-100% of chatter refused and 6-8% of commands refused
    # (the threshold trades the last for held-out chatter); floors below that guard regressions.
    assert figures["intent_accuracy"] >= 0.85
    assert figures["out_of_scope_rejected"] >= 0.9
    assert figures["in_scope_rejected"] <= 0.1


def test_eval_of_a_bad_file_is_one_clear_message(tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"text": "lights on", "intent": "HassTurnOn"}\nnot json\n', encoding="utf-8")
    done = run_cli("eval", str(bad), stdin=b"")
    assert done.returncode == 2
    assert "line 2: not JSON" in done.stderr.decode() and b"Traceback" not in done.stderr
