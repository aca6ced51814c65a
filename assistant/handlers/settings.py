"""Setting levels: brightness, colour, temperature, heating mode, position, volume, fan speed."""

from __future__ import annotations

from contextlib import contextmanager
from typing import Any, Iterator

from assistant.handlers.context import HandlerContext
from assistant.handlers.targets import ambiguous, describe, refuse, resolve, spoken_name, subject_of, the
from assistant.home import actions
from assistant.home.model import Entity
from assistant.home.resolver import Target
from assistant.messages import IntentResult, Plan

BRIGHTNESS_STEP = 25
"""Percent of full brightness for 'brighter' / 'dim the lights a bit'."""
VOLUME_STEP = 10
TEMPERATURE_STEP = 1.0
_KELVIN_WORDS = {"warm": 2700, "warm white": 2700, "soft white": 2700, "cool": 4000, "cold": 4000, "cool white": 4000,
                 "cold white": 4000, "daylight": 6500, "day light": 6500, "candle light": 1900, "candlelight": 1900}


def light_set(intent: IntentResult, ctx: HandlerContext) -> Plan:
    slots = intent.slots
    entities, resolution = resolve(ctx, slots, ("light",))
    name = describe(ctx.home, entities, resolution)
    with _unsupported(name):
        if isinstance(slots.get("brightness"), (int, float)):
            call = actions.set_brightness(entities, int(slots["brightness"]))
            return _plan("brightness_set", name, call, intent, entities, ctx, brightness=call.data["brightness_pct"])
        kelvin = _kelvin(slots.get("temperature"), slots.get("color"))
        if kelvin is not None:
            call = actions.set_color_temperature(entities, kelvin)
            return _plan("color_temperature_set", name, call, intent, entities, ctx, kelvin=kelvin)
        if slots.get("color"):
            call = actions.set_color(entities, str(slots["color"]))
            return _plan("color_set", name, call, intent, entities, ctx, color=slots["color"])
    raise refuse("no_context")


def light_relative(intent: IntentResult, ctx: HandlerContext) -> Plan:
    slots = intent.slots
    entities, resolution = resolve(ctx, slots, ("light",))
    up = _direction(slots.get("brightness_step"), "brighter", "dimmer")
    amount = slots.get("brightness")
    step = int(amount) if isinstance(amount, (int, float)) else BRIGHTNESS_STEP
    name = describe(ctx.home, entities, resolution)
    with _unsupported(name):
        call = actions.change_brightness(entities, step if up else -step)
    return _plan("brightness_up" if up else "brightness_down", name, call, intent, entities, ctx)


def climate_set_temperature(intent: IntentResult, ctx: HandlerContext) -> Plan:
    slots = intent.slots
    degrees = slots.get("temperature")
    if not isinstance(degrees, (int, float)):
        raise refuse("no_context")
    entities, resolution = resolve(ctx, slots, ("climate",))
    name = describe(ctx.home, entities, resolution)
    with _unsupported(name):
        call = actions.set_temperature(entities, degrees)
    return _plan("temperature_set", name, call, intent, entities, ctx, temperature=f"{_number(degrees)} {ctx.home.temperature_unit}")


def climate_relative(intent: IntentResult, ctx: HandlerContext) -> Plan:
    slots = intent.slots
    entities, resolution = resolve(ctx, slots, ("climate",))
    up = _direction(slots.get("temperature_step"), "warmer", "cooler")
    name = describe(ctx.home, entities, resolution)
    calls = []
    target = None
    with _unsupported(name):
        for entity in entities:
            state = ctx.state_of(entity.entity_id)
            current = state.attributes.get("temperature") if state else None
            if not isinstance(current, (int, float)):
                raise refuse("unsupported", name=name)
            target = current + (TEMPERATURE_STEP if up else -TEMPERATURE_STEP)
            calls.append(actions.set_temperature([entity], target))
    return Plan("temperature_up" if up else "temperature_down",
                {"name": name, "temperature": f"{_number(target)} {ctx.home.temperature_unit}"},
                tuple(calls), subject=subject_of(intent, entities, ctx))


def climate_set_mode(intent: IntentResult, ctx: HandlerContext) -> Plan:
    mode = intent.slots.get("hvac_mode")
    if not mode:
        raise refuse("no_context")
    entities, resolution = resolve(ctx, intent.slots, ("climate",))
    name = describe(ctx.home, entities, resolution)
    with _unsupported(name):
        call = actions.set_hvac_mode(entities, str(mode))
    return _plan("hvac_mode_set", name, call, intent, entities, ctx, mode=str(mode).replace("_", " "))


def set_position(intent: IntentResult, ctx: HandlerContext) -> Plan:
    position = intent.slots.get("position")
    if not isinstance(position, (int, float)):
        raise refuse("no_context")
    entities, resolution = resolve(ctx, intent.slots, ("cover", "valve"))
    name = describe(ctx.home, entities, resolution)
    with _unsupported(name):
        call = actions.set_position(entities, int(position))
    return _plan("position_set", name, call, intent, entities, ctx, position=call.data["position"])


def set_volume(intent: IntentResult, ctx: HandlerContext) -> Plan:
    level = intent.slots.get("volume_level")
    if not isinstance(level, (int, float)):
        raise refuse("no_context")
    entities, resolution = resolve(ctx, intent.slots, ("media_player",))
    name = describe(ctx.home, entities, resolution)
    with _unsupported(name):
        call = actions.set_volume(entities, int(level))
    return _plan("volume_set", name, call, intent, entities, ctx, volume=int(round(call.data["volume_level"] * 100)))


