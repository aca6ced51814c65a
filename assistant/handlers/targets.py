"""From an intent's slots to the entities meant, and the words a reply uses for them."""

from __future__ import annotations

from typing import Any, Iterable, Mapping, Sequence

from assistant.handlers.context import HandlerContext
from assistant.home.model import Entity, Home
from assistant.home.names import canonical, contains_words
from assistant.home.resolver import Problem, Resolution, Target
from assistant.messages import IntentResult, Plan, Subject
from assistant.nlu.scope import WHOLE_HOME
from assistant.nlu.text import DEVICE_SLOTS, TARGET_SLOTS
from assistant.respond import join_words


# HA's spoken device classes of covers ('the blinds', 'the garage door').
COVER_CLASSES = {"awning", "blind", "curtain", "door", "garage", "gate", "shade", "shutter", "window", "damper"}

_PLURAL_NOUNS = {
    "light": "lights",
    "switch": "switches",
    "fan": "fans",
    "cover": "blinds",
    "lock": "locks",
    "climate": "thermostats",
    "media_player": "speakers",
    "vacuum": "vacuums",
    "sensor": "sensors",
    "binary_sensor": "sensors",
    "scene": "scenes",
    "script": "scripts",
    "todo": "lists",
    "valve": "valves",
    "lawn_mower": "mowers",
}
_CLASS_NOUNS = {"garage": "garage doors", "gate": "gates", "door": "doors", "window": "windows", "blind": "blinds",
                "curtain": "curtains", "shade": "shades", "shutter": "shutters", "awning": "awnings"}
_PLACE_WORDS = {"upstairs", "downstairs", "outside", "outdoors", "inside"}


class Refusal(Exception):
    """A handler cannot go on; carries the plan that says why (nothing is done)."""

    def __init__(self, plan: Plan) -> None:
        super().__init__(plan.reply)
        self.plan = plan


def refuse(reply: str, **values: Any) -> Refusal:
    return Refusal(Plan(reply, values, refused=True))


def has_target(slots: Mapping[str, Any]) -> bool:
    return any(slots.get(key) for key in TARGET_SLOTS)


def names_devices(slots: Mapping[str, Any]) -> bool:
    """A device, a kind or a class was said, not only a room or floor."""
    return any(slots.get(key) for key in DEVICE_SLOTS)


def ambiguous(home: Home, entities: Sequence[Entity]) -> Refusal:
    """'Which one: the bedroom lamp or the bedroom ceiling light?'"""
    return refuse("ambiguous", choices=join_words((the(home, e) for e in entities[:4]), "or"))


def target_from_slots(slots: Mapping[str, Any], default_domains: Sequence[str] = ()) -> Target:
    domain = slots.get("domain")
    device_class = slots.get("device_class")
    domains: tuple[str, ...] = (domain,) if isinstance(domain, str) else tuple(default_domains)
    classes: tuple[str, ...] = ()
    if isinstance(device_class, str):
        classes = (device_class,)
        if device_class in COVER_CLASSES:
            domains = ("cover",)
    return Target(
        name=_text(slots.get("name")),
        area=_text(slots.get("area")),
        floor=_text(slots.get("floor")),
        domains=domains,
        device_classes=classes,
    )


def resolve(ctx: HandlerContext, slots: Mapping[str, Any], default_domains: Sequence[str] = (),
            *, use_previous: bool = True, local: bool = True) -> tuple[tuple[Entity, ...], Resolution | None]:
    """The entities the slots point at; with no target words, the last command's (when fresh).

    ``local``: with no room said, the satellite's room is meant ('turn on the lights'); questions
    about the whole home ('which lights are on?') pass False.
    Raises ``Refusal`` for not found / ambiguous / nothing there; no HA call is made for those.
    """
    if not has_target(slots) and use_previous and ctx.previous is not None:
        entities = tuple(e for e in map(ctx.home.entity, ctx.previous.entity_ids) if e is not None)
        if default_domains:
            entities = tuple(e for e in entities if e.domain in default_domains)
        if entities:
            return entities, None
    if not has_target(slots) and not default_domains:
        raise refuse("no_context")  # 'turn it off' with nothing said before: never 'everything here'
    local = local and slots.get("scope") != WHOLE_HOME  # 'all the lights', 'everywhere': not only here
    target = target_from_slots(slots, default_domains)
    if target.name and target.name in _PLACE_WORDS and not target.floor:
        target = Target(None, target.area, target.name, target.domains, target.device_classes)
    resolution = ctx.resolver.resolve(ctx.home, target, preferred_area=ctx.satellite_area if local else None)
    if resolution.problem is Problem.NOTHING_MATCHES and target.device_classes:
        resolution = _by_class_word(ctx, target) or resolution
    if not resolution.ok:
        raise _refusal_for(ctx.home, resolution, target)
    return resolution.entities, resolution


