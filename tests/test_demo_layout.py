"""The demo home's layout and the shipped config.yaml must agree."""

from __future__ import annotations

from assistant.config import load_config
from assistant.home.demo_layout import AREAS, CONFIGURATION_YAML, ENTITIES
from tests.conftest import PROJECT_ROOT


def test_config_places_every_demo_entity_ha_cannot_place():
    config = load_config(PROJECT_ROOT / "config.yaml")
    unregistered = {e.entity_id: e.area for e in ENTITIES if not e.registered}
    assert {k: v for k, v in config.entity_areas.items() if k in unregistered} == unregistered


def test_config_floors_cover_every_demo_area():
    config = load_config(PROJECT_ROOT / "config.yaml")
    on_floors = {area for floor in config.floors.values() for area in floor.areas}
    assert on_floors == {area.name for area in AREAS}


def test_unregistered_demo_entities_are_named_by_customize():
    for entity in ENTITIES:
        if not entity.registered:
            assert f"    {entity.entity_id}:\n      friendly_name: {entity.name}\n" in CONFIGURATION_YAML
