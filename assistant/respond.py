"""Reply texts: one template per reply name, each overridable under ``responses:`` in config.yaml."""

from __future__ import annotations

import logging
import string
from typing import Any, Iterable, Mapping

from rapidfuzz import process

from assistant.config import ConfigError

logger = logging.getLogger(__name__)

DEFAULT_RESPONSES: dict[str, str] = {
    # doing things
    "turned_on": "Turned on {name}",
    "turned_off": "Turned off {name}",
    "opened": "Opened {name}",
    "closed": "Closed {name}",
    "locked": "Locked {name}",
    "unlocked": "Unlocked {name}",
    "started": "Started {name}",
    "sent_home": "Sent {name} back to its base",
    "cleaning_more": "Started {name}; it can't clean only the {area}, so it cleans its whole floor",
    "activated": "Activated {name}",
    "pressed": "Pressed {name}",
    "armed": "Armed {name}",
    "disarmed": "Disarmed {name}",
    "toggled": "Toggled {name}",
    "brightness_set": "Set {name} to {brightness}%",
    "brightness_up": "Made {name} brighter",
    "brightness_down": "Dimmed {name}",
    "color_set": "Set {name} to {color}",
    "color_temperature_set": "Set {name} to {kelvin} kelvin",
    "temperature_set": "Set {name} to {temperature}",
    "temperature_up": "Turned {name} up to {temperature}",
    "temperature_down": "Turned {name} down to {temperature}",
    "hvac_mode_set": "Set {name} to {mode}",
    "position_set": "Set {name} to {position}%",
    "volume_set": "Set the volume of {name} to {volume}%",
    "media_play": "Playing on {name}",
    "media_pause": "Paused {name}",
    "media_next": "Skipped to the next track on {name}",
    "media_previous": "Back to the previous track on {name}",
    "muted": "Muted {name}",
    "unmuted": "Unmuted {name}",
    "fan_speed_set": "Set {name} to {percentage}%",
    "item_added": "Added {item} to {list}",
    "item_completed": "Checked {item} off {list}",
    "item_removed": "Removed {item} from {list}",
    "item_missing": "{item} isn't on {list}",
    "list_items": "{list} has {count} {items_word}: {items}",
    "list_empty": "{list} is empty",
    # answering
    "state_is": "{name} {verb} {state}",
    "state_yes": "Yes, {name} {verb} {state}",
    "state_no": "No, {name} {verb} {state}",
    "states_matching": "{names} {verb} {state}",
    "states_none": "No {noun} {verb} {state}",
    "states_counted": "{count}: {names} {verb} {state}",
    "temperature_is": "It's {temperature} in {place}",
    "temperature_outside": "It's {temperature} outside",
    "time_is": "It's {time}",
    "date_is": "Today is {date}",
    "weather_is": "It's {condition} and {temperature} outside",
    # timers
    "timer_started": "Timer set for {duration}",
    "timer_finished": "Your timer for {duration} is done",
    "timer_finished_while_away": "Your timer for {duration} finished while I was away",
    "timer_cancelled": "Cancelled your timer for {duration}",
    "timers_cancelled": "Cancelled {count} timers",
    "timer_paused": "Paused your timer for {duration}",
    "timer_resumed": "Resumed your timer for {duration}",
    "timer_increased": "Added {change} to your timer; {remaining} left",
    "timer_decreased": "Took {change} off your timer; {remaining} left",
    "timer_status": "{remaining} left on your timer for {duration}",
    "timer_status_paused": "Your timer for {duration} is paused with {remaining} left",
    "no_timer": "You have no timer running",
    "no_timer_word": "Should I set a timer? Say 'set a timer for' and how long",
    "which_timer": "You have {count} timers: {timers}. Which one?",
    # talking
    "confirm_question": "Are you sure you want to {action} {name}?",
    "confirm_question_pin": "Are you sure you want to {action} {name}? Say yes and your PIN.",
    "confirm_heard": "I heard '{said}'. Do you want me to {action} {name}?",
    "confirm_cancelled": "OK, I won't {action} {name}",
    "confirm_expired": "You didn't answer in time, so I didn't {action} {name}",
    "confirm_wrong_pin": "That PIN isn't right, so I didn't {action} {name}",
    "confirm_again": "I need a clear yes or no. Do you want me to {action} {name}?",
    "confirm_again_pin": "I need a clear yes and your PIN, or no. Do you want me to {action} {name}?",
    "confirm_unclear": "I didn't hear a clear yes, so I didn't {action} {name}",
    "pin_locked": "Too many wrong PINs: I won't {action} {name} or do anything risky for {minutes} minutes",
    "nothing_to_confirm": "There's nothing waiting for a yes",
    "nevermind": "OK",
    "no_context": "Which device do you mean?",
    "which_device_in": "Which device {place} do you mean?",
    "which_action": "Do you want me to {one} or {other} {name}?",
    "say_activate": "To run {name}, say 'activate' and its name",
    "which_way": "Should I make it {up} or {down}?",
    "which_word": "Did you say {one} or {other}? Please say it again",
    "not_heard": "Sorry, I didn't catch that clearly, so I haven't done anything. Please say it again",
    # refusing
    "rejected": "Sorry, I can't help with that",
    "not_found": "I couldn't find a device called {said}",
    "area_not_found": "I couldn't find an area called {said}",
    "list_not_found": "I couldn't find a list called {said}",
    "floor_not_found": "I couldn't find a floor called {said}",
    "nothing_matches": "There's no {noun} {place}",
    "ambiguous": "Which one: {choices}?",
    "unsupported": "Sorry, {name} can't do that",
    "out_of_range": "Sorry, {value}{unit} is out of range for {name}: it goes from {low} to {high}{unit}",
    "not_available": "Sorry, I can't do that yet",
    "only_now": "I can only do things right away, not {when}, so I haven't done anything. Ask me again then",
    "empty": "I didn't catch anything",
    # Home Assistant trouble
    "unreachable": "I can't reach Home Assistant right now",
    "unauthorized": "Home Assistant refused my access token",
    "timeout": "Home Assistant didn't answer in time; it may still happen",
    "not_sent": "Home Assistant didn't answer in time; it may still happen",
    "interrupted": "Interrupted; it may still happen",
    "maybe_stale": "I can't reach Home Assistant right now, so that may be out of date",
    "audit_failed": "I can't write the audit log, so I didn't do it: {detail}",
    "service_failed": "Home Assistant couldn't do that for {name}",
    "entity_not_found": "Home Assistant doesn't know {name} any more",
    "error": "Sorry, something went wrong",
}