def _by_class_word(ctx: HandlerContext, target: Target) -> Resolution | None:
    """Covers without a device class still count when their name says it: 'Living Room Blinds'."""
    loose = Target(None, target.area, target.floor, target.domains, ())
    resolution = ctx.resolver.resolve(ctx.home, loose, preferred_area=ctx.satellite_area)
    if not resolution.ok:
        return None
    words = {target.device_classes[0], _CLASS_NOUNS.get(target.device_classes[0], "")}
    fitting = tuple(
        e for e in resolution.entities
        if e.device_class in (None, target.device_classes[0])
        and any(contains_words(word, name) for word in words if word for name in e.spoken_names)
    )
    if not fitting:
        return None
    return Resolution(entities=fitting, area=resolution.area, floor=resolution.floor)


def _refusal_for(home: Home, resolution: Resolution, target: Target) -> Refusal:
    if resolution.problem is Problem.AMBIGUOUS:
        return ambiguous(home, resolution.candidates)
    if resolution.problem is Problem.AREA_NOT_FOUND:
        return refuse("area_not_found", said=resolution.said)
    if resolution.problem is Problem.FLOOR_NOT_FOUND:
        return refuse("floor_not_found", said=resolution.said)
    if resolution.problem is Problem.NOTHING_MATCHES:
        return refuse("nothing_matches", noun=target_noun(target), place=place_words(resolution) or "here")
    return refuse("not_found", said=resolution.said or target.name or "that")


def target_noun(target: Target) -> str:
    if target.device_classes:
        return _CLASS_NOUNS.get(target.device_classes[0], "devices")
    if len(target.domains) == 1:
        return _PLURAL_NOUNS.get(target.domains[0], "devices")
    return "devices"


def place_words(resolution: Resolution | None) -> str:
    if resolution is None:
        return ""
    if resolution.area is not None:
        return f"in the {spoken_name(resolution.area.name)}"
    if resolution.floor is not None:
        floor = spoken_name(resolution.floor.name)
        return floor if floor in _PLACE_WORDS else f"on the {floor}"
    return ""


def spoken_name(name: str) -> str:
    """'Kitchen Lights' -> 'kitchen lights'; acronyms stay ('Living Room TV' -> 'living room TV')."""
    return " ".join(word if word.isupper() and len(word) > 1 else word.lower() for word in name.split())


def the(home: Home, entity: Entity) -> str:
    return f"the {spoken_name(entity.name)}"


def describe(home: Home, entities: Sequence[Entity], resolution: Resolution | None) -> str:
    """How a reply names what was acted on: 'the kitchen lights', 'the lights in the bedroom'."""
    if len(entities) == 1:
        return the(home, entities[0])
    place = place_words(resolution)
    domains = {e.domain for e in entities}
    noun = _PLURAL_NOUNS.get(next(iter(domains)), "devices") if len(domains) == 1 else "everything"
    if place:
        return f"the {noun} {place}" if noun != "everything" else f"everything {place}"
    if len(entities) <= 3:
        return join_words(the(home, e) for e in entities)
    return f"all {len(entities)} {noun}" if noun != "everything" else f"{len(entities)} devices"


def is_plural(words: str) -> bool:
    last = canonical(words).split()[-1:] or [""]
    return words.rstrip().endswith("s") and not words.rstrip().endswith("ss") and last[0] != words.split()[-1]


def _text(value: Any) -> str | None:
    return str(value) if value not in (None, "") else None


def subject_of(intent: IntentResult, entities: Iterable[Entity], ctx: HandlerContext) -> Subject:
    """Remember what this command was about, for 'turn it off' and 'and the bedroom too'."""
    return Subject(intent.intent or "", dict(intent.slots), tuple(e.entity_id for e in entities), ctx.monotonic(),
                   intent.text)
