"""Spoken names -> entities, on a small hand-built home (the stage boundary of the HA adapter)."""

from __future__ import annotations

import pytest

from assistant.home.model import Area, Entity, Floor, Home
from assistant.home.names import canonical, similarity
from assistant.home.resolver import NameResolver, Problem, Target

HOME = Home(
    floors=(Floor("ground", "Ground Floor", 0, ("downstairs",)), Floor("up", "Upstairs", 1)),
    areas=(
        Area("kitchen", "Kitchen", "ground"),
        Area("living_room", "Living Room", "ground", ("lounge",)),
        Area("bedroom", "Bedroom", "up"),
        Area("garage", "Garage", "ground"),
    ),
    entities=(
        Entity("light.kitchen", "Kitchen Lights", ("cooker lights",), "kitchen"),
        Entity("light.sofa", "Living Room Lights", (), "living_room"),
        Entity("light.bed_lamp", "Bedroom Lamp", (), "bedroom"),
        Entity("light.bed_ceiling", "Bedroom Ceiling Light", (), "bedroom"),
        Entity("fan.bed_ceiling", "Bedroom Ceiling Fan", (), "bedroom"),
        Entity("cover.garage", "Garage Door", (), "garage", "garage"),
        Entity("lock.front", "Front Door", (), None),
        Entity("cover.lounge_blind", "Blind", (), "living_room"),
        Entity("cover.kitchen_blind", "Blind", (), "kitchen"),
    ),
)


def ids(resolution):
    return sorted(e.entity_id for e in resolution.entities)


@pytest.fixture
def resolver():
    return NameResolver()


@pytest.mark.parametrize("said", ["kitchen lights", "kitchen light", "the kitchen lamp", "Kitchen-Lights!", "lights kitchen"])
def test_speech_variants_of_a_name_find_the_device(resolver, said):
    assert ids(resolver.resolve(HOME, Target(name=said))) == ["light.kitchen"]


def test_alias_finds_the_device(resolver):
    assert ids(resolver.resolve(HOME, Target(name="cooker light"))) == ["light.kitchen"]


def test_a_garbled_letter_or_two_is_tolerated(resolver):
    assert ids(resolver.resolve(HOME, Target(name="kitchen lites"))) == ["light.kitchen"]
    assert ids(resolver.resolve(HOME, Target(name="garrage door"))) == ["cover.garage"]


@pytest.mark.parametrize("said", ["garage heater", "bathroom lights", "kettle", "front window"])
def test_weak_matches_are_refused_not_guessed(resolver, said):
    resolution = resolver.resolve(HOME, Target(name=said))
    assert resolution.problem is Problem.NOT_FOUND and resolution.entities == ()
    assert resolution.said == said


def test_two_close_candidates_are_reported_as_ambiguous(resolver):
    resolution = resolver.resolve(HOME, Target(name="bedroom light"))
    assert resolution.problem is Problem.AMBIGUOUS
    assert sorted(e.entity_id for e in resolution.candidates) == ["light.bed_ceiling", "light.bed_lamp"]


def test_words_shared_by_two_names_are_ambiguous(resolver):
    resolution = resolver.resolve(HOME, Target(name="bedroom ceiling"))
    assert resolution.problem is Problem.AMBIGUOUS
    assert sorted(e.entity_id for e in resolution.candidates) == ["fan.bed_ceiling", "light.bed_ceiling"]


def test_a_part_of_a_name_held_by_one_device_finds_it(resolver):
    assert ids(resolver.resolve(HOME, Target(name="ceiling fan"))) == ["fan.bed_ceiling"]


def test_plural_room_and_noun_means_every_such_device_in_the_room(resolver):
    assert ids(resolver.resolve(HOME, Target(name="bedroom lights"))) == ["light.bed_ceiling", "light.bed_lamp"]


def test_a_device_named_exactly_wins_over_the_room_reading(resolver):
    assert ids(resolver.resolve(HOME, Target(name="living room lights"))) == ["light.sofa"]