def set_volume_relative(intent: IntentResult, ctx: HandlerContext) -> Plan:
    slots = intent.slots
    entities, resolution = resolve(ctx, slots, ("media_player",))
    step = slots.get("volume_step")
    if isinstance(step, (int, float)):
        amount = step
    else:
        amount = VOLUME_STEP if _direction(step, "louder", "quieter") else -VOLUME_STEP
    levels = {}
    for entity in entities:
        state = ctx.state_of(entity.entity_id)
        level = state.attributes.get("volume_level") if state else None
        levels[entity.entity_id] = level if isinstance(level, (int, float)) else 0.5
    name = describe(ctx.home, entities, resolution)
    with _unsupported(name):
        calls = actions.change_volume(entities, levels, int(amount))
    volume = int(round(calls[-1].data["volume_level"] * 100))
    return Plan("volume_set", {"name": name, "volume": volume}, tuple(calls), subject=subject_of(intent, entities, ctx))


def _direction(step: Any, up_word: str, down_word: str) -> bool:
    """True for up. A relative change whose direction was not understood asks which way: "it's
    too hot" read without its direction must never turn the heating up."""
    if step in ("up", "down"):
        return step == "up"
    raise refuse("which_way", up=up_word, down=down_word)


def media(action: actions.MediaAction, reply: str):
    def handle(intent: IntentResult, ctx: HandlerContext) -> Plan:
        entities, resolution = resolve(ctx, intent.slots, ("media_player",))
        entities = _playing_first(entities, ctx)
        name = describe(ctx.home, entities, resolution)
        with _unsupported(name):
            call = actions.media(entities, action)
        return _plan(reply, name, call, intent, entities, ctx)

    return handle


def mute(muted: bool):
    def handle(intent: IntentResult, ctx: HandlerContext) -> Plan:
        entities, resolution = resolve(ctx, intent.slots, ("media_player",))
        name = describe(ctx.home, entities, resolution)
        with _unsupported(name):
            call = actions.mute(entities, muted)
        return _plan("muted" if muted else "unmuted", name, call, intent, entities, ctx)

    return handle


def fan_speed(intent: IntentResult, ctx: HandlerContext) -> Plan:
    percentage = intent.slots.get("percentage")
    if not isinstance(percentage, (int, float)):
        raise refuse("no_context")
    entities, resolution = resolve(ctx, intent.slots, ("fan",))
    name = describe(ctx.home, entities, resolution)
    with _unsupported(name):
        call = actions.set_fan_speed(entities, int(percentage))
    return _plan("fan_speed_set", name, call, intent, entities, ctx, percentage=call.data["percentage"])


def domain_turn(domain: str, on: bool):
    """Vacuums and mowers: 'start the vacuum', 'send the mower home'."""
    def handle(intent: IntentResult, ctx: HandlerContext) -> Plan:
        slots = dict(intent.slots)
        slots.setdefault("domain", domain)
        entities, resolution = resolve(ctx, slots, (domain,))
        name = describe(ctx.home, entities, resolution)
        with _unsupported(name):
            calls = actions.turn(entities, on)
        return Plan("started" if on else "sent_home", {"name": name}, tuple(calls), subject=subject_of(intent, entities, ctx))

    return handle


def clean_area(intent: IntentResult, ctx: HandlerContext) -> Plan:
    """'Hoover the landing': HA 2024.3 cannot send a vacuum to one room, so the vacuum of that
    room (or of its floor) starts, and the reply says it cleans more than the room."""
    said = intent.slots.get("area")
    if not said:
        return domain_turn("vacuum", True)(intent, ctx)
    place = ctx.resolver.resolve(ctx.home, Target(area=str(said)))
    if place.area is None:
        raise refuse("area_not_found", said=str(said))
    near = ctx.resolver.resolve(ctx.home, Target(domains=("vacuum",)), preferred_area=place.area.name)
    if not near.ok or (near.area is None and near.floor is None):  # none in that room nor on its floor
        raise refuse("nothing_matches", noun="vacuums", place=f"for the {spoken_name(place.area.name)}")
    if len(near.entities) > 1:
        raise ambiguous(ctx.home, near.entities)
    vacuum = near.entities[0]
    with _unsupported(the(ctx.home, vacuum)):
        calls = actions.turn([vacuum], True)
    return Plan("cleaning_more", {"name": the(ctx.home, vacuum), "area": spoken_name(place.area.name)}, tuple(calls),
                subject=subject_of(intent, (vacuum,), ctx))


def _playing_first(entities: tuple[Entity, ...], ctx: HandlerContext) -> tuple[Entity, ...]:
    """'pause' with several players in reach means the ones playing."""
    if len(entities) <= 1:
        return entities
    playing = tuple(e for e in entities if (s := ctx.state_of(e.entity_id)) is not None and s.state == "playing")
    return playing or entities


def _kelvin(temperature: Any, color: Any) -> int | None:
    if isinstance(temperature, (int, float)):
        return int(temperature)
    if isinstance(temperature, str):
        words = f"{temperature} {color}" if color == "white" else temperature
        return _KELVIN_WORDS.get(words) or _KELVIN_WORDS.get(temperature)
    return None


def _plan(reply: str, name: str, call, intent: IntentResult, entities, ctx: HandlerContext, **values: Any) -> Plan:
    return Plan(reply, {"name": name, **values}, (call,), subject=subject_of(intent, entities, ctx))


@contextmanager
def _unsupported(name: str) -> Iterator[None]:
    """Turns an action a device cannot do into a refusal naming it."""
    try:
        yield
    except actions.UnsupportedAction as err:
        raise refuse("unsupported", name=name, detail=err.message) from err


def _number(value: Any) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:g}"
