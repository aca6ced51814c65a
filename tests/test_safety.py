"""The safety rules with fakes at their boundaries: strict yes answers, the PIN lock-out, the gate's
reasons to act, ranges, honest outcomes in the audit log, stale states, and secrets never shown.
The same rules against the real model and a real Home Assistant are in test_safety_console.py."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from assistant.audit import AuditLog
from assistant.config import ConfigError, config_from_dict
from assistant.home.errors import HomeTimeout, Unreachable
from assistant.home.model import EntityState
from assistant.logs import redact, scrub
from assistant.messages import Clarity, Hearing, IntentResult, Lexicon, Plan, ServiceCall
from assistant.pipeline import Pipeline, PipelineSettings
from assistant.respond import Responder
from assistant.safety.answers import Answer, PinGuard, judge_answer, mask_digits
from assistant.safety.confirmation import ConfirmSettings
from assistant.safety.gate import Gate
from tests.safety_lines import NON_ANSWERS, WRONG_PINS
from tests.test_conversation_parts import ANSWERS, HOME, Clock, RecordingHome, ScriptedParser

FAKE_TOKEN = "eyJhbGciOiJIUzI1NiJ9.eyJpc3MiOiJhc3Npc3RhbnQtdGVzdCJ9.c2lnbmF0dXJlLW9mLXRoZS10ZXN0LXRva2Vu"


@pytest.mark.parametrize("answer", NON_ANSWERS)
def test_a_non_answer_is_never_a_yes(answer):
    assert judge_answer(answer, None) is not Answer.YES
    if answer != "yes 1234":  # that one is the yes when the PIN is 1234
        assert judge_answer(answer, "1234") is not Answer.YES


@pytest.mark.parametrize("answer", WRONG_PINS)
def test_a_wrong_pin_or_the_pin_without_a_plain_yes_is_never_a_yes(answer):
    assert judge_answer(answer, "1234") is not Answer.YES


@pytest.mark.parametrize("answer", ["yes", "Yes.", "yeah, do it", "ok go ahead please", "sure", "yes I'm sure"])
def test_a_plain_yes_with_politeness_is_a_yes(answer):
    assert judge_answer(answer, None) is Answer.YES


@pytest.mark.parametrize("answer", ["yes 1234", "yes one two three four", "yes, my pin is 1 2 3 4", "yes 12 34"])
def test_yes_with_exactly_the_pin_is_a_yes(answer):
    assert judge_answer(answer, "1234") is Answer.YES


def test_the_pin_is_masked_and_wrong_pins_lock_risky_actions():
    assert mask_digits("yes one two three 4") == "yes * * * *"
    guard = PinGuard(lockout_seconds=60)
    for _ in range(3):
        guard.record(Answer.WRONG_PIN, 100.0)
    assert guard.locked(100.0) and guard.minutes_left(100.0) == 1 and not guard.locked(161.0)


def make(parser_answers=None, home=None, clock=None, audit=None, **confirm):
    home = home or RecordingHome()
    pipeline = Pipeline(ScriptedParser({**ANSWERS, **(parser_answers or {})}), home, Responder(),
                        PipelineSettings(confirm=ConfirmSettings(**confirm)), monotonic=clock or Clock(),
                        audit=audit)
    return pipeline, home


def test_an_unclear_answer_asks_once_more_then_cancels():
    pipeline, home = make({"hmm": ("HomeConfirm", {}), "yes?": ("HomeConfirm", {})})
    pipeline.handle_text("unlock front")
    assert pipeline.handle_text("hmm").reply_key == "confirm_again"
    assert pipeline.handle_text("yes?").reply_key == "confirm_unclear"
    assert pipeline.handle_text("yes").reply_key == "nothing_to_confirm" and home.calls == []


def test_three_wrong_pins_refuse_risky_actions_for_a_while():
    clock = Clock()
    pipeline, home = make(clock=clock, pin="1234", lockout_seconds=300)
    for _ in range(3):
        pipeline.handle_text("unlock front")
        pipeline.handle_text("yes 9999")
    turn = pipeline.handle_text("unlock front")
    assert turn.reply_key == "pin_locked" and "5 minutes" in turn.reply and home.calls == []
    assert pipeline.handle_text("kitchen on").reply_key == "turned_on"  # ordinary commands still work
    clock.now += 301
    assert pipeline.handle_text("unlock front").reply_key == "confirm_question_pin"


TAUGHT = frozenset({"turn", "on", "off", "the", "kitchen", "light", "lights", "open", "front", "door", "set",
                    "to", "percent", "next", "song", "what's", "my", "calendar", "in", "lock", "louder", "make", "it"})
LEXICON = Lexicon(TAUGHT | {"washed", "garnered"}, TAUGHT)


@pytest.mark.parametrize("line", ["xkq zzv kitchen", "включи свет", "light.turn_on entity_id=all", "12345", "🙂🙂"])
def test_lines_that_are_not_language_are_refused(line):
    assert not Gate(LEXICON).is_language(line, HOME)


def test_a_weak_reason_to_act_needs_words_commands_are_made_of():
    gate = Gate(LEXICON)
    salad = IntentResult("washed louder", "HassSetVolumeRelative", 0.9, {"volume_step": "up"})
    assert gate.check_words(salad, HOME).reply == "rejected"
    assert gate.check_words(IntentResult("make it louder", "HassSetVolumeRelative", 0.9, {}), HOME) is None
    named = IntentResult("turn on the kitchen light washed", "HassTurnOn", 0.9, {"name": "kitchen light"})
    assert gate.check_words(named, HOME) is None  # a device named: one stray word is forgiven


def test_a_room_alone_asks_which_device_and_everything_in_it_means_its_switchables():
    gate = Gate(LEXICON)
    alone = gate.check_words(IntentResult("turn on the kitchen", "HassTurnOn", 0.9, {"area": "kitchen"}), HOME)
    assert alone is not None and alone.reply == "which_device_in" and alone.values["place"] == "in the kitchen"
    everything = IntentResult("turn everything off in the kitchen", "HassTurnOff", 0.9, {"area": "kitchen"})
    assert gate.check_words(everything, HOME) is None
    bare = Gate().check_words(IntentResult("twenty degrees", "HassClimateSetTemperature", 0.9, {"temperature": 20}), HOME)
    assert bare is not None and bare.reply == "no_context"


def test_the_words_must_ask_for_the_service_and_not_its_opposite():
    gate = Gate()
    lock = Plan("locked", {"name": "the front door"}, (ServiceCall("lock", "lock", ("lock.front",)),))
    opened = gate.check_plan(IntentResult("open the front door", "HassTurnOn", 0.9, {"name": "front door"}), lock, HOME,
                             lambda _: None)
    assert opened.reply == "which_action" and opened.refused
    locked = gate.check_plan(IntentResult("lock the front door", "HassTurnOn", 0.9, {"name": "front door"}), lock,
                             HOME, lambda _: None)
    assert locked is lock
    skip = Plan("media_next", {"name": "the tv"}, (ServiceCall("media_player", "media_next_track", ("media_player.tv",)),))
    calendar = IntentResult("what's next on my calendar", "HassMediaNext", 0.9, {})
    assert gate.check_plan(calendar, skip, HOME, lambda _: None).reply == "no_context"


@pytest.mark.parametrize("line, verdict", [
    ("can you sort out the office lights", "which_action"), ("hold on, the office lights", "which_action"),
    ("office lights out", None), ("switch the office lights off, hold on", None),
    ("i'm off to bed, the office lights", "which_action"),
])
def test_a_particle_of_another_verb_does_not_ask_for_off(line, verdict):
    off = Plan("turned_off", {"name": "the office lights"}, (ServiceCall("light", "turn_off", ("light.office",)),))
    checked = Gate().check_plan(IntentResult(line, "HassTurnOff", 0.9, {"name": "office lights"}), off, HOME,
                                lambda _: None)
    assert (checked.reply if checked.refused else None) == verdict


def test_numbers_outside_the_entity_range_are_refused_with_the_range():
    gate = Gate()
    state = EntityState("climate.hall", "heat", {"min_temp": 10, "max_temp": 28})
    plan = Plan("temperature_set", {"name": "the thermostat"},
                (ServiceCall("climate", "set_temperature", ("climate.hall",), {"temperature": 30}),))
    said = IntentResult("set the thermostat to 30", "HassClimateSetTemperature", 0.9, {"temperature": 30})
    refused = gate.check_plan(said, plan, HOME, lambda _: state)
    assert refused.reply == "out_of_range" and (refused.values["low"], refused.values["high"]) == ("10", "28")
    huge = IntentResult("lights to 300 percent", "HassLightSet", 0.9, {"brightness": 300})
    lights = Plan("brightness_set", {"name": "x"}, (ServiceCall("light", "turn_on", ("light.kitchen",), {"brightness_pct": 300}),))
    assert gate.check_plan(huge, lights, HOME, lambda _: None).values["high"] == "100"


class FrozenHome(RecordingHome):
    """Home Assistant that takes the call but never answers in time."""

    def call(self, call):
        self.calls.append(call)
        raise HomeTimeout("no answer in time")

    def read_state(self, entity_id):
        return EntityState(entity_id, "on")


def test_a_call_without_an_answer_is_unknown_and_checked_at_the_next_contact(tmp_path):
    audit = AuditLog(tmp_path / "audit.jsonl")
    pipeline, home = make(home=FrozenHome(), audit=audit)
    turn = pipeline.handle_text("kitchen on")
    assert turn.reply == "Home Assistant didn't answer in time; it may still happen"
    pipeline.handle_text("chatter")
    records = [json.loads(line) for line in (tmp_path / "audit.jsonl").read_text().splitlines()]
    assert [r["event"] for r in records] == ["intent", "outcome", "checked"]
    assert records[1]["result"] == "unknown" and records[2]["states"] == [{"entity_id": "light.kitchen", "state": "on"}]
    assert len(home.calls) == 1  # never retried


def test_nothing_is_done_when_the_audit_log_cannot_take_the_intent():
    audit = AuditLog(Path("/dev/full"))
    pipeline, home = make(audit=audit)
    turn = pipeline.handle_text("kitchen on")
    assert turn.reply_key == "audit_failed" and "No space left" in turn.reply and home.calls == []


def test_ctrl_c_during_a_call_leaves_an_unknown_outcome(tmp_path):
    class Interrupted(RecordingHome):
        def call(self, call):
            raise KeyboardInterrupt

    pipeline, _ = make(home=Interrupted(), audit=AuditLog(tmp_path / "audit.jsonl"))
    with pytest.raises(KeyboardInterrupt):
        pipeline.handle_text("kitchen on")
    records = [json.loads(line) for line in (tmp_path / "audit.jsonl").read_text().splitlines()]
    assert [(r["event"], r.get("result")) for r in records] == [("intent", None), ("outcome", "unknown")]


def test_a_state_answer_while_home_assistant_is_away_says_it_may_be_stale():
    class Away(RecordingHome):
        connected = False

        def read_state(self, entity_id):
            raise Unreachable("connection refused")

    pipeline, _ = make({"is the kitchen light on": ("HassGetState", {"name": "kitchen light", "state": "on"})},
                       home=Away())
    turn = pipeline.handle_text("is the kitchen light on")
    assert turn.reply.endswith("I can't reach Home Assistant right now, so that may be out of date")


def test_secrets_are_scrubbed_by_shape_and_by_name():
    assert FAKE_TOKEN not in scrub(f"Authorization: Bearer {FAKE_TOKEN}")
    redact("plain-secret-value")
    assert "plain-secret-value" not in scrub("token plain-secret-value here")
    assert scrub("light.kitchen_lights at http://127.0.0.1:8124/api") == "light.kitchen_lights at http://127.0.0.1:8124/api"


@pytest.mark.parametrize("section", [{"url": FAKE_TOKEN}, {"verify_tls": FAKE_TOKEN}, {"token": [FAKE_TOKEN]},
                                     {"timeout": FAKE_TOKEN}])
def test_a_token_under_the_wrong_key_is_not_echoed(section, tmp_path):
    with pytest.raises(ConfigError) as caught:
        config = config_from_dict({"home_assistant": section}, base_dir=tmp_path)
        from assistant.home.adapter import ConnectionSettings

        ConnectionSettings.from_config(config)
    assert FAKE_TOKEN not in str(caught.value) and FAKE_TOKEN[:20] not in caught.value.describe()


def test_an_unquoted_pin_says_to_quote_it(tmp_path):
    with pytest.raises(ConfigError) as caught:
        config_from_dict({"confirm": {"pin": 1234}}, base_dir=tmp_path)
    assert 'pin: "1234"' in str(caught.value)


def test_a_list_command_names_the_list_and_mute_needs_a_mute_word():
    gate = Gate()
    contact = IntentResult("add tom to my contact list", "HassShoppingListAddItem", 0.9, {"item": "tom"})
    assert gate.check_words(contact, HOME).reply == "list_not_found"
    shopping = IntentResult("add milk to my shopping list", "HassShoppingListAddItem", 0.9, {"item": "milk"})
    assert gate.check_words(shopping, HOME) is None
    mute = Plan("muted", {"name": "the tv"}, (ServiceCall("media_player", "volume_mute", ("media_player.tv",),
                                                          {"is_volume_muted": True}),))
    unread = IntentResult("show unread tv", "HassMediaPlayerMute", 0.9, {})
    assert gate.check_plan(unread, mute, HOME, lambda _: None).reply == "which_action"


def test_a_log_file_that_cannot_be_written_is_one_clear_error():
    from assistant.errors import AssistantError
    from assistant.logs import setup_logging

    with pytest.raises(AssistantError) as caught:
        setup_logging("info", Path("/dev/null/logs/assistant.log"))
    assert caught.value.message.startswith("logging.file: cannot write /dev/null/logs/assistant.log")
    setup_logging("warning")


def test_ctrl_c_before_the_call_is_sent_records_that_nothing_was_sent(tmp_path):
    class InterruptedAudit(AuditLog):
        def intend(self, *args):
            super().intend(*args)
            raise KeyboardInterrupt  # as if Ctrl-C came just after the intent was on disk

    pipeline, home = make(audit=InterruptedAudit(tmp_path / "audit.jsonl"))
    with pytest.raises(KeyboardInterrupt):
        pipeline.handle_text("kitchen on")
    records = [json.loads(line) for line in (tmp_path / "audit.jsonl").read_text().splitlines()]
    assert [(r["event"], r.get("result")) for r in records] == [("intent", None), ("outcome", "failed")]
    assert records[1]["calls"][0]["error"] == "not_sent" and home.calls == []


def test_a_command_for_later_is_not_carried_out_now():
    gate = Gate()
    later = IntentResult("turn the porch light on at 7 pm", "HassTurnOn", 0.9, {"name": "porch light", "when": "at 7 pm"})
    refusal = gate.check_words(later, HOME)
    assert refusal is not None and refusal.refused and refusal.reply == "only_now"
    assert "at 7 pm" in Responder().text(refusal.reply, refusal.values)
    question = IntentResult("is the porch light on at night", "HassGetState", 0.9, {"name": "porch light", "when": "x"})
    assert gate.check_words(question, HOME) is None  # questions answer now


def test_a_spoken_command_heard_in_doubt_between_opposites_is_asked_about():
    gate = Gate()
    command = IntentResult("turn off the porch light", "HassTurnOff", 0.9, {"name": "porch light"})
    refusal = gate.check_words(command, HOME, Hearing(doubt=("off", "on")))
    assert refusal is not None and refusal.reply == "which_word" and refusal.values == {"one": "off", "other": "on"}
    assert gate.check_words(command, HOME) is None
    question = IntentResult("is the porch light off", "HassGetState", 0.9, {"name": "porch light", "state": "off"})
    assert gate.check_words(question, HOME, Hearing(doubt=("off", "on"))) is None  # the answer says which it is


def test_a_lock_or_a_cover_needs_a_surer_hearing_than_a_light():
    gate = Gate()
    loose = Hearing(Clarity.SURE)
    lock = Plan("locked", {"name": "the front door"}, (ServiceCall("lock", "lock", ("lock.front",)),))
    said = IntentResult("lock the front door", "HassTurnOn", 0.9, {"name": "front door"})
    assert gate.check_plan(said, lock, HOME, lambda _: None, hearing=loose).reply == "not_heard"
    assert gate.check_plan(said, lock, HOME, lambda _: None, hearing=Hearing()) is lock
    unclear = Hearing(Clarity.SURE_FOR_RISKY)
    assert gate.check_plan(said, lock, HOME, lambda _: None, hearing=unclear).check_heard  # "Did you say ...?"
    light = Plan("turned_on", {"name": "the lamp"}, (ServiceCall("light", "turn_on", ("light.lamp",)),))
    on = IntentResult("turn on the lamp", "HassTurnOn", 0.9, {"name": "lamp"})
    assert gate.check_plan(on, light, HOME, lambda _: None, hearing=loose) is light
    assert gate.check_plan(on, light, HOME, lambda _: None, hearing=unclear) is light


def test_a_spoken_line_the_recogniser_guessed_is_not_acted_on_or_answered():
    gate = Gate()
    command = IntentResult("turn off the porch light", "HassTurnOff", 0.9, {"name": "porch light"})
    question = IntentResult("is the porch light off", "HassGetState", 0.9, {"name": "porch light", "state": "off"})
    for line in (command, question):
        refusal = gate.check_words(line, HOME, Hearing(Clarity.GUESS))
        assert refusal is not None and refusal.refused and refusal.reply == "not_heard"
        assert gate.check_words(line, HOME) is None