class _Blank(dict):
    def __missing__(self, key: str) -> str:
        return ""


class Responder:
    """Fills reply templates; the user's wording under ``responses:`` wins over ours."""

    def __init__(self, overrides: Mapping[str, str] | None = None) -> None:
        overrides = dict(overrides or {})
        for key, template in overrides.items():
            if key not in DEFAULT_RESPONSES:
                best = process.extractOne(key, list(DEFAULT_RESPONSES), score_cutoff=60)
                hint = f"; did you mean '{best[0]}'?" if best else ""
                raise ConfigError(
                    f"responses.{key}: no reply has this name{hint}",
                    fix="use one of the reply names listed in assistant/respond.py (e.g. turned_on, state_is)",
                )
            _check_template(key, template)
        self.templates = {**DEFAULT_RESPONSES, **overrides}

    def text(self, key: str, values: Mapping[str, Any] | None = None) -> str:
        template = self.templates.get(key) or self.templates["error"]
        words = _Blank({k: _spoken(v) for k, v in (values or {}).items()})
        text = string.Formatter().vformat(template, (), words)
        text = " ".join(text.split())
        return text[:1].upper() + text[1:]


def _check_template(key: str, template: str) -> None:
    try:
        list(string.Formatter().parse(template))
    except ValueError as err:
        raise ConfigError(f"responses.{key}: {err}", fix="write fields as {name}; a literal brace as {{ or }}") from err


def _spoken(value: Any) -> str:
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else f"{value:g}"
    return str(value)


def join_words(parts: Iterable[str], last: str = "and") -> str:
    """'a', 'a and b', 'a, b and c'."""
    items = [p for p in parts if p]
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} {last} {items[-1]}"
