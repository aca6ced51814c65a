"""Questions: 'is the front door locked?', 'which lights are on?', temperature, time, date, weather."""

from __future__ import annotations

from typing import Any, Mapping

from assistant.handlers.context import HandlerContext
from assistant.handlers.targets import (
    Refusal, is_plural, place_words, refuse, resolve, spoken_name, subject_of, target_from_slots, target_noun, the,
)
from assistant.home.model import Entity, EntityState
from assistant.home.readings import read
from assistant.home.resolver import Target
from assistant.messages import IntentResult, Plan
from assistant.respond import join_words
from assistant.safety.words import words_of

# The state slot's values ('on' also means open, 'off' closed) as each domain reports them.
_WANTED = {
    "cover": {"on": {"open", "opening"}, "off": {"closed", "closing"}},
    "valve": {"on": {"open", "opening"}, "off": {"closed", "closing"}},
    "lock": {"on": {"unlocked", "open", "unlocking"}, "off": {"locked"}, "locked": {"locked"}, "unlocked": {"unlocked", "open"}},
    "media_player": {"on": {"on", "playing", "paused", "idle", "buffering"}, "off": {"off", "standby"}},
    "binary_sensor": {"open": {"on"}, "closed": {"off"}},
}
_STATE_WORDS = {"on": "on", "off": "off", "locked": "locked", "unlocked": "unlocked", "opening": "opening",
                "closing": "closing"}
_COVER_WORDS = {"on": "open", "off": "closed"}


def get_state(intent: IntentResult, ctx: HandlerContext) -> Plan:
    slots = intent.slots
    wanted = slots.get("state")
    whole_home = bool(wanted) and not (slots.get("name") or slots.get("area") or slots.get("floor"))
    entities, resolution = _resolve_by_state(ctx, slots, str(wanted or ""), whole_home)
    readings = tuple(_reading(ctx, e) for e in entities)
    subject = subject_of(intent, entities, ctx)
    many = len(entities) > 1 or (not slots.get("name") and (slots.get("domain") or slots.get("scope")))
    if wanted and many:
        noun = target_noun(target_from_slots(slots, sorted({e.domain for e in entities})))
        state_word = _wanted_word(entities, str(wanted))
        matching = [e for e in entities if _is_in_state(e, ctx.state_of(e.entity_id), str(wanted))]
        counting = "how many" in intent.text
        if not matching:
            place = place_words(resolution)
            return Plan("states_none", {"noun": f"{noun} {place}".strip(), "verb": "are", "state": state_word},
                        readings=readings, subject=subject)
        names = join_words(the(ctx.home, e) for e in matching[:6])
        extra = f" and {len(matching) - 6} more" if len(matching) > 6 else ""
        verb = "are" if len(matching) > 1 or is_plural(names) else "is"
        if counting:  # 'how many lamps are lit?': the number first, then which
            return Plan("states_counted", {"count": len(matching), "names": names + extra, "verb": verb,
                                           "state": state_word}, readings=readings, subject=subject)
        return Plan("states_matching", {"names": names + extra, "verb": verb, "state": state_word},
                    readings=readings, subject=subject)
    if wanted:
        entity = entities[0]
        state = ctx.state_of(entity.entity_id)
        name = the(ctx.home, entity)
        reply = "state_yes" if _is_in_state(entity, state, str(wanted)) else "state_no"
        return Plan(reply, {"name": name, "verb": _verb(name), "state": _state_text(ctx, entity, state)},
                    readings=readings, subject=subject)
    parts = []
    for entity in entities[:6]:
        name = the(ctx.home, entity)
        parts.append(f"{name} {_verb(name)} {_state_text(ctx, entity, ctx.state_of(entity.entity_id))}")
    return Plan("state_is", {"name": join_words(parts), "verb": "", "state": ""}, readings=readings, subject=subject)


STATE_DOMAINS: dict[str, tuple[str, ...]] = {
    "locked": ("lock",), "unlocked": ("lock",),
    "open": ("cover", "valve"), "closed": ("cover", "valve"), "opening": ("cover",), "closing": ("cover",),
    "on": ("light", "switch", "fan", "media_player", "input_boolean"),
    "off": ("light", "switch", "fan", "media_player", "input_boolean"),
}
"""The kinds of device a state word is about: 'is anything unlocked?' asks about the locks."""


def _resolve_by_state(ctx: HandlerContext, slots, wanted: str, whole_home: bool):
    """The devices asked about. With no kind said, the state says it ('is anything open?'); a
    name that fits several devices is narrowed the same way ('did I leave the garage open?' is
    the garage door, not the garage's side-door lock)."""
    kinds = () if slots.get("domain") or slots.get("device_class") else STATE_DOMAINS.get(wanted, ())
    if not slots.get("name"):
        return resolve(ctx, slots, kinds, local=not whole_home)
    try:
        return resolve(ctx, slots, local=not whole_home)
    except Refusal:
        if not kinds:
            raise
        return resolve(ctx, slots, kinds, local=not whole_home)


OUTSIDE_WORDS = frozenset({"outside", "outdoors", "outdoor", "out"})
"""'How cold is it out there?': the outside thermometer, not this room's thermostat."""


