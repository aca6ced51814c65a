"""On, off and toggle: by name, area, floor, domain or device class, each domain by its own verb."""

from __future__ import annotations

from assistant.handlers.context import HandlerContext
from assistant.handlers.targets import ambiguous, describe, has_target, names_devices, refuse, resolve, subject_of
from assistant.safety.words import EVERYTHING, VERB_DOMAINS, verb_words, words_of
from assistant.home import actions
from assistant.messages import IntentResult, Plan

# Said of a room with 'everything' ('turn everything off in the kitchen'): only these, never locks
# or doors; with a verb that says the kind ('open the garage'), the devices that verb works on.
ROOM_DOMAINS = ("light", "switch", "fan")
_REPLIES = {
    ("cover", True): "opened", ("cover", False): "closed",
    ("valve", True): "opened", ("valve", False): "closed",
    ("lock", True): "locked", ("lock", False): "unlocked",
    ("vacuum", True): "started", ("vacuum", False): "sent_home",
    ("lawn_mower", True): "started", ("lawn_mower", False): "sent_home",
    ("scene", True): "activated", ("script", True): "activated",
    ("button", True): "pressed", ("input_button", True): "pressed",
    ("alarm_control_panel", True): "armed", ("alarm_control_panel", False): "disarmed",
}


def turn_on(intent: IntentResult, ctx: HandlerContext) -> Plan:
    return _turn(intent, ctx, on=True)


def turn_off(intent: IntentResult, ctx: HandlerContext) -> Plan:
    return _turn(intent, ctx, on=False)


def _turn(intent: IntentResult, ctx: HandlerContext, *, on: bool) -> Plan:
    slots = intent.slots
    room_only = not names_devices(slots) and has_target(slots)
    words = words_of(intent.text)
    verb_domains = next((VERB_DOMAINS[word] for word in words if word in VERB_DOMAINS), None)
    entities, resolution = resolve(ctx, slots, (verb_domains or ROOM_DOMAINS) if room_only else ())
    if room_only and verb_domains and len(entities) > 1 and not EVERYTHING.intersection(words):
        raise ambiguous(ctx.home, entities)
    try:
        calls = actions.turn(entities, on)
    except actions.UnsupportedAction as err:
        raise refuse("unsupported", name=describe(ctx.home, entities, resolution), detail=err.message) from err
    domains = {e.domain for e in entities}
    reply = _REPLIES.get((domains.pop(), on), "") if len(domains) == 1 else ""
    reply = reply or ("turned_on" if on else "turned_off")
    return Plan(reply, {"name": describe(ctx.home, entities, resolution)}, tuple(calls),
                subject=subject_of(intent, entities, ctx))


def toggle(intent: IntentResult, ctx: HandlerContext) -> Plan:
    """A toggle, unless the words say which way ('toggle the lamp on'): then that way, so a lamp
    already on is never switched off by a request for on."""
    said = set(verb_words(words_of(intent.text))) & {"on", "off"}
    if len(said) == 1:
        return _turn(intent, ctx, on=said == {"on"})
    entities, resolution = resolve(ctx, intent.slots)
    try:
        calls = actions.toggle(entities)
    except actions.UnsupportedAction as err:
        raise refuse("unsupported", name=describe(ctx.home, entities, resolution)) from err
    return Plan("toggled", {"name": describe(ctx.home, entities, resolution)}, tuple(calls),
                subject=subject_of(intent, entities, ctx))

