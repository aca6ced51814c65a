"""``assistant devices``: the home as the assistant sees it, areas -> entities -> spoken names."""

from __future__ import annotations

import json
from typing import Any

from assistant.home.adapter import HomeAssistantAdapter
from assistant.home.model import Entity, Home


def home_as_dict(home: Home, adapter: HomeAssistantAdapter) -> dict[str, Any]:
    def entity_dict(entity: Entity) -> dict[str, Any]:
        state = adapter.cached_state(entity.entity_id)
        return {
            "entity_id": entity.entity_id,
            "domain": entity.domain,
            "names": list(entity.spoken_names),
            "device_class": entity.device_class,
            "state": state.state if state else None,
            "unit": state.unit if state else None,
        }

    floors = {f.floor_id: f for f in home.floors}
    return {
        "home_assistant": {"url": adapter.settings.url, "version": home.version},
        "floors": [{"floor_id": f.floor_id, "name": f.name, "aliases": list(f.aliases)} for f in home.floors],
        "areas": [
            {
                "area_id": area.area_id,
                "name": area.name,
                "aliases": list(area.aliases),
                "floor": floors[area.floor_id].name if area.floor_id in floors else None,
                "entities": [entity_dict(e) for e in home.entities_in_area(area.area_id)],
            }
            for area in home.areas
        ],
        "unassigned": [entity_dict(e) for e in home.entities if home.area(e.area_id) is None],
    }


def print_devices(home: Home, adapter: HomeAssistantAdapter, *, as_json: bool) -> None:
    data = home_as_dict(home, adapter)
    if as_json:
        print(json.dumps(data, ensure_ascii=False, indent=2))
        return
    print(f"Home Assistant {data['home_assistant']['version']} at {data['home_assistant']['url']}")
    for area in [*data["areas"], {"name": "(no area)", "aliases": [], "floor": None, "entities": data["unassigned"]}]:
        if not area["entities"]:
            continue
        also = f" (also: {', '.join(area['aliases'])})" if area["aliases"] else ""
        floor = f" [{area['floor']}]" if area["floor"] else ""
        print(f"\n{area['name']}{floor}{also}")
        for entity in area["entities"]:
            state = f"{entity['state']}{' ' + entity['unit'] if entity['unit'] else ''}"
            print(f"  {entity['entity_id']:<40} {state:<14} {' / '.join(entity['names'])}")
