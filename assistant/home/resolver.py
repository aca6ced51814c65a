"""What a person said ('the kitchen lamp', 'lights upstairs') -> which entities, or why not.

A weak match is refused rather than acted on, and two close matches are reported as
ambiguous with both candidates, never guessed between.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from enum import Enum
from typing import Iterable, Sequence, TypeVar

from assistant.home.model import Area, Entity, Floor, Home
from assistant.home.names import canonical, contains_words, normalise, similarity

logger = logging.getLogger(__name__)

DEFAULT_THRESHOLD = 85.0
AMBIGUITY_MARGIN = 4.0
"""Two candidates scoring within this many points of each other are too close to choose between."""

# Spoken nouns that name a whole domain: 'the kitchen lights' may mean every light in the kitchen.
DOMAIN_NOUNS: dict[str, tuple[str, ...]] = {
    "light": ("light",),
    "switch": ("switch",),
    "fan": ("fan",),
    "blind": ("cover",),
    "shade": ("cover",),
    "shutter": ("cover",),
    "curtain": ("cover",),
    "window": ("cover",),
    "cover": ("cover",),
    "lock": ("lock",),
    "thermostat": ("climate",),
    "heating": ("climate",),
    "tv": ("media_player",),
    "speaker": ("media_player",),
    "vacuum": ("vacuum",),
}


class Problem(str, Enum):
    NOT_FOUND = "not_found"
    AMBIGUOUS = "ambiguous"
    AREA_NOT_FOUND = "area_not_found"
    FLOOR_NOT_FOUND = "floor_not_found"
    NOTHING_MATCHES = "nothing_matches"
    """The area/floor/domain exist, but hold nothing of the kind asked for."""


@dataclass(frozen=True)
class Target:
    """The words that pick devices, as the understanding stage extracted them."""

    name: str | None = None
    area: str | None = None
    floor: str | None = None
    domains: tuple[str, ...] = ()
    device_classes: tuple[str, ...] = ()


@dataclass(frozen=True)
class Resolution:
    entities: tuple[Entity, ...] = ()
    problem: Problem | None = None
    candidates: tuple[Entity, ...] = ()
    """With ``AMBIGUOUS``: the entities it could not choose between."""
    said: str = ""
    """The words that failed to match, for the reply."""
    area: Area | None = None
    floor: Floor | None = None

    @property
    def ok(self) -> bool:
        return self.problem is None


Named = TypeVar("Named", Area, Floor, Entity)


class NameResolver:
    def __init__(self, threshold: float = DEFAULT_THRESHOLD, margin: float = AMBIGUITY_MARGIN) -> None:
        self.threshold = threshold
        self.margin = margin

    def resolve(self, home: Home, target: Target, *, preferred_area: str | None = None) -> Resolution:
        """Find the entities meant. ``preferred_area`` is the room the assistant stands in."""
        area = floor = None
        if target.area:
            area = self._best_place(home.areas, target.area, _area_names)
            if area is None:
                return self._place_as_name(home, target) or Resolution(problem=Problem.AREA_NOT_FOUND, said=target.area)
        if target.floor:
            floor = self._best_place(home.floors, target.floor, _floor_names)
            if floor is None:
                return Resolution(problem=Problem.FLOOR_NOT_FOUND, said=target.floor)
        pool = [e for e in home.entities if _fits(home, e, target, area, floor)]
        here = self._best_place(home.areas, preferred_area, _area_names) if preferred_area else None

        if target.name:
            if area is None and floor is None and _ends_in_plural_noun(target.name):
                # 'the bedroom lights': every light in the bedroom, unless one device has that very name
                if not any(similarity(target.name, n) == 100 for e in pool for n in e.spoken_names):
                    everything = self._area_and_noun(home, target)
                    if everything is not None:
                        return everything
            resolution = self._by_name(home, pool, target.name, here)
            if resolution.problem is Problem.NOT_FOUND and area is None and floor is None:
                return self._area_and_noun(home, target) or resolution
            return _with_place(resolution, area, floor)
        if area is None and floor is None and here is not None:
            pool, area, floor = _nearest(home, pool, here)
        if not pool:
            return Resolution(problem=Problem.NOTHING_MATCHES, area=area, floor=floor)
        return Resolution(entities=tuple(pool), area=area, floor=floor)

    # -- names -----------------------------------------------------------

    def _by_name(self, home: Home, pool: Sequence[Entity], said: str, here: Area | None) -> Resolution:
        scored = sorted(
            ((self._entity_score(home, entity, said), entity) for entity in pool),
            key=lambda pair: pair[0],
            reverse=True,
        )
        close = self._closest(home, scored, said) if scored else []
        if not close:
            if scored:
                logger.debug("no device called %r (best: %s at %.0f)", said, scored[0][1].entity_id, scored[0][0])
            return Resolution(problem=Problem.NOT_FOUND, said=said)
        if len(close) == 1:
            return Resolution(entities=(close[0],))
        if here is not None:  # the same name in several rooms: the one in this room wins
            local = [e for e in close if e.area_id == here.area_id]
            if len(local) == 1:
                return Resolution(entities=(local[0],))
        return Resolution(problem=Problem.AMBIGUOUS, candidates=tuple(close), said=said)

    def _closest(self, home: Home, scored: list[tuple[float, Entity]], said: str) -> list[Entity]:
        """The entities still in the running: exact names first, then names holding every word said
        ('bedroom ceiling' is both the ceiling light and the ceiling fan), then fuzzy matches within
        the margin of the best."""
        exact = [entity for score, entity in scored if score >= 99]
        if exact:
            return exact
        containing = [
            entity for _, entity in scored if any(contains_words(said, n) for n in _names_with_area(home, entity))
        ]
        if containing:
            return containing
        floor = max(self.threshold, scored[0][0] - self.margin)
        return [entity for score, entity in scored if score >= floor]

    @staticmethod
    def _entity_score(home: Home, entity: Entity, said: str) -> float:
        return max(similarity(said, name) for name in _names_with_area(home, entity))

    def _place_as_name(self, home: Home, target: Target) -> Resolution | None:
        """'the lights in the porch' where the home has no room called porch: a light whose name
        holds the word ('Porch Light') is meant. Only for a kind of device said, and a sure match."""
        if target.name or target.floor or not target.domains:
            return None
        kind = Target(domains=target.domains, device_classes=target.device_classes)
        pool = [e for e in home.entities if _fits(home, e, kind, None, None)]
        resolution = self._by_name(home, pool, target.area or "", None)
        return resolution if resolution.ok else None

    def _area_and_noun(self, home: Home, target: Target) -> Resolution | None:
        """'the kitchen lights' with no device of that name: every light in the kitchen ('the upstairs
    lights': every light on that floor)."""
        words = canonical(target.name or "").split()
        if len(words) < 2 or words[-1] not in DOMAIN_NOUNS:
            return None
        place_words = " ".join(words[:-1])
        area = self._best_place(home.areas, place_words, _area_names)
        floor = None if area is not None else self._best_place(home.floors, place_words, _floor_names)
        if area is None and floor is None:
            return None
        domains = DOMAIN_NOUNS[words[-1]]
        narrowed = Target(domains=domains, device_classes=target.device_classes)
        entities = [e for e in home.entities if _fits(home, e, narrowed, area, floor)]
        if not entities:
            return None
        return Resolution(entities=tuple(entities), area=area, floor=floor)

    def _best_place(self, places: Iterable[Named], said: str | None, names_of) -> Named | None:
        if not said:
            return None
        scored = sorted(((max(similarity(said, n) for n in names_of(p)), p) for p in places), key=lambda x: -x[0])
        if not scored or scored[0][0] < self.threshold:
            return None
        if len(scored) > 1 and scored[1][0] >= max(self.threshold, scored[0][0] - self.margin) and scored[0][0] < 99:
            return None  # two rooms sound alike and neither was named exactly
        return scored[0][1]


def _nearest(home: Home, pool: list[Entity], here: Area) -> tuple[list[Entity], Area | None, Floor | None]:
    """A kind of device with no place said: this room's, else this floor's ('start the vacuum' in
    the living room means the one downstairs), else every one of them (the caller may ask)."""
    local = [e for e in pool if e.area_id == here.area_id]
    if local:
        return local, here, None
    floor = next((f for f in home.floors if f.floor_id == here.floor_id), None) if here.floor_id else None
    if floor is not None:
        rooms = {a.area_id for a in home.areas if a.floor_id == floor.floor_id}
        same_floor = [e for e in pool if e.area_id in rooms]
        if same_floor:
            return same_floor, None, floor
    return pool, None, None


def _ends_in_plural_noun(said: str) -> bool:
    words = normalise(said).split()
    return len(words) >= 2 and words[-1].endswith("s") and canonical(words[-1]) in DOMAIN_NOUNS


def _names_with_area(home: Home, entity: Entity) -> list[str]:
    """Every spoken name, also with the room in front: 'kitchen ceiling light' for a kitchen's 'Ceiling Light'."""
    names = list(entity.spoken_names)
    area = home.area(entity.area_id)
    if area is not None:
        names += [f"{area.name} {name}" for name in entity.spoken_names if not canonical(name).startswith(canonical(area.name))]
    return names


def _area_names(area: Area) -> tuple[str, ...]:
    return (area.name, *area.aliases)


def _floor_names(floor: Floor) -> tuple[str, ...]:
    return (floor.name, *floor.aliases)


def _fits(home: Home, entity: Entity, target: Target, area: Area | None, floor: Floor | None) -> bool:
    if target.domains and entity.domain not in target.domains:
        return False
    if target.device_classes and entity.device_class not in target.device_classes:
        return False
    if area is not None and entity.area_id != area.area_id:
        return False
    if floor is not None:
        entity_floor = home.floor_of(entity)
        if entity_floor is None or entity_floor.floor_id != floor.floor_id:
            return False
    return True


def _with_place(resolution: Resolution, area: Area | None, floor: Floor | None) -> Resolution:
    if area is None and floor is None:
        return resolution
    return Resolution(resolution.entities, resolution.problem, resolution.candidates, resolution.said, area, floor)
