"""The kinds of phrasing people use, each through the real model, the real console and the real
demo home, with the effect read back from Home Assistant. The sentences here are this file's own;
none is a template's or the held-out files' sentence."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.messages import ServiceCall
from tests.conftest import write_config
from tests.ha_probe import ServiceCallCounter
from tests.test_home_integration import wait_until
from tests.test_console import run_console

LIGHTS = ("light.living_room_rgbww_lights", "light.kitchen_lights", "light.bed_light", "light.ceiling_lights",
          "light.office_rgbw_lights", "light.entrance_color_white_lights")


@pytest.fixture
def config_path(demo_home, tmp_path) -> Path:
    return write_config(tmp_path, url=demo_home.url, token="", token_file=str(demo_home.token_file))


def percent(adapter, entity_id: str) -> int:
    state = adapter.read_state(entity_id)
    return 0 if state.state != "on" else round(state.attributes["brightness"] * 100 / 255)


def test_degree_verbs_change_brightness_the_way_they_say(config_path, adapter):
    adapter.call(ServiceCall("light", "turn_on", ("light.kitchen_lights",), {"brightness_pct": 50}))
    turns = run_console(config_path, ["take the kitchen lights down a touch", "kitchen could use more light"])
    assert [t["intent"] for t in turns] == ["HomeLightSetRelative"] * 2
    after_down = turns[0]["calls"][0]["data"]["brightness_step_pct"]
    assert after_down < 0 and turns[1]["calls"][0]["data"]["brightness_step_pct"] > 0
    assert percent(adapter, "light.kitchen_lights") == 50  # down by a step, then up by the same step
    turns = run_console(config_path, ["reduce the brightness of the kitchen lights"])
    assert percent(adapter, "light.kitchen_lights") < 50, turns[0]["reply"]


def test_every_and_everywhere_mean_the_whole_home(config_path, adapter):
    for entity_id in LIGHTS:
        adapter.call(ServiceCall("light", "turn_on", (entity_id,)))
    turns = run_console(config_path, ["switch off every single lamp"])
    assert turns[0]["slots"].get("scope") == "home", turns[0]
    assert wait_until(lambda: all(adapter.read_state(e).state == "off" for e in LIGHTS))
    turns = run_console(config_path, ["put the lights on all over the house"])
    assert wait_until(lambda: all(adapter.read_state(e).state == "on" for e in LIGHTS)), turns[0]["reply"]
    turns = run_console(config_path, ["lights off downstairs"])  # a floor said: that floor only
    assert wait_until(lambda: adapter.read_state("light.kitchen_lights").state == "off")
    assert adapter.read_state("light.bed_light").state == "on", turns[0]["reply"]


def test_a_count_question_answers_with_the_number_home_assistant_holds(config_path, adapter):
    adapter.call(ServiceCall("light", "turn_off", LIGHTS))
    adapter.call(ServiceCall("light", "turn_on", ("light.kitchen_lights", "light.office_rgbw_lights")))
    turns = run_console(config_path, ["how many lights are on?"])
    lit = [e for e in LIGHTS if adapter.read_state(e).state == "on"]
    assert len(lit) == 2
    assert turns[0]["reply"].startswith("2:"), turns[0]["reply"]
    assert "kitchen lights" in turns[0]["reply"] and "office lights" in turns[0]["reply"]
    assert turns[0]["calls"] == []


def test_questions_over_sets_read_the_states_they_ask_about(config_path, adapter):
    adapter.call(ServiceCall("lock", "lock", ("lock.front_door", "lock.kitchen_door", "lock.openable_lock")))
    assert wait_until(lambda: all(adapter.read_state(e).state == "locked"
                                for e in ("lock.front_door", "lock.kitchen_door", "lock.openable_lock")))
    unlocked = [e for e in ("lock.front_door", "lock.kitchen_door", "lock.poorly_installed_door", "lock.openable_lock")
                if adapter.read_state(e).state != "locked"]
    adapter.call(ServiceCall("cover", "close_cover", ("cover.garage_door",)))
    assert wait_until(lambda: adapter.read_state("cover.garage_door").state == "closed", 30)
    turns = run_console(config_path, ["are any of the doors unlocked?", "have we left the garage open?"])
    reply = turns[0]["reply"]
    if unlocked:
        assert "garage side door" in reply and "front door" not in reply, reply
    else:
        assert reply.startswith("No"), reply
    assert {s["entity_id"] for s in turns[1]["states"]} == {"cover.garage_door"}, turns[1]
    assert turns[1]["reply"].startswith("No"), turns[1]["reply"]
    assert all(t["calls"] == [] for t in turns)


def test_devices_by_kind_pick_the_one_on_this_floor(config_path, adapter):
    adapter.call(ServiceCall("vacuum", "return_to_base", ("vacuum.0_ground_floor", "vacuum.1_first_floor")))
    adapter.call(ServiceCall("media_player", "turn_off", ("media_player.living_room",)))
    turns = run_console(config_path, ["get the robot going", "switch the telly on"])
    assert [c["entity_ids"] for c in turns[0]["calls"]] == [["vacuum.0_ground_floor"]], turns[0]
    assert wait_until(lambda: adapter.read_state("vacuum.0_ground_floor").state == "cleaning")
    assert adapter.read_state("vacuum.1_first_floor").state != "cleaning"
    assert wait_until(lambda: adapter.read_state("media_player.living_room").state != "off"), turns[1]["reply"]


def test_cleaning_one_room_starts_the_vacuum_of_its_floor_and_says_so(config_path, adapter):
    adapter.call(ServiceCall("vacuum", "return_to_base", ("vacuum.0_ground_floor", "vacuum.1_first_floor")))
    turns = run_console(config_path, ["hoover the office"])
    assert turns[0]["intent"] == "HassVacuumCleanArea", turns[0]
    assert wait_until(lambda: adapter.read_state("vacuum.1_first_floor").state == "cleaning")
    assert "whole floor" in turns[0]["reply"]


def test_fractions_are_amounts(config_path, adapter):
    adapter.call(ServiceCall("light", "turn_on", ("light.office_rgbw_lights",), {"brightness_pct": 90}))
    turns = run_console(config_path, ["office lights on half"])
    assert turns[0]["intent"] == "HassLightSet" and turns[0]["slots"]["brightness"] == 50, turns[0]
    assert abs(percent(adapter, "light.office_rgbw_lights") - 50) <= 1


def test_asking_by_need_uses_the_device_that_serves_it(config_path, adapter):
    adapter.call(ServiceCall("switch", "turn_off", ("switch.coffee_maker",)))
    adapter.call(ServiceCall("light", "turn_on", ("light.office_rgbw_lights",), {"brightness_pct": 40}))
    turns = run_console(config_path, ["i'd love a coffee"])
    assert turns[0]["calls"] and turns[0]["calls"][0]["entity_ids"] == ["switch.coffee_maker"], turns[0]
    assert wait_until(lambda: adapter.read_state("switch.coffee_maker").state == "on")
    run_console(config_path, ["the office is too dark"])
    assert percent(adapter, "light.office_rgbw_lights") > 40


def test_the_shopping_list_is_read_out(config_path, adapter):
    adapter.call(ServiceCall("todo", "add_item", ("todo.shopping_list",), {"item": "Parsnips"}))
    turns = run_console(config_path, ["what's on the shopping list?"])
    assert turns[0]["intent"] == "HomeListGetItems", turns[0]
    assert "Parsnips" in turns[0]["reply"] and turns[0]["calls"] == []


def test_everyday_requests_near_the_edges_touch_nothing(config_path, demo_home):
    lines = ["sports headlines please", "anything in my diary for friday", "any unread emails", "cinema near me",
             "remind me to renew the car tax", "book a table for six", "what's trending on tiktok",
             "directions to the leisure centre", "half seven tomorrow", "so stressful"]
    token = demo_home.token_file.read_text(encoding="utf-8").strip()
    with ServiceCallCounter(demo_home.url, token) as counter:
        turns = run_console(config_path, lines)
    assert counter.calls == [], counter.calls
    assert all(t["calls"] == [] for t in turns)
