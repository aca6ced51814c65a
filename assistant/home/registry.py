"""Loading the home (floors, areas, devices, entities, states) over HA's websocket API."""

from __future__ import annotations

import dataclasses
import logging
from typing import Any, Iterable, Mapping

from homeassistant_api import WebsocketClient
from homeassistant_api.errors import ResponseError

from assistant.config_schema import FloorConfig
from assistant.home.model import Area, Entity, EntityState, Floor, Home
from assistant.home.names import normalise

logger = logging.getLogger(__name__)

# Domains that are bookkeeping rather than things in the home a person talks to.
IGNORED_DOMAINS = frozenset({"zone", "sun", "persistent_notification", "stt", "tts", "conversation", "event", "update"})
_ALIAS_BATCH = 200


def load_home(
    ws: WebsocketClient,
    extra_aliases: Mapping[str, Iterable[str]],
    floor_plan: Mapping[str, FloorConfig] | None = None,
    entity_areas: Mapping[str, str] | None = None,
) -> tuple[Home, dict[str, EntityState]]:
    """Read the whole registry and every state.

    ``extra_aliases`` are the config's spoken names; ``floor_plan`` puts areas on floors
    where HA itself has not (HA before 2024.4 has no floors on areas); ``entity_areas``
    places entities HA cannot (those without a unique ID).
    """
    config = _command(ws, "get_config")
    floors = [
        Floor(f["floor_id"], f["name"], f.get("level"), tuple(f.get("aliases") or ()))
        for f in _optional_list(ws, "config/floor_registry/list")
    ]
    areas = [
        Area(a["area_id"], a["name"], a.get("floor_id"), tuple(a.get("aliases") or ()))
        for a in _command(ws, "config/area_registry/list")
    ]
    if floor_plan:
        floors, areas = apply_floor_plan(floors, areas, floor_plan)
    device_areas = {d["id"]: d.get("area_id") for d in _command(ws, "config/device_registry/list")}
    registry = {entry["entity_id"]: entry for entry in _command(ws, "config/entity_registry/list")}
    registry_aliases = _registry_aliases(ws, list(registry))
    states = {raw["entity_id"]: state_from_json(raw) for raw in _command(ws, "get_states")}

    area_by_name = {normalise(a.name): a.area_id for a in areas} | {a.area_id: a.area_id for a in areas}
    configured_areas = {}
    for entity_id, area_name in (entity_areas or {}).items():
        if (area_id := area_by_name.get(normalise(area_name)) or area_by_name.get(area_name)) is None:
            logger.warning("entity_areas: %s: Home Assistant has no area called %r", entity_id, area_name)
        configured_areas[entity_id] = area_id
    entities = []
    for entity_id, state in sorted(states.items()):
        entry = registry.get(entity_id, {})
        if entity_id.split(".", 1)[0] in IGNORED_DOMAINS or _is_internal(entry):
            continue
        aliases = (*registry_aliases.get(entity_id, ()), *extra_aliases.get(entity_id, ()))
        entities.append(
            Entity(
                entity_id=entity_id,
                name=entry.get("name") or state.attributes.get("friendly_name") or entity_id,
                aliases=tuple(dict.fromkeys(a for a in aliases if a)),
                area_id=entry.get("area_id") or device_areas.get(entry.get("device_id")) or configured_areas.get(entity_id),
                device_class=state.attributes.get("device_class"),
            )
        )
    home = Home(
        floors=tuple(floors),
        areas=tuple(areas),
        entities=tuple(entities),
        temperature_unit=config.get("unit_system", {}).get("temperature", "°C"),
        version=config.get("version", ""),
    )
    logger.info("loaded the home: %d floors, %d areas, %d entities", len(floors), len(areas), len(entities))
    return home, states


def apply_floor_plan(
    floors: list[Floor], areas: list[Area], floor_plan: Mapping[str, FloorConfig]
) -> tuple[list[Floor], list[Area]]:
    """Add the config's floors (merged by name with HA's) and put the areas it lists on them."""
    by_name = {normalise(f.name): f for f in floors}
    area_floor: dict[str, str] = {}
    for name, plan in floor_plan.items():
        known = by_name.get(normalise(name))
        floor_id = known.floor_id if known else "config_" + "_".join(normalise(name).split())
        merged = Floor(floor_id, known.name if known else name, plan.level, (*(known.aliases if known else ()), *plan.aliases))
        by_name[normalise(name)] = merged
        for area_name in plan.areas:
            area_floor[normalise(area_name)] = floor_id
    unknown = set(area_floor) - {normalise(a.name) for a in areas} - {normalise(a.area_id) for a in areas}
    if unknown:
        logger.warning("floors: no area called %s in Home Assistant", ", ".join(sorted(unknown)))
    placed = [
        dataclasses.replace(a, floor_id=a.floor_id or area_floor.get(normalise(a.name)) or area_floor.get(normalise(a.area_id)))
        for a in areas
    ]
    return list(by_name.values()), placed


def state_from_json(raw: Mapping[str, Any]) -> EntityState:
    return EntityState(raw["entity_id"], str(raw["state"]), dict(raw.get("attributes") or {}))


def _is_internal(entry: Mapping[str, Any]) -> bool:
    return bool(entry.get("entity_category") or entry.get("hidden_by") or entry.get("disabled_by"))


def _command(ws: WebsocketClient, command: str, **data: Any) -> Any:
    return ws.recv_result(ws.send(command, **data)).result


def _optional_list(ws: WebsocketClient, command: str) -> list[dict[str, Any]]:
    """A registry this HA version may not have (floors came in 2024.3)."""
    try:
        return _command(ws, command) or []
    except ResponseError as err:
        logger.info("Home Assistant has no %s (%s); going on without it", command, err)
        return []


def _registry_aliases(ws: WebsocketClient, entity_ids: list[str]) -> dict[str, tuple[str, ...]]:
    """HA keeps aliases only in the extended registry entries; fetch them in batches."""
    aliases: dict[str, tuple[str, ...]] = {}
    for start in range(0, len(entity_ids), _ALIAS_BATCH):
        batch = entity_ids[start : start + _ALIAS_BATCH]
        try:
            entries = _command(ws, "config/entity_registry/get_entries", entity_ids=batch) or {}
        except ResponseError as err:
            logger.warning("cannot read entity aliases from Home Assistant (%s); using config aliases only", err)
            return {}
        for entity_id, entry in entries.items():
            if entry and entry.get("aliases"):
                aliases[entity_id] = tuple(sorted(entry["aliases"]))
    return aliases
