"""Building HA service calls for what a person asks, per domain (the call, not the sending).

Functions return ``ServiceCall`` values; ``HomeAssistantAdapter.call`` sends them. Numbers are
passed on as said, never clamped: the safety gate refuses one out of the entity's range. Entities of
several domains in one request ('turn off everything in the kitchen') become one call per domain.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any, Iterable, Literal

from assistant.errors import AssistantError
from assistant.home.model import Entity
from assistant.messages import ServiceCall

# (domain) -> (service for "on", service for "off"); domains absent here use turn_on/turn_off.
_ON_OFF = {
    "cover": ("open_cover", "close_cover"),
    "lock": ("lock", "unlock"),
    "vacuum": ("start", "return_to_base"),
    "valve": ("open_valve", "close_valve"),
    "scene": ("turn_on", None),
    "script": ("turn_on", "turn_off"),
    "button": ("press", None),
    "input_button": ("press", None),
    "alarm_control_panel": ("alarm_arm_away", "alarm_disarm"),
    "lawn_mower": ("start_mowing", "dock"),
}
_TOGGLES = frozenset({"light", "switch", "fan", "input_boolean", "media_player", "cover", "humidifier", "climate", "siren"})
MediaAction = Literal["play", "pause", "stop", "next", "previous"]
_MEDIA_SERVICES = {
    "play": "media_play",
    "pause": "media_pause",
    "stop": "media_stop",
    "next": "media_next_track",
    "previous": "media_previous_track",
}


class UnsupportedAction(AssistantError):
    code = "unsupported"


def _group(entities: Iterable[Entity]) -> dict[str, tuple[str, ...]]:
    by_domain: dict[str, list[str]] = defaultdict(list)
    for entity in entities:
        by_domain[entity.domain].append(entity.entity_id)
    return {domain: tuple(ids) for domain, ids in by_domain.items()}


def _one_domain(entities: Iterable[Entity], allowed: set[str], what: str) -> tuple[str, tuple[str, ...]]:
    groups = _group(entities)
    wrong = sorted(set(groups) - allowed)
    if wrong or not groups:
        raise UnsupportedAction(f"{what} works on {', '.join(sorted(allowed))}, not on {', '.join(wrong) or 'nothing'}")
    (domain, ids), *rest = groups.items()
    if rest:
        raise UnsupportedAction(f"{what}: one kind of device at a time")
    return domain, ids


# Domains that only report (sensors, weather...) have nothing to switch.
_SWITCHABLE = frozenset({*_ON_OFF, *_TOGGLES, "automation", "input_boolean", "remote", "water_heater", "group"})


def turn(entities: Iterable[Entity], on: bool) -> list[ServiceCall]:
    """On/off by each domain's own verb: lights turn on, covers open, locks lock, vacuums start."""
    calls = []
    for domain, ids in _group(entities).items():
        if domain not in _SWITCHABLE:
            raise UnsupportedAction(f"a {domain.replace('_', ' ')} cannot be turned on or off")
        service = _ON_OFF.get(domain, ("turn_on", "turn_off"))[0 if on else 1]
        if service is None:
            raise UnsupportedAction(f"a {domain} can be turned on but not off")
        calls.append(ServiceCall(domain, service, ids))
    return calls


def toggle(entities: Iterable[Entity]) -> list[ServiceCall]:
    calls = []
    for domain, ids in _group(entities).items():
        if domain not in _TOGGLES:
            raise UnsupportedAction(f"a {domain} cannot be toggled")
        calls.append(ServiceCall(domain, "toggle", ids))
    return calls


def set_brightness(entities: Iterable[Entity], percent: int) -> ServiceCall:
    _, ids = _one_domain(entities, {"light"}, "brightness")
    return ServiceCall("light", "turn_on", ids, {"brightness_pct": percent})


def change_brightness(entities: Iterable[Entity], step_percent: int) -> ServiceCall:
    """Relative: +20 brighter, -20 dimmer."""
    _, ids = _one_domain(entities, {"light"}, "brightness")
    return ServiceCall("light", "turn_on", ids, {"brightness_step_pct": step_percent})


def set_color(entities: Iterable[Entity], color_name: str) -> ServiceCall:
    _, ids = _one_domain(entities, {"light"}, "colour")
    return ServiceCall("light", "turn_on", ids, {"color_name": color_name.lower().replace(" ", "")})


def set_color_temperature(entities: Iterable[Entity], kelvin: int) -> ServiceCall:
    _, ids = _one_domain(entities, {"light"}, "colour temperature")
    return ServiceCall("light", "turn_on", ids, {"color_temp_kelvin": kelvin})


def set_temperature(entities: Iterable[Entity], degrees: float) -> ServiceCall:
    domain, ids = _one_domain(entities, {"climate", "water_heater"}, "temperature")
    return ServiceCall(domain, "set_temperature", ids, {"temperature": degrees})


def set_hvac_mode(entities: Iterable[Entity], mode: str) -> ServiceCall:
    _, ids = _one_domain(entities, {"climate"}, "heating mode")
    return ServiceCall("climate", "set_hvac_mode", ids, {"hvac_mode": mode})


def set_position(entities: Iterable[Entity], percent: int) -> ServiceCall:
    domain, ids = _one_domain(entities, {"cover", "valve"}, "position")
    return ServiceCall(domain, f"set_{domain}_position", ids, {"position": percent})


def media(entities: Iterable[Entity], action: MediaAction) -> ServiceCall:
    _, ids = _one_domain(entities, {"media_player"}, "media control")
    return ServiceCall("media_player", _MEDIA_SERVICES[action], ids)


def change_volume(entities: Iterable[Entity], levels: dict[str, float], step_percent: int) -> list[ServiceCall]:
    """Louder/quieter: each player's current level (0-1, by entity id) moved by the step."""
    _, ids = _one_domain(entities, {"media_player"}, "volume")
    return [
        ServiceCall("media_player", "volume_set", (entity_id,),
                    {"volume_level": round(_clamp(levels.get(entity_id, 0.5) + step_percent / 100, 0.0, 1.0), 2)})
        for entity_id in ids
    ]


def mute(entities: Iterable[Entity], muted: bool) -> ServiceCall:
    _, ids = _one_domain(entities, {"media_player"}, "muting")
    return ServiceCall("media_player", "volume_mute", ids, {"is_volume_muted": muted})


def set_fan_speed(entities: Iterable[Entity], percent: int) -> ServiceCall:
    _, ids = _one_domain(entities, {"fan"}, "fan speed")
    return ServiceCall("fan", "set_percentage", ids, {"percentage": percent})


def set_volume(entities: Iterable[Entity], percent: int) -> ServiceCall:
    _, ids = _one_domain(entities, {"media_player"}, "volume")
    return ServiceCall("media_player", "volume_set", ids, {"volume_level": percent / 100})


def add_todo_item(entities: Iterable[Entity], item: str) -> ServiceCall:
    _, ids = _one_domain(entities, {"todo"}, "lists")
    return ServiceCall("todo", "add_item", ids, {"item": item})


def complete_todo_item(entities: Iterable[Entity], item: str) -> ServiceCall:
    _, ids = _one_domain(entities, {"todo"}, "lists")
    return ServiceCall("todo", "update_item", ids, {"item": item, "status": "completed"})


def remove_todo_item(entities: Iterable[Entity], item: str) -> ServiceCall:
    _, ids = _one_domain(entities, {"todo"}, "lists")
    return ServiceCall("todo", "remove_item", ids, {"item": item})


def _clamp(value: Any, low: float, high: float) -> Any:
    return max(low, min(high, value))
