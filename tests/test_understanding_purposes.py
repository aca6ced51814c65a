"""Light for a purpose, colours asked for with any verb, product words for devices, toggling on or
off, a complaint followed by the request itself, and commands meant for later: through the real
model, console and demo home, with the effect read back from Home Assistant. The sentences are
this file's own."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.messages import ServiceCall
from assistant.nlu.needs import NIGHT_LIGHT, WORKING_LIGHT
from tests.conftest import write_config
from tests.ha_probe import ServiceCallCounter
from tests.test_console import run_console
from tests.test_home_integration import wait_until
from tests.test_understanding_kinds import percent

OFFICE = "light.office_rgbw_lights"


@pytest.fixture
def config_path(demo_home, tmp_path) -> Path:
    return write_config(tmp_path, url=demo_home.url, token="", token_file=str(demo_home.token_file))


def test_light_for_a_purpose_sets_a_brightness_that_fits_it(config_path, adapter):
    adapter.call(ServiceCall("light", "turn_on", (OFFICE,), {"brightness_pct": 40}))
    turns = run_console(config_path, ["get the office lamps ready for some reading"])
    assert turns[0]["intent"] == "HassLightSet", turns[0]
    assert wait_until(lambda: percent(adapter, OFFICE) == WORKING_LIGHT), turns[0]["reply"]
    turns = run_console(config_path, ["i'm off to bed, sort the office lights"])  # 'off' here is leaving
    assert wait_until(lambda: percent(adapter, OFFICE) == NIGHT_LIGHT), turns[0]["reply"]


def test_a_colour_asked_for_with_any_verb_colours_the_light(config_path, adapter):
    adapter.call(ServiceCall("light", "turn_on", (OFFICE,), {"rgb_color": [255, 255, 255]}))
    turns = run_console(config_path, ["could the office go green"])
    assert turns[0]["intent"] == "HassLightSet" and turns[0]["slots"].get("color") == "green", turns[0]
    def green_most():
        red, green, blue = adapter.read_state(OFFICE).attributes.get("rgb_color") or (0, 0, 0)
        return green > max(red, blue) + 60
    assert wait_until(green_most), adapter.read_state(OFFICE).attributes


def test_toggle_with_on_or_off_does_what_it_says(config_path, adapter):
    adapter.call(ServiceCall("light", "turn_on", (OFFICE,)))
    turns = run_console(config_path, ["can you flip the office lights off for me"])
    assert turns[0]["intent"] == "HassTurnOff", turns[0]
    assert wait_until(lambda: adapter.read_state(OFFICE).state == "off")
    turns = run_console(config_path, ["could you toggle on the office lights please"])  # 'on' decides
    assert turns[0]["intent"] in ("HassTurnOn", "HassToggle"), turns[0]
    assert [c["service"] for c in turns[0]["calls"]] == ["turn_on"], turns[0]
    assert wait_until(lambda: adapter.read_state(OFFICE).state == "on")
    turns = run_console(config_path, ["could you toggle on the office lights please"])  # already on: stays on
    assert adapter.read_state(OFFICE).state == "on", turns[0]["reply"]


def test_a_product_word_names_the_kind_of_device(config_path, adapter):
    adapter.call(ServiceCall("light", "turn_on", (OFFICE,)))
    turns = run_console(config_path, ["switch the hue bulbs in the office off"])
    assert turns[0]["slots"].get("domain") == "light", turns[0]
    assert wait_until(lambda: adapter.read_state(OFFICE).state == "off")


def test_the_request_after_a_complaint_decides(config_path, adapter):
    adapter.call(ServiceCall("light", "turn_on", (OFFICE,), {"brightness_pct": 100}))
    turns = run_console(config_path, ["it's so bright in the office, please turn the lights off"])
    assert turns[0]["intent"] == "HassTurnOff", turns[0]
    assert wait_until(lambda: adapter.read_state(OFFICE).state == "off")


def test_a_command_for_later_touches_nothing_now_and_says_so(config_path, demo_home, adapter):
    adapter.call(ServiceCall("light", "turn_off", (OFFICE,)))
    lines = ["at half past nine put the office lights on", "turn the office lights on in a quarter of an hour",
             "every weekday at 6 am start the robot", "switch the coffee maker on tomorrow morning"]
    token = demo_home.token_file.read_text(encoding="utf-8").strip()
    with ServiceCallCounter(demo_home.url, token) as counter:
        turns = run_console(config_path, lines)
    assert counter.calls == [], counter.calls
    understood = [turn for turn in turns if turn["intent"]]
    assert len(understood) >= 3, turns  # the others were refused by the model: also nothing done
    for turn in understood:
        assert turn["slots"].get("when") and "right away" in turn["reply"] and turn["calls"] == [], turn
    assert adapter.read_state(OFFICE).state == "off"
