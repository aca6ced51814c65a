"""The HA adapter against a real Home Assistant Core (the demo home, started once per session)."""

from __future__ import annotations

import logging
import socket
import threading
import time

import pytest

from assistant.config_schema import Config
from assistant.home import actions
from assistant.home.adapter import ConnectionSettings, HomeAssistantAdapter
from assistant.home.errors import EntityNotFound, HomeTimeout, ServiceFailed, Unauthorized, Unreachable
from assistant.home.readings import read
from assistant.home.resolver import NameResolver, Target
from assistant.messages import ServiceCall
from tests.conftest import free_port

pytestmark = pytest.mark.ha


def entity(adapter: HomeAssistantAdapter, entity_id: str):
    found = adapter.home.entity(entity_id)
    assert found is not None, f"{entity_id} missing from the loaded home"
    return found


def wait_until(condition, seconds: float = 10.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return False


def test_the_home_loads_with_rooms_floors_names_and_aliases(adapter):
    home = adapter.home
    assert home.version == "2024.3.3"
    assert {a.name for a in home.areas} >= {"Living Room", "Kitchen", "Bedroom", "Hallway", "Garage", "Office", "Garden"}
    assert {f.name for f in home.floors} == {"Ground Floor", "Upstairs", "Outside"}
    kitchen_light = entity(adapter, "light.kitchen_lights")
    assert kitchen_light.area_id == "kitchen"
    assert "cooker lights" in kitchen_light.aliases  # from config.yaml
    assert "sofa lights" in entity(adapter, "light.living_room_rgbww_lights").aliases  # from HA's registry
    assert entity(adapter, "lock.front_door").area_id == "hallway"  # from config.yaml's entity_areas
    assert home.floor_of(entity(adapter, "light.bed_light")).name == "Upstairs"
    assert adapter.cached_state("sensor.outside_temperature").unit == "°C"


def test_spoken_names_resolve_against_the_real_home(adapter):
    resolver = NameResolver()
    assert [e.entity_id for e in resolver.resolve(adapter.home, Target(name="the kitchen lamp")).entities] == [
        "light.kitchen_lights"
    ]
    upstairs = resolver.resolve(adapter.home, Target(floor="upstairs", domains=("light",)))
    assert sorted(e.entity_id for e in upstairs.entities) == ["light.bed_light", "light.ceiling_lights", "light.office_rgbw_lights"]


def test_brightness_change_is_read_back_from_ha(adapter):
    kitchen = [entity(adapter, "light.kitchen_lights")]
    adapter.call(actions.set_brightness(kitchen, 30))
    state = adapter.read_state("light.kitchen_lights")
    assert state.state == "on"
    assert str(read(state, adapter.home)) == "30%"


def test_turn_off_a_room_by_domain_then_on_again(adapter):
    bedroom_lights = NameResolver().resolve(adapter.home, Target(area="bedroom", domains=("light",))).entities
    for call in actions.turn(bedroom_lights, on=False):
        adapter.call(call)
    assert {adapter.read_state(e.entity_id).state for e in bedroom_lights} == {"off"}
    for call in actions.turn(bedroom_lights, on=True):
        adapter.call(call)
    assert {adapter.read_state(e.entity_id).state for e in bedroom_lights} == {"on"}


def test_colour_and_colour_temperature(adapter):
    office = [entity(adapter, "light.office_rgbw_lights")]
    adapter.call(actions.set_color(office, "red"))
    assert tuple(adapter.read_state("light.office_rgbw_lights").attributes["rgb_color"])[0] == 255
    ceiling = [entity(adapter, "light.ceiling_lights")]
    adapter.call(actions.set_color_temperature(ceiling, 3000))
    assert adapter.read_state("light.ceiling_lights").attributes["color_temp_kelvin"] == pytest.approx(3000, abs=50)


def test_lock_and_unlock(adapter):
    back_door = [entity(adapter, "lock.kitchen_door")]
    adapter.call(actions.turn(back_door, on=True)[0])
    assert adapter.read_state("lock.kitchen_door").state == "locked"
    adapter.call(actions.turn(back_door, on=False)[0])
    assert adapter.read_state("lock.kitchen_door").state == "unlocked"


def test_cover_position_and_close(adapter):
    blinds = [entity(adapter, "cover.hall_window")]
    adapter.call(actions.set_position(blinds, 50))
    assert wait_until(lambda: adapter.read_state("cover.hall_window").attributes.get("current_position") == 50, 30)
    adapter.call(actions.turn(blinds, on=False)[0])
    assert wait_until(lambda: adapter.read_state("cover.hall_window").state == "closed", 30)


def test_an_action_the_device_cannot_do_is_a_typed_error(adapter):
    with pytest.raises(ServiceFailed) as caught:
        adapter.call(actions.set_position([entity(adapter, "cover.kitchen_window")], 50))
    assert "cover.set_cover_position" in caught.value.message and "support" in caught.value.fix


def test_thermostat_temperature_and_mode(adapter):
    thermostat = [entity(adapter, "climate.hvac")]
    adapter.call(actions.set_temperature(thermostat, 19))
    state = adapter.read_state("climate.hvac")
    assert state.attributes["temperature"] == 19
    assert str(read(state, adapter.home, "temperature")) == "19 °C"
    adapter.call(actions.set_hvac_mode(thermostat, "heat"))
    assert adapter.read_state("climate.hvac").state == "heat"


def test_media_player_controls_and_volume(adapter):
    tv = [entity(adapter, "media_player.living_room")]
    adapter.call(actions.media(tv, "pause"))
    assert adapter.read_state("media_player.living_room").state == "paused"
    adapter.call(actions.media(tv, "play"))
    adapter.call(actions.set_volume(tv, 40))
    state = adapter.read_state("media_player.living_room")
    assert state.state == "playing" and str(read(state, adapter.home, "volume_level")) == "40%"


def test_vacuum_start_and_return(adapter):
    vacuum = [entity(adapter, "vacuum.0_ground_floor")]
    adapter.call(actions.turn(vacuum, on=True)[0])
    assert adapter.read_state("vacuum.0_ground_floor").state == "cleaning"
    adapter.call(actions.turn(vacuum, on=False)[0])
    assert adapter.read_state("vacuum.0_ground_floor").state == "returning"


def test_scene_and_script(adapter):
    adapter.call(actions.turn([entity(adapter, "light.ceiling_lights")], on=True)[0])
    adapter.call(actions.turn([entity(adapter, "scene.movie_time")], on=True)[0])
    assert adapter.read_state("light.ceiling_lights").state == "off"
    adapter.call(actions.turn([entity(adapter, "lock.front_door")], on=False)[0])
    adapter.call(actions.turn([entity(adapter, "script.good_night")], on=True)[0])
    assert wait_until(lambda: adapter.read_state("lock.front_door").state == "locked", 15)


def test_todo_items(adapter):
    shopping = [entity(adapter, "todo.shopping_list")]
    adapter.call(actions.add_todo_item(shopping, "oat milk"))
    assert "oat milk" in [item["summary"] for item in adapter.todo_items("todo.shopping_list")]
    adapter.call(actions.remove_todo_item(shopping, "oat milk"))
    assert "oat milk" not in [item["summary"] for item in adapter.todo_items("todo.shopping_list")]


def test_unknown_entity_is_a_typed_error(adapter):
    with pytest.raises(EntityNotFound) as caught:
        adapter.call(ServiceCall("light", "turn_on", ("light.garage_heater",)))
    assert caught.value.code == "entity_not_found" and "light.garage_heater" in caught.value.message
    with pytest.raises(EntityNotFound):
        adapter.read_state("light.garage_heater")


def test_unknown_service_is_a_typed_error(adapter):
    with pytest.raises(ServiceFailed) as caught:
        adapter.call(ServiceCall("light", "explode", ("light.kitchen_lights",)))
    assert caught.value.code == "service_failed"


def test_wrong_token_is_unauthorized_and_never_shown(demo_home, caplog):
    caplog.set_level(logging.DEBUG)
    wrong = "wrong-token-" + "x" * 40
    adapter = HomeAssistantAdapter(ConnectionSettings(demo_home.url, wrong))
    with pytest.raises(Unauthorized) as rest_error:
        adapter.check()
    with pytest.raises(Unauthorized) as ws_error:
        adapter.load()
    adapter.close()
    for error in (rest_error.value, ws_error.value):
        assert error.code == "unauthorized" and "token" in error.fix
        assert wrong not in error.describe()
    assert wrong not in caplog.text


def test_the_real_token_never_reaches_the_logs(demo_home, caplog):
    caplog.set_level(logging.DEBUG)
    adapter = HomeAssistantAdapter(ConnectionSettings(demo_home.url, demo_home.token))
    adapter.load()
    adapter.call(ServiceCall("light", "toggle", ("light.bed_light",)))
    with pytest.raises(EntityNotFound):
        adapter.read_state("light.nope")
    adapter.close()
    assert "light.bed_light" in caplog.text  # logging was on
    assert demo_home.token not in caplog.text


def test_a_stopped_server_is_unreachable():
    adapter = HomeAssistantAdapter(ConnectionSettings(f"http://127.0.0.1:{free_port()}", "some-token-value", timeout=3))
    with pytest.raises(Unreachable) as caught:
        adapter.check()
    assert caught.value.code == "unreachable" and "running" in caught.value.fix
    with pytest.raises(Unreachable):
        adapter.load()


def test_a_server_that_never_answers_times_out():
    silent = socket.socket()
    silent.bind(("127.0.0.1", 0))
    silent.listen(8)
    accepted = []
    stop = threading.Event()

    def accept() -> None:
        silent.settimeout(0.2)
        while not stop.is_set():
            try:
                accepted.append(silent.accept()[0])
            except OSError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        adapter = HomeAssistantAdapter(ConnectionSettings(f"http://127.0.0.1:{silent.getsockname()[1]}", "tok-tok-tok", timeout=1))
        with pytest.raises(HomeTimeout) as caught:
            adapter.check()
        assert caught.value.code == "timeout" and "timeout" in caught.value.fix
    finally:
        stop.set()
        thread.join()
        for connection in accepted:
            connection.close()
        silent.close()


def test_watcher_follows_state_and_registry_changes(demo_config: Config):
    watched = HomeAssistantAdapter.from_config(demo_config)
    actor = HomeAssistantAdapter.from_config(demo_config)
    try:
        watched.watch()
        assert wait_until(lambda: watched.watching)
        actor.load()
        target = "on" if watched.cached_state("switch.ac").state == "off" else "off"
        actor.call(ServiceCall("switch", f"turn_{target}", ("switch.ac",)))
        assert wait_until(lambda: watched.cached_state("switch.ac").state == target)

        ws = actor.open_websocket()
        try:
            ws.recv_result(ws.send("config/entity_registry/update", entity_id="switch.ac", aliases=["cooling"]))
            assert wait_until(lambda: "cooling" in watched.home.entity("switch.ac").aliases)
        finally:
            ws.recv_result(ws.send("config/entity_registry/update", entity_id="switch.ac", aliases=["ac"]))
            ws.__exit__(None, None, None)
    finally:
        watched.close()
        actor.close()


def test_the_watcher_stops_at_once_in_a_quiet_home(demo_config: Config):
    """Its event socket has no read deadline, so stopping must not wait for the next event."""
    home_adapter = HomeAssistantAdapter.from_config(demo_config)
    home_adapter.load()
    home_adapter.watch()
    deadline = time.monotonic() + 10
    while not home_adapter.watching and time.monotonic() < deadline:
        time.sleep(0.05)
    assert home_adapter.watching
    started = time.monotonic()
    home_adapter.close()
    assert time.monotonic() - started < 3
