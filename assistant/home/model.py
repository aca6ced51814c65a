"""The home as the assistant sees it: floors, areas, entities and their states, as frozen values."""

from __future__ import annotations

from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, Mapping


@dataclass(frozen=True)
class Floor:
    floor_id: str
    name: str
    level: int | None = None
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Area:
    area_id: str
    name: str
    floor_id: str | None = None
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Entity:
    """One controllable or readable thing, with every name a person may call it."""

    entity_id: str
    name: str
    """The name HA shows (registry name, else friendly name)."""
    aliases: tuple[str, ...] = ()
    """HA aliases and aliases from config.yaml."""
    area_id: str | None = None
    """The entity's own area, else its device's."""
    device_class: str | None = None

    @property
    def domain(self) -> str:
        return self.entity_id.split(".", 1)[0]

    @property
    def spoken_names(self) -> tuple[str, ...]:
        return (self.name, *(alias for alias in self.aliases if alias.lower() != self.name.lower()))


@dataclass(frozen=True)
class EntityState:
    entity_id: str
    state: str
    attributes: Mapping[str, Any] = field(default_factory=dict)

    @property
    def unit(self) -> str | None:
        return self.attributes.get("unit_of_measurement")

    @property
    def friendly_name(self) -> str:
        return str(self.attributes.get("friendly_name") or self.entity_id)

    @property
    def available(self) -> bool:
        return self.state not in {"unavailable", "unknown"}


@dataclass(frozen=True)
class Home:
    """A snapshot of the home's registry. States change far more often and are kept apart."""

    floors: tuple[Floor, ...] = ()
    areas: tuple[Area, ...] = ()
    entities: tuple[Entity, ...] = ()
    temperature_unit: str = "°C"
    version: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_id", MappingProxyType({e.entity_id: e for e in self.entities}))
        object.__setattr__(self, "_areas", MappingProxyType({a.area_id: a for a in self.areas}))
        object.__setattr__(self, "_floors", MappingProxyType({f.floor_id: f for f in self.floors}))

    def entity(self, entity_id: str) -> Entity | None:
        return self._by_id.get(entity_id)  # type: ignore[attr-defined]

    def area(self, area_id: str | None) -> Area | None:
        return self._areas.get(area_id) if area_id else None  # type: ignore[attr-defined]

    def floor(self, floor_id: str | None) -> Floor | None:
        return self._floors.get(floor_id) if floor_id else None  # type: ignore[attr-defined]

    def floor_of(self, entity: Entity) -> Floor | None:
        area = self.area(entity.area_id)
        return self.floor(area.floor_id) if area else None

    def entities_in_area(self, area_id: str) -> tuple[Entity, ...]:
        return tuple(e for e in self.entities if e.area_id == area_id)