def get_temperature(intent: IntentResult, ctx: HandlerContext) -> Plan:
    slots = dict(intent.slots)
    if OUTSIDE_WORDS.intersection(words_of(intent.text)):
        return _outside_temperature(intent, ctx)
    try:
        entities, _ = resolve(ctx, slots, ("climate",), use_previous=False)
    except Refusal as refusal:  # a room with no thermostat may still have a thermometer
        entities = _temperature_sensors(ctx, slots)
        if not entities:
            raise refusal
    entity = entities[0]
    state = ctx.state_of(entity.entity_id)
    if state is None:
        raise refuse("unsupported", name=the(ctx.home, entity))
    reading = read(state, ctx.home)
    area = ctx.home.area(entity.area_id)
    place = f"the {spoken_name(area.name)}" if area else the(ctx.home, entity)
    return Plan("temperature_is", {"temperature": str(reading), "place": place},
                readings=(_reading(ctx, entity),), subject=subject_of(intent, entities, ctx))


def current_time(intent: IntentResult, ctx: HandlerContext) -> Plan:
    now = ctx.now()
    return Plan("time_is", {"time": f"{now.hour % 12 or 12}:{now.minute:02d} {'AM' if now.hour < 12 else 'PM'}"})


def current_date(intent: IntentResult, ctx: HandlerContext) -> Plan:
    now = ctx.now()
    return Plan("date_is", {"date": f"{now:%A}, {now.day} {now:%B} {now.year}"})


def weather(intent: IntentResult, ctx: HandlerContext) -> Plan:
    slots = {"name": intent.slots["name"]} if intent.slots.get("name") else {"domain": "weather"}
    resolution = ctx.resolver.resolve(ctx.home, target_from_slots(slots, ("weather",)))
    if not resolution.ok:
        raise refuse("nothing_matches", noun="weather service", place="in Home Assistant")
    entity = resolution.entities[0]
    state = ctx.state_of(entity.entity_id)
    if state is None:
        raise refuse("unsupported", name=the(ctx.home, entity))
    unit = state.attributes.get("temperature_unit") or ctx.home.temperature_unit
    temperature = read(state, ctx.home, "temperature").value
    return Plan("weather_is", {"condition": state.state.replace("_", " ").replace("partlycloudy", "partly cloudy"),
                               "temperature": f"{temperature} {unit}"},
                readings=(_reading(ctx, entity),))


def _outside_temperature(intent: IntentResult, ctx: HandlerContext) -> Plan:
    sensors = [e for e in ctx.home.entities if e.domain == "sensor" and e.device_class in (None, "temperature")
               and any(word in name.lower() for name in e.spoken_names for word in ("outside", "outdoor"))
               and "temperature" in " ".join(e.spoken_names).lower()]
    if not sensors:
        return weather(intent, ctx)
    state = ctx.state_of(sensors[0].entity_id)
    if state is None or not state.available:
        raise refuse("unsupported", name=the(ctx.home, sensors[0]))
    return Plan("temperature_outside", {"temperature": str(read(state, ctx.home))},
                readings=(_reading(ctx, sensors[0]),), subject=subject_of(intent, sensors, ctx))


def _temperature_sensors(ctx: HandlerContext, slots: Mapping[str, Any]) -> tuple[Entity, ...]:
    target = Target(area=slots.get("area"), floor=slots.get("floor"), domains=("sensor",), device_classes=("temperature",))
    resolution = ctx.resolver.resolve(ctx.home, target, preferred_area=ctx.satellite_area)
    return resolution.entities if resolution.problem is None else ()


def _is_in_state(entity: Entity, state: EntityState | None, wanted: str) -> bool:
    if state is None:
        return False
    accepted = _WANTED.get(entity.domain, {}).get(wanted, {wanted})
    return state.state in accepted


def _wanted_word(entities, wanted: str) -> str:
    domains = {e.domain for e in entities}
    if domains <= {"cover", "valve"}:
        return _COVER_WORDS.get(wanted, wanted)
    if domains == {"lock"}:
        return {"on": "unlocked", "off": "locked"}.get(wanted, wanted)
    return _STATE_WORDS.get(wanted, wanted)


def _state_text(ctx: HandlerContext, entity: Entity, state: EntityState | None) -> str:
    if state is None or not state.available:
        return "unavailable"
    if entity.domain == "light" and state.state == "on" and state.attributes.get("brightness") is not None:
        return f"on at {read(state, ctx.home, 'brightness')}"
    if entity.domain in {"sensor", "climate", "water_heater"}:
        return str(read(state, ctx.home))
    return state.state.replace("_", " ")


def _verb(name: str) -> str:
    return "are" if is_plural(name) else "is"


def _reading(ctx: HandlerContext, entity: Entity) -> dict[str, Any]:
    state = ctx.state_of(entity.entity_id)
    if state is None:
        return {"entity_id": entity.entity_id, "state": None}
    reading = read(state, ctx.home)
    return {"entity_id": entity.entity_id, "state": state.state, "value": reading.value, "unit": reading.unit}