def test_same_name_in_two_rooms_uses_the_area(resolver):
    assert resolver.resolve(HOME, Target(name="blind")).problem is Problem.AMBIGUOUS
    assert ids(resolver.resolve(HOME, Target(name="blind", area="kitchen"))) == ["cover.kitchen_blind"]
    assert ids(resolver.resolve(HOME, Target(name="blind"), preferred_area="Living Room")) == ["cover.lounge_blind"]


def test_area_alias_and_domain(resolver):
    assert ids(resolver.resolve(HOME, Target(area="lounge", domains=("light",)))) == ["light.sofa"]


def test_floor_alias_and_domain(resolver):
    assert ids(resolver.resolve(HOME, Target(floor="downstairs", domains=("light",)))) == ["light.kitchen", "light.sofa"]
    assert ids(resolver.resolve(HOME, Target(floor="upstairs", domains=("light",)))) == ["light.bed_ceiling", "light.bed_lamp"]


def test_device_class_filter(resolver):
    assert ids(resolver.resolve(HOME, Target(domains=("cover",), device_classes=("garage",)))) == ["cover.garage"]


def test_no_room_means_the_satellite_room(resolver):
    assert ids(resolver.resolve(HOME, Target(domains=("light",)), preferred_area="Kitchen")) == ["light.kitchen"]
    assert len(resolver.resolve(HOME, Target(domains=("light",))).entities) == 4


def test_unknown_area_and_floor_are_named(resolver):
    resolution = resolver.resolve(HOME, Target(area="attic", domains=("light",)))
    assert (resolution.problem, resolution.said) == (Problem.AREA_NOT_FOUND, "attic")
    assert resolver.resolve(HOME, Target(floor="basement")).problem is Problem.FLOOR_NOT_FOUND


def test_an_unknown_room_said_with_a_kind_may_be_a_device_name(resolver):
    """'the lock on the front' with no room called front: the Front Door lock."""
    assert ids(resolver.resolve(HOME, Target(area="front", domains=("lock",)))) == ["lock.front"]
    no_kind = resolver.resolve(HOME, Target(area="front"))
    assert (no_kind.problem, no_kind.said) == (Problem.AREA_NOT_FOUND, "front")


def test_an_area_with_nothing_of_the_kind(resolver):
    assert resolver.resolve(HOME, Target(area="garage", domains=("light",))).problem is Problem.NOTHING_MATCHES


def test_threshold_is_configurable():
    assert NameResolver(threshold=99).resolve(HOME, Target(name="kitchen lites")).problem is Problem.NOT_FOUND


def test_similarity_scale():
    assert similarity("Kitchen Lights", "kitchen lights") == 100
    assert similarity("kitchen light", "Kitchen Lights") == 99
    assert similarity("kitchen lamp", "Kitchen Lights") == 92
    assert similarity("garage heater", "garage door") < 80
    assert canonical("The Kitchen Lamps") == "kitchen light"


def test_a_kind_missing_here_means_this_floors_one(resolver):
    """A kind of device with no place said: this room's, else this floor's, else all of them. The
    garage door asked for in the bedroom; the fan in the living room (none on its floor: every
    fan, and the caller may ask); the lights asked for in the garage (none there: its floor's)."""
    resolution = resolver.resolve(HOME, Target(domains=("cover",), device_classes=("garage",)), preferred_area="Bedroom")
    assert ids(resolution) == ["cover.garage"]
    resolution = resolver.resolve(HOME, Target(domains=("fan",)), preferred_area="Living Room")
    assert ids(resolution) == ["fan.bed_ceiling"] and resolution.floor is None
    resolution = resolver.resolve(HOME, Target(domains=("cover",)), preferred_area="Garage")
    assert ids(resolution) == ["cover.garage"]
    resolution = resolver.resolve(HOME, Target(domains=("light",)), preferred_area="Garage")
    assert ids(resolution) == ["light.kitchen", "light.sofa"] and resolution.floor.name == "Ground Floor"
